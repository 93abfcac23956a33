"""The daily digest: one mail to each person listing what came for them, since their last
digest, of the kinds they chose to receive that way.

``flask lms digest send`` lists the people with news, then hands each to
:func:`send_digest` and commits after each: the notifications are marked digested in the
transaction that queues their mail, so a crash neither loses nor repeats a digest."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.clock import utcnow
from lms.i18n import _l
from lms.mail import enqueue_to_user
from lms.notifications.models import Delivery, Notification

_WAITING = (Notification.delivery == Delivery.DIGEST, Notification.digested_at.is_(None))


def people_with_news(db_session: Session) -> list[int]:
    return list(db_session.scalars(
        select(Notification.user_id).where(*_WAITING).distinct().order_by(Notification.user_id)))


def send_digest(db_session: Session, user_id: int, now: dt.datetime | None = None) -> bool:
    """Queue ``user_id``'s digest, if anything is waiting for it; False if nothing was.

    The notifications are claimed by one conditional UPDATE: of two runs at once, the second
    waits for the first's row locks (or, on SQLite, for its write) and then finds them taken,
    so it sends nothing rather than the same list again."""
    now = now or utcnow()
    claimed = list(db_session.scalars(
        update(Notification)
        .where(Notification.user_id == user_id, *_WAITING)
        .values(digested_at=now)
        .returning(Notification.id)))
    if not claimed:
        return False
    user = db_session.get(User, user_id)
    if user is None or not user.is_active:
        return True  # claimed all the same: nobody to send old news to later
    news = db_session.scalars(
        select(Notification).where(Notification.id.in_(claimed))
        .order_by(Notification.created_at, Notification.id)
        .execution_options(populate_existing=True)).all()
    enqueue_to_user(db_session, user, _l("Your Kakehashi digest: %(count)d new",
                                         count=len(news)),
                    "lms/notifications/mail/digest.txt", notifications=news)
    db_session.flush()
    return True
