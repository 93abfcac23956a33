"""Admissions, the applicant's side and the call: staff open a call for a cohort, people apply
with a nomination and documents, save drafts, submit before the deadline, or withdraw.

Selection, onboarding and retention are in ``selection.py``, ``onboarding.py`` and
``retention.py``. Services check who may act, flush, and leave the commit to the request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import zoneinfo
from dataclasses import dataclass, field
from typing import IO, Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit, uploads
from lms.accounts.models import User
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationDocument,
    ApplicationStatus,
    DocumentKind,
    Gender,
    LanguageLevel,
    Nomination,
    NominationMethod,
)
from lms.admissions.workflow import WITHDRAWABLE, move
from lms.clock import local_to_utc, utcnow
from lms.errors import NotAllowed, PolicyError, ServiceError
from lms.i18n import SPOKEN_LANGUAGES, _l, country_name, format_when, language_name
from lms.mail import enqueue, enqueue_to_user
from lms.programs.models import Cohort, CohortStatus
from lms.programs.services import require_staff
from lms.reviews import services as reviews
from lms.urls import external_url

S = ApplicationStatus

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
NOMINATION_DAYS = 21


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


def _call_snapshot(call: AdmissionCall) -> dict[str, Any]:
    return {"title": call.title, "cohort_id": call.cohort_id,
            "opens_at": call.opens_at.isoformat(), "closes_at": call.closes_at.isoformat(),
            "capacity": call.capacity, "country_quota": call.country_quota,
            "required_documents": list(call.required_documents),
            "keep_unsuccessful_days": call.keep_unsuccessful_days}


def _apply_call_input(db_session: Session, call: AdmissionCall, data: CallInput) -> None:
    title = data.title.strip()
    if not title:
        raise ServiceError(_l("Give the call a title."), field="title")
    cohort = db_session.get(Cohort, data.cohort_id)
    if cohort is None or cohort.status != CohortStatus.PLANNED:
        raise ServiceError(_l("Choose a planned cohort: a call fills a cohort before it "
                              "starts."), field="cohort_id")
    taken = db_session.scalar(select(AdmissionCall.id).where(
        AdmissionCall.cohort_id == cohort.id, AdmissionCall.id != (call.id or 0)))
    if taken is not None:
        raise ServiceError(_l("This cohort already has a call."), field="cohort_id")
    try:
        zone = zoneinfo.ZoneInfo(data.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ServiceError(_l("Choose a time zone from the list."), field="timezone") from None
    opens_at = local_to_utc(data.opens_at, zone, field="opens_at").utc
    closes_at = local_to_utc(data.closes_at, zone, field="closes_at").utc
    if closes_at <= opens_at:
        raise ServiceError(_l("The call must close after it opens."), field="closes_at")
    if not 0 < data.capacity <= cohort.capacity:
        raise ServiceError(_l("Give between 1 and %(capacity)d places: the cohort has room for "
                              "%(capacity)d.", capacity=cohort.capacity), field="capacity")
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


# Applying --------------------------------------------------------------------------------------


def _require_open(call: AdmissionCall) -> None:
    now = utcnow()
    if now < call.opens_at:
        raise ServiceError(_l("This call opens on %(when)s.", when=format_when(call.opens_at)))
    if now > call.closes_at:
        raise ServiceError(_l("This call closed on %(when)s; applications can no longer be "
                              "sent.", when=format_when(call.closes_at)))


def _require_confirmed(user: User) -> None:
    if getattr(user, "email_confirmed_at", True) is None:
        raise NotAllowed(_l("Confirm your email address first: use the link we sent you."))


def application_of(db_session: Session, call: AdmissionCall,
                   user: User) -> AdmissionApplication | None:
    return db_session.scalar(select(AdmissionApplication).where(
        AdmissionApplication.call_id == call.id, AdmissionApplication.applicant_id == user.id))


def start_application(db_session: Session, actor: User,
                      call: AdmissionCall) -> AdmissionApplication:
    """The actor's application to the call: their existing one, or a new draft filled in
    from their account. Starting twice gives the same application."""
    _require_confirmed(actor)
    existing = application_of(db_session, call, actor)
    if existing is not None:
        return existing
    _require_open(call)
    application = AdmissionApplication(call=call, applicant=actor,
                                       full_name=actor.display_name, country=actor.country)
    # Two quick clicks must not make two drafts: the savepoint lets the loser find the winner.
    try:
        with db_session.begin_nested():
            db_session.add(application)
            db_session.flush()
    except IntegrityError:  # the unique (call, applicant) constraint
        existing = application_of(db_session, call, actor)
        if existing is None:
            raise
        return existing
    audit.record(db_session, actor, "admission_application_started", application,
                 after={"call_id": call.id})
    return application


def _require_own_draft(actor: User, application: AdmissionApplication) -> None:
    if application.applicant_id != actor.id:
        raise NotAllowed(_l("Only the applicant can change this application."))
    if application.status != S.DRAFT:
        raise ServiceError(_l("This application is sent and can no longer be changed."))


@dataclass
class ApplicationInput:
    full_name: str = ""
    date_of_birth: dt.date | None = None
    gender: Gender | None = None
    country: str | None = None
    phone: str = ""
    organization: str = ""
    position: str = ""
    profession: str = ""
    years_in_welfare: int | None = None
    #: (language code, level) pairs; empty rows are dropped.
    languages: list[tuple[str | None, int | None]] = field(default_factory=list)
    motivation: str = ""
    nomination_method: NominationMethod | None = None


def save_draft(db_session: Session, actor: User, application: AdmissionApplication,
               given: ApplicationInput) -> None:
    """Keep whatever is written, complete or not; only what cannot be stored is refused."""
    _require_own_draft(actor, application)
    if given.years_in_welfare is not None and not 0 <= given.years_in_welfare <= 60:
        raise ServiceError(_l("Give the years as a number from 0 to 60."),
                           field="years_in_welfare")
    for text, name in ((given.motivation, "motivation"),):
        if len(text) > TEXT_MAX:
            raise ServiceError(_l("Keep this under %(count)d characters.", count=TEXT_MAX),
                               field=name)
    languages = []
    for code, level in given.languages:
        if not code and not level:
            continue
        if code not in SPOKEN_LANGUAGES or level not in set(LanguageLevel):
            raise ServiceError(_l("Choose each language and its level from the lists."),
                               field="languages")
        languages.append({"language": code, "level": int(level)})
    if len({row["language"] for row in languages}) != len(languages):
        raise ServiceError(_l("Give each language once."), field="languages")
    application.full_name = given.full_name.strip()[:200]
    application.date_of_birth = given.date_of_birth
    application.gender = given.gender
    application.country = given.country or None
    application.phone = given.phone.strip()[:50]
    application.organization = given.organization.strip()[:200]
    application.position = given.position.strip()[:200]
    application.profession = given.profession.strip()[:200]
    application.years_in_welfare = given.years_in_welfare
    application.languages = languages[:MAX_LANGUAGES]
    application.motivation = given.motivation.strip()
    application.nomination_method = given.nomination_method
    application.updated_at = utcnow()
    db_session.flush()


def problems_with(application: AdmissionApplication) -> list[tuple[str, Any]]:
    """Everything that stops the application from being sent, each with the field it is
    about, in the order of the form."""
    call = application.call
    problems: list[tuple[str, Any]] = []

    def need(value: object, name: str, message: Any) -> None:
        if not value:
            problems.append((name, message))

    need(application.full_name, "full_name", _l("Give your full name as in your passport."))
    need(application.date_of_birth, "date_of_birth", _l("Give your date of birth."))
    need(application.country, "country", _l("Choose the country you live and work in."))
    need(application.organization, "organization", _l("Name the organization you work for."))
    need(application.position, "position", _l("Give your position there."))
    need(application.profession, "profession", _l("Give your profession."))
    if application.years_in_welfare is None:
        problems.append(("years_in_welfare",
                         _l("Give how many years you have worked in social welfare.")))
    elif application.years_in_welfare < call.min_years_in_welfare:
        problems.append(("years_in_welfare", _l(
            "This call asks for at least %(count)d years in social welfare.",
            count=call.min_years_in_welfare)))
    if not application.languages:
        problems.append(("languages", _l("List at least one language you work in.")))
    elif call.required_language is not None:
        level = next((row["level"] for row in application.languages
                      if row["language"] == call.required_language), 0)
        if level < (call.required_language_level or 0):
            problems.append(("languages", _l(
                "This call asks for %(language)s at %(level)s level or better.",
                language=language_name(call.required_language),
                level=str(LEVEL_LABELS[LanguageLevel(call.required_language_level)]))))
    words = len(application.motivation.split())
    if words < MOTIVATION_MIN_WORDS:
        problems.append(("motivation", _l(
            "Write at least %(count)d words on why you apply (you have %(words)d).",
            count=MOTIVATION_MIN_WORDS, words=words)))
    if application.nomination_method is None:
        problems.append(("nomination_method", _l("Choose how you are nominated.")))
    elif application.nomination_method == NominationMethod.LETTER:
        need(application.document(DocumentKind.NOMINATION_LETTER), "document-nomination_letter",
             _l("Upload the nomination letter."))
    else:
        nomination = application.nomination
        if nomination is None:
            problems.append(("nominator", _l("Invite your nominator.")))
        elif not nomination.is_confirmed:
            problems.append(("nominator", _l(
                "%(name)s has not confirmed the nomination yet.", name=nomination.name)
                if nomination.confirmed is None else
                _l("%(name)s declined to nominate you; invite another nominator or upload a "
                   "letter.", name=nomination.name)))
    for kind in call.required_document_kinds:
        if kind != DocumentKind.NOMINATION_LETTER and application.document(kind) is None:
            problems.append((f"document-{kind.value}", _l(
                "Upload this document: %(document)s.", document=str(DOCUMENT_LABELS[kind]))))
    return problems


class ApplicationProblems(PolicyError):
    """Submitting refused, with each problem and its field, for the summary and the fields."""

    def __init__(self, problems: list[tuple[str, Any]]) -> None:
        super().__init__([message for _name, message in problems])
        self.problems = problems


def submit(db_session: Session, actor: User, application: AdmissionApplication) -> None:
    if application.applicant_id != actor.id:
        raise NotAllowed(_l("Only the applicant can send this application."))
    if application.status != S.DRAFT:
        # Submitting twice (a double click, a resent form) sends it once.
        if application.status == S.SUBMITTED:
            return
        raise ServiceError(_l("This application is sent and can no longer be changed."))
    _require_open(application.call)
    problems = problems_with(application)
    if problems:
        raise ApplicationProblems(problems)
    application.submitted_at = utcnow()
    move(db_session, actor, application, S.SUBMITTED, "admission_application_submitted")
    enqueue_to_user(db_session, actor, _l("Your application is received"),
                    "lms/admissions/mail/submitted.txt", application=application,
                    link=external_url("lms.admissions.application",
                                      application_id=application.id))


def withdraw(db_session: Session, actor: User, application: AdmissionApplication) -> None:
    if application.applicant_id != actor.id:
        raise NotAllowed(_l("Only the applicant can withdraw this application."))
    if application.status not in WITHDRAWABLE:
        raise ServiceError(_l("This application can no longer be withdrawn."))
    move(db_session, actor, application, S.WITHDRAWN, "admission_application_withdrawn")


# Documents -------------------------------------------------------------------------------------


def uploadable_kinds(application: AdmissionApplication) -> set[DocumentKind]:
    """While drafting, the documents the call asks for and the nomination letter; once the
    place is confirmed, the health certificate for the pre-arrival checklist."""
    if application.status == S.CONFIRMED:
        return {DocumentKind.HEALTH_CERTIFICATE}
    return {*application.call.required_document_kinds, DocumentKind.NOMINATION_LETTER}


def add_document(db_session: Session, actor: User, application: AdmissionApplication,
                 kind: DocumentKind, stream: IO[bytes], filename: str) -> ApplicationDocument:
    """Store the file of a kind, replacing an earlier one."""
    if application.applicant_id != actor.id:
        raise NotAllowed(_l("Only the applicant can add documents."))
    if application.status != S.CONFIRMED:
        _require_own_draft(actor, application)
    if kind not in uploadable_kinds(application):
        raise ServiceError(_l("This document is not asked for here."),
                           field=f"document-{kind.value}")
    try:
        stored = uploads.store(db_session, stream, field=f"document-{kind.value}")
    except uploads.FileTooLarge:
        raise ServiceError(_l("The file is larger than %(mb)d MB. Send a smaller one.",
                              mb=uploads.max_bytes() // (1024 * 1024)),
                           field=f"document-{kind.value}") from None
    earlier = application.document(kind)
    if earlier is not None:
        replaced = earlier.stored_name
        application.documents.remove(earlier)
        db_session.flush()
        uploads.remove_when_committed(db_session, replaced)
    document = ApplicationDocument(kind=kind, stored_name=stored.stored_name,
                                   original_name=(filename or kind.value)[-255:],
                                   content_type=stored.content_type, size=stored.size)
    application.documents.append(document)
    application.updated_at = utcnow()
    db_session.flush()
    audit.record(db_session, actor, "admission_document_added", application,
                 after={"kind": kind.value, "size": stored.size})
    return document


def remove_document(db_session: Session, actor: User, document: ApplicationDocument) -> None:
    application = document.application
    _require_own_draft(actor, application)
    stored_name = document.stored_name
    application.documents.remove(document)
    db_session.flush()
    uploads.remove_when_committed(db_session, stored_name)
    audit.record(db_session, actor, "admission_document_removed", application,
                 before={"kind": document.kind.value})


# Nomination ------------------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class NominatorInput:
    name: str
    email: str
    organization: str = ""
    position: str = ""


def invite_nominator(db_session: Session, actor: User, application: AdmissionApplication,
                     given: NominatorInput) -> Nomination:
    """Mail the nominator a single-use link; a new invitation replaces one not yet answered."""
    _require_own_draft(actor, application)
    name, email = given.name.strip(), given.email.strip().lower()
    if not name:
        raise ServiceError(_l("Give your nominator's name."), field="nominator_name")
    if "@" not in email or "." not in email.rsplit("@", 1)[-1]:
        raise ServiceError(_l("Give your nominator's email address."), field="nominator_email")
    if email == actor.email:
        raise ServiceError(_l("Someone else must nominate you."), field="nominator_email")
    now = utcnow()
    db_session.execute(update(Nomination).where(
        Nomination.application_id == application.id, Nomination.replaced_at.is_(None))
        .values(replaced_at=now))
    raw_token = secrets.token_urlsafe(32)
    nomination = Nomination(application=application, name=name[:200], email=email[:254],
                            organization=given.organization.strip()[:200],
                            position=given.position.strip()[:200],
                            token_hash=_digest(raw_token), sent_at=now,
                            expires_at=now + dt.timedelta(days=NOMINATION_DAYS))
    db_session.add(nomination)
    application.nomination_method = NominationMethod.NOMINATOR
    db_session.flush()
    db_session.refresh(application, ["nominations"])
    locale = actor.locale or current_app.config["LMS_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = str(_l("%(name)s asks you to nominate them", name=application.full_name
                         or actor.display_name))
        body = render_template("lms/admissions/mail/nominator.txt", nomination=nomination,
                               application=application, days=NOMINATION_DAYS,
                               link=external_url("lms.admissions.nominate", token=raw_token))
    enqueue(db_session, email, subject, body)
    audit.record(db_session, actor, "nominator_invited", application,
                 after={"nomination_id": nomination.id, "email": email})
    return nomination


def nomination_for_token(db_session: Session, raw_token: str) -> Nomination | None:
    """The one nomination the link was made for, while it is unanswered, unreplaced and
    unexpired; any other link finds nothing."""
    nomination = db_session.scalar(select(Nomination).where(
        Nomination.token_hash == _digest(raw_token)))
    if nomination is None or nomination.answered_at is not None \
            or nomination.replaced_at is not None or nomination.expires_at <= utcnow():
        return None
    if nomination.application.status != S.DRAFT:
        return None
    return nomination


def answer_nomination(db_session: Session, raw_token: str, confirmed: bool,
                      statement: str) -> Nomination:
    nomination = nomination_for_token(db_session, raw_token)
    if nomination is None:
        raise ServiceError(_l("This link has expired or has already been used."))
    statement = statement.strip()
    if confirmed and not statement:
        raise ServiceError(_l("Say in a few sentences why you nominate this person."),
                           field="statement")
    if len(statement) > TEXT_MAX:
        raise ServiceError(_l("Keep this under %(count)d characters.", count=TEXT_MAX),
                           field="statement")
    nomination.answered_at = utcnow()
    nomination.confirmed = confirmed
    nomination.statement = statement
    db_session.flush()
    application = nomination.application
    audit.record(db_session, None, "nomination_answered", application,
                 after={"nomination_id": nomination.id, "confirmed": confirmed})
    if application.applicant is not None:
        enqueue_to_user(db_session, application.applicant,
                        _l("Your nominator has answered"),
                        "lms/admissions/mail/nomination_answered.txt",
                        nomination=nomination, application=application,
                        link=external_url("lms.admissions.application",
                                          application_id=application.id))
    return nomination


def describe(application: AdmissionApplication) -> dict[str, Any]:
    """What the application says, with names for codes, for the pages that show it."""
    return {
        "country": country_name(application.country),
        "gender": GENDER_LABELS.get(application.gender) if application.gender else None,
        "languages": [(language_name(row["language"]), LEVEL_LABELS[LanguageLevel(row["level"])])
                      for row in application.languages],
    }
