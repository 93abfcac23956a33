"""Signing in and out: checking a password at the login form, and the server-side login
sessions that can be ended (at logout, password change or deactivation) whatever cookie
the browser still holds.

Every function takes the database session, flushes, and leaves the commit to the caller.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session, joinedload

from lms import audit, facts
from lms.accounts import tokens
from lms.accounts.models import LoginSession, User
from lms.accounts.queries import normalize_email, user_by_email
from lms.clock import utcnow
from lms.db import get_session
from lms.errors import ServiceError
from lms.i18n import _l
from lms.security import SESSION_KEY_PREFIX, hash_password, verify_password


@dataclass
class Client:
    """Where a request came from, for the audit trail and the list of sessions."""

    address: str | None = None
    user_agent: str | None = None


class EmailNotConfirmed(ServiceError):
    """The password was right, but the person has not yet confirmed the address they
    registered with. Only someone who knows the password ever learns this."""

    def __init__(self, user: User) -> None:
        super().__init__(_l("Confirm your email address first: we sent you a link."))
        self.user = user


def authenticate(db_session: Session, email: str, password: str, client: Client) -> User | None:
    """The user if ``password`` is theirs and the account is active; otherwise None.

    Unknown address, wrong password and deactivated account are deliberately alike to the
    caller, so the login page cannot be used to find out who has an account. The right
    password for an address not yet confirmed raises :class:`EmailNotConfirmed` (after adding
    an audit record the caller should commit).
    """
    user = user_by_email(db_session, email)
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not password_ok or not user.is_active:
        audit.record(
            db_session,
            None,
            "login_failed",
            user,
            after={"email": normalize_email(email)[:254]},
            address=client.address,
        )
        return None
    if not user.is_email_confirmed:
        audit.record(db_session, None, "login_unconfirmed", user, address=client.address)
        raise EmailNotConfirmed(user)
    _upgrade_hash_if_needed(user, password)
    user.last_login_at = utcnow()
    audit.record(db_session, user, "login", user, address=client.address)
    return user


def _upgrade_hash_if_needed(user: User, password: str) -> None:
    """Rehash with the configured method once we know the password, so that raising the cost
    (or moving away from an old method) reaches every account that signs in."""
    method = current_app.config["LMS_PASSWORD_HASH_METHOD"]
    stored_method = (user.password_hash or "").split("$", 1)[0]
    # "scrypt" alone means werkzeug's default parameters, whatever they are now.
    current = stored_method if ":" in method else stored_method.split(":")[0]
    if current != method:
        user.password_hash = hash_password(password, method)


def start_login_session(db_session: Session, user: User, client: Client) -> str:
    """Open a server-side login session and return the key to keep in the cookie."""
    key = SESSION_KEY_PREFIX + secrets.token_urlsafe(32)
    db_session.add(
        LoginSession(
            user=user,
            key_hash=tokens.digest(key),
            created_at=utcnow(),
            address=client.address,
            user_agent=(client.user_agent or "")[:255] or None,
        )
    )
    db_session.flush()
    user.login_session_key = key  # type: ignore[attr-defined]
    return key


def load_user_for_session_key(key: str) -> User | None:
    """Flask-Login's loader: the user of a live login session, or None once it has ended.

    One query brings what every page needs of her: her roles and her facts (lms.facts), the
    navigation's and the header's."""
    if not key.startswith(SESSION_KEY_PREFIX):
        return None
    statement, asked = _signed_in_statement()
    row = get_session().execute(
        statement, {"lms_key_hash": tokens.digest(key), **asked.values(utcnow())}
    ).unique().one_or_none()
    if row is None:
        return None
    user, *found = row
    facts.remember(user, found)
    user.login_session_key = key  # type: ignore[attr-defined]
    return user


_SIGNED_IN_KEY = "lms_signed_in_statement"


def _signed_in_statement() -> tuple[Select[Any], facts.Asked]:
    """Built on first use and kept for the app: building the facts costs more than asking."""
    built = current_app.extensions.get(_SIGNED_IN_KEY)
    if built is None:
        key_hash = bindparam("lms_key_hash")
        # Her id from the key again rather than the joined row's: a fact's subquery may be
        # kept from correlating, and must still find her (never every session's user).
        user_id = (select(LoginSession.user_id).where(LoginSession.key_hash == key_hash)
                   .correlate(None).scalar_subquery())
        asked = facts.Asked(user_id)
        statement = (
            select(User, *facts.columns(asked))
            .join(LoginSession, LoginSession.user_id == User.id)
            .options(joinedload(User.role_grants))
            .where(
                LoginSession.key_hash == key_hash,
                LoginSession.ended_at.is_(None),
                User.is_active.is_(True),
            )
        )
        built = current_app.extensions[_SIGNED_IN_KEY] = (statement, asked)
    return built


def end_login_session(db_session: Session, user: User, client: Client) -> None:
    key = getattr(user, "login_session_key", None)
    if key:
        db_session.execute(
            update(LoginSession)
            .where(LoginSession.key_hash == tokens.digest(key), LoginSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
    audit.record(db_session, user, "logout", user, address=client.address)


def end_all_login_sessions(db_session: Session, user: User) -> None:
    db_session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
