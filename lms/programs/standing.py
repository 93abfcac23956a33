"""What a person is in the programs, derived from enrollments and mentorships and never
stored as a flag, so it follows the record.

An alumnus or alumna is a person whose trainee enrollment in a year-long program is completed;
programs, alumni, grants, follow-up and seminars all ask, so the answer lives here, below them.
A mentor is someone who follows a trainee now; a teacher someone who teaches Japanese in a
planned or active cohort now."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.db import session
from lms.errors import NotAllowed
from lms.i18n import _l
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
)
from lms.programs.queries import current_mentorships, current_teachings
from lms.security import current_lms_user

#: The facts (lms.facts) this module keeps about a person.
ALUMNUS = "alumnus"
MENTOR = "mentor"
TEACHER = "teacher"
TRAINEE = "trainee"


def completed_year_enrollments() -> Select[tuple[Enrollment]]:
    """Completed trainee enrollments in a year-long program: each one makes an alumnus."""
    return (select(Enrollment)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .join(Program, Program.id == Cohort.program_id)
            .where(Program.kind == ProgramKind.YEAR_LONG,
                   Enrollment.role == EnrollmentRole.TRAINEE,
                   Enrollment.status == EnrollmentStatus.COMPLETED))


def alumni_user_ids() -> Select[tuple[int]]:
    """A subquery of every alumnus's user id, for ``User.id.in_(...)`` filters."""
    return completed_year_enrollments().with_only_columns(Enrollment.user_id).distinct()


def is_alumnus(db_session: Session, user: User) -> bool:
    return db_session.scalar(
        completed_year_enrollments().where(Enrollment.user_id == user.id)
        .with_only_columns(Enrollment.id).limit(1)) is not None


def require_alumnus(db_session: Session, user: User) -> None:
    if not is_alumnus(db_session, user):
        raise NotAllowed(_l("This is open to alumni of the year-long training program: "
                            "people who completed it."))


def is_alumnus_condition(asked: facts.Asked) -> Any:
    return completed_year_enrollments().where(Enrollment.user_id == asked.user_id).exists()


def mentors_now_condition(asked: facts.Asked) -> Any:
    # The same rule as every mentor right, so the link goes with the rights it leads to.
    return current_mentorships("trainee", mentor_user_id=asked.user_id).exists()


def teaches_now_condition(asked: facts.Asked) -> Any:
    # The same rule as every teacher right (lms.programs.queries.current_teachings).
    return current_teachings("cohort", teacher_user_id=asked.user_id).exists()


def trains_now_condition(asked: facts.Asked) -> Any:
    """Whether the person is a trainee of an active cohort now (any program)."""
    return select(Enrollment.id).join(Cohort, Cohort.id == Enrollment.cohort_id).where(
        Enrollment.user_id == asked.user_id, Enrollment.role == EnrollmentRole.TRAINEE,
        Enrollment.status == EnrollmentStatus.ACTIVE,
        Cohort.status == CohortStatus.ACTIVE).exists()


def register_facts(blueprint: Blueprint) -> None:
    facts.register(blueprint, ALUMNUS, is_alumnus_condition)
    facts.register(blueprint, MENTOR, mentors_now_condition)
    facts.register(blueprint, TEACHER, teaches_now_condition)
    facts.register(blueprint, TRAINEE, trains_now_condition)


def _viewer_fact(name: str) -> bool:
    user = current_lms_user()
    return user is not None and facts.holds(session, user, name)


def viewer_is_alumnus() -> bool:
    """Whether the signed-in person is an alumnus (for the navigation), once a request."""
    return _viewer_fact(ALUMNUS)


def viewer_is_mentor() -> bool:
    """Whether the signed-in user mentors anyone now (for the navigation), once a request."""
    return _viewer_fact(MENTOR)


def viewer_is_teacher() -> bool:
    """Whether the signed-in user teaches Japanese in a cohort now (for the navigation)."""
    return _viewer_fact(TEACHER)


def template_helpers() -> dict[str, Any]:
    return {"is_alumnus": viewer_is_alumnus}
