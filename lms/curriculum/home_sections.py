"""The trainee's part of the home page: one section per cohort she is in."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.curriculum.dashboard import dashboards_of, her_enrollments
from lms.curriculum.dashboard_html import dashboard_html
from lms.curriculum.standing import current_work_judge
from lms.homepage import Lines, Pending, Section, line
from lms.language.models import JapaneseLevel, LevelRecord
from lms.language.queries import HAS_LEVELS, LevelPoint
from lms.names import localized_name
from lms.programs.models import Enrollment
from lms.programs.standing import TRAINEE


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    if not facts.holds(db_session, user, TRAINEE):
        return []
    enrollments = her_enrollments(db_session, user)
    if not enrollments:
        return []
    with_levels = facts.holds(db_session, user, HAS_LEVELS)
    work_judge = current_work_judge()
    with_evaluations = (work_judge is not None and work_judge.final_evaluations_of is not None
                        and any(enrollment.cohort.course.final_evaluation_required
                                for enrollment in enrollments))
    if not with_levels and not with_evaluations:
        # Nothing to read beside her work: no level recorded (the fact says), and no
        # evaluation her courses ask.
        return _made(db_session, enrollments, False, False, Lines([]))
    # Her Japanese levels and final evaluations are read with the other sections' lines (her
    # safety checks, say), in one query: each a query of its own cost her home more than the
    # database took to answer it.
    build = (_her_lines if with_levels and with_evaluations
             else _her_levels if with_levels else _her_evaluations)
    return [Pending(build, {"user_id": user.id}, functools.partial(
        _made, db_session, enrollments, with_levels, with_evaluations))]


def _her_levels(user_id: Any) -> list[Select[Any]]:
    """All her Japanese levels in all her enrollments, the earliest first."""
    return [line("level", id=LevelRecord.enrollment_id, day=LevelRecord.assessed_on,
                 detail=LevelRecord.level)
            .where(LevelRecord.enrollment_id.in_(
                select(Enrollment.id).where(Enrollment.user_id == user_id)))
            .order_by(LevelRecord.assessed_on, LevelRecord.id)]


def _her_evaluations(user_id: Any) -> list[Select[Any]]:
    """Her practicum modules whose final evaluation is submitted, in all her enrollments (as
    the judging domain says: see sections)."""
    work_judge = current_work_judge()
    if work_judge is None or work_judge.final_evaluations_of is None:
        raise LookupError("no judging domain says how to read her final evaluations")
    evaluated = work_judge.final_evaluations_of(user_id).subquery()
    enrollment_id, module_id = evaluated.c
    return [line("evaluated", id=enrollment_id, ref=module_id).select_from(evaluated)]


def _her_lines(user_id: Any) -> list[Select[Any]]:
    return _her_levels(user_id) + _her_evaluations(user_id)


def _made(db_session: Session, enrollments: list[Enrollment], with_levels: bool,
          with_evaluations: bool, lines: Lines) -> list[Section]:
    # All her levels when read, else none (she has none, the fact said); her evaluations
    # when read, else the judge reads them if her course asks them.
    levels: dict[int, list[LevelPoint]] = {}
    evaluated: dict[int, set[int]] | None = {} if with_evaluations else None
    for row in lines.rows:
        if row.kind == "level":
            levels.setdefault(row.id, []).append(  # type: ignore[arg-type]
                LevelPoint(row.day, JapaneseLevel(row.detail)))  # type: ignore[arg-type]
        elif evaluated is not None:
            evaluated.setdefault(row.id, set()).add(row.ref)  # type: ignore[arg-type]
    return [Section(f"cohort-{dashboard.enrollment.cohort.id}", 10,
                    localized_name(dashboard.enrollment.cohort), "lms/curriculum/home_section.html",
                    {"dashboard": dashboard, "html": dashboard_html(dashboard)},
                    count=dashboard.waiting)
            for dashboard in dashboards_of(db_session, enrollments, levels, evaluated)]
