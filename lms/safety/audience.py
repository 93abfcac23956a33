"""Who a safety check goes to: one query per kind of group, read once when the check starts
(its people are then kept with it, lms.safety.models.SafetyRecipient)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, lazyload

from lms.accounts.models import User
from lms.alumni.models import AlumniProfile
from lms.clock import utcnow
from lms.events.models import Registration, RegistrationStatus
from lms.placements.models import HostFacility, Placement
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
)
from lms.programs.standing import completed_year_enrollments
from lms.safety.models import SafetyAudience, SafetyCheck

#: Placements are in Japan: "placed there today" is today there.
JAPAN = zoneinfo.ZoneInfo("Asia/Tokyo")


def today_in_japan() -> dt.date:
    return utcnow().astimezone(JAPAN).date()


def _member_ids(check: SafetyCheck) -> Select[tuple[int]]:
    audience = check.audience
    if audience is SafetyAudience.CURRENT_TRAINEES:
        return (select(Enrollment.user_id).join(Cohort, Cohort.id == Enrollment.cohort_id)
                .where(Cohort.status == CohortStatus.ACTIVE,
                       Enrollment.role == EnrollmentRole.TRAINEE,
                       Enrollment.status == EnrollmentStatus.ACTIVE))
    if audience is SafetyAudience.COHORT:
        # Those who finished too (a check just after the cohort ends); not those who left.
        return select(Enrollment.user_id).where(
            Enrollment.cohort_id == check.cohort_id, Enrollment.role == EnrollmentRole.TRAINEE,
            Enrollment.status != EnrollmentStatus.WITHDRAWN)
    if audience is SafetyAudience.ALUMNI_OF_COUNTRY:
        # Where she says she works now, else her account's country, as the alumni directory
        # and the announcements find her.
        return (completed_year_enrollments().with_only_columns(Enrollment.user_id)
                .join(User, User.id == Enrollment.user_id)
                .outerjoin(AlumniProfile, AlumniProfile.user_id == User.id)
                .where(func.coalesce(AlumniProfile.country, User.country) == check.country))
    if audience is SafetyAudience.SEMINAR:
        return select(Registration.user_id).where(
            Registration.cohort_id == check.cohort_id,
            Registration.status == RegistrationStatus.REGISTERED)
    today = today_in_japan()
    return (select(Enrollment.user_id)
            .join(Placement, Placement.enrollment_id == Enrollment.id)
            .join(HostFacility, HostFacility.id == Placement.facility_id)
            .where(HostFacility.prefecture == check.prefecture, Placement.starts_on <= today,
                   Placement.ends_on >= today,
                   Enrollment.status != EnrollmentStatus.WITHDRAWN))


def people(db_session: Session, check: SafetyCheck) -> list[User]:
    """The active accounts the check's group holds now, by name, in one query."""
    # Their roles are not needed to tell them; loading them would cost a query more.
    return list(db_session.scalars(
        select(User).options(lazyload(User.role_grants))
        .where(User.is_active, User.id.in_(_member_ids(check)))
        .order_by(User.display_name, User.id)))
