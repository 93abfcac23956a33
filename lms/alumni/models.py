"""Models of the alumni domain: the opt-in directory profile and the reports alumni send from
home, with their pictures."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User


class AlumniProfile(Base):
    """What an alumna tells other alumni about herself. Nobody is listed until she says so,
    and each item beyond name, country, cohort and fields is shown only if she shares it."""

    __tablename__ = "lms_alumni_profiles"
    __table_args__ = (
        # The directory other alumni see: listed profiles, often narrowed to one country.
        Index("ix_lms_alumni_profiles_listed_country", "listed", "country"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id", ondelete="CASCADE"),
                                         unique=True)
    listed: Mapped[bool] = mapped_column(default=False)
    country: Mapped[str | None] = mapped_column(String(2))
    organization: Mapped[str] = mapped_column(String(200), default="")
    current_role: Mapped[str] = mapped_column(String(200), default="")
    #: Keys of services.FIELDS_OF_PRACTICE.
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    bio: Mapped[str] = mapped_column(Text, default="")
    share_email: Mapped[bool] = mapped_column(default=False)
    share_organization: Mapped[bool] = mapped_column(default=False)
    share_role: Mapped[bool] = mapped_column(default=False)
    share_bio: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class AlumniReport(Base):
    """A report from home. Only approved reports are read by other alumni and staff; the
    author sees hers in every state, with the staff's note."""

    __tablename__ = "lms_alumni_reports"
    __table_args__ = (
        # The reports list (approved, newest first) and the review queue (submitted, oldest
        # first) each read one range of one index.
        Index("ix_lms_alumni_reports_status_approved_at", "status", "approved_at"),
        Index("ix_lms_alumni_reports_status_submitted_at", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(2))
    status: Mapped[ReportStatus] = mapped_column(
        enum_type(ReportStatus, "alumni_report_status"), default=ReportStatus.DRAFT)
    #: What staff said when returning (or approving) it; the author reads it.
    staff_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None]
    reviewed_at: Mapped[dt.datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))
    #: When it was (last) published; the reports list is ordered by it.
    approved_at: Mapped[dt.datetime | None]

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    pictures: Mapped[list[ReportPicture]] = relationship(
        back_populates="report", order_by="ReportPicture.id", cascade="all, delete-orphan")


class ReportPicture(Base):
    """A picture stored under a generated name outside the web root, with the text that
    stands for it for people who cannot see it."""

    __tablename__ = "lms_alumni_report_pictures"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("lms_alumni_reports.id"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    alt_text: Mapped[str] = mapped_column(String(300))
    caption: Mapped[str] = mapped_column(String(300), default="")
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    report: Mapped[AlumniReport] = relationship(back_populates="pictures")


# The directory's counts are kept as people are written (model and session events).
from lms.alumni import tallies  # noqa: E402, F401
