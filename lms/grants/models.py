"""Models of the grants domain: the fund committee's grant rounds, alumni applications with
their budgets, the committee's decisions, and what happens after an award (terms,
disbursements, progress and final reports).

Money in a round's currency is kept in whole units (yen have no smaller unit, and awards are
never made in cents); a budget line is kept in whole units of the applicant's local currency
with the exchange rate to the round's currency recorded on the application.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import zoneinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, DecimalText, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.curriculum.models import Course
    from lms.reviews.models import ReviewScheme, ReviewSubject


class GrantRound(Base):
    """A call for grant applications: one fiscal year's budget, open for a time."""

    __tablename__ = "lms_grant_rounds"
    __table_args__ = (
        CheckConstraint("budget > 0", name="budget_positive"),
        CheckConstraint("largest_award > 0", name="largest_award_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Tokyo")
    opens_at: Mapped[dt.datetime]
    closes_at: Mapped[dt.datetime]
    currency: Mapped[str] = mapped_column(String(3), default="JPY")
    budget: Mapped[int]
    largest_award: Mapped[int]
    #: The applicants' guide, a course synced from ``courses/`` (read, not studied).
    guide_course_id: Mapped[int | None] = mapped_column(ForeignKey("lms_courses.id"))
    #: Staff may let one person send several applications to this round.
    allow_several: Mapped[bool] = mapped_column(default=False)
    progress_report_due_on: Mapped[dt.date | None]
    final_report_due_on: Mapped[dt.date | None]
    review_scheme_id: Mapped[int] = mapped_column(ForeignKey("lms_review_schemes.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))

    guide_course: Mapped[Course | None] = relationship()
    review_scheme: Mapped[ReviewScheme] = relationship()

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def is_open_at(self, moment: dt.datetime) -> bool:
        return self.opens_at <= moment <= self.closes_at


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SCREENING = "screening"
    INELIGIBLE = "ineligible"
    IN_REVIEW = "in_review"
    MORE_INFORMATION = "more_information"
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


#: The states in which an application holds part of its round's budget.
AWARDED_STATES = (ApplicationStatus.APPROVED, ApplicationStatus.IN_PROGRESS,
                  ApplicationStatus.CLOSED)


class GrantApplication(Base):
    __tablename__ = "lms_grant_applications"
    __table_args__ = (
        # The round's pages list its applications by state; the budget sums awarded ones.
        Index("ix_lms_grant_applications_round_status", "round_id", "status"),
        # The staff's home: those to screen and those under review, across the rounds, the
        # first sent first (its few oldest read in the index's order, not sorted).
        Index("ix_lms_grant_applications_status", "status", "submitted_at"),
        CheckConstraint("awarded_amount IS NULL OR awarded_amount > 0",
                        name="awarded_positive"),
        # The round's list for staff (sent ones, the first sent first, a page at a time), its
        # figures by state and its statistics by country, each read from the index alone.
        Index("ix_lms_grant_applications_round_submitted_at", "round_id", "submitted_at",
              "status", "country", "requested_amount", "awarded_amount"),
        # The round's statistics by country and state, read in the index's order: no sorting.
        Index("ix_lms_grant_applications_round_country", "round_id", "country", "status",
              "submitted_at", "requested_amount", "awarded_amount"),
        # A committee member's lists reach the application (and whether it is still under
        # review) from each assignment's subject.
        Index("ix_lms_grant_applications_review_subject_id", "review_subject_id", "status",
              "round_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("lms_grant_rounds.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_type(ApplicationStatus, "grant_application_status"),
        default=ApplicationStatus.DRAFT)

    title: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str | None] = mapped_column(String(2))
    organization: Mapped[str] = mapped_column(String(200), default="")
    applicant_role: Mapped[str] = mapped_column(String(200), default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    use_of_learning: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    beneficiaries: Mapped[str] = mapped_column(Text, default="")
    beneficiary_count: Mapped[int | None]
    local_currency: Mapped[str | None] = mapped_column(String(3))
    #: Units of the round's currency for one unit of the local currency.
    exchange_rate: Mapped[decimal.Decimal | None] = mapped_column(DecimalText())
    #: The total the applicant states, in the local currency: it must match the lines.
    stated_total: Mapped[int | None]
    co_funding: Mapped[str] = mapped_column(Text, default="")
    indicators: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")

    #: The budget's total in the round's currency, kept in step with the lines.
    requested_amount: Mapped[int] = mapped_column(default=0)
    awarded_amount: Mapped[int | None]
    #: What staff wrote when screening, which the applicant reads.
    screening_reason: Mapped[str] = mapped_column(Text, default="")
    #: The last decision's message from the committee.
    decision_message: Mapped[str] = mapped_column(Text, default="")
    #: The number of the last submitted version (0 while never submitted).
    version: Mapped[int] = mapped_column(default=0)
    review_subject_id: Mapped[int | None] = mapped_column(ForeignKey("lms_review_subjects.id"))

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None]
    decided_at: Mapped[dt.datetime | None]
    terms_accepted_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    withdrawn_at: Mapped[dt.datetime | None]

    round: Mapped[GrantRound] = relationship()
    applicant: Mapped[User] = relationship()
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="application", order_by="BudgetLine.position",
        cascade="all, delete-orphan")
    review_subject: Mapped[ReviewSubject | None] = relationship()

    @property
    def is_with_committee(self) -> bool:
        """Its reviewers may be asked, and their due days changed."""
        return self.status == ApplicationStatus.IN_REVIEW


class BudgetCategory(enum.StrEnum):
    PERSONNEL = "personnel"
    TRAINING = "training"
    EQUIPMENT = "equipment"
    MATERIALS = "materials"
    TRAVEL = "travel"
    VENUE = "venue"
    ADMINISTRATION = "administration"
    OTHER = "other"


class BudgetLine(Base):
    __tablename__ = "lms_grant_budget_lines"
    __table_args__ = (CheckConstraint("local_amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("lms_grant_applications.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    category: Mapped[BudgetCategory] = mapped_column(
        enum_type(BudgetCategory, "grant_budget_category"))
    description: Mapped[str] = mapped_column(String(300))
    local_amount: Mapped[int]

    application: Mapped[GrantApplication] = relationship(back_populates="budget_lines")


class ApplicationVersion(Base):
    """Everything an application said when it was submitted, kept for good: a resubmission
    after "more information" adds a version and never overwrites the earlier one."""

    __tablename__ = "lms_grant_application_versions"
    __table_args__ = (UniqueConstraint("application_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("lms_grant_applications.id"))
    number: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DecisionOutcome(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    MORE_INFORMATION = "more_information"


class GrantDecision(Base):
    """The committee's decision as staff recorded it; a request for more information is
    followed by a later decision, and every one is kept."""

    __tablename__ = "lms_grant_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("lms_grant_applications.id"),
                                                index=True)
    outcome: Mapped[DecisionOutcome] = mapped_column(
        enum_type(DecisionOutcome, "grant_decision_outcome"))
    amount: Mapped[int | None]
    message: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))


class Disbursement(Base):
    __tablename__ = "lms_grant_disbursements"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("lms_grant_applications.id"),
                                                index=True)
    paid_on: Mapped[dt.date]
    amount: Mapped[int]
    reference: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))


class ReportKind(enum.StrEnum):
    PROGRESS = "progress"
    FINAL = "final"


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    ACCEPTED = "accepted"


class GrantReport(Base):
    """A grantee's progress or final report: one of each per grant, edited again when staff
    ask for changes."""

    __tablename__ = "lms_grant_reports"
    __table_args__ = (UniqueConstraint("application_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("lms_grant_applications.id"))
    kind: Mapped[ReportKind] = mapped_column(enum_type(ReportKind, "grant_report_kind"))
    status: Mapped[ReportStatus] = mapped_column(
        enum_type(ReportStatus, "grant_report_status"), default=ReportStatus.DRAFT)
    narrative: Mapped[str] = mapped_column(Text, default="")
    beneficiaries_reached: Mapped[int | None]
    staff_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None]
    reviewed_at: Mapped[dt.datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))

    application: Mapped[GrantApplication] = relationship()
    spending: Mapped[list[ReportSpending]] = relationship(
        back_populates="report", cascade="all, delete-orphan")
    attachments: Mapped[list[ReportAttachment]] = relationship(
        back_populates="report", order_by="ReportAttachment.id", cascade="all, delete-orphan")


class ReportSpending(Base):
    """What was spent on one budget line by the time of the report, in the local currency."""

    __tablename__ = "lms_grant_report_spending"
    __table_args__ = (UniqueConstraint("report_id", "budget_line_id"),
                      CheckConstraint("spent_local >= 0", name="spent_not_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("lms_grant_reports.id", ondelete="CASCADE"))
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("lms_grant_budget_lines.id"))
    spent_local: Mapped[int]

    report: Mapped[GrantReport] = relationship(back_populates="spending")


class ReportAttachment(Base):
    __tablename__ = "lms_grant_report_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("lms_grant_reports.id", ondelete="CASCADE"),
                                           index=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    report: Mapped[GrantReport] = relationship(back_populates="attachments")


class ReportReminder(Base):
    """A reminder sent before a report's due day: once per grant and report kind."""

    __tablename__ = "lms_grant_report_reminders"
    __table_args__ = (UniqueConstraint("application_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("lms_grant_applications.id"))
    kind: Mapped[ReportKind] = mapped_column(enum_type(ReportKind, "grant_reminder_kind"))
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# The tallies follow every write of an application: their mapper events must be registered
# wherever the model is.
from lms.grants import tallies  # noqa: E402, F401
