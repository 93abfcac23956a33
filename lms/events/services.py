"""The Asian Social Welfare Seminar: its details and program, and registration.

Registration workflow (a move not listed is refused):

    (none) → registered → cancelled → registered → …   (one row per person and seminar, reused)

Who may register: alumni of the year-long program and its current trainees, while
registration is open, within the per-country cap and the seminar's overall places. The cap
counts the country of the person's year-program enrollment (``lms.programs.country``), never
the one on their account, which they may edit. Every change writes an audit event in the
same transaction; services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, false, func, or_, select, true
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import Role, User
from lms.clock import local_to_utc, utcnow
from lms.db import lock_row
from lms.errors import NotAllowed, ServiceError
from lms.events.models import (
    CountryCap,
    Edition,
    EventSession,
    Registration,
    RegistrationStatus,
    SessionKind,
    TourDirection,
)
from lms.events.places import places_taken
from lms.i18n import _l, _ln, country_name, country_names, format_day
from lms.names import lazy_name
from lms.notifications import services as notifications
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
    is_event,
)
from lms.programs.standing import completed_year_enrollments
from lms.security import require_staff
from lms.urls import external_url

#: ``None`` is a person who never registered for this seminar.
REGISTRATION_TRANSITIONS: dict[RegistrationStatus | None, set[RegistrationStatus]] = {
    None: {RegistrationStatus.REGISTERED},
    RegistrationStatus.REGISTERED: {RegistrationStatus.CANCELLED},
    RegistrationStatus.CANCELLED: {RegistrationStatus.REGISTERED},
}

REFUSED_MOVES = {
    RegistrationStatus.REGISTERED: _l("You are already registered for this seminar."),
    RegistrationStatus.CANCELLED: _l("This registration is already cancelled."),
}

NO_COUNTRY = _l("Places at the seminar are shared out by country, and no country is recorded "
                "with your training. Ask the program staff to record it.")

FOR_WHOM = _l("The seminar is open to alumni of the year-long training program and to its "
              "current trainees.")

NOT_FOR_YOU = _l("This event is not open to you: see whom it is for on its page.")

#: Longest retention time staff may set: ten years.
MAX_RETENTION_DAYS = 3650


def is_country_code(code: str | None) -> bool:
    return bool(code) and code in dict(country_names("en"))

#: Seminars whose details, program and registrations can still change.
OPEN_STATUSES = {CohortStatus.PLANNED, CohortStatus.ACTIVE}

SESSION_KIND_LABELS = {
    SessionKind.OPENING: _l("Opening"),
    SessionKind.LECTURE: _l("Lecture"),
    SessionKind.COUNTRY_REPORT: _l("Country report"),
    SessionKind.DISCUSSION: _l("Discussion"),
    SessionKind.SITE_VISIT: _l("Site visit"),
    SessionKind.SUMMARY: _l("Summary session"),
    SessionKind.CLOSING: _l("Closing"),
}

TOUR_DIRECTION_LABELS = {
    TourDirection.INBOUND: _l("Inbound: visitors come to Japan"),
    TourDirection.OUTBOUND: _l("Outbound: participants go abroad"),
}

REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.REGISTERED: _l("registered"),
    RegistrationStatus.CANCELLED: _l("registration cancelled"),
}


def check_transition(current: RegistrationStatus | None, wanted: RegistrationStatus) -> None:
    if wanted not in REGISTRATION_TRANSITIONS[current]:
        raise ServiceError(REFUSED_MOVES[wanted])


def is_seminar(cohort: Cohort) -> bool:
    return is_event(cohort.program.kind)


def _require_seminar(cohort: Cohort) -> None:
    if not is_seminar(cohort):
        raise ServiceError(_l("This cohort is not a seminar."))


def _require_open(cohort: Cohort) -> None:
    if cohort.status not in OPEN_STATUSES:
        raise ServiceError(_l("A completed or cancelled seminar can no longer be changed."))


# Who may take part ----------------------------------------------------------------------------


def _current_trainee_enrollments(user_id: int | ColumnElement[int]
                                 ) -> Select[tuple[Enrollment]]:
    """Active trainee enrollments in an active cohort of the year-long program."""
    return (select(Enrollment).join(Cohort, Cohort.id == Enrollment.cohort_id)
            .join(Program, Program.id == Cohort.program_id)
            .where(Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.TRAINEE,
                   Enrollment.status == EnrollmentStatus.ACTIVE,
                   Cohort.status == CohortStatus.ACTIVE, Program.kind == ProgramKind.YEAR_LONG))


def eligible_to_register(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """A condition true when the user is an alumnus or a current trainee: the people the
    seminar is for. A condition rather than a query so that lists can filter by it."""
    # Never correlated: an enclosing query over cohorts (the seminars) must not bind the
    # year-long cohorts these conditions speak of.
    alumnus = completed_year_enrollments().where(Enrollment.user_id == user_id)
    trainee = _current_trainee_enrollments(user_id)
    return or_(alumnus.correlate(None).exists(), trainee.correlate(None).exists())


def _confirmed(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    return select(User.id).where(User.id == user_id, User.email_confirmed_at.is_not(None)) \
        .correlate(None).exists()


def eligible_for_edition(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """A condition true when the user may register for the edition of the enclosing query
    (joined, perhaps outer, to Edition): an alumna or a current trainee where the edition
    takes them (an edition without details takes both, as the seminar always did), or anyone
    with a confirmed address where it is open to all."""
    alumnus = completed_year_enrollments().where(Enrollment.user_id == user_id)
    trainee = _current_trainee_enrollments(user_id)
    return or_(
        and_(func.coalesce(Edition.open_to_alumni, true()), alumnus.correlate(None).exists()),
        and_(func.coalesce(Edition.open_to_trainees, true()),
             trainee.correlate(None).exists()),
        and_(func.coalesce(Edition.open_to_public, false()), _confirmed(user_id)))


def way_in(db_session: Session, user: User, seminar: Edition | None) -> str | None:
    """How ``user`` may register for an edition: "member" (an alumna or current trainee it
    takes: her country is that of her training), "public" (anyone with a confirmed address,
    who declares a country), or None."""
    alumni = seminar is None or seminar.open_to_alumni
    trainees = seminar is None or seminar.open_to_trainees
    if alumni and db_session.scalar(select(
            completed_year_enrollments().where(Enrollment.user_id == user.id).exists())):
        return "member"
    if trainees and is_current_trainee(db_session, user):
        return "member"
    if seminar is not None and seminar.open_to_public and user.is_email_confirmed:
        return "public"
    return None


def for_whom(seminar: Edition | None) -> list[Any]:
    """Whom an edition is for, as the lines its page shows."""
    if seminar is None:
        return [_l("Alumni of the year-long training program"), _l("Its current trainees")]
    lines: list[Any] = []
    if seminar.open_to_alumni:
        lines.append(_l("Alumni of the year-long training program"))
    if seminar.open_to_trainees:
        lines.append(_l("Its current trainees"))
    if seminar.open_to_public:
        lines.append(_l("Anyone with an account and a confirmed email address"))
    return lines


def is_current_trainee(db_session: Session, user: User) -> bool:
    return db_session.scalar(
        _current_trainee_enrollments(user.id).with_only_columns(Enrollment.id).limit(1)) is not None


def may_register(db_session: Session, user: User) -> bool:
    return bool(db_session.scalar(select(eligible_to_register(user.id))))


def may_see_seminars(db_session: Session, user: User) -> bool:
    """Staff, the people who may register, and anyone who once registered (so they can always
    see, and cancel, what they signed up for)."""
    if user.has_role(Role.STAFF) or may_register(db_session, user):
        return True
    if user.is_email_confirmed and db_session.scalar(select(Edition.id).where(
            Edition.open_to_public.is_(True)).limit(1)) is not None:
        return True
    return db_session.scalar(select(Registration.id).where(
        Registration.user_id == user.id).limit(1)) is not None


def may_see_edition(db_session: Session, user: User, cohort: Cohort) -> bool:
    """Staff see every edition; anyone else one they may register for or registered for."""
    if user.has_role(Role.STAFF):
        return True
    seminar = seminar_of(db_session, cohort)
    if way_in(db_session, user, seminar) is not None:
        return True
    return db_session.scalar(select(Registration.id).where(
        Registration.user_id == user.id, Registration.cohort_id == cohort.id)) is not None


def registration_closes_at(cohort: Cohort, seminar: Edition) -> dt.datetime:
    """The end of the closing day in the seminar's zone, else the moment the seminar starts."""
    if seminar.registration_closes_on is not None:
        last_day = seminar.registration_closes_on + dt.timedelta(days=1)
    else:
        last_day = cohort.starts_on
    return dt.datetime.combine(last_day, dt.time(0, 0), cohort.zone).astimezone(dt.UTC)


def registration_opens_at(cohort: Cohort, seminar: Edition) -> dt.datetime | None:
    """The start of the opening day in the edition's zone; None: open once the details exist."""
    if seminar.registration_opens_on is None:
        return None
    return dt.datetime.combine(seminar.registration_opens_on, dt.time(0, 0),
                               cohort.zone).astimezone(dt.UTC)


def registration_is_open(cohort: Cohort, seminar: Edition | None,
                         now: dt.datetime | None = None) -> bool:
    if seminar is None or cohort.status not in OPEN_STATUSES:
        return False
    now = now or utcnow()
    opens = registration_opens_at(cohort, seminar)
    return (opens is None or opens <= now) and now < registration_closes_at(cohort, seminar)


def has_started(cohort: Cohort, now: dt.datetime | None = None) -> bool:
    return (now or utcnow()) >= cohort.opening_time(1)


def registrations_may_change(cohort: Cohort, now: dt.datetime | None = None) -> bool:
    """Nobody, staff included, cancels a registration once the seminar is over: the list is
    then the record of who came."""
    return cohort.status in OPEN_STATUSES and \
        (now or utcnow()) < cohort.opening_time(cohort.length_in_days + 1)


def registrant_may_cancel(cohort: Cohort, now: dt.datetime | None = None) -> bool:
    """A registrant cancels on their own until the seminar starts; after that, staff do."""
    return cohort.status in OPEN_STATUSES and not has_started(cohort, now)


# Details --------------------------------------------------------------------------------------


@dataclass
class EditionDetails:
    venue: str
    city: str
    per_country_cap: int | None
    registration_closes_on: dt.date | None
    description: str = ""
    host_organization: str = ""
    host_country: str | None = None
    organizing_partner: str = ""
    online: bool = False
    direction: TourDirection | None = None
    open_to_alumni: bool = True
    open_to_trainees: bool = True
    open_to_public: bool = False
    registration_opens_on: dt.date | None = None
    retention_days: int = 365
    #: Caps for named countries ("KR": 10), in place of the uniform cap for those countries.
    country_caps: dict[str, int] = field(default_factory=dict)


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _snapshot(seminar: Edition, caps: dict[str, int]) -> dict[str, Any]:
    return {"venue": seminar.venue, "city": seminar.city,
            "per_country_cap": seminar.per_country_cap,
            "registration_closes_on": _day(seminar.registration_closes_on),
            "description": seminar.description,
            "host_organization": seminar.host_organization, "host_country": seminar.host_country,
            "organizing_partner": seminar.organizing_partner, "online": seminar.online,
            "direction": str(seminar.direction) if seminar.direction else None,
            "open_to_alumni": seminar.open_to_alumni,
            "open_to_trainees": seminar.open_to_trainees,
            "open_to_public": seminar.open_to_public,
            "registration_opens_on": _day(seminar.registration_opens_on),
            "retention_days": seminar.retention_days, "country_caps": caps}


def country_caps(db_session: Session, cohort: Cohort) -> dict[str, int]:
    """The caps for named countries of an edition, by country code."""
    return dict(db_session.execute(
        select(CountryCap.country, CountryCap.cap).where(CountryCap.cohort_id == cohort.id)
        .order_by(CountryCap.country)).all())


def proposed_host(db_session: Session, cohort: Cohort) -> str | None:
    """The host country a new edition of a series is likely to have: the other side of the
    latest edition before it. The other side is the country its caps name beside its host
    ("10 from Korea and 10 from Japan", hosted by Japan: Korea), else the host of the edition
    before that one, when it differs (Japan, Korea, then Japan again)."""
    earlier = db_session.execute(
        select(Edition.cohort_id, Edition.host_country)
        .join(Cohort, Cohort.id == Edition.cohort_id)
        .where(Cohort.program_id == cohort.program_id, Cohort.id != cohort.id,
               Cohort.starts_on <= cohort.starts_on, Edition.host_country.is_not(None))
        .order_by(Cohort.starts_on.desc(), Cohort.id.desc()).limit(2)).all()
    if not earlier:
        return None
    last_id, last_host = earlier[0]
    named = set(db_session.scalars(select(CountryCap.country).where(
        CountryCap.cohort_id == last_id)))
    others = named - {last_host}
    if last_host in named and len(others) == 1:
        return others.pop()
    if len(earlier) == 2 and earlier[1][1] != last_host:
        return earlier[1][1]
    return None


def _check_details(cohort: Cohort, details: EditionDetails) -> None:
    if not details.online and not details.venue.strip():
        raise ServiceError(_l("Give the venue, or say the event is held online."),
                           field="venue")
    if not details.online and not details.city.strip():
        raise ServiceError(_l("Give the city, or say the event is held online."), field="city")
    if details.per_country_cap is not None and details.per_country_cap < 1:
        raise ServiceError(_l("The cap per country must be at least 1, or empty for no cap."),
                           field="per_country_cap")
    for code, cap in details.country_caps.items():
        if not is_country_code(code):
            raise ServiceError(_l("%(code)s is not a country code, such as KR or JP.",
                                  code=code), field="country_caps")
        if cap < 1:
            raise ServiceError(_l("The cap for %(country)s must be at least 1.",
                                  country=country_name(code)), field="country_caps")
    if details.host_country is not None and not is_country_code(details.host_country):
        raise ServiceError(_l("Choose the host country from the list."), field="host_country")
    if not (details.open_to_alumni or details.open_to_trainees or details.open_to_public):
        raise ServiceError(_l("Say who may register: at least one group."),
                           field="open_to_alumni")
    if cohort.program.kind == ProgramKind.STUDY_TOUR and details.direction is None:
        raise ServiceError(_l("Say whether the study tour comes to Japan or goes abroad."),
                           field="direction")
    if details.registration_closes_on is not None \
            and details.registration_closes_on > cohort.ends_on:
        raise ServiceError(_l("Registration must close before the seminar ends (%(day)s).",
                              day=format_day(cohort.ends_on)), field="registration_closes_on")
    if details.registration_opens_on is not None:
        if details.registration_opens_on > cohort.ends_on:
            raise ServiceError(_l("Registration must open before the event ends (%(day)s).",
                                  day=format_day(cohort.ends_on)),
                               field="registration_opens_on")
        if details.registration_closes_on is not None \
                and details.registration_opens_on > details.registration_closes_on:
            raise ServiceError(_l("Registration must open on or before the day it closes."),
                               field="registration_opens_on")
    if not 0 <= details.retention_days <= MAX_RETENTION_DAYS:
        raise ServiceError(_l("Keep the data between 0 and %(max)d days.",
                              max=MAX_RETENTION_DAYS), field="retention_days")


def seminar_of(db_session: Session, cohort: Cohort) -> Edition | None:
    return db_session.scalar(select(Edition).where(Edition.cohort_id == cohort.id))


def save_details(db_session: Session, actor: User, cohort: Cohort,
                 details: EditionDetails) -> Edition:
    """Create the seminar's details on first save, change them afterwards.

    Lowering the cap keeps everyone already registered; it only refuses new registrations."""
    require_staff(actor)
    _require_seminar(cohort)
    _require_open(cohort)
    _check_details(cohort, details)
    venue, city = details.venue.strip(), details.city.strip()
    seminar = seminar_of(db_session, cohort)
    caps_before = country_caps(db_session, cohort)
    before = _snapshot(seminar, caps_before) if seminar else None
    if seminar is None:
        seminar = Edition(cohort_id=cohort.id, venue=venue, city=city)
        db_session.add(seminar)
    seminar.venue, seminar.city = venue, city
    seminar.per_country_cap = details.per_country_cap
    seminar.registration_closes_on = details.registration_closes_on
    seminar.description = details.description.strip()
    seminar.host_organization = details.host_organization.strip()
    seminar.host_country = details.host_country
    seminar.organizing_partner = details.organizing_partner.strip()
    seminar.online = details.online
    seminar.direction = details.direction \
        if cohort.program.kind == ProgramKind.STUDY_TOUR else None
    seminar.open_to_alumni = details.open_to_alumni
    seminar.open_to_trainees = details.open_to_trainees
    seminar.open_to_public = details.open_to_public
    seminar.registration_opens_on = details.registration_opens_on
    seminar.retention_days = details.retention_days
    caps = dict(sorted(details.country_caps.items()))
    if caps != caps_before:
        db_session.execute(delete(CountryCap).where(CountryCap.cohort_id == cohort.id))
        db_session.add_all(CountryCap(cohort_id=cohort.id, country=code, cap=cap)
                           for code, cap in caps.items())
    db_session.flush()
    if _snapshot(seminar, caps) != before:
        audit.record(db_session, actor, "seminar_details_saved", seminar, before=before,
                     after=_snapshot(seminar, caps))
    return seminar


# The program of sessions ----------------------------------------------------------------------


@dataclass
class SessionDetails:
    kind: SessionKind
    title: str
    day: dt.date
    starts: dt.time
    ends: dt.time
    place: str | None = None
    description: str = ""


def _times(cohort: Cohort, details: SessionDetails) -> tuple[dt.datetime, dt.datetime]:
    """The session's start and end in UTC, from a day and clock times in the seminar's zone."""
    if not cohort.starts_on <= details.day <= cohort.ends_on:
        raise ServiceError(_l("Choose a day of the seminar, from %(first)s to %(last)s.",
                              first=format_day(cohort.starts_on),
                              last=format_day(cohort.ends_on)), field="day")
    if details.ends <= details.starts:
        raise ServiceError(_l("The session must end after it starts."), field="ends")
    zone = cohort.zone
    return (local_to_utc(dt.datetime.combine(details.day, details.starts), zone, "starts").utc,
            local_to_utc(dt.datetime.combine(details.day, details.ends), zone, "ends").utc)


def _apply(row: EventSession, cohort: Cohort, details: SessionDetails) -> None:
    title = details.title.strip()
    if not title:
        raise ServiceError(_l("Give the session a title."), field="title")
    row.starts_at, row.ends_at = _times(cohort, details)
    row.kind = details.kind
    row.title = title
    row.place = (details.place or "").strip() or None
    row.description = details.description.strip()


def _session_snapshot(row: EventSession) -> dict[str, Any]:
    return {"kind": str(row.kind), "title": row.title, "starts_at": row.starts_at.isoformat(),
            "ends_at": row.ends_at.isoformat(), "place": row.place,
            "description": row.description}


def add_session(db_session: Session, actor: User, cohort: Cohort,
                details: SessionDetails) -> EventSession:
    require_staff(actor)
    _require_seminar(cohort)
    _require_open(cohort)
    row = EventSession(cohort_id=cohort.id)
    _apply(row, cohort, details)
    db_session.add(row)
    db_session.flush()
    audit.record(db_session, actor, "seminar_session_added", row, after=_session_snapshot(row))
    return row


def update_session(db_session: Session, actor: User, cohort: Cohort, row: EventSession,
                   details: SessionDetails) -> None:
    require_staff(actor)
    _require_open(cohort)
    if row.cohort_id != cohort.id:
        raise ServiceError(_l("This session belongs to another seminar."))
    before = _session_snapshot(row)
    _apply(row, cohort, details)
    db_session.flush()
    if _session_snapshot(row) != before:
        audit.record(db_session, actor, "seminar_session_changed", row, before=before,
                     after=_session_snapshot(row))


def remove_session(db_session: Session, actor: User, cohort: Cohort, row: EventSession) -> None:
    require_staff(actor)
    _require_open(cohort)
    if row.cohort_id != cohort.id:
        raise ServiceError(_l("This session belongs to another seminar."))
    audit.record(db_session, actor, "seminar_session_removed", row,
                 before=_session_snapshot(row))
    db_session.delete(row)
    db_session.flush()


# Registration ---------------------------------------------------------------------------------


@dataclass
class Declaration:
    """What a participant who is neither an alumna nor a trainee says of herself."""

    country: str | None
    organization: str


def cap_for(db_session: Session, cohort: Cohort, seminar: Edition,
            country: str) -> tuple[int | None, bool]:
    """The cap that holds for ``country`` and whether it is named for it (else the uniform
    cap per country, or None)."""
    named = db_session.scalar(select(CountryCap.cap).where(
        CountryCap.cohort_id == cohort.id, CountryCap.country == country))
    return (named, True) if named is not None else (seminar.per_country_cap, False)


def register(db_session: Session, actor: User, cohort: Cohort,
             declared: Declaration | None = None) -> Registration:
    """Register ``actor`` for the edition, or register them again after they cancelled.

    An alumna or trainee the edition takes counts for the country of her training; anyone
    else let in by an edition open to all counts for the country ``declared``."""
    _require_seminar(cohort)
    seminar = seminar_of(db_session, cohort)
    way = way_in(db_session, actor, seminar)
    if way is None:
        raise NotAllowed(FOR_WHOM if seminar is None or not seminar.open_to_public
                         else NOT_FOR_YOU)
    if seminar is None or not registration_is_open(cohort, seminar):
        raise ServiceError(_l("Registration for %(title)s is closed.", title=lazy_name(cohort)))
    organization = None
    if way == "public":
        if declared is None or not is_country_code(declared.country):
            raise ServiceError(_l("Choose the country you come from."), field="country")
        organization = declared.organization.strip()
        if not organization:
            raise ServiceError(_l("Give the organization you work for."),
                               field="organization")
    # Two people of one country racing for the last place take turns from here on: each counts
    # what the other committed.
    lock_row(db_session, Cohort, cohort.id)
    registration = db_session.scalar(
        select(Registration).where(Registration.cohort_id == cohort.id,
                                          Registration.user_id == actor.id)
        .execution_options(populate_existing=True))
    check_transition(registration.status if registration else None,
                     RegistrationStatus.REGISTERED)
    taken = places_taken(db_session, cohort, actor, besides_person=True,
                         declared_country=declared.country if way == "public" and declared
                         else None)
    if taken.country is None:
        raise ServiceError(NO_COUNTRY)
    cap, named = cap_for(db_session, cohort, seminar, taken.country)
    if cap is not None and taken.from_country >= cap:
        if named:
            raise ServiceError(_l("The places for participants from %(country)s are taken: "
                                  "this event takes up to %(cap)d from %(country)s.",
                                  country=country_name(taken.country), cap=cap))
        raise ServiceError(_l("The places for participants from %(country)s are taken: up to "
                              "%(cap)d per country.", country=country_name(taken.country),
                              cap=cap))
    if taken.total >= cohort.capacity:
        raise ServiceError(_ln("The seminar is full: its %(num)d place is taken.",
                               "The seminar is full: all %(num)d places are taken.",
                               cohort.capacity))
    before = {"status": str(registration.status)} if registration else None
    if registration is None:
        registration = Registration(cohort_id=cohort.id, user_id=actor.id,
                                           country=taken.country)
        db_session.add(registration)
    registration.country = taken.country
    registration.organization = organization
    registration.status = RegistrationStatus.REGISTERED
    registration.registered_at = utcnow()
    registration.cancelled_at = None
    registration.cancelled_by_id = None
    db_session.flush()
    audit.record(db_session, actor, "seminar_registered", registration, before=before,
                 after={"status": "registered", "cohort_id": cohort.id,
                        "country": registration.country, "declared": way == "public"})
    notifications.notify(db_session, actor, "registration",
                         _l("Registered: %(title)s", title=lazy_name(cohort)),
                         "lms/events/mail/registered.txt", cohort=cohort, seminar=seminar,
                         link=external_url("lms.events.show", cohort_id=cohort.id))
    return registration


def cancel_registration(db_session: Session, actor: User, cohort: Cohort,
                        registration: Registration) -> None:
    """The registrant may cancel until the seminar starts; staff may cancel for anyone."""
    if registration.cohort_id != cohort.id:
        raise ServiceError(_l("This registration belongs to another seminar."))
    by_staff = actor.has_role(Role.STAFF)
    if registration.user_id != actor.id and not by_staff:
        raise NotAllowed(_l("Only the registrant or program staff can cancel a registration."))
    if not registrations_may_change(cohort):
        raise ServiceError(_l("The seminar is over: its registrations are the record of who "
                              "came and can no longer be cancelled."))
    if not by_staff and not registrant_may_cancel(cohort):
        raise ServiceError(_l("The seminar has started or ended; ask the program staff to "
                              "change your registration."))
    check_transition(registration.status, RegistrationStatus.CANCELLED)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    registration.cancelled_by_id = actor.id
    db_session.flush()
    for_someone_else = registration.user_id != actor.id
    audit.record(db_session, actor, "seminar_registration_cancelled", registration,
                 before={"status": "registered"},
                 after={"status": "cancelled", "by_staff": for_someone_else})
    # Staff cancelling someone's place decide on their registration: that mail must arrive.
    notifications.notify(db_session, registration.user,
                         "application_decision" if for_someone_else else "registration",
                         _l("Registration cancelled: %(title)s", title=lazy_name(cohort)),
                         "lms/events/mail/cancelled.txt", cohort=cohort,
                         by_staff=for_someone_else,
                         link=external_url("lms.events.show", cohort_id=cohort.id))
