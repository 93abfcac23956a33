"""Signing in and out: checking a password at the login form, and the server-side login
sessions that can be ended (at logout, password change or deactivation) whatever cookie
the browser still holds.

Every function takes the database session, flushes, and leaves the commit to the caller.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from lms import audit, facts
from lms.accounts import tokens
from lms.accounts.models import LoginSession, RoleGrant, User
from lms.accounts.queries import normalize_email, user_by_email
from lms.clock import utcnow
from lms.db import as_loaded, get_session, loaded_columns, set_loaded_collection
from lms.errors import ServiceError
from lms.i18n import _l
from lms.prepared import prepared_rows
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
    navigation's and the header's. Every request pays for it, so it is run as the driver takes
    it (lms.prepared) and the user is made from its rows: SQLAlchemy's execution and the ORM's
    loading cost several times what the database takes."""
    if not key.startswith(SESSION_KEY_PREFIX):
        return None
    asked = _signed_in_statement()[1]
    db_session = get_session()
    rows = prepared_rows(db_session.connection(), _SIGNED_IN_KEY, _signed_in_select,
                         {"lms_key_hash": tokens.digest(key), **asked.values(utcnow())})
    if not rows:
        return None
    user = _user_of(db_session, rows)
    facts.remember(user, rows[0][len(_USER_COLUMNS) + len(_GRANT_COLUMNS):])
    user.login_session_key = key  # type: ignore[attr-defined]
    return user


_USER_COLUMNS, _GRANT_COLUMNS = loaded_columns(User)[0], loaded_columns(RoleGrant)[0]


def _user_of(db_session: Session, rows: Sequence[Sequence[Any]]) -> User:
    """The signed-in user of the query's rows (one a role grant, or one with none), in the
    session as if the ORM had loaded her; the one already there if this session holds her."""
    user = as_loaded(db_session, User, dict(zip(_USER_COLUMNS, rows[0], strict=False)))
    set_loaded_collection(db_session, user, "role_grants", rows, len(_USER_COLUMNS))
    return user


_SIGNED_IN_KEY = "lms_signed_in_statement"


def _signed_in_select() -> Select[Any]:
    return _signed_in_statement()[0]


def _signed_in_statement() -> tuple[Select[Any], facts.Asked]:
    """Built on first use and kept for the app: building the facts costs more than asking."""
    built = current_app.extensions.get(_SIGNED_IN_KEY)
    if built is None:
        key_hash = bindparam("lms_key_hash")
        # Her id from the key again rather than the joined row's: a fact's subquery may be
        # kept from correlating, and must still find her (never every session's user). Found
        # once, in a common table expression the facts read: each fact looking her key up
        # again cost SQLite a third of the statement's time (two dozen lookups).
        me = select(LoginSession.user_id).where(LoginSession.key_hash == key_hash).cte("lms_me")
        user_id = select(me.c.user_id).scalar_subquery()
        asked = facts.Asked(user_id)
        users, grants = User.__table__, RoleGrant.__table__
        grant_columns = loaded_columns(RoleGrant)[1]
        statement = (
            select(*loaded_columns(User)[1],
                   *(column.label(f"grant_{column.key}") for column in grant_columns),
                   *facts.columns(asked))
            .select_from(users.join(LoginSession, LoginSession.user_id == users.c.id)
                         .outerjoin(grants, grants.c.user_id == users.c.id))
            .where(
                LoginSession.key_hash == key_hash,
                LoginSession.ended_at.is_(None),
                users.c.is_active.is_(True),
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
