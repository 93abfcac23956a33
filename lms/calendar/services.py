from __future__ import annotations

import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.calendar.models import CalendarFeed


def feed_of(db_session: Session, user: User) -> CalendarFeed | None:
    return db_session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def create_feed(db_session: Session, actor: User) -> CalendarFeed:
    """A new secret address for the actor's own feed; any earlier address stops working."""
    db_session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == actor.id))
    feed = CalendarFeed(user_id=actor.id, token=secrets.token_urlsafe(32))
    db_session.add(feed)
    db_session.flush()
    audit.record(db_session, actor, "calendar_feed_created", feed)
    return feed


def revoke_feed(db_session: Session, actor: User) -> None:
    result = db_session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == actor.id))
    if result.rowcount:
        audit.record(db_session, actor, "calendar_feed_revoked", actor)
