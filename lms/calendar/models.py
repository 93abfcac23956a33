from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.clock import utcnow
from lms.db import Base


class CalendarFeed(Base):
    """A personal feed at a secret address. The token is the only key to it, so its owner can
    revoke it (and make a new one) whenever the address may have leaked."""

    __tablename__ = "lms_calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id", ondelete="CASCADE"),
                                         unique=True)
    # Kept readable, unlike passwords: the owner is shown the address again whenever they
    # visit the calendar page, as calendar programs keep asking for it.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
