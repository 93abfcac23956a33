"""Read models of the Japanese-language track: a trainee's levels over time, the latest level
of a page of trainees in one query, and the cohorts a teacher works in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, joinedload

from lms import facts
from lms.accounts.models import User
from lms.db import prebuilt
from lms.language.models import JapaneseLevel, LevelRecord
from lms.language.services import may_record
from lms.prepared import prebuilt_rows
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole
from lms.programs.queries import current_teachings
from lms.security import is_staff

#: The fact (lms.facts) that the person has a Japanese level recorded in some enrollment: her
#: home reads her levels only then, so that a trainee without any pays no query for them.
HAS_LEVELS = "has_japanese_levels"


def has_levels_condition(asked: facts.Asked) -> Any:
    return (select(LevelRecord.id).join(Enrollment, Enrollment.id == LevelRecord.enrollment_id)
            .where(Enrollment.user_id == asked.user_id).exists())


def latest_level_column(enrollment_id: Any) -> Any:
    """Her latest recorded level as a correlated subquery on ``enrollment_id`` (a column), for
    a page's query that reads a row per trainee: the level costs no query of its own. The
    latest is the one assessed last; of two on one day, the one recorded last."""
    return (select(LevelRecord.level).where(LevelRecord.enrollment_id == enrollment_id)
            .order_by(LevelRecord.assessed_on.desc(), LevelRecord.id.desc())
            .limit(1).scalar_subquery())


def latest_levels(db_session: Session, enrollment_ids: Sequence[int]
                  ) -> dict[int, LevelRecord]:
    """Each trainee's latest level record, by enrollment id, in one query whatever their
    number; a trainee with none is left out."""
    if not enrollment_ids:
        return {}
    ranked = (select(LevelRecord.id, func.row_number().over(
        partition_by=LevelRecord.enrollment_id,
        order_by=(LevelRecord.assessed_on.desc(), LevelRecord.id.desc())).label("rank"))
        .where(LevelRecord.enrollment_id.in_(list(enrollment_ids))).subquery())
    rows = db_session.scalars(select(LevelRecord).join(ranked, ranked.c.id == LevelRecord.id)
                              .where(ranked.c.rank == 1))
    return {row.enrollment_id: row for row in rows}


def latest_level_values(db_session: Session, enrollment_ids: Sequence[int]
                        ) -> dict[int, JapaneseLevel]:
    """:func:`latest_levels`, the levels only: read as plain values by a statement built
    once an app, for the wide tables ask it at every visit."""
    if not enrollment_ids:
        return {}
    return dict(db_session.execute(prebuilt(_latest_level_values_statement),
                                   {"enrollment_ids": list(enrollment_ids)}).all())


def _latest_level_values_statement() -> Select[tuple[int, JapaneseLevel]]:
    """:func:`latest_level_values`'s query (``enrollment_ids`` bound): as
    :func:`latest_levels`' ranking, the latest of each trainee's records."""
    ranked = (select(LevelRecord.enrollment_id, LevelRecord.level, func.row_number().over(
        partition_by=LevelRecord.enrollment_id,
        order_by=(LevelRecord.assessed_on.desc(), LevelRecord.id.desc())).label("rank"))
        .where(LevelRecord.enrollment_id.in_(bindparam("enrollment_ids", expanding=True)))
        .subquery())
    return select(ranked.c.enrollment_id, ranked.c.level).where(ranked.c.rank == 1)


def history(db_session: Session, enrollment: Enrollment) -> list[LevelRecord]:
    """Her levels over time, the earliest first."""
    return list(db_session.scalars(
        select(LevelRecord).options(joinedload(LevelRecord.recorded_by))
        .where(LevelRecord.enrollment_id == enrollment.id)
        .order_by(LevelRecord.assessed_on, LevelRecord.id)))


@dataclass(frozen=True)
class LevelPoint:
    """One recorded level as her home shows it: when it was assessed, and the level."""

    assessed_on: dt.date
    level: JapaneseLevel


def histories(db_session: Session, user_id: int) -> dict[int, list[LevelPoint]]:
    """Her levels over time, the earliest first, by enrollment (a trainee's cohorts, each of
    hers), in one query: plain values, as her home reads no more of a record."""
    found: dict[int, list[LevelPoint]] = {}
    for enrollment_id, assessed_on, level in prebuilt_rows(db_session, _histories,
                                                           user_id=user_id):
        found.setdefault(enrollment_id, []).append(LevelPoint(assessed_on, level))
    return found


def _histories() -> Select[tuple[int, dt.date, JapaneseLevel]]:
    # Built and prepared once an app (lms.prepared.prebuilt_rows): every home of a trainee
    # with levels asks it. Asked by her id, not her enrollments' ids, as an IN list of them
    # would be fixed at its first visit.
    return (select(LevelRecord.enrollment_id, LevelRecord.assessed_on, LevelRecord.level)
            .where(LevelRecord.enrollment_id.in_(
                select(Enrollment.id).where(Enrollment.user_id == bindparam("user_id"))))
            .order_by(LevelRecord.assessed_on, LevelRecord.id))


def cohorts_for(db_session: Session, actor: User) -> list[Cohort]:
    """The cohorts whose levels ``actor`` records: those she teaches now, or for staff every
    planned or active cohort."""
    statement = select(Cohort).where(Cohort.status.in_([CohortStatus.PLANNED,
                                                        CohortStatus.ACTIVE]))
    if not is_staff(actor):
        statement = statement.where(Cohort.id.in_(current_teachings(
            "cohort", teacher_user_id=actor.id)))
    return list(db_session.scalars(statement.order_by(Cohort.starts_on.desc(), Cohort.id)))


def cohort_for(db_session: Session, actor: User, cohort_id: int) -> Cohort | None:
    """The cohort if ``actor`` may record its levels (its current teacher, staff), else None:
    a guessed id gives 404."""
    cohort = db_session.get(Cohort, cohort_id)
    if cohort is None or not may_record(db_session, actor, cohort.id):
        return None
    return cohort


def _trainees(cohort_id: int) -> Select[tuple[Enrollment]]:
    return (select(Enrollment).options(joinedload(Enrollment.user).lazyload(User.role_grants))
            .join(User, User.id == Enrollment.user_id)
            .where(Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.TRAINEE)
            .order_by(User.display_name, Enrollment.id))


def cohort_trainees(db_session: Session, cohort: Cohort) -> list[Enrollment]:
    """The cohort's trainees (withdrawn ones too: their record stays), by name. A cohort is
    small (its capacity), so the page shows them all."""
    return list(db_session.scalars(_trainees(cohort.id)))


def trainee_in(db_session: Session, cohort: Cohort, enrollment_id: int) -> Enrollment | None:
    return db_session.scalar(_trainees(cohort.id).where(Enrollment.id == enrollment_id))
