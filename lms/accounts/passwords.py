"""Passwords: the policy every new password meets, changing one's own, and setting one with
a mailed link (a reset asked for on the login page, or an invitation from staff).

Every function takes the database session, flushes, and leaves the commit to the caller.
"""

from __future__ import annotations

import datetime as dt

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts import tokens
from lms.accounts.models import TokenPurpose, User
from lms.accounts.queries import normalize_email, user_by_email
from lms.accounts.sessions import Client, end_all_login_sessions, start_login_session
from lms.clock import utcnow
from lms.errors import PolicyError, ServiceError
from lms.i18n import _l
from lms.mail import OutboxMessage, enqueue, enqueue_to_user
from lms.security import hash_password, password_problems, verify_password
from lms.urls import external_url

# More than this many reset mails an hour for one account is someone else's doing.
MAX_RESET_MAILS_PER_HOUR = 3


def checked_password_hash(
    password: str, email: str, display_name: str, field: str = "new_password"
) -> str:
    problems = password_problems(password, [email, display_name])
    if problems:
        raise PolicyError(problems, field=field)
    return hash_password(password, current_app.config["LMS_PASSWORD_HASH_METHOD"])


def change_password(
    db_session: Session, user: User, current_password: str, new_password: str, client: Client
) -> str:
    """Change the password, end every other session, and return the new session's key."""
    if not verify_password(user.password_hash, current_password):
        raise ServiceError(_l("This is not your current password."), field="current_password")
    user.password_hash = checked_password_hash(new_password, user.email, user.display_name)
    end_all_login_sessions(db_session, user)
    audit.record(db_session, user, "password_changed", user, address=client.address)
    return start_login_session(db_session, user, client)


def request_password_reset(db_session: Session, email: str, client: Client) -> None:
    """Mail a reset link if an active account has this address, and otherwise a note that
    none has: the same work either way, so that neither the page (which says the same either
    way) nor its timing tells a visitor who has an account."""
    user = user_by_email(db_session, email)
    if user is None or not user.is_active:
        _tell_address_no_account_uses_it(db_session, normalize_email(email), user, client)
        return
    recent = tokens.issued_in_the_last_hour(db_session, user, TokenPurpose.PASSWORD_RESET)
    if recent >= MAX_RESET_MAILS_PER_HOUR:
        return
    hours = current_app.config["LMS_PASSWORD_RESET_HOURS"]
    raw_token = tokens.issue_token(
        db_session, user, TokenPurpose.PASSWORD_RESET, dt.timedelta(hours=hours)
    )
    enqueue_to_user(
        db_session,
        user,
        _l("Reset your Kakehashi password"),
        "lms/accounts/mail/password_reset.txt",
        link=external_url("lms.accounts.set_password", token=raw_token),
        hours=hours,
    )
    audit.record(db_session, None, "password_reset_requested", user, address=client.address)


def _tell_address_no_account_uses_it(
    db_session: Session, email: str, user: User | None, client: Client
) -> None:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return  # nothing could be delivered, and no account has such an address
    an_hour_ago = utcnow() - dt.timedelta(hours=1)
    # Whatever we sent this address without an account behind it counts: anyone can type a
    # stranger's address into the form.
    recent = db_session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.to_address == email,
            OutboxMessage.recipient_id.is_(None),
            OutboxMessage.created_at >= an_hour_ago,
        )
    ) or 0
    if recent >= MAX_RESET_MAILS_PER_HOUR:
        return
    locale = (user and user.locale) or current_app.config["LMS_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = str(_l("Resetting a Kakehashi password"))
        body = render_template(
            "lms/accounts/mail/no_account.txt",
            email=email,
            reset_link=external_url("lms.accounts.forgot_password"),
        )
    enqueue(db_session, email, subject, body)
    audit.record(db_session, None, "password_reset_requested", user, after={"email": email},
                 address=client.address)


def set_password_with_token(
    db_session: Session, raw_token: str, new_password: str, client: Client
) -> User:
    """Use a reset or invitation link once: set the password and end every open session."""
    token = tokens.valid_token(db_session, raw_token)
    if token is None:
        raise ServiceError(_l("This link has expired or has already been used."))
    user = token.user
    # Hashed before the link is claimed, so the claim's lock is held only briefly.
    password_hash = checked_password_hash(
        new_password, user.email, user.display_name, field="password"
    )
    if not tokens.use_token(db_session, token):
        raise ServiceError(_l("This link has expired or has already been used."))
    user.password_hash = password_hash
    # The link came by mail to this address, so using it proves the address as well. This also
    # lets the owner of an address take over an account someone else registered with it: the
    # other person's password stops working here.
    if not user.is_email_confirmed:
        user.email_confirmed_at = token.used_at
    end_all_login_sessions(db_session, user)
    action = "invitation_accepted" if token.purpose == TokenPurpose.INVITATION else "password_reset"
    audit.record(db_session, user, action, user, address=client.address)
    return user
