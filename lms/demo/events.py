"""Demo events other than the Asian Social Welfare Seminar, as data/events.toml tells them: the
Korea–Japan exchange as a series of two editions with alternating hosts, two study tours with
their delegations, a partner council's online workshop with its recording and attendance, and
a public symposium open to anyone.

Each edition is created and filled through the events' services while it is still planned, then
marked as it is in the story (a past one completed), as the seminars are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.clock import utcnow
from lms.demo.cohorts import DemoProgram, program
from lms.demo.crowds import Crowd, register_crowd
from lms.demo.data import load
from lms.demo.people import DemoLogin, cast
from lms.demo.timeline import ZONE, Timeline
from lms.demo.tours import DemoDelegation, seed_delegation
from lms.events import attendance, services
from lms.events import program as event_program
from lms.events.delegation_models import Delegation
from lms.events.models import (
    ALUMNUS,
    EventSession,
    Registration,
    RegistrationStatus,
    SessionKind,
    TourDirection,
)
from lms.placements.models import HostFacility
from lms.programs import services as program_services
from lms.programs.models import Cohort, CohortStatus, Program


@dataclass(frozen=True)
class DemoEventSession:
    day: int
    starts: str
    ends: str
    kind: SessionKind
    title: str
    place: str = ""
    #: The name of a facility of the register (a site visit), instead of ``place``.
    facility: str = ""
    description: str = ""
    online: bool = False
    meeting_url: str = ""
    recording_url: str = ""
    materials: str = ""


@dataclass(frozen=True)
class DemoEdition:
    fiscal_year: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    status: CohortStatus
    capacity: int
    description: str
    name_ja: str | None = None
    number: int | None = None
    timezone: str = ZONE
    venue: str = ""
    city: str = ""
    online: bool = False
    host_organization: str = ""
    host_country: str | None = None
    organizing_partner: str = ""
    direction: TourDirection | None = None
    open_to_alumni: bool = True
    open_to_trainees: bool = True
    open_to_public: bool = False
    per_country_cap: int | None = None
    country_caps: dict[str, int] = field(default_factory=dict)
    registration_opens_on: dt.date | None = None
    registration_closes_on: dt.date | None = None
    sessions: tuple[DemoEventSession, ...] = ()
    delegations: tuple[DemoDelegation, ...] = ()
    #: Participants from outside the program, registered in bulk from ``registered_from``.
    crowds: tuple[Crowd, ...] = ()
    #: Demo people (by email) registered, and those recorded as present at every session.
    registered: tuple[str, ...] = ()
    attended: tuple[str, ...] = ()
    registered_from: dt.datetime | None = None


@dataclass(frozen=True)
class Events:
    #: The demo's sign-ins among the events' people (`flask lms demo` lists them).
    logins: tuple[DemoLogin, ...]
    exchange: DemoProgram
    exchange_editions: tuple[DemoEdition, ...]
    tours: DemoProgram
    tour_editions: tuple[DemoEdition, ...]
    online: DemoProgram
    online_editions: tuple[DemoEdition, ...]
    forum: DemoProgram
    forum_editions: tuple[DemoEdition, ...]


def seed_events(db_session: Session) -> list[DemoLogin]:
    story = load("events.toml", Events)
    staff = cast(db_session).staff
    for spec, editions in ((story.exchange, story.exchange_editions),
                           (story.tours, story.tour_editions),
                           (story.online, story.online_editions),
                           (story.forum, story.forum_editions)):
        series = program(db_session, spec)
        for edition in editions:
            _edition(db_session, staff, series, edition)
    db_session.flush()
    return list(story.logins)


def _edition(db_session: Session, staff: User, series: Program, spec: DemoEdition) -> Cohort:
    cohort = db_session.scalar(select(Cohort).where(Cohort.program_id == series.id,
                                                    Cohort.title == spec.title))
    if cohort is not None:
        return cohort  # seeded before: the story does not change
    timeline = Timeline(db_session)
    cohort = program_services.create_cohort(
        db_session, staff, series, program_services.CohortDetails(
            number=spec.number, fiscal_year=spec.fiscal_year, title=spec.title,
            starts_on=spec.starts_on, ends_on=spec.ends_on, timezone=spec.timezone,
            capacity=spec.capacity, course_id=None, name_ja=spec.name_ja))
    services.save_details(db_session, staff, cohort, services.EditionDetails(
        venue=spec.venue, city=spec.city, per_country_cap=spec.per_country_cap,
        registration_closes_on=spec.registration_closes_on, description=spec.description,
        host_organization=spec.host_organization, host_country=spec.host_country,
        organizing_partner=spec.organizing_partner, online=spec.online,
        direction=spec.direction, open_to_alumni=spec.open_to_alumni,
        open_to_trainees=spec.open_to_trainees, open_to_public=spec.open_to_public,
        registration_opens_on=spec.registration_opens_on, country_caps=spec.country_caps))
    rows = _sessions(db_session, staff, cohort, spec)
    for delegation in spec.delegations:
        seed_delegation(db_session, staff, cohort, delegation)
    first_at = spec.registered_from or dt.datetime.combine(
        spec.starts_on - dt.timedelta(days=60), dt.time(1), dt.UTC)
    for crowd in spec.crowds:
        register_crowd(db_session, cohort, crowd, first_at, spread_days=30)
    _register(db_session, cohort, spec.registered, first_at)
    present = [user.id for email in spec.attended if (user := user_by_email(db_session, email))]
    for row in rows:
        if present:
            attendance.save_attendance(db_session, staff, cohort, row, present)
    if spec.status != cohort.status:
        # A past edition imported as history: it took place, so it is recorded as completed.
        cohort.status = spec.status
    # Staff prepared it (and its delegations) before registration began, not on seeding day.
    prepared = min(first_at - dt.timedelta(days=14), utcnow())
    timeline.happened(prepared, *[(row, "created_at") for row in db_session.scalars(
        select(Delegation).where(Delegation.cohort_id == cohort.id))])
    return cohort


def _sessions(db_session: Session, staff: User, cohort: Cohort,
              spec: DemoEdition) -> list[EventSession]:
    facilities = dict(db_session.execute(select(HostFacility.name, HostFacility.id).where(
        HostFacility.name.in_({session.facility for session in spec.sessions}))).all())
    rows = []
    for session in spec.sessions:
        if session.facility and session.facility not in facilities:
            raise RuntimeError(f"{spec.title}: no facility {session.facility!r} in the register "
                               "(seed_placements must run before seed_events)")
        rows.append(event_program.add_session(db_session, staff, cohort,
                                              event_program.SessionDetails(
            kind=session.kind, title=session.title,
            day=spec.starts_on + dt.timedelta(days=session.day - 1),
            starts=dt.time.fromisoformat(session.starts),
            ends=dt.time.fromisoformat(session.ends), place=session.place or None,
            facility_id=facilities.get(session.facility), description=session.description,
            online=session.online, meeting_url=session.meeting_url or None,
            recording_url=session.recording_url or None, materials=session.materials)))
    return rows


def _register(db_session: Session, cohort: Cohort, emails: tuple[str, ...],
              first_at: dt.datetime) -> None:
    """Registrations of demo people made back then, written as records (the window has
    closed since): each with the country of the person's training, as the alumni they are
    (the demo keeps only the accounts of most)."""
    for index, email in enumerate(emails):
        person = user_by_email(db_session, email)
        if person is None or person.country is None:
            raise RuntimeError(f"{cohort.title}: no demo person {email} with a country")
        at = first_at + dt.timedelta(days=index % 14, hours=index % 5)
        db_session.add(Registration(cohort_id=cohort.id, user_id=person.id,
                                    country=person.country,
                                    status=RegistrationStatus.REGISTERED, registered_at=at,
                                    came_as=ALUMNUS))
    db_session.flush()
