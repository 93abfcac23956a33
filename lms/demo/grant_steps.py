"""What the people of a grant round do, each step through the grant and review services and
then dated as it happened: alumni write, submit and report; staff screen, pay and accept
reports; committee members review."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.demo.grant_story import Fate, PastApplication, PastRound, Project, Texts
from lms.demo.reviewing import ReviewState, due_as_if_assigned, review_input
from lms.demo.timeline import Timeline, today_in_tokyo, tokyo
from lms.grants import applying, projects, services
from lms.grants.applying import ApplicationInput, BudgetLineInput
from lms.grants.models import ApplicationVersion, GrantApplication, GrantRound, ReportKind
from lms.grants.services import RoundInput
from lms.reviews import services as reviews
from lms.reviews import tally
from lms.reviews.models import Recommendation, ReviewSubject


def _application_input(project: Project, country: str | None,
                       rates: dict[str, str]) -> ApplicationInput:
    currency = applying.LOCAL_CURRENCIES.get(country or "")
    complete_budget = bool(project.lines) and all(line.amount for line in project.lines)
    rate = rates.get(currency or "") if complete_budget else None
    return ApplicationInput(
        title=project.title, country=country, organization=project.organization,
        applicant_role=project.role, problem=project.problem,
        use_of_learning=project.learning, objectives=project.objectives,
        activities=project.activities, beneficiaries=project.beneficiaries,
        beneficiary_count=project.count, local_currency=currency,
        exchange_rate=decimal.Decimal(rate) if rate else None,
        stated_total=sum(line.amount for line in project.lines) if complete_budget else None,
        co_funding=project.co_funding, indicators=project.indicators, risks=project.risks,
        budget_lines=[BudgetLineInput(line.category, line.description, line.amount)
                      for line in project.lines])


def write(db_session: Session, clock: Timeline, grant_round: GrantRound, applicant: User,
          project: Project, rates: dict[str, str], started: dt.datetime,
          saved: dt.datetime) -> GrantApplication:
    application = applying.start_application(db_session, applicant, grant_round)
    clock.happened(started, (application, "created_at", "updated_at"))
    applying.save_draft(db_session, applicant, application,
                        _application_input(project, applicant.country, rates))
    clock.happened(saved, (application, "updated_at"))
    return application


def withdraw(db_session: Session, clock: Timeline, applicant: User,
             application: GrantApplication, moment: dt.datetime) -> None:
    applying.withdraw(db_session, applicant, application)
    clock.happened(moment, (application, "updated_at", "withdrawn_at"))


def submit(db_session: Session, clock: Timeline, applicant: User,
           application: GrantApplication, moment: dt.datetime) -> None:
    applying.submit(db_session, applicant, application)
    version = db_session.scalar(select(ApplicationVersion).where(
        ApplicationVersion.application_id == application.id,
        ApplicationVersion.number == application.version))
    clock.happened(moment, (application, "updated_at", "submitted_at"),
                   (version, "submitted_at"))


def screen(db_session: Session, clock: Timeline, staff: User, application: GrantApplication,
           eligible: bool, reason: str, moment: dt.datetime) -> None:
    services.screen(db_session, staff, application, eligible, reason)
    rows: list[tuple[Any, ...]] = [(application, "updated_at")]
    if application.review_subject_id is not None:
        rows.append((db_session.get(ReviewSubject, application.review_subject_id),
                     "created_at"))
    clock.happened(moment, *rows)


def review(db_session: Session, clock: Timeline, staff: User, application: GrantApplication,
           member: User, state: ReviewState, mark: int, seed: int,
           comments: dict[Recommendation, tuple[str, ...]], assigned: dt.datetime,
           reviewed: dt.datetime, conflict_reason: str = "") -> None:
    if state == ReviewState.NOT_ASSIGNED:
        return
    assignment = services.assign_reviewer(db_session, staff, application, member)
    clock.happened(assigned, (assignment, "assigned_at"))
    due_as_if_assigned(assignment, assigned, application.round.zone)
    if state == ReviewState.CONFLICT:
        reviews.declare_conflict(db_session, member, assignment, conflict_reason)
        clock.happened(reviewed, (assignment, "conflict_declared_at"))
    elif state in (ReviewState.DRAFT, ReviewState.SUBMITTED):
        done = state == ReviewState.SUBMITTED
        given = reviews.save_review(
            db_session, member, assignment,
            review_input(application.round.review_scheme.criteria, mark, seed, done, comments),
            submit=done)
        clock.happened(reviewed, (given, "saved_at", *(("submitted_at",) if done else ())))
    # Dated back past the services: the round's reviews outstanding are counted again.
    tally.recount(db_session, application.round.review_scheme_id)


def _spending(application: GrantApplication, share: float, seed: int) -> dict[int, int | None]:
    """What was spent on each line by a report: the award's share of each line, give or take
    a few percent, as real projects spend."""
    scale = (application.awarded_amount or 0) / max(application.requested_amount, 1)
    variation = (1.0, 0.97, 1.02, 0.94, 1.0, 0.99)
    return {line.id: round(line.local_amount * scale * share
                           * variation[(seed + line.position) % len(variation)])
            for line in application.budget_lines}


def _report(db_session: Session, clock: Timeline, applicant: User,
            application: GrantApplication, kind: ReportKind, narrative: str, reached: int,
            spending: dict[int, int | None], submit: bool, moment: dt.datetime) -> None:
    report = projects.save_report(db_session, applicant, application, kind,
                                  projects.ReportInput(narrative, reached, spending), submit)
    clock.happened(moment, (report, "updated_at", *(("submitted_at",) if submit else ())))


def _accept_report(db_session: Session, clock: Timeline, staff: User,
                   application: GrantApplication, kind: ReportKind, note: str,
                   moment: dt.datetime) -> None:
    report = projects.report_of(db_session, application, kind)
    projects.review_report(db_session, staff, report, True, note)
    rows: list[tuple[Any, ...]] = [(report, "reviewed_at")]
    if kind == ReportKind.FINAL:
        rows.append((application, "updated_at", "closed_at"))
    clock.happened(moment, *rows)


def _pay(db_session: Session, clock: Timeline, staff: User, application: GrantApplication,
         amount: int, day: dt.date, reference: str) -> None:
    payment = projects.record_disbursement(db_session, staff, application, day, amount,
                                           reference)
    clock.happened(tokyo(day, 11), (payment, "recorded_at"))


def run_project(db_session: Session, clock: Timeline, staff: User, spec: PastRound,
                texts: Texts, index: int, past: PastApplication, applicant: User,
                application: GrantApplication) -> None:
    """Terms, two payments, the progress report, and the final report when it was on time."""
    award = application.awarded_amount or 0
    accepted = tokyo(spec.meeting + dt.timedelta(days=5 + index % 6), 14)
    projects.accept_terms(db_session, applicant, application)
    clock.happened(accepted, (application, "updated_at", "terms_accepted_at"))
    first = award * 8 // 10 // 1000 * 1000
    reference = f"FY{spec.fiscal_year}-G{index + 1:02d}"
    _pay(db_session, clock, staff, application, first,
         accepted.date() + dt.timedelta(days=9), f"{reference}-1")

    count = application.beneficiary_count or 0
    halfway = min(past.reached or 0, count) // 2
    sent = tokyo(spec.progress_due - dt.timedelta(days=8 - index % 5), 15)
    _report(db_session, clock, applicant, application, ReportKind.PROGRESS,
            texts.progress_report.format(reached=halfway, planned=count,
                                         note=spec.progress_note),
            halfway, _spending(application, 0.5, index), True, sent)
    reviewed = sent + dt.timedelta(days=4 + index % 3)
    _accept_report(db_session, clock, staff, application, ReportKind.PROGRESS,
                   texts.progress_accepted, reviewed)
    _pay(db_session, clock, staff, application, award - first,
         reviewed.date() + dt.timedelta(days=10), f"{reference}-2")
    if past.fate != Fate.CLOSED:
        return
    sent = tokyo(spec.final_due - dt.timedelta(days=10 - index % 7), 15)
    _report(db_session, clock, applicant, application, ReportKind.FINAL, past.result,
            past.reached or 0, _spending(application, 1.0, index), True, sent)
    _accept_report(db_session, clock, staff, application, ReportKind.FINAL,
                   texts.final_accepted, sent + dt.timedelta(days=6 + index % 4))


def extend_final_due(db_session: Session, clock: Timeline, staff: User,
                     grant_round: GrantRound, days: int) -> None:
    """Staff moved the final report deadline for the projects the pandemic held up."""
    zone = grant_round.zone
    today = today_in_tokyo()
    services.update_round(db_session, staff, grant_round, RoundInput(
        fiscal_year=grant_round.fiscal_year, title=grant_round.title,
        timezone=grant_round.timezone,
        opens_at=grant_round.opens_at.astimezone(zone).replace(tzinfo=None),
        closes_at=grant_round.closes_at.astimezone(zone).replace(tzinfo=None),
        budget=grant_round.budget, largest_award=grant_round.largest_award,
        currency=grant_round.currency, guide_course_id=grant_round.guide_course_id,
        allow_several=grant_round.allow_several,
        progress_report_due_on=grant_round.progress_report_due_on,
        final_report_due_on=today + dt.timedelta(days=days)))
    clock.happened(tokyo(today - dt.timedelta(days=60), 11))


def late_final_report(db_session: Session, clock: Timeline, index: int, past: PastApplication,
                      applicant: User, application: GrantApplication) -> None:
    submit = past.fate == Fate.FINAL_REPORT_SUBMITTED
    _report(db_session, clock, applicant, application, ReportKind.FINAL, past.result,
            past.reached or 0, _spending(application, 1.0 if submit else 0.8, index), submit,
            tokyo(today_in_tokyo() - dt.timedelta(days=5 if submit else 20), 14))
