"""Read models for staff pages about programs and cohorts."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.pagination import Page, paginate
from lms.programs.models import (
    Cohort,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Mentorship,
    Program,
)


def programs(db_session: Session) -> list[Program]:
    return list(db_session.scalars(select(Program).order_by(Program.id)))


def cohorts_page(db_session: Session, number: int) -> Page[Cohort]:
    statement = (select(Cohort).options(joinedload(Cohort.program))
                 .order_by(Cohort.starts_on.desc(), Cohort.id.desc()))
    return paginate(db_session, statement, number)


def trainee_counts(db_session: Session, cohort_ids: list[int]) -> dict[int, int]:
    if not cohort_ids:
        return {}
    return dict(db_session.execute(
        select(Enrollment.cohort_id, func.count())
        .where(Enrollment.cohort_id.in_(cohort_ids), Enrollment.role == EnrollmentRole.TRAINEE,
               Enrollment.status != EnrollmentStatus.WITHDRAWN)
        .group_by(Enrollment.cohort_id)).all())


def cohort(db_session: Session, cohort_id: int) -> Cohort | None:
    return db_session.scalar(select(Cohort).options(joinedload(Cohort.program),
                                                    joinedload(Cohort.course))
                             .where(Cohort.id == cohort_id))


def roster_page(db_session: Session, cohort: Cohort, role: EnrollmentRole,
                number: int) -> Page[Enrollment]:
    statement = (select(Enrollment).join(User, Enrollment.user_id == User.id)
                 .options(joinedload(Enrollment.user))
                 .where(Enrollment.cohort_id == cohort.id, Enrollment.role == role)
                 .order_by(User.display_name, Enrollment.id))
    return paginate(db_session, statement, number)


def mentorships_of(db_session: Session, trainee_ids: list[int]) -> dict[int, list[Mentorship]]:
    """Each trainee's mentorships with the mentor's name, for one page of trainees, in one
    query."""
    if not trainee_ids:
        return {}
    mentorships = db_session.scalars(
        select(Mentorship)
        .options(joinedload(Mentorship.mentor).joinedload(Enrollment.user))
        .where(Mentorship.trainee_enrollment_id.in_(trainee_ids))
        .order_by(Mentorship.id))
    by_trainee: dict[int, list[Mentorship]] = defaultdict(list)
    for mentorship in mentorships:
        by_trainee[mentorship.trainee_enrollment_id].append(mentorship)
    return by_trainee


def enrollment_in_cohort(
    db_session: Session, cohort: Cohort, enrollment_id: int
) -> Enrollment | None:
    return db_session.scalar(select(Enrollment).options(joinedload(Enrollment.user))
                             .where(Enrollment.id == enrollment_id,
                                    Enrollment.cohort_id == cohort.id))


def active_members(db_session: Session, cohort: Cohort, role: EnrollmentRole) -> list[Enrollment]:
    """For the mentor-assignment form's choices."""
    return list(db_session.scalars(
        select(Enrollment).join(User, Enrollment.user_id == User.id)
        .options(joinedload(Enrollment.user))
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == role,
               Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(User.display_name)))


def mentorship_in_cohort(
    db_session: Session, cohort: Cohort, mentorship_id: int
) -> Mentorship | None:
    return db_session.scalar(
        select(Mentorship).join(Enrollment, Enrollment.id == Mentorship.trainee_enrollment_id)
        .where(Mentorship.id == mentorship_id, Enrollment.cohort_id == cohort.id))
