"""Admissions, the call: staff open a call for a cohort; the labels and limits of what
applicants write.

Applying (drafts, documents, submitting, withdrawing) is in ``applying.py``, the nomination in
``nominations.py``; selection, onboarding and retention are in ``selection.py``,
``onboarding.py`` and ``retention.py``. Services check who may act, flush, and leave the commit
to the request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    DocumentKind,
    Gender,
    LanguageLevel,
)
from lms.clock import local_to_utc, zone_named
from lms.errors import ServiceError
from lms.i18n import SPOKEN_LANGUAGES, _l, country_name, country_names, language_name
from lms.programs import joining
from lms.programs.models import Cohort, CohortStatus, is_event
from lms.reviews import services as reviews
from lms.security import require_staff

DOCUMENT_LABELS = {
    DocumentKind.CV: _l("Curriculum vitae"),
    DocumentKind.PASSPORT: _l("Passport (the page with your photo)"),
    DocumentKind.DIPLOMA: _l("Diploma of your highest degree"),
    DocumentKind.EMPLOYMENT_CERTIFICATE: _l("Certificate of employment"),
    DocumentKind.LANGUAGE_CERTIFICATE: _l("Language certificate"),
    DocumentKind.PHOTO: _l("Photograph"),
    DocumentKind.NOMINATION_LETTER: _l("Nomination letter"),
    DocumentKind.HEALTH_CERTIFICATE: _l("Health certificate"),
}

LEVEL_LABELS = {
    LanguageLevel.BASIC: _l("basic"),
    LanguageLevel.INTERMEDIATE: _l("intermediate"),
    LanguageLevel.ADVANCED: _l("advanced"),
    LanguageLevel.FLUENT: _l("fluent or native"),
}

GENDER_LABELS = {
    Gender.FEMALE: _l("female"),
    Gender.MALE: _l("male"),
    Gender.ANOTHER: _l("another gender"),
}

#: The selection committee's criteria for a new call.
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {"key": "experience", "label": "Experience in social welfare practice", "weight": 3},
    {"key": "motivation", "label": "Motivation and learning goals", "weight": 3},
    {"key": "contribution", "label": "Use of the training at home", "weight": 2},
    {"key": "language", "label": "Language and readiness for a year in Japan", "weight": 1},
]

TEXT_MAX = 6000
MOTIVATION_MIN_WORDS = 150
MAX_LANGUAGES = 5


# Calls -----------------------------------------------------------------------------------------


@dataclass
class CallInput:
    cohort_id: int
    title: str
    timezone: str
    opens_at: dt.datetime  # naive, in ``timezone``
    closes_at: dt.datetime  # naive, in ``timezone``
    capacity: int
    country_quota: int | None = None
    min_years_in_welfare: int = 0
    required_language: str | None = None
    required_language_level: int | None = None
    required_documents: list[str] = field(default_factory=list)
    eligibility: str = ""
    guidance: str = ""
    reply_days: int = 14
    keep_unsuccessful_days: int = 365
    #: One side of an event's edition: the country whose participants the call selects.
    side_country: str | None = None


def _call_snapshot(call: AdmissionCall) -> dict[str, Any]:
    return {"title": call.title, "cohort_id": call.cohort_id,
            "opens_at": call.opens_at.isoformat(), "closes_at": call.closes_at.isoformat(),
            "capacity": call.capacity, "country_quota": call.country_quota,
            "required_documents": list(call.required_documents),
            "keep_unsuccessful_days": call.keep_unsuccessful_days,
            "side_country": call.side_country}


def _apply_call_input(db_session: Session, call: AdmissionCall, data: CallInput) -> None:
    title = data.title.strip()
    if not title:
        raise ServiceError(_l("Give the call a title."), field="title")
    cohort = db_session.get(Cohort, data.cohort_id)
    if cohort is None or cohort.status != CohortStatus.PLANNED:
        raise ServiceError(_l("Choose a planned cohort: a call fills a cohort before it "
                              "starts."), field="cohort_id")
    side = _check_side(db_session, call, cohort, data.side_country or None)
    zone = zone_named(data.timezone)
    opens_at = local_to_utc(data.opens_at, zone, field="opens_at").utc
    closes_at = local_to_utc(data.closes_at, zone, field="closes_at").utc
    if closes_at <= opens_at:
        raise ServiceError(_l("The call must close after it opens."), field="closes_at")
    if not 0 < data.capacity <= cohort.capacity:
        raise ServiceError(_l("Give between 1 and %(capacity)d places: the cohort has room for "
                              "%(capacity)d.", capacity=cohort.capacity), field="capacity")
    _check_side_capacity(db_session, cohort, side, data.capacity)
    if data.country_quota is not None and not 0 < data.country_quota <= data.capacity:
        raise ServiceError(_l("The quota per country must be between 1 and the number of "
                              "places."), field="country_quota")
    if data.min_years_in_welfare < 0:
        raise ServiceError(_l("Give the years as 0 or more."), field="min_years_in_welfare")
    if (data.required_language is None) != (data.required_language_level is None):
        raise ServiceError(_l("Choose both the language and its lowest level, or neither."),
                           field="required_language_level")
    if data.required_language is not None and data.required_language not in SPOKEN_LANGUAGES:
        raise ServiceError(_l("Choose a language from the list."), field="required_language")
    kinds = set()
    for kind in data.required_documents:
        try:
            kinds.add(DocumentKind(kind))
        except ValueError:
            raise ServiceError(_l("Choose documents from the list."),
                               field="required_documents") from None
    if not 1 <= data.reply_days <= 90:
        raise ServiceError(_l("Give between 1 and 90 days."), field="reply_days")
    if not 30 <= data.keep_unsuccessful_days <= 3650:
        raise ServiceError(_l("Give between 30 and 3,650 days."), field="keep_unsuccessful_days")
    call.cohort = cohort
    call.side_country = side
    call.title = title
    call.timezone = data.timezone
    call.opens_at, call.closes_at = opens_at, closes_at
    call.capacity, call.country_quota = data.capacity, data.country_quota
    call.min_years_in_welfare = data.min_years_in_welfare
    call.required_language = data.required_language
    call.required_language_level = data.required_language_level
    # Kept in the order of the list people see, whatever order the form sent.
    call.required_documents = [kind.value for kind in DocumentKind if kind in kinds]
    call.eligibility = data.eligibility.strip()
    call.guidance = data.guidance.strip()
    call.reply_days = data.reply_days
    call.keep_unsuccessful_days = data.keep_unsuccessful_days


def _check_side(db_session: Session, call: AdmissionCall, cohort: Cohort,
                side: str | None) -> str | None:
    """A cohort has one call for everyone, or (an event's edition) one call per country it
    receives participants from, never both: the places of a side are its own."""
    if side is not None:
        if not is_event(cohort.program.kind):
            raise ServiceError(_l("Only an event's edition takes a call per country; a cohort "
                                  "of the training has one call for everyone."),
                               field="side_country")
        if side not in dict(country_names("en")):
            raise ServiceError(_l("Choose a country from the list."), field="side_country")
    if call.id is not None and side != call.side_country and db_session.scalar(
            select(AdmissionApplication.id).where(AdmissionApplication.call_id == call.id)
            .limit(1)) is not None:
        raise ServiceError(_l("People have applied to this call: its country can no longer "
                              "change."), field="side_country")
    others = set(db_session.scalars(select(AdmissionCall.side_country).where(
        AdmissionCall.cohort_id == cohort.id, AdmissionCall.id != (call.id or 0))))
    if side is None and None in others:
        raise ServiceError(_l("This cohort already has a call."), field="cohort_id")
    if side is None and others:
        raise ServiceError(_l("This edition has calls for participants from each country: "
                              "open a call for another country instead."), field="side_country")
    if side is not None and None in others:
        raise ServiceError(_l("This edition already has one call for everyone: it cannot also "
                              "have a call per country."), field="side_country")
    if side is not None and side in others:
        raise ServiceError(_l("This edition already has a call for participants from "
                              "%(country)s.", country=country_name(side)), field="side_country")
    return side


def _check_side_capacity(db_session: Session, cohort: Cohort, side: str | None,
                         capacity: int) -> None:
    """A side's places fit within the edition's cap for that country."""
    way = joining.way_for(cohort) if side is not None else None
    cap = way.cap(db_session, cohort, side) if way is not None and side is not None else None
    if cap is not None and capacity > cap:
        raise ServiceError(_l("The edition takes up to %(cap)d participants from %(country)s: "
                              "give at most that many places.", cap=cap,
                              country=country_name(side)), field="capacity")


def create_call(db_session: Session, actor: User, data: CallInput,
                criteria: list[dict[str, Any]] | None = None) -> AdmissionCall:
    require_staff(actor)
    call = AdmissionCall(created_by_id=actor.id)
    _apply_call_input(db_session, call, data)
    call.review_scheme = reviews.create_scheme(db_session, actor, call.title,
                                               criteria or DEFAULT_CRITERIA)
    db_session.add(call)
    db_session.flush()
    audit.record(db_session, actor, "admission_call_created", call, after=_call_snapshot(call))
    return call


def update_call(db_session: Session, actor: User, call: AdmissionCall,
                data: CallInput) -> AdmissionCall:
    """Change a call. Its places may not fall below those already given."""
    from lms.admissions.selection import places_taken  # selection builds on this module

    require_staff(actor)
    before = _call_snapshot(call)
    _apply_call_input(db_session, call, data)
    taken = places_taken(db_session, call)
    if call.capacity < taken.total:
        raise ServiceError(_l("%(count)d places are already given: the call cannot have fewer.",
                              count=taken.total), field="capacity")
    if call.country_quota is not None and taken.by_country and \
            call.country_quota < max(taken.by_country.values()):
        raise ServiceError(_l("More people than that are already selected from one country."),
                           field="country_quota")
    db_session.flush()
    audit.record(db_session, actor, "admission_call_changed", call, before=before,
                 after=_call_snapshot(call))
    return call


def describe(application: AdmissionApplication) -> dict[str, Any]:
    """What the application says, with names for codes, for the pages that show it."""
    return {
        "country": country_name(application.country),
        "gender": GENDER_LABELS.get(application.gender) if application.gender else None,
        "languages": [(language_name(row["language"]), LEVEL_LABELS[LanguageLevel(row["level"])])
                      for row in application.languages],
    }
