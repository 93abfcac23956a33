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
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import Role, User
from lms.clock import utcnow
from lms.db import lock_row
from lms.errors import NotAllowed, ServiceError
from lms.events.models import (
    Edition,
    Registration,
    RegistrationStatus,
    SessionKind,
)
from lms.events.places import places_taken
from lms.i18n import _l, _ln, country_name, format_day
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
    SessionKind.MEETING: _l("Meeting"),
    SessionKind.TRAVEL: _l("Travel"),
}

REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.REGISTERED: _l("registered"),
    RegistrationStatus.CANCELLED: _l("registration cancelled"),
}


def check_transition(current: RegistrationStatus | None, wanted: RegistrationStatus) -> None:
    if wanted not in REGISTRATION_TRANSITIONS[current]:
        raise ServiceError(REFUSED_MOVES[wanted])


def is_seminar(cohort: Cohort) -> bool:
    return cohort.program.kind == ProgramKind.SEMINAR


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
    return db_session.scalar(select(Registration.id).where(
        Registration.user_id == user.id).limit(1)) is not None


def registration_closes_at(cohort: Cohort, seminar: Edition) -> dt.datetime:
    """The end of the closing day in the seminar's zone, else the moment the seminar starts."""
    if seminar.registration_closes_on is not None:
        last_day = seminar.registration_closes_on + dt.timedelta(days=1)
    else:
        last_day = cohort.starts_on
    return dt.datetime.combine(last_day, dt.time(0, 0), cohort.zone).astimezone(dt.UTC)


def registration_is_open(cohort: Cohort, seminar: Edition | None,
                         now: dt.datetime | None = None) -> bool:
    if seminar is None or cohort.status not in OPEN_STATUSES:
        return False
    return (now or utcnow()) < registration_closes_at(cohort, seminar)


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


def _snapshot(seminar: Edition) -> dict[str, Any]:
    return {"venue": seminar.venue, "city": seminar.city,
            "per_country_cap": seminar.per_country_cap,
            "registration_closes_on": seminar.registration_closes_on.isoformat()
            if seminar.registration_closes_on else None,
            "description": seminar.description}


def seminar_of(db_session: Session, cohort: Cohort) -> Edition | None:
    return db_session.scalar(select(Edition).where(Edition.cohort_id == cohort.id))


def save_details(db_session: Session, actor: User, cohort: Cohort,
                 details: EditionDetails) -> Edition:
    """Create the seminar's details on first save, change them afterwards.

    Lowering the cap keeps everyone already registered; it only refuses new registrations."""
    require_staff(actor)
    _require_seminar(cohort)
    _require_open(cohort)
    venue, city = details.venue.strip(), details.city.strip()
    if not venue:
        raise ServiceError(_l("Give the venue."), field="venue")
    if not city:
        raise ServiceError(_l("Give the city."), field="city")
    if details.per_country_cap is not None and details.per_country_cap < 1:
        raise ServiceError(_l("The cap per country must be at least 1, or empty for no cap."),
                           field="per_country_cap")
    if details.registration_closes_on is not None \
            and details.registration_closes_on > cohort.ends_on:
        raise ServiceError(_l("Registration must close before the seminar ends (%(day)s).",
                              day=format_day(cohort.ends_on)), field="registration_closes_on")
    seminar = seminar_of(db_session, cohort)
    before = _snapshot(seminar) if seminar else None
    if seminar is None:
        seminar = Edition(cohort_id=cohort.id, venue=venue, city=city)
        db_session.add(seminar)
    seminar.venue, seminar.city = venue, city
    seminar.per_country_cap = details.per_country_cap
    seminar.registration_closes_on = details.registration_closes_on
    seminar.description = details.description.strip()
    db_session.flush()
    if _snapshot(seminar) != before:
        audit.record(db_session, actor, "seminar_details_saved", seminar, before=before,
                     after=_snapshot(seminar))
    return seminar


# Registration ---------------------------------------------------------------------------------


def register(db_session: Session, actor: User, cohort: Cohort) -> Registration:
    """Register ``actor`` for the seminar, or register them again after they cancelled."""
    _require_seminar(cohort)
    if not may_register(db_session, actor):
        raise NotAllowed(FOR_WHOM)
    seminar = seminar_of(db_session, cohort)
    if seminar is None or not registration_is_open(cohort, seminar):
        raise ServiceError(_l("Registration for %(title)s is closed.", title=lazy_name(cohort)))
    # Two people of one country racing for the last place take turns from here on: each counts
    # what the other committed.
    lock_row(db_session, Cohort, cohort.id)
    registration = db_session.scalar(
        select(Registration).where(Registration.cohort_id == cohort.id,
                                          Registration.user_id == actor.id)
        .execution_options(populate_existing=True))
    check_transition(registration.status if registration else None,
                     RegistrationStatus.REGISTERED)
    taken = places_taken(db_session, cohort, actor, besides_person=True)
    if taken.country is None:
        raise ServiceError(NO_COUNTRY)
    cap = seminar.per_country_cap
    if cap is not None and taken.from_country >= cap:
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
    registration.status = RegistrationStatus.REGISTERED
    registration.registered_at = utcnow()
    registration.cancelled_at = None
    registration.cancelled_by_id = None
    db_session.flush()
    audit.record(db_session, actor, "seminar_registered", registration, before=before,
                 after={"status": "registered", "cohort_id": cohort.id,
                        "country": registration.country})
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
