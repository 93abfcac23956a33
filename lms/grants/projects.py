"""A funded project, after the committee's approval: the grantee accepts the terms, staff
record payments (never more than the award), the grantee reports on progress and at the end
(spending per budget line against the plan, with attachments), staff accept each report or ask
for changes, and the grant closes when the final report is accepted. Reminders go out before
the round's report due days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit, uploads
from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import lock_row
from lms.errors import PolicyError, ServiceError
from lms.grants.models import (
    ApplicationStatus,
    Disbursement,
    GrantApplication,
    GrantReport,
    GrantRound,
    ReportAttachment,
    ReportKind,
    ReportReminder,
    ReportSpending,
    ReportStatus,
)
from lms.grants.services import TEXT_MAX, move, require_applicant, tell_applicant
from lms.i18n import _l, format_day, format_money
from lms.notifications import services as notifications
from lms.security import require_staff
from lms.urls import external_url

S = ApplicationStatus
MAX_ATTACHMENTS = 10

REPORT_KIND_LABELS = {
    ReportKind.PROGRESS: _l("Progress report"),
    ReportKind.FINAL: _l("Final report"),
}

REPORT_STATUS_LABELS = {
    ReportStatus.DRAFT: _l("draft"),
    ReportStatus.SUBMITTED: _l("submitted, waiting for staff"),
    ReportStatus.CHANGES_REQUESTED: _l("changes asked for"),
    ReportStatus.ACCEPTED: _l("accepted"),
}

REVIEWED_SUBJECTS = {
    (ReportKind.PROGRESS, True): _l("Your progress report is accepted"),
    (ReportKind.PROGRESS, False): _l("Your progress report: changes asked for"),
    (ReportKind.FINAL, True): _l("Your final report is accepted"),
    (ReportKind.FINAL, False): _l("Your final report: changes asked for"),
}


def accept_terms(db_session: Session, actor: User, application: GrantApplication) -> None:
    """The grantee accepts the grant's terms; the project is then under way."""
    require_applicant(actor, application)
    move(db_session, actor, application, S.IN_PROGRESS, "grant_terms_accepted")
    application.terms_accepted_at = utcnow()
    db_session.flush()


def disbursed_total(db_session: Session, application: GrantApplication) -> int:
    return int(db_session.scalar(
        select(func.coalesce(func.sum(Disbursement.amount), 0))
        .where(Disbursement.application_id == application.id)) or 0)


def record_disbursement(db_session: Session, actor: User, application: GrantApplication,
                        paid_on: dt.date, amount: int, reference: str) -> Disbursement:
    """A payment to the grantee; payments never add up to more than the award."""
    require_staff(actor)
    if application.status not in (S.IN_PROGRESS, S.CLOSED):
        raise ServiceError(_l("Money is paid once the grantee has accepted the terms."))
    reference = reference.strip()
    if not reference:
        raise ServiceError(_l("Give the payment's reference."), field="reference")
    if len(reference) > 100:
        raise ServiceError(_l("Use at most %(count)d characters.", count=100),
                           field="reference")
    if amount <= 0:
        raise ServiceError(_l("The amount must be more than zero."), field="amount")
    lock_row(db_session, GrantApplication, application.id)
    left = (application.awarded_amount or 0) - disbursed_total(db_session, application)
    if amount > left:
        raise ServiceError(_l("Only %(left)s of the award is still to be paid.",
                              left=format_money(left, application.round.currency)),
                           field="amount")
    payment = Disbursement(application_id=application.id, paid_on=paid_on, amount=amount,
                           reference=reference, recorded_by_id=actor.id)
    db_session.add(payment)
    db_session.flush()
    audit.record(db_session, actor, "grant_disbursement_recorded", application,
                 after={"amount": amount, "paid_on": paid_on.isoformat(),
                        "reference": reference})
    return payment


@dataclass
class ReportInput:
    narrative: str
    beneficiaries_reached: int | None
    #: Spent so far on each budget line (by id), in the local currency.
    spending: dict[int, int | None]


def report_of(db_session: Session, application: GrantApplication,
              kind: ReportKind) -> GrantReport | None:
    return db_session.scalar(select(GrantReport).where(
        GrantReport.application_id == application.id, GrantReport.kind == kind))


def _editable_report(db_session: Session, actor: User, application: GrantApplication,
                     kind: ReportKind) -> GrantReport:
    require_applicant(actor, application)
    if application.status != S.IN_PROGRESS:
        raise ServiceError(_l("Reports are written while the project is under way."))
    report = report_of(db_session, application, kind)
    if report is None:
        report = GrantReport(application_id=application.id, kind=kind)
        db_session.add(report)
    elif report.status not in (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED):
        raise ServiceError(_l("This report is %(status)s and can no longer be changed.",
                              status=str(REPORT_STATUS_LABELS[report.status])))
    return report


def save_report(db_session: Session, actor: User, application: GrantApplication,
                kind: ReportKind, data: ReportInput, submit: bool) -> GrantReport:
    """Keep the report as a draft, or send it to staff when everything is filled in."""
    report = _editable_report(db_session, actor, application, kind)
    lines = {line.id: line for line in application.budget_lines}
    if set(data.spending) - set(lines):
        raise ServiceError(_l("This report form is out of date: reload it."))
    problems: list[Any] = []
    if len(data.narrative.strip()) > TEXT_MAX * 2:
        problems.append(_l("Use at most %(count)d characters.", count=TEXT_MAX * 2))
    if any((spent or 0) < 0 for spent in data.spending.values()) or \
            (data.beneficiaries_reached or 0) < 0:
        problems.append(_l("Amounts and numbers cannot be negative."))
    if submit:
        if not data.narrative.strip():
            problems.append(_l("Describe what the project did."))
        if data.beneficiaries_reached is None:
            problems.append(_l("Say how many people the project reached."))
        missing = [line for line_id, line in lines.items()
                   if data.spending.get(line_id) is None]
        problems += [_l("Budget line %(number)d (%(description)s): give what was spent, 0 if "
                        "nothing.", number=line.position, description=line.description)
                     for line in missing]
    if problems:
        raise PolicyError(problems)
    report.narrative = data.narrative.strip()
    report.beneficiaries_reached = data.beneficiaries_reached
    spent = {row.budget_line_id: row for row in report.spending}
    for line_id, amount in data.spending.items():
        if amount is None:
            if line_id in spent:
                report.spending.remove(spent[line_id])
        elif line_id in spent:
            spent[line_id].spent_local = amount
        else:
            report.spending.append(ReportSpending(budget_line_id=line_id, spent_local=amount))
    report.updated_at = utcnow()
    if submit:
        before = str(report.status)
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = report.updated_at
        db_session.flush()
        audit.record(db_session, actor, "grant_report_submitted", report,
                     before={"status": before},
                     after={"status": str(report.status), "kind": str(kind)})
    db_session.flush()
    return report


def add_attachment(db_session: Session, actor: User, application: GrantApplication,
                   kind: ReportKind, stream: IO[bytes], filename: str) -> ReportAttachment:
    report = _editable_report(db_session, actor, application, kind)
    db_session.flush()
    if len(report.attachments) >= MAX_ATTACHMENTS:
        raise ServiceError(_l("A report can have up to %(count)d attachments.",
                              count=MAX_ATTACHMENTS), field="attachment")
    try:
        stored = uploads.store(db_session, stream, field="attachment")
    except uploads.FileTooLarge:
        raise ServiceError(_l("The file is larger than %(mb)d MB. Send a smaller one.",
                              mb=uploads.max_bytes() // (1024 * 1024)),
                           field="attachment") from None
    attachment = ReportAttachment(report=report, stored_name=stored.stored_name,
                                  filename=(filename or "attachment")[-255:],
                                  content_type=stored.content_type, size=stored.size,
                                  sha256=stored.sha256)
    db_session.add(attachment)
    db_session.flush()
    audit.record(db_session, actor, "grant_report_attachment_added", report,
                 after={"attachment_id": attachment.id, "size": stored.size})
    return attachment


def remove_attachment(db_session: Session, actor: User, attachment: ReportAttachment) -> None:
    report = attachment.report
    _editable_report(db_session, actor, report.application, report.kind)
    stored_name = attachment.stored_name
    audit.record(db_session, actor, "grant_report_attachment_removed", report,
                 before={"attachment_id": attachment.id, "filename": attachment.filename})
    report.attachments.remove(attachment)
    db_session.flush()
    uploads.remove_when_committed(db_session, stored_name)


def review_report(db_session: Session, actor: User, report: GrantReport, accept: bool,
                  note: str) -> None:
    """Accept a submitted report or ask for changes. Accepting the final report closes the
    grant."""
    require_staff(actor)
    if report.status != ReportStatus.SUBMITTED:
        raise ServiceError(_l("Only a submitted report can be accepted or sent back."))
    note = note.strip()
    if not accept and not note:
        raise ServiceError(_l("Tell the grantee what to change."), field="note")
    before = str(report.status)
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.CHANGES_REQUESTED
    report.staff_note = note
    report.reviewed_at = utcnow()
    report.reviewed_by_id = actor.id
    db_session.flush()
    audit.record(db_session, actor, "grant_report_reviewed", report, before={"status": before},
                 after={"status": str(report.status), "note": note})
    application = report.application
    if accept and report.kind == ReportKind.FINAL:
        move(db_session, actor, application, S.CLOSED, "grant_closed")
        application.closed_at = utcnow()
        db_session.flush()
    tell_applicant(db_session, application, REVIEWED_SUBJECTS[report.kind, accept],
                   "lms/grants/mail/report_reviewed.txt", kind="grant_project", report=report,
                   kind_label=REPORT_KIND_LABELS[report.kind])


# Reminders --------------------------------------------------------------------------------------


def send_report_reminders(db_session: Session, days: int | None = None) -> int:
    """Remind grantees of reports due within ``days`` (LMS_GRANT_REMINDER_DAYS) that they
    have not yet sent; once per grant and report, however often this runs."""
    window = dt.timedelta(days=days or current_app.config["LMS_GRANT_REMINDER_DAYS"])
    today = utcnow().date()
    grants = db_session.execute(
        select(GrantApplication, GrantRound)
        .join(GrantRound, GrantRound.id == GrantApplication.round_id)
        .where(GrantApplication.status == S.IN_PROGRESS)).all()
    if not grants:
        return 0
    ids = [grant.id for grant, _round in grants]
    sent_reports = set(db_session.execute(
        select(GrantReport.application_id, GrantReport.kind)
        .where(GrantReport.application_id.in_(ids),
               GrantReport.status.in_((ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)))).all())
    reminded = set(db_session.execute(
        select(ReportReminder.application_id, ReportReminder.kind)
        .where(ReportReminder.application_id.in_(ids))).all())
    count = 0
    for grant, grant_round in grants:
        for kind, due_on in ((ReportKind.PROGRESS, grant_round.progress_report_due_on),
                             (ReportKind.FINAL, grant_round.final_report_due_on)):
            key = (grant.id, kind)
            if due_on is None or key in sent_reports or key in reminded:
                continue
            if not today <= due_on <= today + window:
                continue
            try:
                with db_session.begin_nested():
                    db_session.add(ReportReminder(application_id=grant.id, kind=kind))
            except IntegrityError:
                continue  # another run sent it
            notifications.notify(
                db_session, grant.applicant, "grant_project",
                _l("%(report)s due on %(day)s", report=REPORT_KIND_LABELS[kind],
                   day=format_day(due_on)),
                "lms/grants/mail/report_reminder.txt", application=grant, due_on=due_on,
                kind_label=REPORT_KIND_LABELS[kind],
                link=external_url("lms.grants.report", application_id=grant.id,
                                  kind=str(kind)))
            count += 1
    return count
