"""Confidential concerns: a person tells the program office about a problem (harassment,
safety, health, money) and only the staff named to handle concerns read it.

Nobody else reaches a concern: not the mentors, not the facility supervisors, not the other
staff, and not an admin who is not named. Who handles concerns is a row of its own
(:class:`ConcernHandler`), never a role, so naming someone is a deliberate act an admin takes
and the audit trail keeps."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.programs.models import Enrollment


class ConcernCategory(enum.StrEnum):
    HARASSMENT = "harassment"
    SAFETY = "safety"
    HEALTH = "health"
    MONEY = "money"
    OTHER = "other"


class ConcernPlace(enum.StrEnum):
    PLACEMENT = "placement"
    PROGRAM = "program"
    DAILY_LIFE = "daily_life"
    OTHER = "other"


class ConcernStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class Concern(Base):
    __tablename__ = "lms_concerns"
    __table_args__ = (
        # The handlers' list: the cases of one status, newest first.
        Index("ix_lms_concerns_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(
        ForeignKey("lms_users.id", ondelete="CASCADE"), index=True)
    #: The reporter's trainee enrollment when she raised it, so handlers know her cohort.
    enrollment_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_enrollments.id", ondelete="SET NULL"))
    category: Mapped[ConcernCategory] = mapped_column(
        enum_type(ConcernCategory, "concern_category"))
    place: Mapped[ConcernPlace | None] = mapped_column(enum_type(ConcernPlace, "concern_place"))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[ConcernStatus] = mapped_column(
        enum_type(ConcernStatus, "concern_status"), default=ConcernStatus.OPEN)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None]

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    enrollment: Mapped[Enrollment | None] = relationship()


class ConcernNote(Base):
    """What a handler wrote down about a case, for the handlers only: the reporter never
    sees notes."""

    __tablename__ = "lms_concern_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(
        ForeignKey("lms_concerns.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()


class ConcernStatusChange(Base):
    """A case moved to ``status``: the reporter sees these with their dates (not who)."""

    __tablename__ = "lms_concern_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(
        ForeignKey("lms_concerns.id", ondelete="CASCADE"), index=True)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))
    status: Mapped[ConcernStatus] = mapped_column(enum_type(ConcernStatus, "concern_status"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    changed_by: Mapped[User | None] = relationship()


class ConcernHandler(Base):
    """A member of staff an admin named to read and handle concerns."""

    __tablename__ = "lms_concern_handlers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("lms_users.id", ondelete="CASCADE"), primary_key=True)
    named_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    named_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
