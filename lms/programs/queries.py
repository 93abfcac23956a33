"""Read models for staff pages about programs and cohorts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any, Literal

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, aliased, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from lms.accounts.models import User
from lms.db import as_loaded_with, columns_of, prebuilt
from lms.pagination import Page, paginate
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Mentorship,
    Program,
)


def programs(db_session: Session) -> list[Program]:
    return list(db_session.scalars(select(Program).order_by(Program.id)))


def cohorts_page(db_session: Session, number: int) -> Page[Cohort]:
    statement = (select(Cohort).options(joinedload(Cohort.program),
                                        joinedload(Cohort.replaced_by))
                 .order_by(Cohort.starts_on.desc(), Cohort.id.desc()))
    return paginate(db_session, statement, number)


def replacement_candidates(db_session: Session, cohort: Cohort) -> list[Cohort]:
    """The cohorts that may be named as held instead of ``cohort``: any program's, not
    cancelled, not itself; newest first."""
    return list(db_session.scalars(
        select(Cohort).options(joinedload(Cohort.program))
        .where(Cohort.id != cohort.id, Cohort.status != CohortStatus.CANCELLED)
        .order_by(Cohort.starts_on.desc(), Cohort.id.desc())))


def cohort(db_session: Session, cohort_id: int) -> Cohort | None:
    """The cohort with its program, course and successor, made from one plain row as the ORM
    would have loaded them (lms.db.as_loaded_with): the ORM's joined loading cost a staff
    cohort page more than its database work."""
    row = db_session.connection().execute(prebuilt(_cohort_statement),
                                          {"cohort_id": cohort_id}).first()
    return None if row is None else cohort_of_row(db_session, row)


def cohort_of_row(db_session: Session, row: Sequence[Any]) -> Cohort:
    """The cohort of a row of :func:`cohort_columns` (and anything after them)."""
    values = iter(row)
    made = as_loaded_with(db_session, values, Cohort, "program", "course")
    successor = as_loaded_with(db_session, values, Cohort)
    if "replaced_by" not in made.__dict__:
        set_committed_value(made, "replaced_by", successor)
    return made


def cohort_columns() -> Select[Any]:
    """A cohort's, its program's, its course's and its successor's columns, for
    :func:`cohort_of_row`; the caller adds which cohort."""
    successor = aliased(Cohort)
    return (select(*columns_of(Cohort, "program", "course"), *columns_of(successor))
            .join(Cohort.program).outerjoin(Cohort.course)
            .outerjoin(successor, successor.id == Cohort.replaced_by_id))


def _cohort_statement() -> Select[Any]:
    """:func:`cohort`'s query, built once an app (lms.db.prebuilt): building it cost as much
    as SQLite took to answer."""
    return cohort_columns().where(Cohort.id == bindparam("cohort_id"))


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


# A mentor's rights -----------------------------------------------------------------------------
#
# Every right a mentor has (seeing a trainee's work and attachments, the grading queue, the
# gradebook and progress pages, grading, extensions, the mail about a submission, the Grading
# link) is checked through current_mentorships, so that withdrawing the mentor, ending the
# cohort or removing the mentorship ends them all at once. Each is a subquery, so a check adds
# no query to a page.


@cache
def _mentorship_aliases() -> tuple[type[Mentorship], type[Enrollment], type[Cohort]]:
    # Made once: an alias works out each column's place in it on first use, which cost more
    # than the rest of a page's queries when every check made its own.
    return (aliased(Mentorship, name="current_mentorship"),
            aliased(Enrollment, name="current_mentor"),
            aliased(Cohort, name="current_mentor_cohort"))


def current_mentorships(selected: Literal["trainee", "mentor_enrollment", "mentor_user"], *,
                        mentor_user_id: int | None = None,
                        trainee_enrollment_id: int | None = None,
                        cohort_id: int | None = None) -> Select[tuple[int]]:
    """The one rule: a mentorship row whose mentor enrollment is active, in a cohort that is
    neither completed nor cancelled (completing a cohort leaves its mentors' enrollments
    active, so the cohort's status must be checked too). Selects one id of each such
    mentorship: the trainee's enrollment, the mentor's enrollment or the mentor's user."""
    mentorship, mentor, mentor_cohort = _mentorship_aliases()
    column = {"trainee": mentorship.trainee_enrollment_id,
              "mentor_enrollment": mentorship.mentor_enrollment_id,
              "mentor_user": mentor.user_id}[selected]
    statement = (select(column).select_from(mentorship)
                 .join(mentor, mentor.id == mentorship.mentor_enrollment_id)
                 .join(mentor_cohort, mentor_cohort.id == mentor.cohort_id)
                 .where(mentor.role == EnrollmentRole.MENTOR,
                        mentor.status == EnrollmentStatus.ACTIVE,
                        mentor_cohort.status.in_([CohortStatus.PLANNED, CohortStatus.ACTIVE])))
    if mentor_user_id is not None:
        statement = statement.where(mentor.user_id == mentor_user_id)
    if trainee_enrollment_id is not None:
        statement = statement.where(mentorship.trainee_enrollment_id == trainee_enrollment_id)
    if cohort_id is not None:
        statement = statement.where(mentor.cohort_id == cohort_id)
    return statement


def current_trainees(mentor: User, cohort_id: int | None = None) -> Select[tuple[int]]:
    """The trainee enrollments ``mentor`` follows now (in one cohort if given)."""
    return current_mentorships("trainee", mentor_user_id=mentor.id, cohort_id=cohort_id)


def is_current_mentor_of(db_session: Session, user: User, trainee: Enrollment) -> bool:
    return db_session.scalar(current_mentorships(
        "trainee", mentor_user_id=user.id, trainee_enrollment_id=trainee.id).limit(1)) is not None


# A Japanese teacher's rights -------------------------------------------------------------------
#
# Like a mentor's, every right a teacher has (the cohort's level records, grading its
# language-track work) is checked through current_teachings: withdrawing the teacher or ending
# the cohort ends them all at once.


@cache
def _teaching_aliases() -> tuple[type[Enrollment], type[Enrollment], type[Cohort]]:
    return (aliased(Enrollment, name="current_teacher"),
            aliased(Enrollment, name="taught_trainee"),
            aliased(Cohort, name="current_teacher_cohort"))


def current_teachings(selected: Literal["trainee", "cohort"], *,
                      teacher_user_id: Any) -> Select[tuple[int]]:
    """The one rule: an active teacher enrollment in a cohort that is planned or active.
    Selects the trainee enrollments of such cohorts, or the cohorts' ids."""
    teacher, trainee, teacher_cohort = _teaching_aliases()
    statement = (select(teacher.cohort_id).select_from(teacher)
                 .join(teacher_cohort, teacher_cohort.id == teacher.cohort_id)
                 .where(teacher.role == EnrollmentRole.TEACHER,
                        teacher.status == EnrollmentStatus.ACTIVE,
                        teacher.user_id == teacher_user_id,
                        teacher_cohort.status.in_([CohortStatus.PLANNED, CohortStatus.ACTIVE])))
    if selected == "cohort":
        return statement
    return (statement.with_only_columns(trainee.id)
            .join(trainee, trainee.cohort_id == teacher.cohort_id)
            .where(trainee.role == EnrollmentRole.TRAINEE))


def is_current_teacher_in(db_session: Session, user: User, cohort_id: int) -> bool:
    return db_session.scalar(current_teachings("cohort", teacher_user_id=user.id)
                             .where(_teaching_aliases()[0].cohort_id == cohort_id)
                             .limit(1)) is not None
