"""The demo's autumn safety drill, as data/safety.toml tells it: started for the fiscal 2026
cohort, answered by all but one, reminded, and closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.queries import user_by_email
from lms.demo.data import load
from lms.demo.people import cast
from lms.demo.timeline import Timeline
from lms.programs.models import Cohort, CohortStatus
from lms.safety import links, services
from lms.safety.models import SafetyAudience, SafetyCheck, SafetyStatus


@dataclass(frozen=True)
class DemoAnswer:
    email: str
    status: SafetyStatus
    #: Minutes after the drill started.
    minutes: int
    note: str = ""
    location: str = ""


@dataclass(frozen=True)
class Drill:
    message: str
    started: dt.datetime
    reminded: dt.datetime
    closed: dt.datetime
    #: The trainee who never answered.
    silent: str
    answers: tuple[DemoAnswer, ...]


def seed_safety(db_session: Session) -> None:
    story = load("safety.toml", Drill)
    if db_session.scalar(select(SafetyCheck.id).where(SafetyCheck.message == story.message)):
        return
    cohort = db_session.scalar(select(Cohort).where(Cohort.status == CohortStatus.ACTIVE,
                                                    Cohort.fiscal_year == 2026))
    if cohort is None:
        return
    staff = cast(db_session).staff
    clock = Timeline(db_session)
    check = services.start(db_session, staff, services.CheckInput(
        message=story.message, audience=SafetyAudience.COHORT, cohort_id=cohort.id,
        is_drill=True))
    clock.happened(story.started.astimezone(dt.UTC), (check, "started_at"))
    for spec in story.answers:
        person = user_by_email(db_session, spec.email)
        if person is None:
            continue
        given = services.answer(db_session, links.token_for(check.id, person.id),
                                services.AnswerInput(spec.status, spec.note, spec.location))
        clock.happened(story.started.astimezone(dt.UTC) + dt.timedelta(minutes=spec.minutes),
                       (given, "answered_at"))
    services.remind(db_session, staff, check)
    clock.happened(story.reminded.astimezone(dt.UTC), (check, "last_reminded_at"))
    services.close(db_session, staff, check)
    clock.happened(story.closed.astimezone(dt.UTC), (check, "closed_at"))
