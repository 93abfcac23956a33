"""Telling a person that something happened: :func:`notify` is what every domain calls where
it used to mail someone."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
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
