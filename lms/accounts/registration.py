"""Registration: people who sign up themselves, to apply to an open call, and confirm the
address they signed up with by a link mailed to it.

Every function takes the database session, flushes, and leaves the commit to the caller.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts import tokens
from lms.accounts.models import AccountToken, TokenPurpose, User
from lms.accounts.passwords import checked_password_hash
from lms.accounts.queries import normalize_email, user_by_email
from lms.accounts.services import new_user
from lms.accounts.sessions import Client
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.i18n import LANGUAGES, _l, country_names
from lms.mail import enqueue_to_user
from lms.security import is_safe_next
from lms.urls import external_url

# Mails that a registration sends to one address (confirmation links, or notes that the
# address already has an account) are capped like reset mails: anyone can type any address
# into the form.
MAX_REGISTRATION_MAILS_PER_HOUR = 3


def _checked_registration_email(email: str) -> str:
    email = normalize_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise ServiceError(_l("Enter an email address such as name@example.org."),
                           field="email") from None
    if len(email) > 254:
        raise ServiceError(_l("This email address is too long."), field="email")
    return email


def _checked_registration_details(
    display_name: str, country: str | None, locale: str | None, timezone: str
) -> str:
    display_name = display_name.strip()
    if not display_name or len(display_name) > 200:
        raise ServiceError(_l("Enter your name (at most 200 characters)."), field="display_name")
    # Calls have places per country, so an applicant must say where they work.
    if not country or country not in dict(country_names("en")):
        raise ServiceError(_l("Choose a country from the list."), field="country")
    if locale not in LANGUAGES:
        raise ServiceError(_l("Choose a language from the list."), field="locale")
    if timezone not in zoneinfo.available_timezones():
        raise ServiceError(_l("Choose a time zone from the list."), field="timezone")
    return display_name


def _awaits_confirmation(user: User) -> bool:
    """Registered themselves and never opened the confirmation link (nor any other mailed
    link). Invited people without a password are not in this state: they have their
    invitation."""
    return user.is_active and user.has_password and not user.is_email_confirmed


def _safe_next(next_path: str | None) -> str | None:
    return next_path if is_safe_next(next_path) else None


def _send_confirmation(db_session: Session, user: User, next_path: str | None) -> None:
    hours = current_app.config["LMS_EMAIL_CONFIRMATION_HOURS"]
    raw_token = tokens.issue_token(
        db_session, user, TokenPurpose.EMAIL_CONFIRMATION, dt.timedelta(hours=hours)
    )
    enqueue_to_user(
        db_session,
        user,
        _l("Confirm your email address for Kakehashi"),
        "lms/accounts/mail/confirm_email.txt",
        link=external_url("lms.accounts.confirm_email", token=raw_token,
                          next=_safe_next(next_path)),
        hours=hours,
    )


def _tell_owner_someone_tried_to_register(
    db_session: Session, user: User, client: Client, next_path: str | None
) -> None:
    an_hour_ago = utcnow() - dt.timedelta(hours=1)
    recent = db_session.scalar(
        select(func.count(audit.AuditEvent.id)).where(
            audit.AuditEvent.action == "registration_attempted",
            audit.AuditEvent.object_type == "User",
            audit.AuditEvent.object_id == str(user.id),
            audit.AuditEvent.at >= an_hour_ago,
        )
    ) or 0
    # A deactivated account gets no mail, as with password resets: there is nothing its owner
    # could do with the links.
    if user.is_active and recent < MAX_REGISTRATION_MAILS_PER_HOUR:
        enqueue_to_user(
            db_session,
            user,
            _l("You already have a Kakehashi account"),
            "lms/accounts/mail/already_registered.txt",
            login_link=external_url("lms.accounts.login", next=_safe_next(next_path)),
            reset_link=external_url("lms.accounts.forgot_password"),
        )
    audit.record(db_session, None, "registration_attempted", user, address=client.address)


def register(
    db_session: Session,
    email: str,
    display_name: str,
    password: str,
    country: str | None,
    locale: str | None,
    timezone: str,
    client: Client,
    *,
    next_path: str | None = None,
) -> User | None:
    """Sign someone up: an account without roles that cannot sign in until its address is
    confirmed by the link mailed to it. ``next_path`` (a path on this site, such as the call
    the person came from) rides along in the link.

    The visitor must not learn whether the address already had an account, so every refusal
    comes before looking it up, and the caller answers alike whatever happens next:

    * a new address gets an account and a confirmation link;
    * an account still awaiting confirmation takes the new details and password and gets a
      fresh link (earlier links stop working). So the owner of the address, registering
      after someone else typed it in, ends up with their own password, not the other's;
    * an established account (confirmed, or invited) stays as it is; its owner gets a mail
      saying someone tried to register, with links to sign in or reset the password.

    Returns the new or waiting account, or None for an established one: never show or act on
    the difference in anything the visitor sees.
    """
    email = _checked_registration_email(email)
    display_name = _checked_registration_details(display_name, country, locale, timezone)
    password_hash = checked_password_hash(password, email, display_name, field="password")
    user = user_by_email(db_session, email)
    if user is None:
        user = new_user(db_session, email, display_name, country, locale, timezone)
        user.password_hash = password_hash
        audit.record(db_session, None, "user_registered", user, after={"email": email},
                     address=client.address)
        _send_confirmation(db_session, user, next_path)
        return user
    if not _awaits_confirmation(user):
        _tell_owner_someone_tried_to_register(db_session, user, client, next_path)
        return None
    recent = tokens.issued_in_the_last_hour(db_session, user, TokenPurpose.EMAIL_CONFIRMATION)
    if recent >= MAX_REGISTRATION_MAILS_PER_HOUR:
        # Nothing changes: the link already in the mailbox stays the one that works.
        return user
    user.display_name = display_name
    user.country = country
    user.locale = locale
    user.timezone = timezone
    user.password_hash = password_hash
    audit.record(db_session, None, "registration_renewed", user, address=client.address)
    _send_confirmation(db_session, user, next_path)
    return user


def resend_confirmation(
    db_session: Session,
    email: str,
    *,
    next_path: str | None = None,
    client: Client | None = None,
) -> None:
    """Mail a fresh confirmation link if an account with this address awaits confirmation;
    say nothing either way, and send at most a few an hour."""
    user = user_by_email(db_session, email)
    if user is None or not _awaits_confirmation(user):
        return
    recent = tokens.issued_in_the_last_hour(db_session, user, TokenPurpose.EMAIL_CONFIRMATION)
    if recent >= MAX_REGISTRATION_MAILS_PER_HOUR:
        return
    _send_confirmation(db_session, user, next_path)
    audit.record(db_session, None, "email_confirmation_resent", user,
                 address=client.address if client else None)


def confirmation_token(db_session: Session, raw_token: str) -> AccountToken | None:
    """The confirmation link if it can still confirm its account's address."""
    token = tokens.valid_token(db_session, raw_token, purposes={TokenPurpose.EMAIL_CONFIRMATION})
    if token is None or token.user.is_email_confirmed:
        return None
    return token


def confirm_email(db_session: Session, raw_token: str, client: Client) -> User:
    """Use a confirmation link once: the address is confirmed and the account may sign in.
    The caller signs the person in."""
    token = confirmation_token(db_session, raw_token)
    if token is None or not tokens.use_token(db_session, token):
        raise ServiceError(_l("This link has expired or has already been used."))
    user = token.user
    user.email_confirmed_at = token.used_at
    audit.record(db_session, user, "email_confirmed", user, address=client.address)
    db_session.flush()
    return user
