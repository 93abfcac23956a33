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
from lms.curriculum.standing import current_work_judge, summaries_from
from lms.curriculum.work_summary import WorkSummary
from lms.homepage import Lines, Pending, Section, line
from lms.language.models import JapaneseLevel, LevelRecord
from lms.language.queries import LevelPoint
from lms.names import localized_name
from lms.programs.models import Enrollment
from lms.programs.standing import TRAINEE


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    if not facts.holds(db_session, user, TRAINEE):
        return []
    enrollments = her_enrollments(db_session, user)
    if not enrollments:
        return []
    # Her work, her moved deadlines, her Japanese levels and her final evaluations are read
    # with the other sections' lines (her safety checks, say), in one query: each a query of
    # its own cost her home more than the database took to answer it.
    return [Pending(_her_lines, {"user_id": user.id},
                    functools.partial(_made, db_session, enrollments))]


def _her_lines(user_id: Any) -> list[Select[Any]]:
    """In all her enrollments: her work summaries (lms.curriculum.work_summary), her Japanese
    levels, the earliest first, and what the judging domain reads of her beside her work
    (lms.curriculum.standing.WorkJudge): her moved deadlines, her practicum modules whose final
    evaluation is submitted."""
    hers = select(Enrollment.id).where(Enrollment.user_id == user_id)
    found = [line("summary", id=WorkSummary.enrollment_id, title=WorkSummary.lessons_done,
                  detail=WorkSummary.work).where(WorkSummary.enrollment_id.in_(hers)),
             line("level", id=LevelRecord.enrollment_id, day=LevelRecord.assessed_on,
                  detail=LevelRecord.level)
             .where(LevelRecord.enrollment_id.in_(hers))
             .order_by(LevelRecord.assessed_on, LevelRecord.id)]
    work_judge = current_work_judge()
    if work_judge is not None and work_judge.deadlines_of is not None:
        deadlines = work_judge.deadlines_of(user_id).subquery()
        kind, owner_id, item_id, due_at = deadlines.c
        found.append(line("deadline", title=kind, id=owner_id, ref=item_id, at=due_at)
                     .select_from(deadlines))
    if work_judge is not None and work_judge.final_evaluations_of is not None:
        evaluated = work_judge.final_evaluations_of(user_id).subquery()
        enrollment_id, module_id = evaluated.c
        found.append(line("evaluated", id=enrollment_id, ref=module_id)
                     .select_from(evaluated))
    return found


def _made(db_session: Session, enrollments: list[Enrollment], lines: Lines) -> list[Section]:
    work_judge = current_work_judge()
    if work_judge is not None and work_judge.deadlines_of is None:
        # A judge that cannot say her deadlines so: her work is read with them, as pages read it.
        summaries = None
    else:
        summaries = summaries_from(
            {row.id: (row.title, row.detail) for row in lines.of("summary")},  # type: ignore[misc]
            [(row.title, row.id, row.ref, row.at) for row in lines.of("deadline")], enrollments)
    # All her levels (none: she has none); her evaluations when read, else the judge reads
    # them if her course asks them.
    levels: dict[int, list[LevelPoint]] = {}
    for row in lines.of("level"):
        levels.setdefault(row.id, []).append(  # type: ignore[arg-type]
            LevelPoint(row.day, JapaneseLevel(row.detail)))  # type: ignore[arg-type]
    evaluated: dict[int, set[int]] | None = None
    if work_judge is not None and work_judge.final_evaluations_of is not None:
        evaluated = {}
        for row in lines.of("evaluated"):
            evaluated.setdefault(row.id, set()).add(row.ref)  # type: ignore[arg-type]
    # Its body given as ``html`` too, as its template writes it: an include of the template
    # for each section cost the home more than writing it.
    return [Section(f"cohort-{dashboard.enrollment.cohort.id}", 10,
                    localized_name(dashboard.enrollment.cohort), "lms/curriculum/home_section.html",
                    {"dashboard": dashboard, "html": html}, count=dashboard.waiting, html=html)
            for dashboard in dashboards_of(db_session, enrollments, levels, evaluated,
                                           summaries)
            for html in (dashboard_html(dashboard),)]
