"""Models of the followup domain: the call for applications to a follow-up cohort, and the
applications alumni send to it.

A follow-up cohort is an ordinary cohort of a follow-up program (dates, capacity, course and
roster live there); selected applicants are enrolled in it as trainees.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.programs.models import Cohort, Enrollment


class ApplicationStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    SELECTED = "selected"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"


class FollowUpCall(Base):
    """Staff open a cohort for applications with a short introduction and a closing time.

    A cohort without a call takes no applications, so a cohort can be planned (dates, course)
    before anyone is invited to apply."""

    __tablename__ = "lms_follow_up_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"), unique=True)
    intro: Mapped[str] = mapped_column(Text, default="")
    #: The end of the last day to apply, in the cohort's zone, stored in UTC.
    closes_at: Mapped[dt.datetime]
    #: Set when staff close the call early; cleared if they open it again.
    closed_at: Mapped[dt.datetime | None]
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))

    cohort: Mapped[Cohort] = relationship()

    def is_open_at(self, moment: dt.datetime) -> bool:
        return self.closed_at is None and moment <= self.closes_at


class FollowUpApplication(Base):
    """One alumna's application to one follow-up cohort. Never deleted: a withdrawal keeps the
    row, so one person has one application per cohort whatever happens."""

    __tablename__ = "lms_follow_up_applications"
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id"),
        # The selection page lists a cohort's applications by state.
        Index("ix_lms_follow_up_applications_cohort_status", "cohort_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    motivation: Mapped[str] = mapped_column(Text)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_type(ApplicationStatus, "follow_up_application_status"),
        default=ApplicationStatus.SUBMITTED)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: When staff last selected or waitlisted it, and who.
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[dt.datetime | None]
    #: The trainee enrollment made when the applicant was selected.
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("lms_enrollments.id"))

    cohort: Mapped[Cohort] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    enrollment: Mapped[Enrollment | None] = relationship()
