"""Demo history: what the services just did, dated back to when the story says it happened."""

from __future__ import annotations

import contextlib
import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.audit import AuditEvent
from lms.clock import utcnow
from lms.mail import OutboxMessage

#: Where the program happens: the story's days and hours are Tokyo's.
ZONE = "Asia/Tokyo"
TOKYO = zoneinfo.ZoneInfo(ZONE)


def tokyo(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """The moment, in UTC, of that hour of that day in Tokyo."""
    return dt.datetime.combine(day, dt.time(hour, minute), TOKYO).astimezone(dt.UTC)


def today_in_tokyo() -> dt.date:
    return utcnow().astimezone(TOKYO).date()


@contextlib.contextmanager
def open_around_now(window: Any) -> Iterator[None]:
    """A closed call or round (anything with ``opens_at`` and ``closes_at``), open for the
    moment its applications are written and sent: the services accept them only while open."""
    opens_at, closes_at = window.opens_at, window.closes_at
    now = utcnow()
    window.opens_at, window.closes_at = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    try:
        yield
    finally:
        window.opens_at, window.closes_at = opens_at, closes_at


class Timeline:
    """Dates what the services just did as it happened: the given rows' fields, and every audit
    event and mail written since the last call (the mail as sent then: it is history)."""

    def __init__(self, db_session: Session) -> None:
        self.db = db_session
        self.audit_mark, self.mail_mark = self._marks()

    def _marks(self) -> tuple[int, int]:
        self.db.flush()
        return (self.db.scalar(select(func.max(AuditEvent.id))) or 0,
                self.db.scalar(select(func.max(OutboxMessage.id))) or 0)

    def happened(self, moment: dt.datetime, *rows: tuple[Any, ...]) -> None:
        for row, *fields in rows:
            for name in fields:
                setattr(row, name, moment)
        self.db.flush()
        self.db.execute(update(AuditEvent).where(AuditEvent.id > self.audit_mark)
                        .values(at=moment))
        self.db.execute(update(OutboxMessage).where(OutboxMessage.id > self.mail_mark)
                        .values(created_at=moment, next_attempt_at=moment, sent_at=moment))
        self.audit_mark, self.mail_mark = self._marks()
