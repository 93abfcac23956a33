"""A register of host facilities, and each trainee's placement at one for a practicum."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.clock import utcnow
from lms.curriculum.models import Module
from lms.db import Base, enum_type
from lms.programs.models import Enrollment


class PracticeField(enum.StrEnum):
    """The field of practice of a facility, and of a placement there."""

    OLDER_PEOPLE = "older_people"
    CHILDREN = "children"
    DISABILITY = "disability"
    COMMUNITY = "community"
    MEDICAL = "medical"
    PUBLIC_ASSISTANCE = "public_assistance"
    OTHER = "other"


class HostFacility(Base):
    """A welfare facility that receives trainees for their practicums, as staff keep it."""

    __tablename__ = "lms_host_facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str] = mapped_column(String(200), default="")
    #: What kind of facility it is, in words ("Special nursing home for the elderly").
    kind: Mapped[str] = mapped_column(String(200), default="")
    field: Mapped[PracticeField] = mapped_column(enum_type(PracticeField, "practice_field"))
    #: The JIS code of its prefecture (lms.placements.prefectures).
    prefecture: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    #: Languages its staff speak with a trainee, in words ("Japanese, English").
    languages: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Placement(Base):
    """A trainee at a host facility for one practicum module of her cohort's course: one
    placement for each trainee and practicum."""

    __tablename__ = "lms_placements"
    __table_args__ = (UniqueConstraint("enrollment_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("lms_enrollments.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("lms_modules.id"))
    facility_id: Mapped[int] = mapped_column(ForeignKey("lms_host_facilities.id"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    field: Mapped[PracticeField] = mapped_column(enum_type(PracticeField, "practice_field"))
    #: The facility's on-site supervisor for this placement.
    supervisor_name: Mapped[str] = mapped_column(String(200), default="")
    supervisor_email: Mapped[str] = mapped_column(String(254), default="")
    #: The supervisor's account, once staff invited them: it alone gives them the placement's
    #: pages, while it lasts (lms.placements.supervision).
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"), index=True)
    supervisor_invited_at: Mapped[dt.datetime | None]
    #: Where she lives during the placement, and how she gets to the facility.
    lodging: Mapped[str] = mapped_column(Text, default="")
    commute: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    enrollment: Mapped[Enrollment] = relationship()
    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id])
    module: Mapped[Module] = relationship()
    facility: Mapped[HostFacility] = relationship()
    readiness: Mapped[list[ReadinessItem]] = relationship(
        order_by="ReadinessItem.id", cascade="all, delete-orphan", passive_deletes=True)
    evaluations: Mapped[list[Evaluation]] = relationship(
        back_populates="placement", order_by="Evaluation.id", passive_deletes=True)

    @property
    def missing(self) -> list[ReadinessItem]:
        """What she still has to do before it (needed and not done)."""
        return [item for item in self.readiness if item.missing]


class ReadinessKind(enum.StrEnum):
    """What a trainee must have done before a placement, as facilities ask it."""

    STOOL_TEST = "stool_test"
    VACCINATIONS = "vaccinations"
    TB_SCREENING = "tb_screening"
    LIABILITY_INSURANCE = "liability_insurance"
    ORIENTATION = "orientation"


class ReadinessItem(Base):
    """One thing to have done before a placement: needed unless the facility does not ask for
    it, done on the day staff recorded."""

    __tablename__ = "lms_readiness_items"
    __table_args__ = (UniqueConstraint("placement_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("lms_placements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReadinessKind] = mapped_column(enum_type(ReadinessKind, "readiness_kind"))
    needed: Mapped[bool] = mapped_column(default=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def missing(self) -> bool:
        return self.needed and self.done_on is None


class EvaluationKind(enum.StrEnum):
    """The two evaluations a supervisor writes, on the forms of the course's ``evaluations/``
    folder (lms.curriculum.evaluation_forms), whose kinds these are."""

    MID_PLACEMENT = "mid_placement"
    FINAL = "final"


class Evaluation(Base):
    """The supervisor's mid-placement review or final evaluation of a placement: a level for
    each criterion of the course's form and an answer to each question, kept as a draft until
    submitted, then read and acknowledged by the trainee."""

    __tablename__ = "lms_evaluations"
    __table_args__ = (UniqueConstraint("placement_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("lms_placements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EvaluationKind] = mapped_column(enum_type(EvaluationKind, "evaluation_kind"))
    #: The form it was written on (its file's slug): the levels and questions it answers.
    form_slug: Mapped[str] = mapped_column(String(64))
    #: The level chosen for each criterion, by the criterion's key.
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    #: The answer to each question, by the question's key.
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id", ondelete="SET NULL"))
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[dt.datetime | None]
    acknowledged_at: Mapped[dt.datetime | None]

    placement: Mapped[Placement] = relationship(back_populates="evaluations")
    author: Mapped[User | None] = relationship()


class JournalComment(Base):
    """A comment on a journal the trainee shared with her supervisor: written by the
    supervisor, or by the trainee in reply; her mentor and staff read them too."""

    __tablename__ = "lms_journal_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("lms_placements.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("lms_submissions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
