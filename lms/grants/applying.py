"""An alumna's grant application, from her side: she opens a draft in an open round (filled in
from her alumni profile), keeps what she has written so far, and submits it as a new version
once nothing is missing; she may withdraw it until staff take it up. Only alumni may apply.
The workflow itself (which move is allowed when) is in services.py."""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.alumni.models import AlumniProfile
from lms.clock import utcnow
from lms.db import lock_row
from lms.errors import ApplicationProblems, NotAllowed, ServiceError
from lms.grants.models import (
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    GrantApplication,
    GrantRound,
)
from lms.grants.services import (
    EDITABLE_STATES,
    STATUS_LABELS,
    TEXT_MAX,
    check_transition,
    move,
    require_applicant,
)
from lms.i18n import _l, country_names, format_day, format_money
from lms.programs.standing import is_alumnus

S = ApplicationStatus

#: The currency most applicants from a country budget in.
LOCAL_CURRENCIES = {
    "BD": "BDT", "ID": "IDR", "JP": "JPY", "KR": "KRW", "LK": "LKR", "MY": "MYR",
    "NP": "NPR", "PH": "PHP", "TH": "THB", "TW": "TWD", "VN": "VND", "IN": "INR",
    "MN": "MNT", "KH": "KHR", "LA": "LAK", "MM": "MMK", "PK": "PKR", "CN": "CNY",
}

NOT_ALUMNUS = _l("Grants are for alumni of the year-long training program: people who have "
                 "completed it. You can apply once you have completed the year-long training.")

MAX_BUDGET_LINES = 30


def require_alumnus_to_apply(db_session: Session, user: User) -> None:
    if not is_alumnus(db_session, user):
        raise NotAllowed(NOT_ALUMNUS)


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
    return content_of(application, application.budget_lines)


def content_of(fields: Any, lines: Iterable[Any]) -> dict[str, Any]:
    """The snapshot of an application's ``fields`` (the application, or a row of its
    columns, as its staff page reads it) and its budget ``lines`` in their order."""
    content: dict[str, Any] = {name: getattr(fields, name) for name in TEXT_FIELDS}
    content.update(
        country=fields.country, beneficiary_count=fields.beneficiary_count,
        local_currency=fields.local_currency,
        exchange_rate=str(fields.exchange_rate) if fields.exchange_rate else None,
        stated_total=fields.stated_total, requested_amount=fields.requested_amount,
        budget_lines=[{"category": str(line.category), "description": line.description,
                       "local_amount": line.local_amount} for line in lines])
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
