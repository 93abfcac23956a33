from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, ScalarSelect, bindparam, func, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.db import prebuilt
from lms.notifications.kinds import KINDS
from lms.notifications.models import Delivery, Notification, NotificationPreference
from lms.pagination import Listing


def unread_count(db_session: Session, user: User) -> int:
    return db_session.scalar(select(unread_count_of(user.id))) or 0


def unread_count_of(user_id: int | ColumnElement[int]) -> ScalarSelect[int]:
    """How many notifications the user has not read, as a subquery (the header's count is
    asked with the person's facts, lms.facts)."""
    return select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).scalar_subquery()


def choices_for(db_session: Session, user: User) -> dict[str, Delivery]:
    """Each kind's delivery for ``user``: their choice, else the kind's default."""
    chosen = {kind: delivery for kind, delivery in db_session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery)
        .where(NotificationPreference.user_id == user.id))}
    return {key: chosen.get(key, kind.default) for key, kind in KINDS.items()}


def notifications_of(user: User) -> tuple[Listing, dict[str, int]]:
    """``user``'s notifications, newest first, for a page of them (lms.pagination.paginate,
    with the values of its parameters): the columns the list shows, in a listing built once
    an app (lms.db.prebuilt), as building its page and count cost more than answering them."""
    return prebuilt(_notifications_listing), {"user_id": user.id}


def _notifications_listing() -> Listing:
    return Listing(
        select(Notification.id, Notification.subject, Notification.read_at,
               Notification.created_at)
        .where(Notification.user_id == bindparam("user_id", type_=Integer()))
        .order_by(Notification.created_at.desc(), Notification.id.desc()))


def notification_of(db_session: Session, user: User, notification_id: int
                    ) -> Notification | None:
    """The notification if it is ``user``'s own: anyone else's id finds nothing."""
    return db_session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id))
