"""Demo seminars of the Asian Social Welfare Seminar program, as data/seminars.toml tells them:
the past seminar, held, with its registrations recorded as history; the coming one, with
registrations through the service while it is open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.accounts.services import create_user
from lms.demo.crowds import Crowd, register_crowd
from lms.demo.data import load
from lms.demo.people import DEMO_PASSWORD, cast
from lms.demo.timeline import ZONE
from lms.events import program, services
from lms.events.models import ALUMNUS, EventSession, Registration, RegistrationStatus
from lms.events.models import SessionKind as Kind
from lms.programs import services as program_services
from lms.programs.models import Cohort, CohortStatus, Program

#: Country reports in a block run back to back, each this long, with a break between.
REPORT_MINUTES, REPORT_BREAK = 40, 5


@dataclass(frozen=True)
class DemoSession:
    day: int
    starts: str
    kind: Kind
    ends: str = ""
    title: str = ""
    place: str | None = None
    description: str = ""
    #: A block of country reports from ``starts``, one a country, instead of one session.
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoSeminar:
    number: int
    fiscal_year: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    status: CohortStatus
    capacity: int
    registration_closes_on: dt.date
    description: str
    sessions: tuple[DemoSession, ...]
    participants: tuple[str, ...]
    #: When the first participant registered, if the registrations are recorded as history.
    registered_from: dt.datetime
    cancelled: tuple[str, ...] = ()
    cancelled_from: dt.datetime | None = None
    name_ja: str | None = None
    #: None: no per-country cap (the 7th seminar had none).
    per_country_cap: int | None = None
    #: Where this seminar was held, when not at the program's usual venue.
    venue: str | None = None
    city: str | None = None
    host_organization: str = ""
    host_country: str | None = None
    #: Participants from outside the program who registered too (the 7th seminar's over 100
    #: from Japanese institutions), written in bulk.
    crowd: Crowd | None = None


@dataclass(frozen=True)
class ExTrainee:
    """An alumnus of a cohort before the demo's first: only an account."""

    email: str
    name: str
    country: str


@dataclass(frozen=True)
class CountryReports:
    title: str
    description: str


@dataclass(frozen=True)
class Seminars:
    venue: str
    city: str
    country_reports: CountryReports
    past: DemoSeminar
    coming: DemoSeminar
    ex_trainees: tuple[ExTrainee, ...] = ()


def seed_seminars(db_session: Session) -> None:
    story = load("seminars.toml", Seminars)
    program = db_session.scalar(select(Program).where(Program.slug == "asw-seminar"))
    if program is None:
        raise RuntimeError("seed_cohorts must run before seed_seminars")
    staff = cast(db_session).staff
    for ex_trainee in story.ex_trainees:
        if user_by_email(db_session, ex_trainee.email) is None:
            create_user(db_session, ex_trainee.email, ex_trainee.name, DEMO_PASSWORD,
                        country=ex_trainee.country, locale="en")
    past = _seminar(db_session, staff, program, story, story.past)
    if not _has_registrations(db_session, past):
        # The ex-trainees came as alumni, though the demo keeps only their accounts.
        _record_history(db_session, past, story.past.participants, story.past.registered_from,
                        came_as=ALUMNUS)
    if story.past.crowd is not None:
        register_crowd(db_session, past, story.past.crowd, story.past.registered_from)
    if past.status != story.past.status:
        # A past seminar imported as history: it took place, so it is recorded as completed.
        past.status = story.past.status
    coming = _seminar(db_session, staff, program, story, story.coming)
    if not _has_registrations(db_session, coming):
        _register_now(db_session, coming, story.coming)
    db_session.flush()


def _seminar(db_session: Session, staff: User, program: Program, story: Seminars,
             spec: DemoSeminar) -> Cohort:
    cohort = db_session.scalar(select(Cohort).where(Cohort.program_id == program.id,
                                                    Cohort.number == spec.number))
    if cohort is None:
        cohort = program_services.create_cohort(
            db_session, staff, program, program_services.CohortDetails(
                number=spec.number, fiscal_year=spec.fiscal_year, title=spec.title,
                starts_on=spec.starts_on, ends_on=spec.ends_on, timezone=ZONE,
                capacity=spec.capacity, course_id=None, name_ja=spec.name_ja))
    if cohort.status not in services.OPEN_STATUSES:
        return cohort  # seeded before and since completed: nothing more to add
    if services.seminar_of(db_session, cohort) is None:
        services.save_details(db_session, staff, cohort, services.EditionDetails(
            venue=spec.venue or story.venue, city=spec.city or story.city,
            per_country_cap=spec.per_country_cap,
            registration_closes_on=spec.registration_closes_on,
            description=spec.description, host_organization=spec.host_organization,
            host_country=spec.host_country))
    has_sessions = db_session.scalar(select(EventSession.id).where(
        EventSession.cohort_id == cohort.id).limit(1)) is not None
    if not has_sessions:
        add_sessions(db_session, staff, cohort, spec.starts_on, spec.sessions,
                     story.country_reports)
    return cohort


def add_sessions(db_session: Session, staff: User, cohort: Cohort, starts_on: dt.date,
                 sessions: tuple[DemoSession, ...],
                 reports: CountryReports | None = None) -> None:
    """A seminar's program, through the seminar service."""
    for session in _sessions(sessions, reports):
        program.add_session(db_session, staff, cohort, program.SessionDetails(
            kind=session.kind, title=session.title,
            day=starts_on + dt.timedelta(days=session.day - 1),
            starts=dt.time.fromisoformat(session.starts),
            ends=dt.time.fromisoformat(session.ends), place=session.place,
            description=session.description))


def _sessions(sessions: tuple[DemoSession, ...],
              reports: CountryReports | None) -> Iterator[DemoSession]:
    """The program's sessions, with each block of country reports as its reports."""
    for session in sessions:
        if not session.countries:
            yield session
            continue
        if reports is None:
            raise ValueError(f"day {session.day}: a block of country reports needs the "
                             "country_reports table")
        start = _minutes(session.starts)
        for country in session.countries:
            yield DemoSession(session.day, _clock(start), session.kind,
                              _clock(start + REPORT_MINUTES),
                              reports.title.format(country=country), place=session.place,
                              description=reports.description)
            start += REPORT_MINUTES + REPORT_BREAK


def _minutes(clock: str) -> int:
    time = dt.time.fromisoformat(clock)
    return time.hour * 60 + time.minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _has_registrations(db_session: Session, cohort: Cohort) -> bool:
    return db_session.scalar(select(Registration.id).where(
        Registration.cohort_id == cohort.id).limit(1)) is not None


def _record_history(db_session: Session, cohort: Cohort, emails: tuple[str, ...],
                    first_at: dt.datetime, status: RegistrationStatus =
                    RegistrationStatus.REGISTERED, came_as: str | None = None) -> None:
    """Registrations made back then, when the registrants were alumni or trainees and
    registration was open; today's rules would refuse them, so they are written as records
    (``came_as``: what they came as, where the story says)."""
    for index, email in enumerate(emails):
        person = user_by_email(db_session, email)
        if person is None or person.country is None:
            continue
        at = first_at + dt.timedelta(days=index % 40, hours=index % 7)
        db_session.add(Registration(
            cohort_id=cohort.id, user_id=person.id, country=person.country, status=status,
            registered_at=at, came_as=came_as,
            cancelled_at=at + dt.timedelta(days=3)
            if status == RegistrationStatus.CANCELLED else None,
            cancelled_by_id=person.id if status == RegistrationStatus.CANCELLED else None))
    db_session.flush()


def _register_now(db_session: Session, cohort: Cohort, spec: DemoSeminar) -> None:
    """Through the registration service while it is open; once the window has passed (the
    demo seeded later), as records."""
    seminar = services.seminar_of(db_session, cohort)
    if not services.registration_is_open(cohort, seminar):
        _record_history(db_session, cohort, spec.participants, spec.registered_from)
        _record_history(db_session, cohort, spec.cancelled,
                        spec.cancelled_from or spec.registered_from,
                        RegistrationStatus.CANCELLED)
        return
    for email in spec.participants + spec.cancelled:
        person = user_by_email(db_session, email)
        if person is None:
            continue
        registration = services.register(db_session, person, cohort)
        if email in spec.cancelled:
            services.cancel_registration(db_session, person, cohort, registration)
