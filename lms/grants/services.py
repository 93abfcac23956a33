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
"""

from __future__ import annotations

import datetime as dt
import decimal
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.alumni.models import AlumniProfile
from lms.alumni.status import is_alumnus
from lms.clock import local_to_utc, utcnow
from lms.db import lock_row
from lms.errors import NotAllowed, PolicyError, ServiceError
from lms.grants.models import (
    AWARDED_STATES,
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    DecisionOutcome,
    GrantApplication,
    GrantDecision,
    GrantRound,
)
from lms.i18n import _l, country_names, format_day, format_money
from lms.mail import enqueue_to_user
from lms.programs.services import require_staff
from lms.reviews import services as reviews
from lms.reviews.models import ReviewAssignment
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
    S.WITHDRAWN: _l("withdrawn by the applicant"),
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

#: The currency most applicants from a country budget in.
LOCAL_CURRENCIES = {
    "BD": "BDT", "ID": "IDR", "JP": "JPY", "KR": "KRW", "LK": "LKR", "MY": "MYR",
    "NP": "NPR", "PH": "PHP", "TH": "THB", "TW": "TWD", "VN": "VND", "IN": "INR",
    "MN": "MNT", "KH": "KHR", "LA": "LAK", "MM": "MMK", "PK": "PKR", "CN": "CNY",
}

NOT_ALUMNUS = _l("Grants are for alumni of the year-long training program: people who have "
                 "completed it. You can apply once you have completed the year-long training.")

TEXT_MAX = 5000
MAX_BUDGET_LINES = 30


def check_transition(current: ApplicationStatus, wanted: ApplicationStatus) -> None:
    if wanted not in TRANSITIONS[current]:
        raise ServiceError(_l("An application that is %(current)s cannot become %(wanted)s.",
                              current=str(STATUS_LABELS[current]),
                              wanted=str(STATUS_LABELS[wanted])))


def move(db_session: Session, actor: User, application: GrantApplication,
          wanted: ApplicationStatus, action: str, **details: Any) -> None:
    check_transition(application.status, wanted)
    before = str(application.status)
    application.status = wanted
    application.updated_at = utcnow()
    db_session.flush()
    audit.record(db_session, actor, action, application, before={"status": before},
                 after={"status": str(wanted), **details})


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
    try:
        zone = zoneinfo.ZoneInfo(data.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ServiceError(_l("Choose a time zone from the list."), field="timezone") from None
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
    return int(db_session.scalar(
        select(func.coalesce(func.sum(GrantApplication.awarded_amount), 0))
        .where(GrantApplication.round_id == grant_round.id,
               GrantApplication.status.in_(AWARDED_STATES))) or 0)


# Applying ---------------------------------------------------------------------------------------


def require_alumnus_to_apply(db_session: Session, user: User) -> None:
    if not is_alumnus(db_session, user):
        raise NotAllowed(NOT_ALUMNUS)


def require_applicant(actor: User, application: GrantApplication) -> None:
    if application.applicant_id != actor.id:
        raise NotAllowed(_l("Only the applicant can do this."))


def start_application(db_session: Session, actor: User,
                      grant_round: GrantRound) -> GrantApplication:
    """Open a draft in the round, filled in from the applicant's alumni profile. Someone who
    already has one (and may have only one) gets that one back."""
    require_alumnus_to_apply(db_session, actor)
    if not grant_round.is_open_at(utcnow()):
        raise ServiceError(_l("This round is not open for applications."))
    lock_row(db_session, GrantRound, grant_round.id)
    if not grant_round.allow_several:
        existing = db_session.scalar(
            select(GrantApplication).where(GrantApplication.round_id == grant_round.id,
                                           GrantApplication.applicant_id == actor.id,
                                           GrantApplication.status != S.WITHDRAWN))
        if existing is not None:
            return existing
    profile = db_session.scalar(select(AlumniProfile).where(AlumniProfile.user_id == actor.id))
    country = (profile and profile.country) or actor.country
    application = GrantApplication(
        round_id=grant_round.id, applicant_id=actor.id, country=country,
        organization=profile.organization if profile else "",
        applicant_role=profile.current_role if profile else "",
        local_currency=LOCAL_CURRENCIES.get(country or ""))
    db_session.add(application)
    db_session.flush()
    audit.record(db_session, actor, "grant_application_started", application,
                 after={"round_id": grant_round.id})
    return application


@dataclass
class BudgetLineInput:
    category: BudgetCategory
    description: str
    local_amount: int


@dataclass
class ApplicationInput:
    title: str = ""
    country: str | None = None
    organization: str = ""
    applicant_role: str = ""
    problem: str = ""
    use_of_learning: str = ""
    objectives: str = ""
    activities: str = ""
    beneficiaries: str = ""
    beneficiary_count: int | None = None
    local_currency: str | None = None
    exchange_rate: decimal.Decimal | None = None
    stated_total: int | None = None
    co_funding: str = ""
    indicators: str = ""
    risks: str = ""
    budget_lines: list[BudgetLineInput] = field(default_factory=list)


#: The written fields, their limits, and whether submitting needs them.
TEXT_FIELDS: dict[str, tuple[int, bool]] = {
    "title": (200, True), "organization": (200, True), "applicant_role": (200, True),
    "problem": (TEXT_MAX, True), "use_of_learning": (TEXT_MAX, True),
    "objectives": (TEXT_MAX, True), "activities": (TEXT_MAX, True),
    "beneficiaries": (TEXT_MAX, True), "co_funding": (TEXT_MAX, False),
    "indicators": (TEXT_MAX, True), "risks": (TEXT_MAX, True),
}


def requested_in_round_currency(lines: list[BudgetLine] | list[BudgetLineInput],
                                rate: decimal.Decimal | None) -> int:
    """The lines' total converted at ``rate``, rounded half up to a whole unit."""
    if rate is None:
        return 0
    total = sum(line.local_amount for line in lines) * rate
    return int(total.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))


class ApplicationProblems(PolicyError):
    """Everything wrong with an application, each message with the field it belongs to."""

    def __init__(self, problems: list[tuple[str, Any]]) -> None:
        super().__init__([message for _field, message in problems])
        self.problems = problems


def _check_lengths(data: ApplicationInput) -> list[tuple[str, Any]]:
    problems: list[tuple[str, Any]] = []
    for name, (limit, _required) in TEXT_FIELDS.items():
        if len(getattr(data, name).strip()) > limit:
            problems.append((name, _l("Use at most %(count)d characters.", count=limit)))
    if len(data.budget_lines) > MAX_BUDGET_LINES:
        problems.append(("budget_lines", _l("Use at most %(count)d budget lines.",
                                            count=MAX_BUDGET_LINES)))
    for number, line in enumerate(data.budget_lines, start=1):
        if line.local_amount < 0:
            problems.append(("budget_lines", _l("Budget line %(number)d: the amount cannot be "
                                                "negative.", number=number)))
        if len(line.description.strip()) > 300:
            problems.append(("budget_lines", _l("Budget line %(number)d: use at most 300 "
                                                "characters.", number=number)))
    if data.exchange_rate is not None and data.exchange_rate <= 0:
        problems.append(("exchange_rate", _l("The exchange rate must be more than zero.")))
    if data.beneficiary_count is not None and data.beneficiary_count < 0:
        problems.append(("beneficiary_count", _l("The number cannot be negative.")))
    return problems


def save_draft(db_session: Session, actor: User, application: GrantApplication,
               data: ApplicationInput) -> GrantApplication:
    """Keep what the applicant has written so far; only lengths and signs are checked, so a
    half-written application is never lost."""
    require_applicant(actor, application)
    if application.status not in EDITABLE_STATES:
        raise ServiceError(_l("This application is %(status)s and can no longer be changed.",
                              status=str(STATUS_LABELS[application.status])))
    if application.status == S.DRAFT and utcnow() > application.round.closes_at:
        raise ServiceError(_l("The round closed on %(day)s.",
                              day=format_day(application.round.closes_at.astimezone(
                                  application.round.zone).date())))
    problems = _check_lengths(data)
    if problems:
        raise ApplicationProblems(problems)
    for name in TEXT_FIELDS:
        setattr(application, name, getattr(data, name).strip())
    application.country = data.country or None
    application.beneficiary_count = data.beneficiary_count
    application.local_currency = (data.local_currency or "").strip().upper() or None
    application.exchange_rate = data.exchange_rate
    application.stated_total = data.stated_total
    application.budget_lines = [
        BudgetLine(position=position, category=line.category,
                   description=line.description.strip(), local_amount=line.local_amount)
        for position, line in enumerate(data.budget_lines, start=1)
        if line.description.strip() or line.local_amount]
    application.requested_amount = requested_in_round_currency(
        application.budget_lines, application.exchange_rate)
    application.updated_at = utcnow()
    db_session.flush()
    return application


def problems_with(application: GrantApplication) -> list[tuple[str, Any]]:
    """Everything that stops the application from being submitted, by field."""
    problems: list[tuple[str, Any]] = []
    for name, (_limit, required) in TEXT_FIELDS.items():
        if required and not getattr(application, name).strip():
            problems.append((name, _l("This is needed before you submit.")))
    if application.country not in dict(country_names("en")):
        problems.append(("country", _l("Choose the country where the project takes place.")))
    if not application.beneficiary_count:
        problems.append(("beneficiary_count", _l("Say how many people the project will "
                                                 "reach.")))
    currency = application.local_currency or ""
    if len(currency) != 3 or not currency.isalpha():
        problems.append(("local_currency", _l("Give your currency as its three-letter code, "
                                              "such as IDR.")))
    if not application.exchange_rate:
        problems.append(("exchange_rate", _l("Give the exchange rate to %(currency)s.",
                                             currency=application.round.currency)))
    lines = application.budget_lines
    if not lines:
        problems.append(("budget_lines", _l("Add at least one budget line.")))
    for number, line in enumerate(lines, start=1):
        if not line.description:
            problems.append(("budget_lines", _l("Budget line %(number)d: describe what it pays "
                                                "for.", number=number)))
        if line.local_amount <= 0:
            problems.append(("budget_lines", _l("Budget line %(number)d: give an amount.",
                                                number=number)))
    lines_total = sum(line.local_amount for line in lines)
    if application.stated_total is None:
        problems.append(("stated_total", _l("Give the total you ask for, in your currency.")))
    elif lines and application.stated_total != lines_total:
        problems.append(("stated_total", _l(
            "The budget lines add up to %(lines)s, not %(total)s: correct the lines or the "
            "total.", lines=f"{lines_total:,} {currency}",
            total=f"{application.stated_total:,} {currency}")))
    grant_round = application.round
    if application.exchange_rate and lines:
        requested = requested_in_round_currency(lines, application.exchange_rate)
        if requested > grant_round.largest_award:
            problems.append(("stated_total", _l(
                "You ask for %(requested)s; the largest award in this round is %(largest)s.",
                requested=format_money(requested, grant_round.currency),
                largest=format_money(grant_round.largest_award, grant_round.currency))))
    return problems


def snapshot(application: GrantApplication) -> dict[str, Any]:
    """What the application says, as kept in each submitted version."""
    content: dict[str, Any] = {name: getattr(application, name) for name in TEXT_FIELDS}
    content.update(
        country=application.country, beneficiary_count=application.beneficiary_count,
        local_currency=application.local_currency,
        exchange_rate=str(application.exchange_rate) if application.exchange_rate else None,
        stated_total=application.stated_total, requested_amount=application.requested_amount,
        budget_lines=[{"category": str(line.category), "description": line.description,
                       "local_amount": line.local_amount} for line in application.budget_lines])
    return content


def submit(db_session: Session, actor: User, application: GrantApplication) -> GrantApplication:
    """Send the application to staff, as a new version. Everything is checked at once and
    every problem is listed. A second press of the button changes nothing."""
    require_applicant(actor, application)
    if application.status == S.SUBMITTED:
        return application
    require_alumnus_to_apply(db_session, actor)
    if application.status not in EDITABLE_STATES:
        check_transition(application.status, S.SUBMITTED)
    now = utcnow()
    if application.status == S.DRAFT and not application.round.is_open_at(now):
        raise ServiceError(_l("The round closed on %(day)s: applications can no longer be "
                              "submitted.", day=format_day(application.round.closes_at
                                                           .astimezone(application.round.zone)
                                                           .date())))
    problems = problems_with(application)
    if problems:
        raise ApplicationProblems(problems)
    application.version += 1
    application.submitted_at = now
    db_session.add(ApplicationVersion(application_id=application.id,
                                      number=application.version,
                                      content=snapshot(application), submitted_at=now))
    move(db_session, actor, application, S.SUBMITTED, "grant_application_submitted",
          version=application.version, requested_amount=application.requested_amount)
    return application


def withdraw(db_session: Session, actor: User, application: GrantApplication) -> None:
    require_applicant(actor, application)
    move(db_session, actor, application, S.WITHDRAWN, "grant_application_withdrawn")
    application.withdrawn_at = utcnow()
    db_session.flush()


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
                    reviewer: User) -> ReviewAssignment:
    """Ask a committee member to review the application, and tell them by mail (once)."""
    if application.status != S.IN_REVIEW or application.review_subject is None:
        raise ServiceError(_l("Reviewers can be assigned once the application is found "
                              "eligible."), field="reviewer")
    already = db_session.scalar(select(ReviewAssignment.id).where(
        ReviewAssignment.subject_id == application.review_subject_id,
        ReviewAssignment.reviewer_id == reviewer.id))
    assignment = reviews.assign(db_session, actor, application.review_subject, reviewer)
    if already is None:
        enqueue_to_user(db_session, reviewer, _l("A grant application to review"),
                        "lms/grants/mail/review_assigned.txt", application=application,
                        round=application.round,
                        link=external_url("lms.grants_review.review",
                                          assignment_id=assignment.id))
    return assignment


def tell_applicant(db_session: Session, application: GrantApplication, subject: Any,
                    template: str, **context: Any) -> None:
    enqueue_to_user(db_session, application.applicant, subject, template,
                    application=application, round=application.round,
                    link=external_url("lms.grants.application", application_id=application.id),
                    format_money=format_money, **context)


# Decisions --------------------------------------------------------------------------------------


@dataclass
class DecisionInput:
    outcome: DecisionOutcome
    amount: int | None = None
    message: str = ""
    #: The application's ``decision_stamp`` as a confirmation page showed it; a decision
    #: confirmed on a page that no longer shows the application as it is is refused.
    seen: str | None = None


def decision_stamp(application: GrantApplication) -> str:
    """Changes whenever the application does: every move and every edit sets updated_at."""
    return f"{application.version}:{application.updated_at.isoformat()}"


def _check_decision(application: GrantApplication, decision: DecisionInput) -> None:
    if decision.outcome == DecisionOutcome.APPROVED:
        if decision.amount is None or decision.amount <= 0:
            raise ServiceError(_l("Give the amount awarded."), field="amount")
        if decision.amount > application.requested_amount:
            raise ServiceError(_l(
                "The award cannot be more than the %(requested)s asked for.",
                requested=format_money(application.requested_amount,
                                       application.round.currency)), field="amount")
    elif decision.amount is not None:
        raise ServiceError(_l("Give an amount only when approving."), field="amount")
    if decision.outcome == DecisionOutcome.MORE_INFORMATION and not decision.message.strip():
        raise ServiceError(_l("Tell the applicant what more information is needed."),
                           field="message")


def _check_rules(application: GrantApplication, decision: DecisionInput,
                 budget_left: int) -> None:
    check_transition(application.status, S(str(decision.outcome)))
    _check_decision(application, decision)
    if decision.outcome == DecisionOutcome.APPROVED and decision.amount is not None \
            and decision.amount > budget_left:
        raise ServiceError(_l(
            "Only %(left)s of the round's budget is left: %(amount)s would take it over.",
            left=format_money(budget_left, application.round.currency),
            amount=format_money(decision.amount, application.round.currency)), field="amount")


def _record_decision(db_session: Session, actor: User, application: GrantApplication,
                     decision: DecisionInput, budget_left: int) -> GrantDecision:
    """The decision itself, once the round is locked and ``budget_left`` read under it."""
    db_session.refresh(application)  # another member of staff may have decided meanwhile
    if decision.seen is not None and decision.seen != decision_stamp(application):
        raise ServiceError(_l("It has changed since the confirmation page was shown: "
                              "nothing was recorded. Check it again and decide anew."))
    _check_rules(application, decision, budget_left)
    if decision.outcome == DecisionOutcome.APPROVED:
        application.awarded_amount = decision.amount
    now = utcnow()
    application.decision_message = decision.message.strip()
    application.decided_at = now
    record = GrantDecision(application_id=application.id, outcome=decision.outcome,
                           amount=decision.amount, message=application.decision_message,
                           decided_at=now, decided_by_id=actor.id)
    db_session.add(record)
    move(db_session, actor, application, S(str(decision.outcome)), "grant_decision_recorded",
          amount=decision.amount, message=application.decision_message)
    subjects = {
        DecisionOutcome.APPROVED: _l("Your grant application is approved"),
        DecisionOutcome.REJECTED: _l("Your grant application: the committee's decision"),
        DecisionOutcome.MORE_INFORMATION: _l("Your grant application: more information "
                                             "needed"),
    }
    tell_applicant(db_session, application, subjects[decision.outcome],
                    "lms/grants/mail/decision.txt", decision=record,
                    outcome_label=OUTCOME_LABELS[decision.outcome])
    return record


def decide(db_session: Session, actor: User, application: GrantApplication,
           decision: DecisionInput) -> GrantDecision:
    """Record the committee's decision on one application."""
    return decide_many(db_session, actor, application.round, [(application, decision)])[0]


def decide_many(db_session: Session, actor: User, grant_round: GrantRound,
                decisions: list[tuple[GrantApplication, DecisionInput]]) -> list[GrantDecision]:
    """Record the decisions of one committee meeting: all of them, or none with every problem
    named. The round's lock is taken first, so the budget left is what it really is."""
    require_staff(actor)
    if any(application.round_id != grant_round.id for application, _ in decisions):
        raise ServiceError(_l("Record decisions for one round at a time."))
    lock_row(db_session, GrantRound, grant_round.id)
    budget_left = grant_round.budget - awarded_total(db_session, grant_round)
    records: list[GrantDecision] = []
    problems: list[Any] = []
    for application, decision in decisions:
        try:
            record = _record_decision(db_session, actor, application, decision, budget_left)
        except ServiceError as error:
            if len(decisions) == 1:
                raise
            problems.append(_l("%(title)s: %(problem)s", title=application.title,
                               problem=str(error.message)))
            continue
        records.append(record)
        budget_left -= record.amount or 0
    if problems:
        # The view rolls the whole request back: a meeting's decisions go in together.
        raise PolicyError(problems)
    return records


def meeting_problems(db_session: Session, actor: User, grant_round: GrantRound,
                     decisions: list[tuple[GrantApplication, DecisionInput]],
                     ) -> list[tuple[GrantApplication, ServiceError]]:
    """What would stop ``decide_many`` now, found without writing or locking anything, so the
    confirmation page is only offered for decisions that can be recorded. ``decide_many``
    checks all of it again under the round's lock."""
    require_staff(actor)
    budget_left = grant_round.budget - awarded_total(db_session, grant_round)
    problems: list[tuple[GrantApplication, ServiceError]] = []
    for application, decision in decisions:
        try:
            _check_rules(application, decision, budget_left)
        except ServiceError as error:
            problems.append((application, error))
        else:
            budget_left -= decision.amount or 0
    return problems
