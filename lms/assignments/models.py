from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.curriculum.models import Item
    from lms.programs.models import Enrollment


class SubmissionStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    GRADED = "graded"
    RETURNED = "returned"


class Submission(Base):
    """One attempt at an assignment. A returned attempt stays as it was; the trainee's next
    attempt is a new row with the next number, so every attempt is kept."""

    __tablename__ = "lms_submissions"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "item_id", "attempt"),
        # The grading queue: work of one status, oldest first (by its id among those handed in
        # at the same moment, so no page sorts them), counted from the index alone.
        Index("ix_lms_submissions_status_submitted_at", "status", "submitted_at", "id",
              "enrollment_id"),
        # A mentor's work waiting: each trainee's, counted from the index alone.
        Index("ix_lms_submissions_status_enrollment_id", "status", "enrollment_id",
              "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("lms_enrollments.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("lms_items.id"), index=True)
    attempt: Mapped[int] = mapped_column(default=1)
    status: Mapped[SubmissionStatus] = mapped_column(
        enum_type(SubmissionStatus, "submission_status"), default=SubmissionStatus.DRAFT)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    #: Submitted after the deadline that applied to this trainee at that moment.
    is_late: Mapped[bool] = mapped_column(default=False)

    enrollment: Mapped[Enrollment] = relationship()
    item: Mapped[Item] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="submission", order_by="Attachment.id")
    grade: Mapped[Grade | None] = relationship(back_populates="submission", uselist=False)


class Attachment(Base):
    """A file stored under a generated name outside the web root; the original name is only
    ever shown, never used as a path."""

    __tablename__ = "lms_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("lms_submissions.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="attachments")


class Grade(Base):
    """The mentor's assessment of one attempt. ``version`` makes concurrent grading safe: a
    save that did not start from the current version is refused, never silently applied."""

    __tablename__ = "lms_grades"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("lms_submissions.id"), unique=True)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    total: Mapped[int]
    feedback: Mapped[str] = mapped_column(Text, default="")
    returned: Mapped[bool] = mapped_column(default=False)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"))
    #: Indexed for the homes' "the last submission was graded on".
    graded_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    version: Mapped[int] = mapped_column(default=1)

    submission: Mapped[Submission] = relationship(back_populates="grade")
    graded_by: Mapped[User | None] = relationship()


class Extension(Base):
    """A new deadline for one trainee and one assignment."""

    __tablename__ = "lms_extensions"
    __table_args__ = (UniqueConstraint("enrollment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("lms_enrollments.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("lms_items.id"))
    due_at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"))
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    granted_by: Mapped[User | None] = relationship()


class DeadlineChange(Base):
    """Staff moved an assignment's deadline for a whole cohort."""

    __tablename__ = "lms_deadline_changes"
    __table_args__ = (UniqueConstraint("cohort_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("lms_items.id"))
    due_at: Mapped[dt.datetime]
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReminderSent(Base):
    """A deadline reminder went to this trainee for this assignment: never send it twice."""

    __tablename__ = "lms_reminders_sent"
    __table_args__ = (UniqueConstraint("enrollment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("lms_enrollments.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("lms_items.id"))
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# Each trainee's latest attempts are kept in her work summary (session events).
from lms.assignments import summary  # noqa: E402, F401
