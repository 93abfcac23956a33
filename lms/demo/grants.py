"""Demo grant rounds of the fund committee, for alumni's welfare programs at home, as
data/grants.toml tells them: two past rounds played to their end, and the round open now.

Everything goes through the grant and review services, so every rule holds (alumni only,
one application per person and round, awards within the budget and the request, the
workflow's moves, conflicts of interest). The services stamp the present moment, and submit
only to an open round, so each past round is opened around the present while its applications
are written and submitted, then put back to its real dates; every step is then dated as it
happened: the rows, their audit events and the mail the applicants were sent at the time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.curriculum.models import Course
from lms.demo import grant_steps as steps
from lms.demo.data import load
from lms.demo.grant_story import (
    AWARDED_FATES,
    LATE_FATES,
    CurrentRound,
    Fate,
    Grants,
    PastApplication,
    PastRound,
)
from lms.demo.people import cast
from lms.demo.reviewing import ReviewState, comments
from lms.demo.timeline import ZONE, Timeline, open_around_now, today_in_tokyo, tokyo
from lms.grants import services
from lms.grants.decisions import DecisionInput, decide, decide_many
from lms.grants.models import ApplicationStatus, DecisionOutcome, GrantApplication, GrantRound
from lms.grants.services import RoundInput
from lms.reviews.models import Recommendation

S = ApplicationStatus
#: What committee members write, by their recommendation.
Said = dict[Recommendation, tuple[str, ...]]


def seed_grants(db_session: Session) -> None:
    story = load("grants.toml", Grants)
    people = cast(db_session)
    said = comments().grants
    for spec in story.past:
        if not _round_exists(db_session, spec.fiscal_year):
            _past_round(db_session, people.staff, people.committee, story, said, spec)
    if not _round_exists(db_session, story.current.fiscal_year):
        _current_round(db_session, people.staff, people.committee, said, story.current)
    db_session.flush()


def _round_exists(db_session: Session, fiscal_year: int) -> bool:
    return db_session.scalar(select(GrantRound.id).where(
        GrantRound.fiscal_year == fiscal_year).limit(1)) is not None


def _past_round(db_session: Session, staff: User, committee: list[User], story: Grants,
                said: Said, spec: PastRound) -> None:
    clock = Timeline(db_session)
    grant_round = services.create_round(db_session, staff, RoundInput(
        fiscal_year=spec.fiscal_year, title=spec.title, timezone=ZONE,
        opens_at=dt.datetime.combine(spec.opens_on, dt.time(10)),
        closes_at=dt.datetime.combine(spec.closes_on, dt.time(17)),
        budget=spec.budget, largest_award=spec.largest_award,
        progress_report_due_on=spec.progress_due, final_report_due_on=spec.final_due))
    clock.happened(tokyo(spec.opens_on - dt.timedelta(days=24)), (grant_round, "created_at"))

    written: list[tuple[PastApplication, User, GrantApplication]] = []
    with open_around_now(grant_round):
        for index, past in enumerate(spec.applications):
            applicant = user_by_email(db_session, past.email)
            if applicant is None:
                continue
            started = tokyo(spec.opens_on + dt.timedelta(days=2 + 3 * index), 9 + index % 8)
            sent = started + dt.timedelta(days=14, hours=5)
            application = steps.write(db_session, clock, grant_round, applicant, past,
                                      spec.rates, started, sent - dt.timedelta(days=2))
            if past.fate == Fate.WITHDRAWN:
                steps.withdraw(db_session, clock, applicant, application, sent)
                continue
            steps.submit(db_session, clock, applicant, application, sent)
            written.append((past, applicant, application))

    decisions: list[tuple[GrantApplication, DecisionInput]] = []
    for index, (past, _applicant, application) in enumerate(written):
        screened = tokyo(spec.closes_on + dt.timedelta(days=6), 10 + index % 7)
        eligible = past.fate != Fate.INELIGIBLE
        steps.screen(db_session, clock, staff, application, eligible,
                     "" if eligible else past.message, screened)
        if not eligible:
            continue
        for number, member in enumerate(committee):
            steps.review(db_session, clock, staff, application, member, ReviewState.SUBMITTED,
                         past.marks[number], index + number, said,
                         screened + dt.timedelta(hours=1),
                         screened + dt.timedelta(days=8 + (index + 3 * number) % 9))
        if past.fate == Fate.REJECTED:
            decisions.append((application, DecisionInput(DecisionOutcome.REJECTED,
                                                         message=past.message)))
        else:
            decisions.append((application, DecisionInput(
                DecisionOutcome.APPROVED, past.award or application.requested_amount,
                past.message or story.texts.approved)))
    meeting = tokyo(spec.meeting, 16)
    for record, (application, _decision) in zip(
            decide_many(db_session, staff, grant_round, decisions), decisions,
            strict=True):
        clock.happened(meeting, (record, "decided_at"), (application, "updated_at",
                                                          "decided_at"))

    for index, (past, applicant, application) in enumerate(written):
        if past.fate in AWARDED_FATES:
            steps.run_project(db_session, clock, staff, spec, story.texts, index, past,
                              applicant, application)
    if spec.extended_final_due_in is not None and any(
            past.fate in LATE_FATES for past in spec.applications):
        steps.extend_final_due(db_session, clock, staff, grant_round,
                               spec.extended_final_due_in)
        for index, (past, applicant, application) in enumerate(written):
            if past.fate in LATE_FATES:
                steps.late_final_report(db_session, clock, index, past, applicant,
                                        application)


def _current_round(db_session: Session, staff: User, committee: list[User], said: Said,
                   spec: CurrentRound) -> None:
    clock = Timeline(db_session)
    today = today_in_tokyo()
    guide = db_session.scalar(select(Course.id).where(Course.slug == spec.guide))
    opens_on = today - dt.timedelta(days=spec.opened_days_ago)
    closes_on = today + dt.timedelta(days=spec.closes_in_days)
    grant_round = services.create_round(db_session, staff, RoundInput(
        fiscal_year=spec.fiscal_year, title=spec.title, timezone=ZONE,
        opens_at=dt.datetime.combine(opens_on, dt.time(10)),
        closes_at=dt.datetime.combine(closes_on, dt.time(17)),
        budget=spec.budget, largest_award=spec.largest_award, guide_course_id=guide,
        progress_report_due_on=closes_on + dt.timedelta(days=spec.progress_due_after),
        final_report_due_on=closes_on + dt.timedelta(days=spec.final_due_after)))
    clock.happened(tokyo(opens_on - dt.timedelta(days=14)), (grant_round, "created_at"))

    for index, current in enumerate(spec.applications):
        applicant = user_by_email(db_session, current.email)
        if applicant is None:
            continue
        moment = tokyo(today - dt.timedelta(days=current.days_ago), 9 + index % 8)
        application = steps.write(db_session, clock, grant_round, applicant, current,
                                  spec.rates, moment - dt.timedelta(days=9),
                                  moment - dt.timedelta(days=1 if current.state != S.DRAFT
                                                        else 0))
        if current.state == S.DRAFT:
            continue
        if current.state == S.WITHDRAWN:
            steps.withdraw(db_session, clock, applicant, application, moment)
            continue
        steps.submit(db_session, clock, applicant, application, moment)
        if current.state == S.SUBMITTED:
            continue
        screened = moment + dt.timedelta(days=2)
        eligible = current.state != S.INELIGIBLE
        steps.screen(db_session, clock, staff, application, eligible,
                     "" if eligible else current.note, screened)
        if not eligible:
            continue
        for number, member in enumerate(committee):
            state = current.reviews[number]
            done = min(screened + dt.timedelta(days=2 + 2 * number, hours=3),
                       tokyo(today - dt.timedelta(days=1), 18))
            steps.review(db_session, clock, staff, application, member, state,
                         current.marks[number], index + number, said,
                         screened + dt.timedelta(hours=1), done,
                         current.note if state == ReviewState.CONFLICT else "")
        if current.state == S.MORE_INFORMATION:
            record = decide(db_session, staff, application, DecisionInput(
                DecisionOutcome.MORE_INFORMATION, message=current.note))
            clock.happened(tokyo(today - dt.timedelta(days=1), 15),
                           (record, "decided_at"), (application, "updated_at", "decided_at"))
