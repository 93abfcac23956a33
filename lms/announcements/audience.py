"""Who an announcement reaches: one query per kind of audience, written once and used both
ways: to list the people to tell (a concrete announcement) and to find the announcements that
reach one person (correlated with the announcements table, for the home page and every
access check)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session, lazyload

from lms.accounts.models import Role, RoleGrant, User
from lms.admissions.models import AdmissionApplication, ApplicationStatus
from lms.alumni.models import AlumniProfile
from lms.announcements.models import Announcement, Audience
from lms.events.models import Registration, RegistrationStatus
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
)
from lms.programs.standing import completed_year_enrollments


def _members(audience: Audience, target: Any, user_id: int | ColumnElement[int] | None
             ) -> Select[tuple[int]]:
    """The user ids ``audience`` of ``target`` holds (``target`` is an Announcement, or the
    Announcement class for a correlated subquery), narrowed to ``user_id`` if given."""
    if audience is Audience.COHORT:
        # Mentors too; a trainee who withdrew has left the cohort.
        person = Enrollment.user_id
        found = select(person).where(Enrollment.cohort_id == target.cohort_id,
                                     Enrollment.status != EnrollmentStatus.WITHDRAWN)
    elif audience is Audience.PROGRAM:
        person = Enrollment.user_id
        found = (select(person).join(Cohort, Cohort.id == Enrollment.cohort_id)
                 .where(Cohort.program_id == target.program_id,
                        Cohort.status == CohortStatus.ACTIVE,
                        Enrollment.role == EnrollmentRole.TRAINEE,
                        Enrollment.status == EnrollmentStatus.ACTIVE))
    elif audience in (Audience.ALUMNI, Audience.ALUMNI_OF_COUNTRY):
        person = Enrollment.user_id
        found = completed_year_enrollments().with_only_columns(person)
        if audience is Audience.ALUMNI_OF_COUNTRY:
            # Where she says she works now, else her account's country: as the alumni
            # directory finds her.
            found = (found.join(User, User.id == Enrollment.user_id)
                     .outerjoin(AlumniProfile, AlumniProfile.user_id == User.id)
                     .where(func.coalesce(AlumniProfile.country, User.country)
                            == target.country))
    elif audience is Audience.CALL:
        # A draft counts: a change to the call matters most to those still writing.
        person = AdmissionApplication.applicant_id
        found = select(person).where(AdmissionApplication.call_id == target.call_id,
                                     person.is_not(None),
                                     AdmissionApplication.status != ApplicationStatus.WITHDRAWN)
    elif audience is Audience.SEMINAR:
        person = Registration.user_id
        found = select(person).where(Registration.cohort_id == target.cohort_id,
                                     Registration.status == RegistrationStatus.REGISTERED)
    else:
        person = RoleGrant.user_id
        found = select(person).where(RoleGrant.role == Role.COMMITTEE_MEMBER)
    if user_id is not None:
        found = found.where(person == user_id)
    return found


def reaches(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """A condition on Announcement: it is meant for ``user_id``."""
    return or_(false(), *(and_(Announcement.audience == audience,
                               exists(_members(audience, Announcement, user_id)))
                          for audience in Audience))


def people(db_session: Session, announcement: Announcement) -> list[User]:
    """The active accounts ``announcement`` reaches now, in one query."""
    ids = _members(announcement.audience, announcement, None)
    # Their roles are not needed to tell them; loading them would cost a query more.
    return list(db_session.scalars(
        select(User).options(lazyload(User.role_grants))
        .where(User.is_active, User.id.in_(ids)).order_by(User.id)))


def size(db_session: Session, announcement: Announcement) -> int:
    """How many active accounts it reaches, for the staff's confirmation."""
    ids = _members(announcement.audience, announcement, None)
    return db_session.scalar(select(func.count()).select_from(User).where(
        User.is_active, User.id.in_(ids))) or 0
