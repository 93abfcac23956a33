"""Read models of the staff page of one grant application: everything it shows, read in one
place, so the view only adds the forms."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Role, User
from lms.grants import applying, queries
from lms.grants.models import (
    AWARDED_STATES,
    ApplicationStatus,
    ApplicationVersion,
    BudgetLine,
    GrantApplication,
    GrantDecision,
    GrantReport,
    GrantRound,
    ReportAttachment,
    ReportKind,
    ReportStatus,
)
from lms.grants.tallies import GrantRoundTally
from lms.reviews.models import ReviewScheme, ReviewSubject
from lms.reviews.plain_panel import PlainPanel, plain_panel

S = ApplicationStatus


class RoundFacts(NamedTuple):
    """What the page shows of the application's round."""

    id: int
    title: str
    currency: str
    budget: int
    progress_report_due_on: dt.date | None
    final_report_due_on: dt.date | None


@dataclass(frozen=True)
class StaffApplicationPage:
    #: The application's columns (``_page_statements().application``), with the applicant's
    #: ``applicant_name`` and ``applicant_email``.
    application: Row[Any]
    grant_round: RoundFacts
    #: Its budget lines in order: ``id``, ``position``, ``category``, ``description`` and
    #: ``local_amount``.
    budget_lines: list[Row[Any]]
    #: What the application says now, with the same keys as a kept version.
    content: dict[str, Any]
    #: Each version sent: its ``number`` and when it was ``submitted_at``.
    versions: list[Row[Any]]
    review: PlainPanel
    #: Each decision: ``decided_at``, ``outcome``, ``amount``, ``message`` and ``decided_by``,
    #: the name of who recorded it.
    decisions: list[Row[Any]]
    payments: list[queries.Payment]
    reports: dict[ReportKind, GrantReport]
    #: What the round has awarded so far (its tallies); 0 unless a decision may be recorded.
    round_awarded: int

    @property
    def awarded(self) -> bool:
        return self.application.status in AWARDED_STATES

    @property
    def may_screen(self) -> bool:
        return self.application.status in (S.SUBMITTED, S.SCREENING)

    @property
    def may_decide(self) -> bool:
        """With the committee: reviewers may be asked and a decision recorded."""
        return self.application.status == S.IN_REVIEW

    @property
    def may_pay(self) -> bool:
        return self.application.status in (S.IN_PROGRESS, S.CLOSED)

    @property
    def paid(self) -> int:
        return sum(payment.amount for payment in self.payments)

    @property
    def to_pay(self) -> int:
        return (self.application.awarded_amount or 0) - self.paid

    @property
    def reports_to_review(self) -> list[ReportKind]:
        """The reports sent and waiting for staff to accept them or ask for changes."""
        return [kind for kind, report in self.reports.items()
                if report.status == ReportStatus.SUBMITTED]


def staff_application_page(db_session: Session, actor: User,
                           application_id: int) -> StaffApplicationPage | None:
    """Any sent application's page, for staff (as queries.application_for_staff finds it),
    read as plain rows on the session's connection, after whatever the request changed is
    flushed: through the ORM, the application, its round, applicant, budget and reviewers
    as objects cost more than the rest of the page."""
    if not actor.has_role(Role.STAFF):
        return None
    db_session.flush()
    connection = db_session.connection()
    statements = _page_statements()
    found = connection.execute(statements.application,
                               {"application_id": application_id}).first()
    if found is None:
        return None
    values = {"application_id": application_id}
    lines = list(connection.execute(statements.budget_lines, values))
    status = found.status
    with_committee = status == S.IN_REVIEW
    return StaffApplicationPage(
        application=found, budget_lines=lines, content=applying.content_of(found, lines),
        grant_round=RoundFacts(found.round_id, found.round_title, found.currency, found.budget,
                               found.progress_report_due_on, found.final_report_due_on),
        versions=list(connection.execute(statements.versions, values)),
        review=plain_panel(connection, found.criteria, found.review_subject_id,
                           found.subject_owner_id, with_committee=with_committee,
                           zone=zoneinfo.ZoneInfo(found.timezone)),
        # Every decision marks when the last one was made (lms.grants.decisions): none was
        # made on an application that has no such mark.
        decisions=list(connection.execute(statements.decisions, values))
        if found.decided_at is not None else [],
        payments=queries.payments_of(db_session, found) if status in AWARDED_STATES else [],
        reports=reports_of(db_session, found) if status in (S.IN_PROGRESS, S.CLOSED) else {},
        round_awarded=int(found.round_awarded or 0) if with_committee else 0)


def version_of(db_session: Session, application: GrantApplication,
               number: int) -> ApplicationVersion | None:
    return db_session.scalar(select(ApplicationVersion).where(
        ApplicationVersion.application_id == application.id,
        ApplicationVersion.number == number))


def reports_of(db_session: Session, application: GrantApplication | Row[Any]
               ) -> dict[ReportKind, GrantReport]:
    return {report.kind: report for report in db_session.scalars(
        _page_statements().reports, {"application_id": application.id})}


@dataclass(frozen=True)
class _PageStatements:
    application: Select[Any]
    budget_lines: Select[Any]
    versions: Select[Any]
    decisions: Select[Any]
    reports: Select[tuple[GrantReport]]


#: The application's own columns the page reads, its texts among them.
_APPLICATION_COLUMNS = (
    "id", "round_id", "status", "country", "beneficiary_count", "local_currency",
    "exchange_rate", "stated_total", "requested_amount", "awarded_amount", "screening_reason",
    "version", "review_subject_id", "submitted_at", "decided_at", "terms_accepted_at",
    *applying.TEXT_FIELDS)


@functools.cache
def _page_statements() -> _PageStatements:
    """The staff page's questions about one application, built once, the application bound at
    each visit: building them cost more than the database took to answer."""
    application_id = bindparam("application_id")
    tally = GrantRoundTally
    awarded = (select(func.sum(tally.awarded))
               .where(tally.round_id == GrantApplication.round_id,
                      tally.status.in_(AWARDED_STATES))
               .scalar_subquery())
    line = BudgetLine
    return _PageStatements(
        # Any sent application (a draft stays its author's), with its round, the round's
        # criteria, the applicant's name and address, its review's subject and what the round
        # has awarded (as queries.awarded_in reads it).
        application=select(
            *(GrantApplication.__table__.c[name] for name in _APPLICATION_COLUMNS),
            User.display_name.label("applicant_name"), User.email.label("applicant_email"),
            GrantRound.title.label("round_title"), GrantRound.currency, GrantRound.budget,
            GrantRound.progress_report_due_on, GrantRound.final_report_due_on,
            GrantRound.timezone, ReviewScheme.criteria,
            ReviewSubject.owner_id.label("subject_owner_id"), awarded.label("round_awarded"))
        .join(GrantRound, GrantRound.id == GrantApplication.round_id)
        .join(ReviewScheme, ReviewScheme.id == GrantRound.review_scheme_id)
        .join(User, User.id == GrantApplication.applicant_id)
        .outerjoin(ReviewSubject, ReviewSubject.id == GrantApplication.review_subject_id)
        .where(GrantApplication.id == application_id,
               GrantApplication.submitted_at.is_not(None)),
        budget_lines=select(line.id, line.position, line.category, line.description,
                            line.local_amount)
        .where(line.application_id == application_id).order_by(line.position),
        versions=select(ApplicationVersion.number, ApplicationVersion.submitted_at)
        .where(ApplicationVersion.application_id == application_id)
        .order_by(ApplicationVersion.number),
        decisions=select(GrantDecision.decided_at, GrantDecision.outcome, GrantDecision.amount,
                         GrantDecision.message, User.display_name.label("decided_by"))
        .outerjoin(User, User.id == GrantDecision.decided_by_id)
        .where(GrantDecision.application_id == application_id)
        .order_by(GrantDecision.decided_at, GrantDecision.id),
        reports=select(GrantReport)
        .options(selectinload(GrantReport.spending), selectinload(GrantReport.attachments))
        .where(GrantReport.application_id == application_id))


def report_attachment_for_staff(db_session: Session, actor: User,
                                attachment_id: int) -> ReportAttachment | None:
    if not actor.has_role(Role.STAFF):
        return None
    return db_session.get(ReportAttachment, attachment_id)
