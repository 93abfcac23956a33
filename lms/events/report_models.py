"""What is written after an edition: each participant's short reflection, and the report
staff compile from the edition's figures, its program and the reflections they select."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import Base

#: The longest reflection, in characters: a short text, quoted whole in the report.
REFLECTION_MAX_LENGTH = 4000


class Reflection(Base):
    """A participant's reflection on an edition, one per person and edition. Only one whose
    author allows staff to quote it can be selected for the published report; the database
    holds that rule too, so withdrawing consent always takes it out of the report."""

    __tablename__ = "lms_event_reflections"
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id"),
        CheckConstraint("consent OR NOT selected", name="selected_with_consent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    #: Plain text or Markdown, shown sanitized (lms.markdown).
    body: Mapped[str] = mapped_column(Text)
    #: The author allows staff to quote it, with their name and country, in the report.
    consent: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Staff chose it for the report.
    selected: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


class EventReport(Base):
    """Staff's report on an edition: their summary, and whether it is published (readable by
    anyone, without signing in). Created when staff first save or publish it."""

    __tablename__ = "lms_event_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    published_at: Mapped[dt.datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
