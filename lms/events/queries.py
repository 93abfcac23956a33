"""Read models for the seminar pages, and what the alumni home shows of open seminars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Date, Integer, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from lms.accounts.models import Role, User
from lms.clock import utcnow
from lms.db import prebuilt
from lms.events.audience import in_a_delegation
from lms.events.models import (
    Edition,
    EventSession,
    Registration,
    RegistrationStatus,
)
from lms.events.places import places_taken
from lms.events.services import (
    OPEN_STATUSES,
    cap_for,
    eligible_for_edition,
    registration_is_open,
)
from lms.facts import Asked
from lms.i18n import country_name
from lms.pagination import Page, paginate
from lms.prepared import prebuilt_rows
from lms.programs import places
from lms.programs.models import EVENT_KINDS, Cohort, CohortStatus, Program


def _seminar_cohorts() -> Select[tuple[Cohort]]:
    return (select(Cohort).join(Program, Program.id == Cohort.program_id)
            .options(contains_eager(Cohort.program))
            .where(Program.kind.in_(EVENT_KINDS)))


def seminar_cohort(db_session: Session, cohort_id: int) -> Cohort | None:
    """A seminar by its cohort id; any other cohort's id finds nothing."""
    return db_session.scalar(_seminar_cohorts().where(Cohort.id == cohort_id))


# The list of seminars -------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionRow:
    cohort: Cohort
    seminar: Edition | None
    registration: Registration | None
    registered: int

    @property
    def registration_open(self) -> bool:
        return registration_is_open(self.cohort, self.seminar)


def seminars_page(db_session: Session, viewer: User, number: int) -> Page[EditionRow]:
    """Every seminar, newest first, with its details and the viewer's registration."""
    statement = (
        select(Cohort, Edition, Registration)
        .join(Program, Program.id == Cohort.program_id)
        .outerjoin(Edition, Edition.cohort_id == Cohort.id)
        .outerjoin(Registration, and_(Registration.cohort_id == Cohort.id,
                                             Registration.user_id == viewer.id))
        .where(Program.kind.in_(EVENT_KINDS))
        .order_by(Cohort.starts_on.desc(), Cohort.id.desc()))
    if not viewer.has_role(Role.STAFF):
        # Others see the editions they may join, those they registered for, and those with
        # a delegation they are a member of.
        statement = statement.where(or_(eligible_for_edition(viewer.id),
                                        Registration.id.is_not(None),
                                        in_a_delegation(viewer.id)))
    page = paginate(db_session, statement, number)
    counts = places.taken_counts(db_session, [row[0].id for row in page.items])
    rows = [EditionRow(cohort, seminar, registration, counts.get(cohort.id, 0))
            for cohort, seminar, registration in page.items]
    return Page(items=rows, number=page.number, per_page=page.per_page, total=page.total)


# One seminar's page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramDay:
    day: dt.date
    sessions: list[EventSession]


@dataclass(frozen=True)
class EditionPage:
    cohort: Cohort
    seminar: Edition | None
    days: list[ProgramDay]
    registered: int
    #: The country that counts for the viewer and how many are registered from it (None
    #: without a country).
    country: str | None
    registered_from_country: int
    #: The cap for that country: named for it ("KR 10"), else the uniform cap, else None.
    country_cap: int | None
    registration: Registration | None
    registration_open: bool

    @property
    def places_left(self) -> int:
        return max(self.cohort.capacity - self.registered, 0)

    @property
    def places_left_for_country(self) -> int | None:
        """Places the viewer's country still has; None when no cap holds for it."""
        if self.seminar is None or self.country_cap is None or not self.country:
            return None
        return max(min(self.country_cap - self.registered_from_country, self.places_left), 0)

    @property
    def is_registered(self) -> bool:
        return self.registration is not None and \
            self.registration.status == RegistrationStatus.REGISTERED


def program_days(db_session: Session, cohort: Cohort) -> list[ProgramDay]:
    """The sessions in order, grouped by their day in the seminar's zone."""
    sessions = db_session.scalars(
        select(EventSession).options(joinedload(EventSession.facility))
        .where(EventSession.cohort_id == cohort.id)
        .order_by(EventSession.starts_at, EventSession.id)).all()
    zone = cohort.zone
    return [ProgramDay(day, list(group)) for day, group in
            groupby(sessions, key=lambda row: row.starts_at.astimezone(zone).date())]


def registration_of(db_session: Session, cohort: Cohort,
                    user: User) -> Registration | None:
    return db_session.scalar(select(Registration).where(
        Registration.cohort_id == cohort.id, Registration.user_id == user.id))


def seminar_page(db_session: Session, cohort: Cohort, viewer: User) -> EditionPage:
    seminar = db_session.scalar(select(Edition).where(Edition.cohort_id == cohort.id))
    registration = registration_of(db_session, cohort, viewer)
    # Whoever registered counts for the country she registered from (declared, for those who
    # are not alumni or trainees); anyone else for the country her training records.
    taken = places_taken(db_session, cohort, viewer, declared_country=(
        registration.country if registration is not None else None))
    cap = cap_for(db_session, cohort, seminar, taken.country)[0] \
        if seminar is not None and taken.country else None
    return EditionPage(
        cohort=cohort, seminar=seminar, days=program_days(db_session, cohort),
        registered=taken.total, country=taken.country, registered_from_country=taken.from_country,
        country_cap=cap, registration=registration,
        registration_open=registration_is_open(cohort, seminar))


@dataclass(frozen=True)
class SeriesEdition:
    """One edition of a series (the editions of one program), with who hosted it."""

    cohort: Cohort
    host_country: str | None
    organizing_partner: str | None


def series(db_session: Session, cohort: Cohort) -> list[SeriesEdition]:
    """Every edition of ``cohort``'s program, oldest first, with its host country and
    partner, in one query: an exchange alternates its hosts, and its page shows the turns."""
    rows = db_session.execute(
        select(Cohort, Edition.host_country, Edition.organizing_partner)
        .outerjoin(Edition, Edition.cohort_id == Cohort.id)
        .where(Cohort.program_id == cohort.program_id)
        .order_by(Cohort.starts_on, Cohort.id)).all()
    return [SeriesEdition(row[0], row[1], row[2]) for row in rows]


def registered_by_country(db_session: Session, cohort: Cohort) -> list[tuple[str, int]]:
    """How many are registered from each side (the country they registered from), most
    first, in one query."""
    rows = db_session.execute(
        select(Registration.country, func.count())
        .where(Registration.cohort_id == cohort.id,
               Registration.status == RegistrationStatus.REGISTERED)
        .group_by(Registration.country)
        .order_by(func.count().desc(), Registration.country)).all()
    return [(country, count) for country, count in rows]


def session_in(db_session: Session, cohort: Cohort, session_id: int) -> EventSession | None:
    return db_session.scalar(select(EventSession).where(
        EventSession.id == session_id, EventSession.cohort_id == cohort.id))


def registration_in(db_session: Session, cohort: Cohort,
                    registration_id: int) -> Registration | None:
    return db_session.scalar(
        select(Registration).options(joinedload(Registration.user))
        .where(Registration.id == registration_id,
               Registration.cohort_id == cohort.id))


# Attendance by country ------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryGroup:
    country: str
    name: str
    registrations: list[Registration] = field(default_factory=list)


@dataclass(frozen=True)
class Attendance:
    groups: list[CountryGroup]

    @property
    def total(self) -> int:
        return sum(len(group.registrations) for group in self.groups)

    @property
    def countries(self) -> int:
        return len(self.groups)


def _registrations(cohort: Cohort) -> Select[tuple[Registration]]:
    return (select(Registration).join(User, User.id == Registration.user_id)
            .options(contains_eager(Registration.user))
            .where(Registration.cohort_id == cohort.id))


def attendance(db_session: Session, cohort: Cohort) -> Attendance:
    """Everyone registered, grouped by the country they registered from, in one query.

    A seminar has some tens of participants, a few hundred at most, so the whole list is one
    page, grouped rather than paginated."""
    registrations = db_session.scalars(
        _registrations(cohort)
        .where(Registration.status == RegistrationStatus.REGISTERED)
        .order_by(Registration.country, User.display_name, User.id)).all()
    groups = [CountryGroup(country, country_name(country), list(rows))
              for country, rows in groupby(registrations, key=lambda row: row.country)]
    return Attendance(sorted(groups, key=lambda group: group.name))


def cancelled_registrations(db_session: Session, cohort: Cohort) -> list[Registration]:
    return list(db_session.scalars(
        _registrations(cohort)
        .where(Registration.status == RegistrationStatus.CANCELLED)
        .order_by(Registration.cancelled_at.desc(), Registration.id)))


def all_registrations(db_session: Session, cohort: Cohort,
                      batch: int = 500) -> Iterator[Registration]:
    """Every registration, registered and cancelled, for the CSV export, streamed."""
    statement = (_registrations(cohort)
                 .order_by(Registration.status.desc(), Registration.country,
                           User.display_name, Registration.id)
                 .execution_options(yield_per=batch))
    yield from db_session.scalars(statement)


# For the alumni home --------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenSeminar:
    """A seminar that has not ended, with the person's standing in it."""

    cohort: Cohort
    seminar: Edition | None
    registration: Registration | None
    #: Whether registration is open now (the person may still be refused by a cap).
    registration_open: bool

    @property
    def is_registered(self) -> bool:
        return self.registration is not None and \
            self.registration.status == RegistrationStatus.REGISTERED


def open_seminars_for(db_session: Session, user: User) -> list[OpenSeminar]:
    """Seminars that have not ended that ``user`` may register for or is registered in,
    soonest first, each with the user's registration (or None). One query.

    Staff who are neither alumni nor trainees see only what they registered for."""
    now = utcnow()
    rows = db_session.execute(prebuilt(_open_seminars_with_registrations),
                              {"user_id": user.id, "since": now.date() - _MARGIN}).all()
    return [OpenSeminar(cohort, seminar, registration, registration_is_open(cohort, seminar, now))
            for cohort, seminar, registration in rows
            if now < cohort.opening_time(cohort.length_in_days + 1)]


def _open_seminars_with_registrations() -> Select[Any]:
    # Built once (lms.db.prebuilt): every home of an alumna or a trainee asks it.
    return (_open_seminars(select(Cohort, Edition, Registration),
                           bindparam("user_id", type_=Integer()),
                           bindparam("since", type_=Date()))
            .options(contains_eager(Cohort.program))
            .order_by(Cohort.starts_on, Cohort.id))


class SeminarValues(NamedTuple):
    """A row of :func:`open_seminar_values`, the columns of its select in their order."""

    id: int
    name: str
    name_ja: str | None
    starts_on: dt.date
    ends_on: dt.date
    timezone: str
    status: CohortStatus
    edition_id: int | None
    registration_opens_on: dt.date | None
    registration_closes_on: dt.date | None
    registration_status: RegistrationStatus | None


def open_seminar_values(db_session: Session, user: User, now: dt.datetime
                        ) -> list[SeminarValues]:
    """:func:`open_seminars_for`'s rows as plain values (the cohort's columns, its edition's
    registration days, her registration's status), not yet sifted by each seminar's last day,
    for the homes that list them on every visit. One query, prepared once an app
    (lms.prepared.prebuilt_rows)."""
    return [SeminarValues(*row) for row in prebuilt_rows(
        db_session, _open_seminar_values, user_id=user.id, since=now.date() - _MARGIN)]


def _open_seminar_values() -> Select[Any]:
    # Built once (lms.db.prebuilt), as _open_seminars_with_registrations.
    return (_open_seminars(select(Cohort.id, Cohort.name, Cohort.name_ja, Cohort.starts_on,
                                  Cohort.ends_on, Cohort.timezone, Cohort.status,
                                  Edition.id.label("edition_id"), Edition.registration_opens_on,
                                  Edition.registration_closes_on,
                                  Registration.status.label("registration_status")),
                           bindparam("user_id", type_=Integer()),
                           bindparam("since", type_=Date()))
            .order_by(Cohort.starts_on, Cohort.id))


def has_open_seminars(asked: Asked) -> ColumnElement[bool]:
    """A condition true when :func:`open_seminars_for` may find one (up to its day's margin),
    so that a home asks for seminars only then (a fact, lms.facts)."""
    return _open_seminars(select(Cohort.id), asked.user_id, asked.day(-_MARGIN.days)).exists()


#: A day's margin on either side of UTC: whether the last day is over is decided in each
#: seminar's own zone, by open_seminars_for.
_MARGIN = dt.timedelta(days=1)


def _open_seminars(statement: Select[Any], user_id: int | ColumnElement[int],
                   ends_on_or_after: dt.date | ColumnElement[dt.date]) -> Select[Any]:
    return (statement.select_from(Cohort).join(Program, Program.id == Cohort.program_id)
            .outerjoin(Edition, Edition.cohort_id == Cohort.id)
            .outerjoin(Registration, and_(Registration.cohort_id == Cohort.id,
                                                 Registration.user_id == user_id))
            .where(Program.kind.in_(EVENT_KINDS), Cohort.status.in_(OPEN_STATUSES),
                   Cohort.ends_on >= ends_on_or_after,
                   or_(eligible_for_edition(user_id),
                       Registration.status == RegistrationStatus.REGISTERED)))
