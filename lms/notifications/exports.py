"""The person's notifications and choices, for the export of their own data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.notifications.models import Notification
from lms.notifications.queries import choices_for


def _when(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def personal_data(db_session: Session, user: User) -> dict[str, Any]:
    rows = db_session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.created_at, Notification.id))
    return {
        "notifications": [
            {"kind": row.kind, "subject": row.subject, "link": row.link,
             "created_at": _when(row.created_at), "read_at": _when(row.read_at)}
            for row in rows],
        "notification_choices": {kind: str(delivery)
                                 for kind, delivery in choices_for(db_session, user).items()},
    }
