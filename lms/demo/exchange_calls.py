"""The Korea–Japan exchange's next edition and its calls for applications, one per side, as
data/exchange-calls.toml tells them: the Japanese side's, closed with its places given (those
who confirmed are registered for the edition as participants from Japan), and the Korean
side's, open now with a few applications.

Each call fills one side of the edition seed_events made (``side_country``), through the
admissions and review services as the people involved, then dated as it happened. A closed
call is opened around the present while its applications are written and sent, then put back
to its real dates.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.admissions.models import AdmissionCall, ApplicationStatus, LanguageLevel
from lms.demo import admission_steps as steps
from lms.demo.admission_steps import Plan
from lms.demo.admission_story import ExchangeCalls, Participant, SideCall, Story
from lms.demo.admissions import create_call
from lms.demo.data import load
from lms.demo.people import cast
from lms.demo.reviewing import ReviewState
from lms.demo.timeline import ZONE, Timeline, open_around_now, today_in_tokyo
from lms.programs.models import Cohort, CohortStatus, Program

S = ApplicationStatus
L = LanguageLevel

#: The committee's view of an applicant, by how their application ended.
MARKS = {S.CONFIRMED: (4, 5), S.SELECTED: (4, 4), S.WAITLISTED: (3, 4), S.NOT_SELECTED: (2, 3)}
#: Applications a call still takes: written (a draft) or sent, not yet decided.
UNDECIDED = (S.DRAFT, S.SUBMITTED, S.ELIGIBLE)


def seed_exchange_calls(db_session: Session) -> None:
    story = load("exchange-calls.toml", ExchangeCalls)
    edition = db_session.scalar(select(Cohort).join(Program).where(
        Program.slug == story.series, Cohort.title == story.edition))
    if edition is None:
        raise RuntimeError(f"exchange-calls.toml: no edition {story.edition!r} of "
                           f"{story.series!r} (seed_events must run before)")
    if edition.status != CohortStatus.PLANNED or db_session.scalar(
            select(AdmissionCall.id).where(AdmissionCall.cohort_id == edition.id)
            .limit(1)) is not None:
        return  # seeded before, or the edition is past: the story does not change
    people = cast(db_session)
    for spec in story.calls:
        _side_call(db_session, people.staff, people.committee[:1], edition, spec,
                   story.criteria)
    db_session.flush()


def _side_call(db_session: Session, staff: User, committee: list[User], edition: Cohort,
               spec: SideCall, criteria: list[dict[str, object]]) -> None:
    clock = Timeline(db_session)
    today = today_in_tokyo()
    call = create_call(db_session, clock, staff, edition, spec, today,
                       [dict(criterion) for criterion in criteria], spec.side_country)
    plan = Plan.of(call, spec, today)
    stories = _stories(spec)
    written = []
    with open_around_now(call):
        for index, story in enumerate(stories):
            written.append((index, story, *steps.write(db_session, clock, plan, story, index)))
    db_session.flush()  # the call's real dates back in place

    screened_rows = [row for row in written if row[1].fate not in (S.DRAFT, S.SUBMITTED)]
    for index, story, _user, application in screened_rows:
        screened = plan.day(min(-story.days_ago + 3, -1), 10 + index % 8)
        steps.screen(db_session, clock, staff, application, story, screened)
        steps.review(db_session, clock, plan, staff, committee, application, story, index,
                     screened)
    decided = [row for row in screened_rows if row[1].fate not in UNDECIDED]
    # Places before the waiting list, so the list's order is the committee's.
    order = (S.CONFIRMED, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED)
    for _index, story, _user, application in sorted(
            decided, key=lambda row: (order.index(row[1].fate), row[0])):
        steps.decide(db_session, clock, staff, plan, application, story, plan.day(-21, 15))
    for number, (_index, story, user, application) in enumerate(
            row for row in decided if row[1].fate == S.CONFIRMED):
        steps.reply(db_session, clock, user, application, story, plan.day(-20 + number // 2, 12))


def _stories(call: SideCall) -> tuple[Story, ...]:
    """The applications, sent at even intervals from a few days after the call opened until
    it closed (or yesterday, for a call still open)."""
    first = call.opens_day + 3
    last = min(call.closes_day, 0) - 2
    step = (last - first) / max(len(call.participants), 1)
    return tuple(_story(call.side_country, index, person, -(first + int(index * step)))
                 for index, person in enumerate(call.participants))


def _story(country: str, index: int, person: Participant, days_ago: int) -> Story:
    """One applicant, their details made up as their country writes them."""
    korean = country == "KR"
    languages = ({"ko": L.FLUENT, "ja": (L.BASIC, L.INTERMEDIATE)[index % 2],
                  "en": L.INTERMEDIATE} if korean else
                 {"ja": L.FLUENT, "en": L.INTERMEDIATE, **({"ko": L.BASIC} if index % 3 == 0
                                                          else {})})
    # An application found eligible is with the committee: its review not yet begun.
    reviews = ((ReviewState.ASSIGNED, ReviewState.ASSIGNED) if person.fate == S.ELIGIBLE
               else (ReviewState.SUBMITTED, ReviewState.SUBMITTED))
    return Story(
        email=f"{person.mailbox}@example.org", name=person.name, country=country,
        timezone="Asia/Seoul" if korean else ZONE, gender=person.gender,
        born=dt.date(person.born_in, 1 + (index * 5) % 12, 1 + (index * 7) % 28),
        phone=f"+82 10 {3100 + index * 37} {4200 + index * 91}" if korean
        else f"+81 90 {5100 + index * 43} {2300 + index * 67}",
        organization=f"{person.organization} (fictional)", position=person.position,
        profession=person.profession, years=person.years, languages=languages,
        work=f"{person.work}, as a {person.position.lower()} at {person.organization}.",
        fate=person.fate, days_ago=days_ago, marks=MARKS.get(person.fate, (4, 4)),
        reviews=reviews)
