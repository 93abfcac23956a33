"""Applying to a call, the applicant's side: starting an application, saving drafts, the
documents it asks for, submitting before the deadline with every problem listed, and
withdrawing. The nomination is in nominations.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import select
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
    NominationMethod,
)
from lms.admissions.services import (
    DOCUMENT_LABELS,
    LEVEL_LABELS,
    MAX_LANGUAGES,
    MOTIVATION_MIN_WORDS,
    TEXT_MAX,
)
from lms.admissions.workflow import WITHDRAWABLE, move
from lms.clock import utcnow
from lms.errors import ApplicationProblems, NotAllowed, ServiceError
from lms.i18n import SPOKEN_LANGUAGES, _l, country_name, format_when, language_name
from lms.notifications import services as notifications
from lms.programs.country import country_that_counts
from lms.urls import external_url

S = ApplicationStatus


def _require_open(call: AdmissionCall) -> None:
    now = utcnow()
    if now < call.opens_at:
        raise ServiceError(_l("This call opens on %(when)s.", when=format_when(call.opens_at)))
    if now > call.closes_at:
        raise ServiceError(_l("This call closed on %(when)s; applications can no longer be "
                              "sent.", when=format_when(call.closes_at)))


def _require_confirmed(user: User) -> None:
    if not user.is_email_confirmed:
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
    # Someone whose training fixed her country is told at once that a side is not hers.
    counted = country_that_counts(db_session, actor.id) if call.side_country else None
    if counted is not None and counted != call.side_country:
        raise ServiceError(_l("This call is for participants from %(country)s only. Apply to "
                              "the call for your own country, if the event has one.",
                              country=country_name(call.side_country)))
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


def require_own_draft(actor: User, application: AdmissionApplication) -> None:
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
    require_own_draft(actor, application)
    if given.years_in_welfare is not None and not 0 <= given.years_in_welfare <= 60:
        raise ServiceError(_l("Give the years as a number from 0 to 60."),
                           field="years_in_welfare")
    if len(given.motivation) > TEXT_MAX:
        raise ServiceError(_l("Keep this under %(count)d characters.", count=TEXT_MAX),
                           field="motivation")
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


def _side_problem(db_session: Session, application: AdmissionApplication) -> Any:
    """A call for one side of an edition takes applicants from that country only: the country
    that counts for them (their training's, else the application's; lms.programs.country)."""
    side = application.call.side_country
    if side is None or not application.country:
        return None
    if country_that_counts(db_session, application.applicant_id, application.country) == side:
        return None
    return _l("This call is for participants from %(country)s only. Apply to the call for "
              "your own country, if the event has one.", country=country_name(side))


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
    side_problem = _side_problem(db_session, application)
    if side_problem is not None:
        problems.insert(0, ("country", side_problem))
    if problems:
        raise ApplicationProblems(problems)
    application.submitted_at = utcnow()
    move(db_session, actor, application, S.SUBMITTED, "admission_application_submitted")
    notifications.notify(db_session, actor, "application_received",
                         _l("Your application is received"),
                         "lms/admissions/mail/submitted.txt", application=application,
                         link=external_url("lms.admissions.application",
                                           application_id=application.id))


def withdraw(db_session: Session, actor: User, application: AdmissionApplication) -> None:
    if application.applicant_id != actor.id:
        raise NotAllowed(_l("Only the applicant can withdraw this application."))
    if application.status not in WITHDRAWABLE:
        raise ServiceError(_l("This application can no longer be withdrawn."))
    move(db_session, actor, application, S.WITHDRAWN, "admission_application_withdrawn")


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
        require_own_draft(actor, application)
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
    require_own_draft(actor, application)
    stored_name = document.stored_name
    application.documents.remove(document)
    db_session.flush()
    uploads.remove_when_committed(db_session, stored_name)
    audit.record(db_session, actor, "admission_document_removed", application,
                 before={"kind": document.kind.value})
