"""Events (the Asian Social Welfare Seminar and every other kind): the program of sessions,
and registration.

Registration workflow (a move not listed is refused):

    (none) → registered → cancelled → registered → …   (one row per person and seminar, reused)

Who may register (lms.events.audience): those the edition is for, while registration is
open, within the cap for their country (a cap named for it, else the uniform one) and the
edition's overall places. For an alumna or trainee the cap counts the country of her
year-program enrollment (``lms.programs.country``), never the one on her account, which she
may edit; for anyone else let in by an edition open to all, the country she declared. Every
change writes an audit event in the same transaction; services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import Role, User
from lms.admissions.models import AdmissionCall
from lms.clock import utcnow
from lms.db import lock_row
from lms.errors import NotAllowed, ServiceError

# Whom an edition is for, and its details, live in their own modules; the pages, the other
# domains and the tests ask this one, which passes on these names ("x as x").
from lms.events.audience import DECLARING as DECLARING
from lms.events.audience import INVITED as INVITED
from lms.events.audience import PUBLIC as PUBLIC
from lms.events.audience import eligible_for_edition as eligible_for_edition
from lms.events.audience import eligible_to_register as eligible_to_register
from lms.events.audience import for_whom as for_whom
from lms.events.audience import is_current_trainee as is_current_trainee
from lms.events.audience import is_invited as is_invited
from lms.events.audience import may_register as may_register
from lms.events.audience import may_see_edition as may_see_edition
from lms.events.audience import may_see_seminars as may_see_seminars
from lms.events.audience import way_in as way_in
from lms.events.editions import MAX_RETENTION_DAYS as MAX_RETENTION_DAYS
from lms.events.editions import OPEN_STATUSES as OPEN_STATUSES
from lms.events.editions import TOUR_DIRECTION_LABELS as TOUR_DIRECTION_LABELS
from lms.events.editions import EditionDetails as EditionDetails
from lms.events.editions import country_caps as country_caps
from lms.events.editions import is_country_code, require_event, seminar_of
from lms.events.editions import is_seminar as is_seminar
from lms.events.editions import proposed_host as proposed_host
from lms.events.editions import save_details as save_details
from lms.events.models import (
    CountryCap,
    Edition,
    Registration,
    RegistrationStatus,
    SessionKind,
)
from lms.events.places import places_taken
from lms.i18n import _l, _ln, country_name
from lms.names import lazy_name
from lms.notifications import services as notifications
from lms.programs.models import (
    Cohort,
)
from lms.urls import external_url

#: ``None`` is a person who never registered for this seminar.
REGISTRATION_TRANSITIONS: dict[RegistrationStatus | None, set[RegistrationStatus]] = {
    None: {RegistrationStatus.REGISTERED},
    RegistrationStatus.REGISTERED: {RegistrationStatus.CANCELLED},
    RegistrationStatus.CANCELLED: {RegistrationStatus.REGISTERED},
}

REFUSED_MOVES = {
    RegistrationStatus.REGISTERED: _l("You are already registered for this event."),
    RegistrationStatus.CANCELLED: _l("This registration is already cancelled."),
}

NO_COUNTRY = _l("Places at this event are shared out by country, and no country is recorded "
                "with your training. Ask the program staff to record it.")

FOR_WHOM = _l("The event is open to alumni of the year-long training program and to its "
              "current trainees.")

NOT_FOR_YOU = _l("This event is not open to you: see whom it is for on its page.")

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


THROUGH_CALLS = _l("This event chooses its participants through its calls for applications: "
                   "apply to the call for your country.")


def selects_through_calls(db_session: Session, cohort: Cohort) -> bool:
    """Whether the edition chooses its participants through admissions calls (an exchange's
    sides): then only those selected, and people staff invite, take part."""
    return db_session.scalar(select(AdmissionCall.id).where(
        AdmissionCall.cohort_id == cohort.id).limit(1)) is not None


def register(db_session: Session, actor: User, cohort: Cohort,
             declared: Declaration | None = None) -> Registration:
    """Register ``actor`` for the edition, or register them again after they cancelled.

    An alumna or trainee the edition takes counts for the country of her training; anyone
    else let in by an edition open to all counts for the country ``declared``."""
    require_event(cohort)
    seminar = seminar_of(db_session, cohort)
    way = way_in(db_session, actor, seminar, cohort)
    if way is None:
        raise NotAllowed(FOR_WHOM if seminar is None or not seminar.open_to_public
                         else NOT_FOR_YOU)
    if selects_through_calls(db_session, cohort) and not is_invited(db_session, actor,
                                                                    cohort.id):
        raise ServiceError(THROUGH_CALLS)
    if seminar is None or not registration_is_open(cohort, seminar):
        raise ServiceError(_l("Registration for %(title)s is closed.", title=lazy_name(cohort)))
    organization = None
    if way in DECLARING:
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
                         declared_country=declared.country if way in DECLARING and declared
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
        raise ServiceError(_ln("The event is full: its %(num)d place is taken.",
                               "The event is full: all %(num)d places are taken.",
                               cohort.capacity))
    before = {"status": str(registration.status)} if registration else None
    if registration is None:
        registration = Registration(cohort_id=cohort.id, user_id=actor.id,
                                           country=taken.country)
        db_session.add(registration)
    registration.country = taken.country
    registration.organization = organization
    registration.came_as = way
    registration.status = RegistrationStatus.REGISTERED
    registration.registered_at = utcnow()
    registration.cancelled_at = None
    registration.cancelled_by_id = None
    db_session.flush()
    audit.record(db_session, actor, "seminar_registered", registration, before=before,
                 after={"status": "registered", "cohort_id": cohort.id,
                        "country": registration.country, "declared": way in DECLARING,
                        "came_as": way})
    notifications.notify(db_session, actor, "registration",
                         _l("Registered: %(title)s", title=lazy_name(cohort)),
                         "lms/events/mail/registered.txt", cohort=cohort, seminar=seminar,
                         link=external_url("lms.events.show", cohort_id=cohort.id))
    return registration


def cancel_registration(db_session: Session, actor: User, cohort: Cohort,
                        registration: Registration) -> None:
    """The registrant may cancel until the seminar starts; staff may cancel for anyone."""
    if registration.cohort_id != cohort.id:
        raise ServiceError(_l("This registration belongs to another event."))
    by_staff = actor.has_role(Role.STAFF)
    if registration.user_id != actor.id and not by_staff:
        raise NotAllowed(_l("Only the registrant or program staff can cancel a registration."))
    if not registrations_may_change(cohort):
        raise ServiceError(_l("The event is over: its registrations are the record of who "
                              "came and can no longer be cancelled."))
    if not by_staff and not registrant_may_cancel(cohort):
        raise ServiceError(_l("The event has started or ended; ask the program staff to "
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
