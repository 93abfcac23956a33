"""What the program office tells a group of people: an announcement to one audience, its
attachment, and who has put it away from their home page."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type


class Audience(enum.StrEnum):
    COHORT = "cohort"  # a cohort's trainees and mentors
    PROGRAM = "program"  # a program's current trainees
    ALUMNI = "alumni"
    ALUMNI_OF_COUNTRY = "alumni_of_country"
    CALL = "call"  # an admissions call's applicants
    SEMINAR = "seminar"  # a seminar's registered participants
    COMMITTEE = "committee"


class Status(enum.StrEnum):
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class Announcement(Base):
    """Who it reaches is worked out when it is read, never stored: someone who joins the
    audience later (a late registration, a new committee member) sees it too."""

    __tablename__ = "lms_announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: Markdown.
    body: Mapped[str] = mapped_column(Text)
    audience: Mapped[Audience] = mapped_column(enum_type(Audience, "announcement_audience"))
    #: The cohort (COHORT) or the seminar's cohort (SEMINAR).
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("lms_cohorts.id"), index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("lms_programs.id"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("lms_admission_calls.id"), index=True)
    #: ALUMNI_OF_COUNTRY: an ISO 3166 code.
    country: Mapped[str | None] = mapped_column(String(2))
    publish_at: Mapped[dt.datetime] = mapped_column(index=True)
    expires_at: Mapped[dt.datetime | None]
    withdrawn_at: Mapped[dt.datetime | None]
    #: When the audience was told; set in the transaction that told them, so nobody is told
    #: twice however often the publishing command runs.
    notified_at: Mapped[dt.datetime | None]
    #: The last correction after it was published, which the audience is shown.
    edited_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))

    attachment: Mapped[AnnouncementAttachment | None] = relationship(
        back_populates="announcement", cascade="all, delete-orphan")

    def status_at(self, moment: dt.datetime) -> Status:
        if self.withdrawn_at is not None:
            return Status.WITHDRAWN
        if self.publish_at > moment:
            return Status.SCHEDULED
        if self.expires_at is not None and self.expires_at <= moment:
            return Status.EXPIRED
        return Status.PUBLISHED


class AnnouncementAttachment(Base):
    __tablename__ = "lms_announcement_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("lms_announcements.id", ondelete="CASCADE"), unique=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    announcement: Mapped[Announcement] = relationship(back_populates="attachment")


class AnnouncementDismissal(Base):
    """One person has put the announcement away: it leaves their home page, nobody else's."""

    __tablename__ = "lms_announcement_dismissals"

    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("lms_announcements.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("lms_users.id", ondelete="CASCADE"), primary_key=True, index=True)
    dismissed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
