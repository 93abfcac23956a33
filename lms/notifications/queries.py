from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.notifications.models import Notification


def unread_count(db_session: Session, user: User) -> int:
    return db_session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0
