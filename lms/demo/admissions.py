"""Demo calls for applications, as data/admissions.toml tells them: the next year of the
training, open now (an exchange's calls, one per side, are lms.demo.exchange_calls).

Everything goes through the admissions, review and onboarding services as the people
involved, so every rule holds (the call open when people apply and submit, documents and
nominations complete, quotas and capacity, the workflow's moves). The services stamp the
present moment, so each step is then dated as it happened, with its audit events and mail
(marked sent: it is history).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.admissions import services
from lms.admissions.models import AdmissionCall, ApplicationStatus
from lms.admissions.services import CallInput
from lms.demo import admission_steps as steps
from lms.demo.admission_steps import Plan
from lms.demo.admission_story import Admissions, Call, OpenCall
from lms.demo.data import load
from lms.demo.people import DemoLogin, cast
from lms.demo.timeline import ZONE, Timeline, today_in_tokyo, tokyo
from lms.programs.models import Cohort, CohortStatus, Program, ProgramKind

S = ApplicationStatus


def seed_admissions(db_session: Session) -> list[DemoLogin]:
    story = load("admissions.toml", Admissions)
    people = cast(db_session)
    cohort = _cohort_of(db_session, story.call.fiscal_year)
    if cohort is not None and cohort.status == CohortStatus.PLANNED \
            and _call_of(db_session, cohort) is None:
        _open_call(db_session, people.staff, people.officer, people.committee, cohort,
                   story.call)
    db_session.flush()
    return list(story.logins)


def _cohort_of(db_session: Session, fiscal_year: int) -> Cohort | None:
    """The year-long program's cohort of that year (seed_cohorts plans it)."""
    year_long = db_session.scalar(select(Program).where(Program.kind == ProgramKind.YEAR_LONG)
                                  .order_by(Program.id).limit(1))
    if year_long is None:
        return None
    return db_session.scalar(select(Cohort).where(Cohort.program_id == year_long.id,
                                                  Cohort.fiscal_year == fiscal_year))


def _call_of(db_session: Session, cohort: Cohort) -> AdmissionCall | None:
    return db_session.scalar(select(AdmissionCall).where(AdmissionCall.cohort_id == cohort.id))


def create_call(db_session: Session, clock: Timeline, staff: User, cohort: Cohort, spec: Call,
                today: dt.date, criteria: list[dict[str, Any]] | None = None,
                side_country: str | None = None) -> AdmissionCall:
    def naive(days_from_today: int, hour: int) -> dt.datetime:
        return dt.datetime.combine(today + dt.timedelta(days=days_from_today), dt.time(hour))

    level = spec.required_language_level
    call = services.create_call(db_session, staff, CallInput(
        cohort_id=cohort.id, title=spec.title, timezone=ZONE,
        opens_at=naive(spec.opens_day, 10), closes_at=naive(spec.closes_day, 17),
        capacity=spec.capacity, country_quota=spec.country_quota,
        min_years_in_welfare=spec.min_years_in_welfare,
        required_language=spec.required_language,
        required_language_level=int(level) if level is not None else None,
        required_documents=[kind.value for kind in spec.required_documents],
        eligibility=spec.eligibility, guidance=spec.guidance, reply_days=spec.reply_days,
        keep_unsuccessful_days=spec.keep_unsuccessful_days, side_country=side_country),
        criteria)
    clock.happened(tokyo(today + dt.timedelta(days=spec.created_day), 11), (call, "created_at"))
    return call


def _open_call(db_session: Session, staff: User, officer: User, committee: list[User],
               cohort: Cohort, spec: OpenCall) -> None:
    clock = Timeline(db_session)
    today = today_in_tokyo()
    call = create_call(db_session, clock, staff, cohort, spec, today)
    plan = Plan.of(call, spec, today)

    written = []
    for index, story in enumerate(spec.applications):
        user, application = steps.write(db_session, clock, plan, story, index)
        if story.fate == S.WITHDRAWN:
            steps.withdraw(db_session, clock, user, application,
                           plan.day(-story.days_ago + 3, 20))
        elif story.fate not in (S.DRAFT, S.SUBMITTED):
            written.append((index, story, user, application))

    decided = []
    for index, story, user, application in written:
        screened = plan.day(-story.days_ago + 3, 11)
        steps.screen(db_session, clock, staff, application, story, screened)
        if story.fate == S.INELIGIBLE:
            continue
        steps.review(db_session, clock, plan, staff, committee, application, story, index,
                     screened)
        interviewer = (committee[0], officer)[index % 2]
        if story.interview_in is not None:
            steps.interview(db_session, clock, interviewer, staff, application,
                            spec.interview_place, plan.day(story.interview_in, 15),
                            plan.day(-2, 14))
        elif story.fate != S.ELIGIBLE:
            steps.interview(db_session, clock, interviewer, staff, application,
                            spec.interview_place, plan.day(-17 + index % 3, 14 + index % 3),
                            plan.day(-21, 16))
            decided.append((index, story, user, application))

    # The first round: places before the waiting list, so the list's order is the committee's.
    order = (S.CONFIRMED, S.DECLINED, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED)
    for _index, story, _user, application in sorted(
            decided, key=lambda row: (order.index(row[1].fate), row[0])):
        steps.decide(db_session, clock, staff, plan, application, story, plan.day(-10, 16))
    replies = [row for row in decided if row[1].fate in (S.CONFIRMED, S.DECLINED)]
    for number, (_index, story, user, application) in enumerate(replies):
        steps.reply(db_session, clock, user, application, story, plan.day(-7 + 2 * number, 9))
    for _index, story, user, application in replies:
        if story.email == spec.onboarding.email:
            steps.onboard(db_session, clock, plan, staff, user, application, story,
                          spec.onboarding, cohort.starts_on)
