"""The grants' part of a person's data: their grant applications with their budgets and every
submitted version, the decisions on them, what was paid, and their reports (with the names
of the files attached). Who decided, paid or reviewed is left out: that is staff's data."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from lms.accounts.models import User
from lms.grants.models import (
    ApplicationVersion,
    Disbursement,
    GrantApplication,
    GrantDecision,
    GrantReport,
)
from lms.personal_data import iso


def parts(db_session: Session, user: User) -> dict[str, Any]:
    applications = list(db_session.scalars(
        select(GrantApplication)
        .options(joinedload(GrantApplication.round), selectinload(GrantApplication.budget_lines))
        .where(GrantApplication.applicant_id == user.id)
        .order_by(GrantApplication.created_at, GrantApplication.id)))
    if not applications:
        return {"grant_applications": []}
    own = [application.id for application in applications]
    versions = _by_application(db_session.scalars(
        select(ApplicationVersion).where(ApplicationVersion.application_id.in_(own))
        .order_by(ApplicationVersion.number)))
    decisions = _by_application(db_session.scalars(
        select(GrantDecision).where(GrantDecision.application_id.in_(own))
        .order_by(GrantDecision.decided_at, GrantDecision.id)))
    payments = _by_application(db_session.scalars(
        select(Disbursement).where(Disbursement.application_id.in_(own))
        .order_by(Disbursement.paid_on, Disbursement.id)))
    reports = _by_application(db_session.scalars(
        select(GrantReport)
        .options(selectinload(GrantReport.spending), selectinload(GrantReport.attachments))
        .where(GrantReport.application_id.in_(own)).order_by(GrantReport.kind)))
    return {"grant_applications": [{
        **_application(application),
        "versions": [{"number": version.number, "submitted_at": iso(version.submitted_at),
                      "content": version.content} for version in versions[application.id]],
        "decisions": [{"outcome": decision.outcome.value, "amount": decision.amount,
                       "message": decision.message, "decided_at": iso(decision.decided_at)}
                      for decision in decisions[application.id]],
        "disbursements": [{"paid_on": iso(payment.paid_on), "amount": payment.amount,
                           "reference": payment.reference}
                          for payment in payments[application.id]],
        "reports": [_report(report) for report in reports[application.id]],
    } for application in applications]}


def _by_application(rows: Any) -> defaultdict[int, list[Any]]:
    grouped: defaultdict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.application_id].append(row)
    return grouped


def _application(application: GrantApplication) -> dict[str, Any]:
    return {
        "id": application.id,
        "round": application.round.title,
        "currency": application.round.currency,
        "status": application.status.value,
        "title": application.title,
        "country": application.country,
        "organization": application.organization,
        "applicant_role": application.applicant_role,
        "problem": application.problem,
        "use_of_learning": application.use_of_learning,
        "objectives": application.objectives,
        "activities": application.activities,
        "beneficiaries": application.beneficiaries,
        "beneficiary_count": application.beneficiary_count,
        "local_currency": application.local_currency,
        # As text: the rate's digits are exact and a float would change them.
        "exchange_rate": (None if application.exchange_rate is None
                          else str(application.exchange_rate)),
        "stated_total": application.stated_total,
        "co_funding": application.co_funding,
        "indicators": application.indicators,
        "risks": application.risks,
        "budget_lines": [{"id": line.id, "category": line.category.value,
                          "description": line.description, "local_amount": line.local_amount}
                         for line in application.budget_lines],
        "requested_amount": application.requested_amount,
        "awarded_amount": application.awarded_amount,
        "screening_reason": application.screening_reason,
        "decision_message": application.decision_message,
        "created_at": iso(application.created_at),
        "updated_at": iso(application.updated_at),
        "submitted_at": iso(application.submitted_at),
        "decided_at": iso(application.decided_at),
        "terms_accepted_at": iso(application.terms_accepted_at),
        "closed_at": iso(application.closed_at),
        "withdrawn_at": iso(application.withdrawn_at),
    }


def _report(report: GrantReport) -> dict[str, Any]:
    return {
        "kind": report.kind.value,
        "status": report.status.value,
        "narrative": report.narrative,
        "beneficiaries_reached": report.beneficiaries_reached,
        "spent_per_budget_line": [{"budget_line_id": spending.budget_line_id,
                                   "spent_local": spending.spent_local}
                                  for spending in report.spending],
        "staff_note": report.staff_note,
        "attachments": [{"name": attachment.filename, "content_type": attachment.content_type,
                         "size": attachment.size, "uploaded_at": iso(attachment.uploaded_at)}
                        for attachment in report.attachments],
        "updated_at": iso(report.updated_at),
        "submitted_at": iso(report.submitted_at),
        "reviewed_at": iso(report.reviewed_at),
    }
