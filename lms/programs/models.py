from __future__ import annotations

import datetime as dt
import enum
import functools
import zoneinfo
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from lms.clock import utcnow
from lms.db import Base, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.curriculum.models import Course


class ProgramKind(enum.StrEnum):
    YEAR_LONG = "year_long"
    FOLLOW_UP = "follow_up"
    # The events (lms.events): programs of a few days, each edition one cohort.
    SEMINAR = "seminar"
    EXCHANGE = "exchange"
    STUDY_TOUR = "study_tour"
    #: A forum, a symposium or a workshop: one kind, told apart by its name.
    FORUM = "forum"
    ONLINE_SESSION = "online_session"
    SITE_VISITS = "site_visits"
    LECTURE = "lecture"


#: Every kind of program that is an event: its cohorts are editions with registration, a
#: program of sessions and an attendance list (lms.events). The one place that says so.
EVENT_KINDS = frozenset({ProgramKind.SEMINAR, ProgramKind.EXCHANGE, ProgramKind.STUDY_TOUR,
                         ProgramKind.FORUM, ProgramKind.ONLINE_SESSION, ProgramKind.SITE_VISITS,
                         ProgramKind.LECTURE})


def is_event(kind: ProgramKind) -> bool:
    return kind in EVENT_KINDS


class CohortStatus(enum.StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class EnrollmentRole(enum.StrEnum):
    TRAINEE = "trainee"
    MENTOR = "mentor"
    #: The cohort's Japanese-language teacher: records levels and grades language-track work.
    TEACHER = "teacher"


class EnrollmentStatus(enum.StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


class Program(Base):
    __tablename__ = "lms_programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[ProgramKind] = mapped_column(enum_type(ProgramKind, "program_kind"))
    #: The name in English and in Japanese (lms.names: shown in the reader's language).
    name: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str | None] = mapped_column(String(200))
    #: What the name was called before names had a Japanese side; pages still say title.
    title: Mapped[str] = synonym("name")
    description: Mapped[str] = mapped_column(Text, default="")
    #: Serial prefix on certificates, such as ASWWTP.
    code: Mapped[str] = mapped_column(String(16))

    cohorts: Mapped[list[Cohort]] = relationship(back_populates="program")

    @property
    def is_event(self) -> bool:
        return is_event(self.kind)


class Cohort(Base):
    __tablename__ = "lms_cohorts"
    __table_args__ = (
        UniqueConstraint("program_id", "number"),
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("lms_programs.id"), index=True)
    #: The ordinal people use ("the 36th"); separate from the fiscal year it belongs to.
    number: Mapped[int | None]
    fiscal_year: Mapped[int]
    #: The name in English and in Japanese (lms.names: shown in the reader's language).
    name: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = synonym("name")
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    #: The day of the completion ceremony, when there is one: the date certificates carry.
    completion_ceremony_on: Mapped[dt.date | None]
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Tokyo")
    capacity: Mapped[int]
    status: Mapped[CohortStatus] = mapped_column(
        enum_type(CohortStatus, "cohort_status"), default=CohortStatus.PLANNED
    )
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    #: The cohort held instead of this one, when it was replaced rather than simply cancelled
    #: (a replaced cohort is cancelled, with its reason, and names its replacement).
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_cohorts.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("lms_courses.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    program: Mapped[Program] = relationship(back_populates="cohorts")
    course: Mapped[Course | None] = relationship()
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="cohort")
    replaced_by: Mapped[Cohort | None] = relationship(remote_side=[id])

    @property
    def completed_on(self) -> dt.date:
        """The day a certificate names as the day of completion: the ceremony's, or else the
        cohort's last day."""
        return self.completion_ceremony_on or self.ends_on

    @property
    def length_in_days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def date_of_day(self, day: int) -> dt.date:
        """Day 1 is the first day of the cohort."""
        return self.starts_on + dt.timedelta(days=day - 1)

    def opening_time(self, day: int) -> dt.datetime:
        """The start of day ``day`` in the cohort's zone, in UTC."""
        local = dt.datetime.combine(self.date_of_day(day), dt.time(0, 0), self.zone)
        return local.astimezone(dt.UTC)

    def due_time(self, day: int) -> dt.datetime:
        """A deadline on day ``day`` is 23:59:59 that day in the cohort's zone, in UTC."""
        return _end_of_day(self.date_of_day(day), self.timezone)

    def day_at(self, moment: dt.datetime) -> int:
        """Which day of the cohort ``moment`` falls on, in the cohort's zone (may be < 1)."""
        return (moment.astimezone(self.zone).date() - self.starts_on).days + 1

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def label(self) -> str:
        return self.title


@functools.lru_cache(maxsize=4096)
def _end_of_day(day: dt.date, timezone: str) -> dt.datetime:
    # Cached: a page of trainees asks for each deadline of the course once per trainee.
    local = dt.datetime.combine(day, dt.time(23, 59, 59), zoneinfo.ZoneInfo(timezone))
    return local.astimezone(dt.UTC)


class Enrollment(Base):
    """A person's place in a cohort, as trainee, mentor or Japanese teacher. Never deleted: a
    withdrawal keeps the row with its date and reason, so the record of the year stays
    whole."""

    __tablename__ = "lms_enrollments"
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id", "role"),
        # A cohort's trainees in the order of their names, a page read from the index alone
        # (the placement board), not by sorting every enrollment of the cohort with its name.
        Index("ix_lms_enrollments_name_order", "cohort_id", "role", "sort_name", "id",
              "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    role: Mapped[EnrollmentRole] = mapped_column(enum_type(EnrollmentRole, "enrollment_role"))
    status: Mapped[EnrollmentStatus] = mapped_column(
        enum_type(EnrollmentStatus, "enrollment_status"), default=EnrollmentStatus.ACTIVE
    )
    #: The trainee's home organization, or the mentor's host facility.
    affiliation: Mapped[str | None] = mapped_column(String(200))
    #: The country this enrollment counts for toward per-country caps and quotas: the
    #: person's country when they were enrolled, changed afterwards only by staff
    #: (``lms.programs.country``), so that editing one's own account never moves a person into
    #: another country's places.
    country: Mapped[str | None] = mapped_column(String(2))
    enrolled_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    withdrawn_on: Mapped[dt.date | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    #: The person's display name, kept here (lms.programs.name_order) so that a cohort's
    #: trainees are paged in name order on this table's index.
    sort_name: Mapped[str] = mapped_column(String(200), default="", server_default="")

    cohort: Mapped[Cohort] = relationship(back_populates="enrollments")
    user: Mapped[User] = relationship()


class Mentorship(Base):
    """A mentor follows a trainee of the same cohort."""

    __tablename__ = "lms_mentorships"
    __table_args__ = (UniqueConstraint("mentor_enrollment_id", "trainee_enrollment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("lms_enrollments.id"), index=True
    )
    trainee_enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("lms_enrollments.id"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    mentor: Mapped[Enrollment] = relationship(foreign_keys=[mentor_enrollment_id])
    trainee: Mapped[Enrollment] = relationship(foreign_keys=[trainee_enrollment_id])
