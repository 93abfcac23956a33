"""What happened that concerns a person, kept for them in the app and, by their choice, mailed
at once or in a daily digest."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.clock import utcnow
from lms.db import Base, enum_type


class Delivery(enum.StrEnum):
    APP = "app"  # in the app only
    IMMEDIATE = "immediate"  # in the app, and mailed at once
    DIGEST = "digest"  # in the app, and in the next daily digest


class Notification(Base):
    __tablename__ = "lms_notifications"
    __table_args__ = (Index("ix_lms_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id", ondelete="CASCADE"))
    #: A key of lms.notifications.kinds.KINDS.
    kind: Mapped[str] = mapped_column(String(40))
    #: In the person's language, written when it happened: the page lists it as it was said.
    subject: Mapped[str] = mapped_column(String(255))
    link: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[dt.datetime | None]
    #: The person's choice when it was made: a later change of mind does not mail old news.
    delivery: Mapped[Delivery] = mapped_column(enum_type(Delivery, "notification_delivery"))
    #: When a digest took it; only DIGEST notifications are ever taken.
    digested_at: Mapped[dt.datetime | None]


class NotificationPreference(Base):
    """A person's choice for one kind; without a row, the kind's default holds."""

    __tablename__ = "lms_notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("lms_users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(enum_type(Delivery, "notification_delivery"))
