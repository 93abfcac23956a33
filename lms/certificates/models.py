from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.programs.models import Enrollment


class Outcome(enum.StrEnum):
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


class OutcomeOverride(Base):
    """Staff decided a trainee's outcome against the completion rule, with a reason. One per
    enrollment: a later change replaces it, and the audit trail keeps the earlier ones."""

    __tablename__ = "lms_outcome_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("lms_enrollments.id"), unique=True)
    outcome: Mapped[Outcome] = mapped_column(enum_type(Outcome, "completion_outcome"))
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    decided_by: Mapped[User] = relationship()


class Certificate(Base):
    """Issued once per completed enrollment; the unique enrollment id is what makes a repeated
    or concurrent completion harmless. The name is kept as printed on the day of issue."""

    __tablename__ = "lms_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("lms_enrollments.id"), unique=True)
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    #: Long and random so that the public verification page cannot be used to list people.
    verification_code: Mapped[str] = mapped_column(String(40), unique=True)
    recipient_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"))
    revoked_at: Mapped[dt.datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"))
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    #: The certificate's place in the published revocation lists (lms.certificates.status_list),
    #: given once at issue from the row's id (certificates are never deleted), so never reused.
    status_list_index: Mapped[int | None] = mapped_column(unique=True)

    enrollment: Mapped[Enrollment] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
