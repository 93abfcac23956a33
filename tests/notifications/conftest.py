from __future__ import annotations

import datetime as dt
from typing import Any

from lms.accounts.models import User
from lms.notifications.models import Delivery, Notification


def add_notification(db: Any, user: User, subject: str = "Graded: Visit note", *,
                     kind: str = "work_graded", delivery: Delivery = Delivery.APP,
                     created_at: dt.datetime | None = None, read_at: dt.datetime | None = None,
                     link: str = "http://localhost/work") -> Notification:
    notification = Notification(user_id=user.id, kind=kind, subject=subject, link=link,
                                delivery=delivery, read_at=read_at)
    if created_at is not None:
        notification.created_at = created_at
    db.add(notification)
    db.flush()
    return notification
