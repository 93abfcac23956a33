"""What the cells of a cohort's placement board show of the placements of a page's trainees
(lms.placements.queries.placement_board), read as plain values in one query."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.orm import Session

from lms.db import prebuilt
from lms.i18n import current_locale, format_day
from lms.names import in_language
from lms.placements.models import (
    Evaluation,
    EvaluationKind,
    HostFacility,
    Placement,
    ReadinessItem,
)


class BoardEvaluation(NamedTuple):
    """A submitted evaluation of a placement, as a cell links it."""

    id: int
    kind: EvaluationKind
    acknowledged_at: dt.datetime | None


class BoardPlacement(NamedTuple):
    """What a cell shows of a placement, read as plain values: fifty placements with their
    facilities, checks and evaluations cost more as entities than the rest of the board."""

    enrollment_id: int
    module_id: int
    starts_on: dt.date
    ends_on: dt.date
    #: Its days as the reader's language writes them, and its facility's name in it: written
    #: here once for the cells of the same days, not by two calls of the template a cell.
    days: str
    facility_name: str
    supervisor_name: str
    #: How many checks she still has to do before it (needed and not done).
    checks_missing: int
    #: Its submitted evaluations, in the order they were written.
    evaluations: list[BoardEvaluation]


def placements_of_trainees(db_session: Session, enrollment_ids: list[int]
                ) -> dict[tuple[int, int], BoardPlacement]:
    """The placements of a page's trainees with their submitted evaluations, in one query (a
    placement's row once for each evaluation)."""
    if not enrollment_ids:
        return {}
    locale = current_locale()
    # The days and the facilities' names written once for the placements sharing them.
    days: dict[tuple[dt.date, dt.date], str] = {}
    names: dict[tuple[str, str], str] = {}
    found: dict[tuple[int, int], BoardPlacement] = {}
    # Plain rows of the connection, fetched at once: the ORM's reading of them one by one
    # cost more than the query.
    rows = db_session.connection().execute(prebuilt(_board_placements),
                                           {"enrollment_ids": enrollment_ids}).all()
    for (enrollment_id, module_id, starts_on, ends_on, supervisor_name, name, name_ja,
         checks_missing, evaluation_id, kind, acknowledged_at) in rows:
        placement = found.get((enrollment_id, module_id))
        if placement is None:
            span = days.get((starts_on, ends_on))
            if span is None:
                span = days[starts_on, ends_on] = (f"{format_day(starts_on, locale=locale)} – "
                                                   f"{format_day(ends_on, locale=locale)}")
            facility = names.get((name, name_ja))
            if facility is None:
                facility = names[name, name_ja] = in_language(name, name_ja, locale)
            placement = found[enrollment_id, module_id] = BoardPlacement(
                enrollment_id, module_id, starts_on, ends_on, span, facility, supervisor_name,
                checks_missing, [])
        if evaluation_id is not None:
            placement.evaluations.append(BoardEvaluation(evaluation_id, kind, acknowledged_at))
    # In the order they were written, sorted here: SQLite's sort of the rows cost a fifth of
    # the query, for the few placements with two.
    for placement in found.values():
        if len(placement.evaluations) > 1:
            placement.evaluations.sort()
    return found


def _board_placements() -> Select[Any]:
    checks_missing = (select(func.count()).where(ReadinessItem.placement_id == Placement.id,
                                                 ReadinessItem.needed,
                                                 ReadinessItem.done_on.is_(None))
                      .correlate(Placement).scalar_subquery())
    return (select(Placement.enrollment_id, Placement.module_id, Placement.starts_on,
                   Placement.ends_on, Placement.supervisor_name, HostFacility.name,
                   HostFacility.name_ja, checks_missing, Evaluation.id, Evaluation.kind,
                   Evaluation.acknowledged_at)
            .join(HostFacility, HostFacility.id == Placement.facility_id)
            .outerjoin(Evaluation, and_(Evaluation.placement_id == Placement.id,
                                        Evaluation.submitted_at.is_not(None)))
            .where(Placement.enrollment_id.in_(bindparam("enrollment_ids", expanding=True))))
