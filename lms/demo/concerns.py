"""The demo's confidential concern, as data/concerns.toml tells it: the staff member named to
handle concerns by the administrator, and a trainee's money concern she took up and closed,
dated back to the autumn."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.accounts.models import Role, RoleGrant, User
from lms.accounts.queries import user_by_email
from lms.clock import utcnow
from lms.concerns import services
from lms.concerns.models import (
    Concern,
    ConcernCategory,
    ConcernPlace,
    ConcernStatus,
    ConcernStatusChange,
)
from lms.demo.data import load
from lms.demo.timeline import Timeline
from lms.notifications.models import Notification


@dataclass(frozen=True)
class Step:
    days_ago: int
    status: ConcernStatus
    note: str


@dataclass(frozen=True)
class Concerns:
    handler: str
    reporter: str
    category: ConcernCategory
    place: ConcernPlace
    raised_days_ago: int
    description: str
    steps: tuple[Step, ...]


def seed_concerns(db_session: Session) -> None:
    if db_session.scalar(select(Concern.id).limit(1)) is not None:
        return  # seeded before
    story = load("concerns.toml", Concerns)
    handler, reporter = user_by_email(db_session, story.handler), \
        user_by_email(db_session, story.reporter)
    admin = db_session.scalar(select(User).join(RoleGrant, RoleGrant.user_id == User.id)
                              .where(RoleGrant.role == Role.ADMIN).order_by(User.id).limit(1))
    if handler is None or reporter is None or admin is None:
        return
    now = utcnow()
    clock = Timeline(db_session)
    raised_at = now - dt.timedelta(days=story.raised_days_ago + 1)
    services.name_handler(db_session, admin, handler)
    clock.happened(raised_at)
    concern = services.raise_concern(db_session, reporter, services.ConcernDetails(
        category=story.category, description=story.description, place=story.place))
    clock.happened(raised_at, (concern, "created_at"))
    for step in story.steps:
        moment = now - dt.timedelta(days=step.days_ago)
        note = services.add_note(db_session, handler, concern, step.note)
        services.change_status(db_session, handler, concern, step.status)
        change = db_session.scalars(select(ConcernStatusChange).order_by(
            ConcernStatusChange.id.desc()).limit(1)).one()
        clock.happened(moment, (note, "at"), (change, "at"),
                       *([(concern, "closed_at")] if concern.closed_at else []))
    # Old news for both: the handler and the reporter read what they were told back then.
    db_session.execute(update(Notification).where(Notification.kind == "concern")
                       .values(created_at=raised_at, read_at=raised_at))
    db_session.flush()
