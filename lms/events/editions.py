"""An edition's own facts, as staff save them: where it is held and who hosts it, whom it is
for, its window and caps for registration, and how long what outsiders declare is kept; and
the rules every change to an edition starts from (it is an event, and still open).

The staff's details form saves through :func:`save_details`; lms.events.services, which the
pages and other domains call, re-exports what they use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.errors import ServiceError
from lms.events.models import CountryCap, Edition, TourDirection
from lms.i18n import _l, country_name, country_names, format_day
from lms.programs.models import Cohort, CohortStatus, ProgramKind, is_event
from lms.security import require_staff

#: Longest retention time staff may set: ten years.
MAX_RETENTION_DAYS = 3650


def is_country_code(code: str | None) -> bool:
    return bool(code) and code in dict(country_names("en"))

#: Seminars whose details, program and registrations can still change.
OPEN_STATUSES = {CohortStatus.PLANNED, CohortStatus.ACTIVE}

TOUR_DIRECTION_LABELS = {
    TourDirection.INBOUND: _l("Inbound: visitors come to Japan"),
    TourDirection.OUTBOUND: _l("Outbound: participants go abroad"),
}


def is_seminar(cohort: Cohort) -> bool:
    return is_event(cohort.program.kind)


def require_event(cohort: Cohort) -> None:
    if not is_seminar(cohort):
        raise ServiceError(_l("This cohort is not an event."))


def require_open(cohort: Cohort) -> None:
    if cohort.status not in OPEN_STATUSES:
        raise ServiceError(_l("A completed or cancelled event can no longer be changed."))


# Details --------------------------------------------------------------------------------------


@dataclass
class EditionDetails:
    venue: str
    city: str
    per_country_cap: int | None
    registration_closes_on: dt.date | None
    description: str = ""
    description_ja: str = ""
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
            "description": seminar.description, "description_ja": seminar.description_ja,
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
        raise ServiceError(_l("Registration must close before the event ends (%(day)s).",
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
    require_event(cohort)
    require_open(cohort)
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
    seminar.description_ja = details.description_ja.strip()
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
