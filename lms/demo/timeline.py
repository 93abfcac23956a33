"""Demo history: what the services just did, dated back to when the story says it happened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.audit import AuditEvent
from lms.mail import OutboxMessage


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
