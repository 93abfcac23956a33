"""An applicant's nomination by someone who knows their work: the applicant has the nominator
mailed a single-use link (a new invitation replaces one not yet answered), and the nominator
confirms or declines on the page it opens, without an account."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.accounts.tokens import digest
from lms.admissions.applying import require_own_draft
from lms.admissions.models import (
    AdmissionApplication,
    ApplicationStatus,
    Nomination,
    NominationMethod,
)
from lms.admissions.services import TEXT_MAX
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.i18n import _l
from lms.mail import enqueue
from lms.notifications import services as notifications
from lms.urls import external_url

S = ApplicationStatus

NOMINATION_DAYS = 21


@dataclass
class NominatorInput:
    name: str
    email: str
    organization: str = ""
    position: str = ""


def invite_nominator(db_session: Session, actor: User, application: AdmissionApplication,
                     given: NominatorInput) -> Nomination:
    """Mail the nominator a single-use link; a new invitation replaces one not yet answered."""
    require_own_draft(actor, application)
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
                            token_hash=digest(raw_token), sent_at=now,
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
        Nomination.token_hash == digest(raw_token)))
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
        notifications.notify(db_session, application.applicant, "nomination",
                             _l("Your nominator has answered"),
                             "lms/admissions/mail/nomination_answered.txt",
                             nomination=nomination, application=application,
                             link=external_url("lms.admissions.application",
                                               application_id=application.id))
    return nomination
