"""Telling a person that something happened: :func:`notify` is what every domain calls where
it used to mail someone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.i18n import _l
from lms.mail import enqueue_to_user
from lms.notifications.kinds import KINDS
from lms.notifications.models import Delivery, Notification, NotificationPreference


def delivery_for(db_session: Session, user: User, kind: str) -> Delivery:
    chosen = db_session.scalar(select(NotificationPreference.delivery).where(
        NotificationPreference.user_id == user.id, NotificationPreference.kind == kind))
    return chosen or KINDS[kind].default


def notify(db_session: Session, user: User, kind: str, subject: Any, template: str, *,
           link: str, **context: Any) -> Notification:
    """Keep a notification for ``user`` and mail it now if they chose so (or it must arrive).

    ``subject`` (lazy) is written in the person's language; ``template`` is the mail's body,
    rendered with ``link`` and ``context``."""
    spec = KINDS[kind]
    delivery = delivery_for(db_session, user, kind)
    with force_locale(user.locale or current_app.config["LMS_DEFAULT_LOCALE"]):
        subject_text = str(subject)
    notification = Notification(user_id=user.id, kind=kind, subject=subject_text[:255],
                                link=link, delivery=delivery)
    db_session.add(notification)
    if delivery is Delivery.IMMEDIATE or spec.always_mailed:
        enqueue_to_user(db_session, user, subject, template, link=link, **context)
    return notification


def choose(db_session: Session, user: User, deliveries: Mapping[str, Delivery]) -> None:
    """Keep ``user``'s choice for each kind given; kinds that must arrive have no choice."""
    for key in deliveries:
        if key not in KINDS or KINDS[key].always_mailed:
            raise ServiceError(_l("This kind of notice is always mailed."),
                               field=f"delivery_{key}")
    kept = {preference.kind: preference for preference in db_session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for key, delivery in deliveries.items():
        if key in kept:
            kept[key].delivery = delivery
        else:
            db_session.add(NotificationPreference(user_id=user.id, kind=key, delivery=delivery))
    db_session.flush()


def open_notification(db_session: Session, notification: Notification) -> str:
    """Mark it read (the first time) and give the link it leads to."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db_session.flush()
    return notification.link


def mark_all_read(db_session: Session, user: User) -> int:
    marked = db_session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False))
    return marked.rowcount


def prune(db_session: Session, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete read notifications older than ``LMS_NOTIFICATION_DAYS``; unread ones stay
    however old, since the person has not seen them yet."""
    days = current_app.config["LMS_NOTIFICATION_DAYS"]
    before = (now or utcnow()) - dt.timedelta(days=days)
    old = (Notification.read_at.is_not(None), Notification.created_at < before)
    if dry_run:
        return db_session.scalar(select(func.count()).select_from(Notification).where(*old)) or 0
    return db_session.execute(
        delete(Notification).where(*old).execution_options(synchronize_session=False)).rowcount
