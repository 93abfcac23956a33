"""Who supervises a placement, and for how long: a facility supervisor sees a placement of
theirs from the day staff invite them until thirty days after its last day, and nothing else.
The one rule every supervisor page, home section and fact reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from lms import facts
from lms.accounts.models import User
from lms.clock import utcnow
from lms.placements.models import Placement
from lms.programs.models import Enrollment

#: Days after a placement's last day during which its supervisor still reads and writes its
#: evaluations (a final evaluation is often written in the week after).
DAYS_AFTER = 30

#: The fact (lms.facts) that the person supervises a placement now.
SUPERVISOR = "supervisor"


def _still_open(today: ColumnElement[dt.date] | dt.date) -> ColumnElement[bool]:
    return Placement.ends_on >= today


def first_open_day() -> dt.date:
    """The last day of a placement its supervisor still sees today."""
    return utcnow().date() - dt.timedelta(days=DAYS_AFTER)


def _supervised_by(user_id: int) -> Select[tuple[Placement]]:
    return select(Placement).where(Placement.supervisor_id == user_id,
                                   _still_open(first_open_day()))


def supervises_condition(asked: facts.Asked) -> Any:
    return select(Placement.id).where(Placement.supervisor_id == asked.user_id,
                                      _still_open(asked.day(-DAYS_AFTER))).exists()


def supervised_placements(db_session: Session, supervisor: User) -> list[Placement]:
    """Their placements still open to them, soonest first, with trainee, facility and
    practicum: their home lists them."""
    return list(db_session.scalars(
        _supervised_by(supervisor.id)
        .options(joinedload(Placement.enrollment).joinedload(Enrollment.user),
                 joinedload(Placement.facility), joinedload(Placement.module),
                 selectinload(Placement.readiness))
        .order_by(Placement.starts_on, Placement.id)))


def supervised_placement(db_session: Session, supervisor: User,
                         placement_id: int) -> Placement | None:
    """The placement if it is the person's to supervise now; None for any other, so that a
    guessed id finds nothing."""
    return db_session.scalar(
        _supervised_by(supervisor.id).where(Placement.id == placement_id)
        .options(joinedload(Placement.enrollment).joinedload(Enrollment.user),
                 joinedload(Placement.enrollment).joinedload(Enrollment.cohort),
                 joinedload(Placement.facility), joinedload(Placement.module),
                 selectinload(Placement.readiness)))


def open_until(placement: Placement) -> dt.date:
    return placement.ends_on + dt.timedelta(days=DAYS_AFTER)
