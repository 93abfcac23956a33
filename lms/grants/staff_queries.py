"""Read models of the staff page of one grant application: everything it shows, read in one
place, so the view only adds the forms."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Role, User
from lms.grants import applying, queries
from lms.grants.models import (
    AWARDED_STATES,
    ApplicationStatus,
    ApplicationVersion,
    Disbursement,
    GrantApplication,
    GrantDecision,
    GrantReport,
    GrantRound,
    ReportAttachment,
    ReportKind,
    ReportStatus,
)
from lms.reviews import queries as review_queries

S = ApplicationStatus


@dataclass(frozen=True)
class StaffApplicationPage:
    application: GrantApplication
    #: What the application says now, with the same keys as a kept version.
    content: dict[str, Any]
    #: Each version sent: its ``number`` and when it was ``submitted_at``.
    versions: list[Row[Any]]
    review: review_queries.ReviewPanel
    #: Each decision: ``decided_at``, ``outcome``, ``amount``, ``message`` and ``decided_by``,
    #: the name of who recorded it.
    decisions: list[Row[Any]]
    payments: list[Disbursement]
    reports: dict[ReportKind, GrantReport]
    #: What the round has awarded so far; read only while a decision may be recorded.
    round_awarded: int

    @property
    def grant_round(self) -> GrantRound:
        return self.application.round

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
                           application: GrantApplication) -> StaffApplicationPage:
    status = application.status
    with_committee = application.is_with_committee
    return StaffApplicationPage(
        application=application, content=applying.snapshot(application),
        versions=versions_of(db_session, application),
        review=review_queries.review_panel(
            db_session, actor, application.round.review_scheme, application.review_subject,
            with_committee=with_committee, zone=application.round.zone),
        decisions=decisions_of(db_session, application),
        payments=queries.payments_of(db_session, application) if status in AWARDED_STATES else [],
        reports=reports_of(db_session, application) if status in (S.IN_PROGRESS, S.CLOSED)
        else {},
        round_awarded=queries.awarded_in(db_session, application.round_id)
        if with_committee else 0)


def _rows(db_session: Session, statement: Select[Any], application_id: int) -> list[Row[Any]]:
    """Plain rows of one of the page's statements, read on the session's connection (after
    whatever the request changed is flushed): as objects through the ORM they cost more than
    the database took to answer."""
    db_session.flush()
    return list(db_session.connection().execute(statement, {"application_id": application_id}))


def versions_of(db_session: Session, application: GrantApplication) -> list[Row[Any]]:
    return _rows(db_session, _page_statements().versions, application.id)


def version_of(db_session: Session, application: GrantApplication,
               number: int) -> ApplicationVersion | None:
    return db_session.scalar(select(ApplicationVersion).where(
        ApplicationVersion.application_id == application.id,
        ApplicationVersion.number == number))


def decisions_of(db_session: Session, application: GrantApplication) -> list[Row[Any]]:
    """Every decision recorded on the application, with the name of who recorded it."""
    return _rows(db_session, _page_statements().decisions, application.id)


def reports_of(db_session: Session,
               application: GrantApplication) -> dict[ReportKind, GrantReport]:
    return {report.kind: report for report in db_session.scalars(
        _page_statements().reports, {"application_id": application.id})}


@dataclass(frozen=True)
class _PageStatements:
    versions: Select[Any]
    decisions: Select[Any]
    reports: Select[tuple[GrantReport]]


@functools.cache
def _page_statements() -> _PageStatements:
    """The staff page's questions about one application, built once, the application bound at
    each visit: building them cost more than the database took to answer."""
    application_id = bindparam("application_id")
    return _PageStatements(
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
