"""Models of the admissions domain: calls that fill a cohort or a seminar, the applications to
them with their nominations and documents, interviews, and the onboarding of those selected.

An application outlives its applicant's claim to it: once a call's retention time has passed,
an unsuccessful application loses its documents and everything that names the person, and the
row stays with only what the statistics count (country, gender, how far it went).
"""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Select,
    String,
    Text,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type
from lms.programs import places

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.programs.models import Cohort, Enrollment
    from lms.reviews.models import ReviewScheme, ReviewSubject


class LanguageLevel(enum.IntEnum):
    """How well someone uses a language, in the order a requirement compares them."""

    BASIC = 1
    INTERMEDIATE = 2
    ADVANCED = 3
    FLUENT = 4


class DocumentKind(enum.StrEnum):
    CV = "cv"
    PASSPORT = "passport"
    DIPLOMA = "diploma"
    EMPLOYMENT_CERTIFICATE = "employment_certificate"
    LANGUAGE_CERTIFICATE = "language_certificate"
    PHOTO = "photo"
    NOMINATION_LETTER = "nomination_letter"
    HEALTH_CERTIFICATE = "health_certificate"


class AdmissionCall(Base):
    """A call for applications that fills one cohort (a year-long training or a seminar), or
    one side of an event's edition: an exchange receives participants from two countries, each
    side selected through its own call with its own places (``side_country``)."""

    __tablename__ = "lms_admission_calls"
    __table_args__ = (
        # One call per side of an edition, and at most one for the whole cohort: a UNIQUE on
        # (cohort_id, side_country) alone lets NULLs repeat, so the whole-cohort call has a
        # partial index of its own (both databases take the WHERE).
        Index("uq_lms_admission_calls_cohort_side", "cohort_id", "side_country", unique=True),
        Index("uq_lms_admission_calls_cohort_whole", "cohort_id", unique=True,
              sqlite_where=text("side_country IS NULL"),
              postgresql_where=text("side_country IS NULL")),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("country_quota IS NULL OR country_quota > 0", name="quota_positive"),
        CheckConstraint("closes_at > opens_at", name="times_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"))
    #: The country a side's call takes applicants from (ISO code); None: the whole cohort.
    side_country: Mapped[str | None] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Tokyo")
    opens_at: Mapped[dt.datetime]
    closes_at: Mapped[dt.datetime]
    #: Markdown: who the call is for, how selection works, what the program pays for.
    guidance: Mapped[str] = mapped_column(Text, default="")
    #: Who may apply, in words (profession, organization); the figures below are checked.
    eligibility: Mapped[str] = mapped_column(Text, default="")
    min_years_in_welfare: Mapped[int] = mapped_column(default=0)
    #: The working language required, if any: an ISO 639-1 code and the lowest level.
    required_language: Mapped[str | None] = mapped_column(String(8))
    required_language_level: Mapped[int | None]
    required_documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int]
    #: The most people selected from any one country ("up to 10 from each country").
    country_quota: Mapped[int | None]
    #: Days a selected applicant has to confirm or decline their place.
    reply_days: Mapped[int] = mapped_column(default=14)
    #: Days after an application ends unsuccessfully before it is anonymized.
    keep_unsuccessful_days: Mapped[int] = mapped_column(default=365)
    review_scheme_id: Mapped[int] = mapped_column(ForeignKey("lms_review_schemes.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))

    cohort: Mapped[Cohort] = relationship()
    review_scheme: Mapped[ReviewScheme] = relationship()

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def is_open_at(self, moment: dt.datetime) -> bool:
        return self.opens_at <= moment <= self.closes_at

    @property
    def required_document_kinds(self) -> list[DocumentKind]:
        return [DocumentKind(kind) for kind in self.required_documents]


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    SELECTED = "selected"
    WAITLISTED = "waitlisted"
    NOT_SELECTED = "not_selected"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    ANOTHER = "another"


class NominationMethod(enum.StrEnum):
    LETTER = "letter"
    NOMINATOR = "nominator"


class AdmissionApplication(Base):
    __tablename__ = "lms_admission_applications"
    __table_args__ = (
        # One application per person and call; anonymized rows have no person.
        UniqueConstraint("call_id", "applicant_id"),
        # The call's list for staff (sent ones, the first sent first, a page at a time), its
        # places by country and its statistics, each read from the index alone; and its
        # figures by state.
        Index("ix_lms_admission_applications_call_submitted_at", "call_id", "submitted_at",
              "status", "country", "gender", "found_eligible_at", "applicant_id"),
        Index("ix_lms_admission_applications_call_status", "call_id", "status",
              "submitted_at"),
        # The call's statistics by country, gender and state, read in the index's order: no
        # sorting.
        Index("ix_lms_admission_applications_call_country", "call_id", "country", "gender",
              "status", "submitted_at", "found_eligible_at"),
        # A committee member's lists reach the application (and whether it is still under
        # review) from each assignment's subject.
        Index("ix_lms_admission_applications_review_subject_id", "review_subject_id",
              "status", "call_id"),
        # Those in a state across the calls, the first sent first: the staff's home reads
        # its few oldest to screen in the index's order, not sorted.
        Index("ix_lms_admission_applications_status", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("lms_admission_calls.id"), index=True)
    applicant_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_type(ApplicationStatus, "admission_status"), default=ApplicationStatus.DRAFT)

    # The person, as in their passport.
    full_name: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[dt.date | None]
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender, "admission_gender"))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    # Their work.
    organization: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    profession: Mapped[str] = mapped_column(String(200), default="")
    years_in_welfare: Mapped[int | None]
    #: [{"language": "en", "level": 3}, ...]
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    motivation: Mapped[str] = mapped_column(Text, default="")
    # The nomination: a letter among the documents, or a nominator who confirms by link.
    nomination_method: Mapped[NominationMethod | None] = mapped_column(
        enum_type(NominationMethod, "nomination_method"))

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None]
    screening_reason: Mapped[str] = mapped_column(Text, default="")
    #: Kept after withdrawing or anonymizing, so the statistics still count it as eligible.
    found_eligible_at: Mapped[dt.datetime | None]
    decision_message: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[dt.datetime | None]
    #: Order in which the waitlisted move up: lowest first.
    waitlist_position: Mapped[int | None]
    #: A selected applicant confirms or declines by then.
    reply_by: Mapped[dt.datetime | None]
    replied_at: Mapped[dt.datetime | None]
    #: When it reached a final state; retention counts from here.
    ended_at: Mapped[dt.datetime | None]
    anonymized_at: Mapped[dt.datetime | None]
    review_subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_review_subjects.id", ondelete="SET NULL"))
    enrollment_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_enrollments.id", ondelete="SET NULL"))
    arrival_on: Mapped[dt.date | None]
    arrival_details: Mapped[str] = mapped_column(Text, default="")

    call: Mapped[AdmissionCall] = relationship()
    applicant: Mapped[User | None] = relationship()
    review_subject: Mapped[ReviewSubject | None] = relationship()
    enrollment: Mapped[Enrollment | None] = relationship()
    documents: Mapped[list[ApplicationDocument]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="ApplicationDocument.kind")
    nominations: Mapped[list[Nomination]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Nomination.id")

    def document(self, kind: DocumentKind) -> ApplicationDocument | None:
        return next((document for document in self.documents if document.kind == kind), None)

    @property
    def nomination(self) -> Nomination | None:
        """The nominator asked most recently; an earlier request is replaced by a new one."""
        return self.nominations[-1] if self.nominations else None

    @property
    def is_with_committee(self) -> bool:
        """Its reviewers may be asked, and their due days changed."""
        return self.status in (ApplicationStatus.ELIGIBLE, ApplicationStatus.WAITLISTED)


class ApplicationDocument(Base):
    """One uploaded file of a kind; uploading the kind again replaces it."""

    __tablename__ = "lms_admission_documents"
    __table_args__ = (UniqueConstraint("application_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("lms_admission_applications.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind, "admission_document"))
    stored_name: Mapped[str] = mapped_column(String(100))
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    application: Mapped[AdmissionApplication] = relationship(back_populates="documents")


class Nomination(Base):
    """A nominator asked by mail to confirm the nomination through a single-use link."""

    __tablename__ = "lms_admission_nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("lms_admission_applications.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    organization: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    # Only a hash of the link's secret is kept, like account tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    #: When the link was used, whatever the answer; a used link opens nothing again.
    answered_at: Mapped[dt.datetime | None]
    confirmed: Mapped[bool | None]
    statement: Mapped[str] = mapped_column(Text, default="")
    #: A newer request replaced this one before it was answered.
    replaced_at: Mapped[dt.datetime | None]

    application: Mapped[AdmissionApplication] = relationship(back_populates="nominations")

    @property
    def is_confirmed(self) -> bool:
        return bool(self.confirmed) and self.replaced_at is None


class Interview(Base):
    __tablename__ = "lms_admission_interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("lms_admission_applications.id", ondelete="CASCADE"), unique=True)
    starts_at: Mapped[dt.datetime]
    minutes: Mapped[int] = mapped_column(default=30)
    #: A room, or the video call's address.
    place: Mapped[str] = mapped_column(String(500))
    interviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))
    #: Bumped on every change so calendars replace the invitation (iCalendar SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    scheduled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    application: Mapped[AdmissionApplication] = relationship()
    interviewer: Mapped[User | None] = relationship(foreign_keys=[interviewer_id])

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


class ChecklistItemKind(enum.StrEnum):
    TRAVEL_DOCUMENTS = "travel_documents"
    HEALTH_CERTIFICATE = "health_certificate"
    ARRIVAL_DATE = "arrival_date"


class ChecklistItem(Base):
    """One pre-arrival step of a confirmed applicant, ticked off by staff."""

    __tablename__ = "lms_admission_checklist_items"
    __table_args__ = (UniqueConstraint("application_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("lms_admission_applications.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ChecklistItemKind] = mapped_column(
        enum_type(ChecklistItemKind, "checklist_item_kind"))
    done_at: Mapped[dt.datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[AdmissionApplication] = relationship()


def _offered_places() -> Select[tuple[int, int]]:
    """Those selected hold a place until they answer; once they confirm, their enrollment
    holds it (so withdrawing from the cohort frees it), unless no enrollment was made. At an
    event's edition the confirmed hold it by their registration (lms.events.joining), so
    cancelling that frees it."""
    from lms.programs.models import EVENT_KINDS, Cohort, Program

    at_event = (select(Cohort.id).join(Program, Program.id == Cohort.program_id)
                .where(Cohort.id == AdmissionCall.cohort_id, Program.kind.in_(EVENT_KINDS))
                .correlate(AdmissionCall).exists())
    return (select(AdmissionCall.cohort_id, AdmissionApplication.applicant_id)
            .join(AdmissionApplication, AdmissionApplication.call_id == AdmissionCall.id)
            .where(AdmissionApplication.applicant_id.is_not(None),
                   (AdmissionApplication.status == ApplicationStatus.SELECTED)
                   | ((AdmissionApplication.status == ApplicationStatus.CONFIRMED)
                      & AdmissionApplication.enrollment_id.is_(None) & ~at_event)))


# lms.programs.places counts every place of a cohort, offers included.
places.holds_places(_offered_places)


def _call_places() -> Select[tuple[int, int]]:
    return select(AdmissionCall.cohort_id, AdmissionCall.capacity)


places.gives_places(_call_places)


# A call's figures are kept as its applications are written (models and mapper events).
from lms.admissions import tallies  # noqa: E402, F401
