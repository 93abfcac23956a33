"""The grant program: staff open rounds, alumni apply, staff screen, the fund committee
reviews, staff record the committee's decisions within the round's budget, and grantees
report on their projects.

The application workflow (after Hypha's, with an eligibility gate, conflicts of interest and
a budget cap); a move not listed is refused:

    draft            → submitted | withdrawn           (the applicant)
    submitted        → screening | withdrawn           (staff begin screening; the applicant)
    screening        → in_review | ineligible          (staff)
    in_review        → approved | rejected | more_information   (staff, for the committee)
    more_information → submitted                       (the applicant, a new version)
    approved         → in_progress                     (the grantee accepts the terms)
    in_progress      → closed                          (staff accept the final report)

Every move writes an audit event in the same transaction. A decision that awards money takes
the round's row lock before adding up what is already awarded, so two staff approving at the
same moment never take the round past its budget. Services flush, never commit.

This module keeps the workflow, rounds, screening and review; the applicant's side is in
applying.py, the committee's decisions in decisions.py, a funded project in projects.py.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.clock import local_to_utc, utcnow, zone_named
from lms.db import lock_row
from lms.errors import NotAllowed, ServiceError
from lms.grants.models import (
    AWARDED_STATES,
    ApplicationStatus,
    BudgetCategory,
    DecisionOutcome,
    GrantApplication,
    GrantRound,
)
from lms.i18n import _l, format_money, lazy_pgettext
from lms.notifications import services as notifications
from lms.reviews import services as reviews
from lms.reviews import tally
from lms.reviews.models import ReviewAssignment
from lms.security import require_staff
from lms.urls import external_url

S = ApplicationStatus

TRANSITIONS: dict[ApplicationStatus, set[ApplicationStatus]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.SCREENING, S.WITHDRAWN},
    S.SCREENING: {S.IN_REVIEW, S.INELIGIBLE},
    S.IN_REVIEW: {S.APPROVED, S.REJECTED, S.MORE_INFORMATION},
    S.MORE_INFORMATION: {S.SUBMITTED},
    S.APPROVED: {S.IN_PROGRESS},
    S.IN_PROGRESS: {S.CLOSED},
    S.INELIGIBLE: set(),
    S.REJECTED: set(),
    S.CLOSED: set(),
    S.WITHDRAWN: set(),
}

STATUS_LABELS = {
    S.DRAFT: _l("draft"),
    S.SUBMITTED: _l("submitted"),
    S.SCREENING: _l("being screened"),
    S.INELIGIBLE: _l("not eligible"),
    S.IN_REVIEW: _l("with the committee"),
    S.MORE_INFORMATION: _l("more information asked for"),
    S.APPROVED: _l("approved"),
    S.REJECTED: _l("not funded"),
    S.IN_PROGRESS: _l("project under way"),
    S.CLOSED: _l("closed"),
    S.WITHDRAWN: lazy_pgettext("grants", "withdrawn by the applicant"),
}

#: The states in which the applicant may change what the application says.
EDITABLE_STATES = (S.DRAFT, S.MORE_INFORMATION)

CATEGORY_LABELS = {
    BudgetCategory.PERSONNEL: _l("Personnel"),
    BudgetCategory.TRAINING: _l("Training and workshops"),
    BudgetCategory.EQUIPMENT: _l("Equipment"),
    BudgetCategory.MATERIALS: _l("Materials and supplies"),
    BudgetCategory.TRAVEL: _l("Travel and transport"),
    BudgetCategory.VENUE: _l("Venue hire"),
    BudgetCategory.ADMINISTRATION: _l("Administration"),
    BudgetCategory.OTHER: _l("Other"),
}

OUTCOME_LABELS = {
    DecisionOutcome.APPROVED: _l("approved"),
    DecisionOutcome.REJECTED: _l("not funded"),
    DecisionOutcome.MORE_INFORMATION: _l("more information needed"),
}

#: The fund committee's criteria for a new round; staff score nothing themselves.
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {"key": "need", "label": "Need and who benefits", "weight": 3},
    {"key": "learning", "label": "Use of what was learned in Japan", "weight": 2},
    {"key": "feasibility", "label": "Feasibility of the plan and timeline", "weight": 2},
    {"key": "budget", "label": "Budget: realistic and good value", "weight": 2},
    {"key": "sustainability", "label": "Sustainability after the grant", "weight": 1},
]

TEXT_MAX = 5000


def check_transition(current: ApplicationStatus, wanted: ApplicationStatus) -> None:
    if wanted not in TRANSITIONS[current]:
        raise ServiceError(lazy_pgettext(
            "grants", "An application that is %(current)s cannot become %(wanted)s.",
            current=str(STATUS_LABELS[current]), wanted=str(STATUS_LABELS[wanted])))


def move(db_session: Session, actor: User, application: GrantApplication,
          wanted: ApplicationStatus, action: str, **details: Any) -> None:
    check_transition(application.status, wanted)
    before = str(application.status)
    application.status = wanted
    application.updated_at = utcnow()
    db_session.flush()
    if application.review_subject_id is not None:
        # In review or out of it, its assignments count as outstanding or no longer do.
        tally.recount(db_session, application.round.review_scheme_id,
                      application.review_subject_id)
    audit.record(db_session, actor, action, application, before={"status": before},
                 after={"status": str(wanted), **details})


def require_applicant(actor: User, application: GrantApplication) -> None:
    if application.applicant_id != actor.id:
        raise NotAllowed(_l("Only the applicant can do this."))


# Rounds -----------------------------------------------------------------------------------------


@dataclass
class RoundInput:
    fiscal_year: int
    title: str
    timezone: str
    opens_at: dt.datetime  # naive, in ``timezone``
    closes_at: dt.datetime  # naive, in ``timezone``
    budget: int
    largest_award: int
    currency: str = "JPY"
    guide_course_id: int | None = None
    allow_several: bool = False
    progress_report_due_on: dt.date | None = None
    final_report_due_on: dt.date | None = None


def _round_snapshot(grant_round: GrantRound) -> dict[str, Any]:
    return {"fiscal_year": grant_round.fiscal_year, "title": grant_round.title,
            "opens_at": grant_round.opens_at.isoformat(),
            "closes_at": grant_round.closes_at.isoformat(), "budget": grant_round.budget,
            "largest_award": grant_round.largest_award, "currency": grant_round.currency,
            "allow_several": grant_round.allow_several}


def _apply_round_input(grant_round: GrantRound, data: RoundInput) -> None:
    title = data.title.strip()
    if not title:
        raise ServiceError(_l("Give the round a title."), field="title")
    if not 1984 <= data.fiscal_year <= 2100:
        raise ServiceError(_l("Give the fiscal year as four digits, such as 2026."),
                           field="fiscal_year")
    zone = zone_named(data.timezone)
    currency = data.currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ServiceError(_l("Give the currency as its three-letter code, such as JPY."),
                           field="currency")
    if data.budget <= 0:
        raise ServiceError(_l("The budget must be more than zero."), field="budget")
    if not 0 < data.largest_award <= data.budget:
        raise ServiceError(_l("The largest award must be more than zero and within the "
                              "budget."), field="largest_award")
    opens_at = local_to_utc(data.opens_at, zone, field="opens_at").utc
    closes_at = local_to_utc(data.closes_at, zone, field="closes_at").utc
    if closes_at <= opens_at:
        raise ServiceError(_l("The round must close after it opens."), field="closes_at")
    if (data.progress_report_due_on and data.final_report_due_on
            and data.final_report_due_on <= data.progress_report_due_on):
        raise ServiceError(_l("The final report must be due after the progress report."),
                           field="final_report_due_on")
    grant_round.fiscal_year = data.fiscal_year
    grant_round.title = title
    grant_round.timezone = data.timezone
    grant_round.opens_at, grant_round.closes_at = opens_at, closes_at
    grant_round.currency = currency
    grant_round.budget, grant_round.largest_award = data.budget, data.largest_award
    grant_round.guide_course_id = data.guide_course_id
    grant_round.allow_several = data.allow_several
    grant_round.progress_report_due_on = data.progress_report_due_on
    grant_round.final_report_due_on = data.final_report_due_on


def create_round(db_session: Session, actor: User, data: RoundInput,
                 criteria: list[dict[str, Any]] | None = None) -> GrantRound:
    require_staff(actor)
    grant_round = GrantRound(created_by_id=actor.id)
    _apply_round_input(grant_round, data)
    grant_round.review_scheme = reviews.create_scheme(
        db_session, actor, grant_round.title, criteria or DEFAULT_CRITERIA)
    db_session.add(grant_round)
    db_session.flush()
    audit.record(db_session, actor, "grant_round_created", grant_round,
                 after=_round_snapshot(grant_round))
    return grant_round


def update_round(db_session: Session, actor: User, grant_round: GrantRound,
                 data: RoundInput) -> GrantRound:
    """Change a round. Its budget may not fall below what is already awarded from it."""
    require_staff(actor)
    lock_row(db_session, GrantRound, grant_round.id)
    before = _round_snapshot(grant_round)
    _apply_round_input(grant_round, data)
    awarded = awarded_total(db_session, grant_round)
    if grant_round.budget < awarded:
        raise ServiceError(_l("%(amount)s is already awarded from this round: the budget "
                              "cannot be less.", amount=format_money(awarded,
                                                                     grant_round.currency)),
                           field="budget")
    db_session.flush()
    audit.record(db_session, actor, "grant_round_changed", grant_round, before=before,
                 after=_round_snapshot(grant_round))
    return grant_round


def awarded_total(db_session: Session, grant_round: GrantRound) -> int:
    """What the round has awarded so far, read from the database (never from loaded rows, so
    it counts what another transaction committed before our lock)."""
    return int(db_session.scalar(_awarded_statement(), {"round_id": grant_round.id}) or 0)


@functools.cache
def _awarded_statement() -> Select[tuple[int]]:
    # Built once, the round bound at each visit: building it cost more than running it.
    return (select(func.coalesce(func.sum(GrantApplication.awarded_amount), 0))
            .where(GrantApplication.round_id == bindparam("round_id"),
                   GrantApplication.status.in_(AWARDED_STATES)))


# Screening and review ---------------------------------------------------------------------------


def begin_screening(db_session: Session, actor: User, application: GrantApplication) -> None:
    """Staff take the application up; from now on the applicant cannot withdraw it."""
    require_staff(actor)
    move(db_session, actor, application, S.SCREENING, "grant_application_screening")


def screen(db_session: Session, actor: User, application: GrantApplication, eligible: bool,
           reason: str) -> None:
    """Decide whether the application is eligible. An ineligible one ends here with the reason,
    which the applicant reads; an eligible one goes to the committee."""
    require_staff(actor)
    reason = reason.strip()
    if not eligible and not reason:
        raise ServiceError(_l("Give the applicant the reason it is not eligible."),
                           field="reason")
    if application.status == S.SUBMITTED:
        begin_screening(db_session, actor, application)
    application.screening_reason = reason
    if eligible:
        move(db_session, actor, application, S.IN_REVIEW, "grant_application_eligible",
              reason=reason)
        if application.review_subject_id is None:
            subject = reviews.open_subject(db_session, application.round.review_scheme,
                                           application.applicant, application.title)
            application.review_subject_id = subject.id
            db_session.flush()
    else:
        move(db_session, actor, application, S.INELIGIBLE, "grant_application_ineligible",
              reason=reason)
        tell_applicant(db_session, application, _l("Your grant application: not eligible"),
                        "lms/grants/mail/ineligible.txt")


def assign_reviewer(db_session: Session, actor: User, application: GrantApplication,
                    reviewer: User, *, due_on: dt.date | None = None) -> ReviewAssignment:
    """Ask a committee member to review the application by ``due_on`` (by default
    LMS_REVIEW_DAYS from today in the round's zone), and tell them by mail (once)."""
    if application.status != S.IN_REVIEW or application.review_subject is None:
        raise ServiceError(_l("Reviewers can be assigned once the application is found "
                              "eligible."), field="reviewer")
    def tell(assignment: ReviewAssignment) -> None:
        notifications.notify(db_session, reviewer, "review_assigned",
                             _l("A grant application to review"),
                             "lms/grants/mail/review_assigned.txt", application=application,
                             round=application.round, due_on=assignment.due_on,
                             link=external_url("lms.grants_review.review",
                                               assignment_id=assignment.id))

    return reviews.assign(db_session, actor, application.review_subject, reviewer,
                          zone=application.round.zone, due_on=due_on, tell=tell)


def tell_applicant(db_session: Session, application: GrantApplication, subject: Any,
                   template: str, kind: str = "application_decision", **context: Any) -> None:
    notifications.notify(db_session, application.applicant, kind, subject, template,
                         application=application, round=application.round,
                         link=external_url("lms.grants.application",
                                           application_id=application.id),
                         format_money=format_money, **context)
