"""Who reaches an application: the applicant their own, staff any sent one, a committee member
only one they are actively assigned to review. Anyone else's id finds nothing (a 404), so a
page never confirms that an application exists."""

from __future__ import annotations

import functools

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from lms.accounts.models import Role, User
from lms.admissions.call_page import CallFacts, call_facts
from lms.admissions.models import AdmissionApplication, AdmissionCall
from lms.programs.models import Cohort
from lms.reviews import queries as review_queries
from lms.reviews.models import ReviewAssignment


def _with_call():  # type: ignore[no-untyped-def]
    return (select(AdmissionApplication)
            .options(joinedload(AdmissionApplication.call).joinedload(AdmissionCall.cohort)
                     .joinedload(Cohort.program),
                     selectinload(AdmissionApplication.documents),
                     selectinload(AdmissionApplication.nominations)))


def own_application(db_session: Session, actor: User,
                    application_id: int) -> AdmissionApplication | None:
    return db_session.scalar(_with_call().where(AdmissionApplication.id == application_id,
                                                AdmissionApplication.applicant_id == actor.id))


def application_for_staff(db_session: Session, actor: User,
                          application_id: int) -> AdmissionApplication | None:
    """Any sent application, for staff; a draft stays its author's until sent."""
    if not actor.has_role(Role.STAFF):
        return None
    return db_session.scalar(
        _with_call().options(joinedload(AdmissionApplication.applicant))
        .where(AdmissionApplication.id == application_id,
               AdmissionApplication.submitted_at.is_not(None)))


def application_for_reviewer(
        db_session: Session, actor: User,
        assignment_id: int) -> tuple[ReviewAssignment, AdmissionApplication] | None:
    """A committee member's active assignment and the application it is about; someone
    else's assignment, or one they declared a conflict on, finds nothing."""
    assignment = review_queries.assignment_for(db_session, actor, assignment_id)
    if assignment is None:
        return None
    application = db_session.scalar(_with_call().where(
        AdmissionApplication.review_subject_id == assignment.subject_id))
    if application is None:
        return None
    return assignment, application


def call_for_staff(db_session: Session, actor: User, call_id: int) -> AdmissionCall | None:
    """The call with its cohort and program, in one query."""
    if not actor.has_role(Role.STAFF):
        return None
    return db_session.scalar(_call_statement(), {"call_id": call_id})


@functools.cache
def _call_statement() -> Select[tuple[AdmissionCall]]:
    # Built once, the call bound at each visit: building it cost more than running it.
    return (select(AdmissionCall)
            .options(joinedload(AdmissionCall.cohort).joinedload(Cohort.program))
            .where(AdmissionCall.id == bindparam("call_id")))


def call_page_for_staff(db_session: Session, actor: User, call_id: int) -> CallFacts | None:
    """The call as its staff page reads it (lms.admissions.call_page), for staff."""
    if not actor.has_role(Role.STAFF):
        return None
    return call_facts(db_session, call_id)
