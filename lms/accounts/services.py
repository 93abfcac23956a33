"""Accounts: people invited by staff or created at the console, deactivation, roles and
profile. Signing in and sessions are in ``sessions``, passwords in ``passwords``,
self-registration in ``registration``.

Every function takes the database session and (where someone acts) the acting user, checks
what that user may do, flushes, and leaves the commit to the caller.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm import Session

from lms import audit, signals
from lms.accounts import tokens
from lms.accounts.models import Role, RoleGrant, TokenPurpose, User
from lms.accounts.passwords import checked_password_hash
from lms.accounts.queries import normalize_email, user_by_email
from lms.accounts.sessions import end_all_login_sessions
from lms.clock import utcnow
from lms.errors import NotAllowed, ServiceError
from lms.i18n import LANGUAGES, _l
from lms.mail import enqueue_to_user
from lms.urls import external_url


def _require_role(actor: User, role: Role) -> None:
    if not actor.has_role(role):
        raise NotAllowed(_l("You do not have the rights to do this."))


def invite_user(
    db_session: Session,
    actor: User,
    email: str,
    display_name: str,
    country: str | None,
    locale: str | None,
) -> User:
    """Create an account without a password and mail a link that sets one.

    Inviting again someone who never set their password sends a fresh link.
    """
    _require_role(actor, Role.STAFF)
    email = normalize_email(email)
    user = user_by_email(db_session, email)
    if user is not None and user.has_password:
        raise ServiceError(_l("Someone with this email address already has an account."),
                           field="email")
    if user is None:
        user = new_user(db_session, email, display_name, country, locale)
    days = current_app.config["LMS_INVITATION_DAYS"]
    raw_token = tokens.issue_token(
        db_session, user, TokenPurpose.INVITATION, dt.timedelta(days=days)
    )
    enqueue_to_user(
        db_session,
        user,
        _l("You are invited to Kakehashi"),
        "lms/accounts/mail/invitation.txt",
        link=external_url("lms.accounts.set_password", token=raw_token),
        days=days,
        invited_by=actor,
    )
    audit.record(db_session, actor, "user_invited", user, after={"email": email})
    signals.user_invited.send(user, invited_by=actor)
    return user


def _check_may_manage(actor: User, user: User) -> None:
    _require_role(actor, Role.STAFF)
    if user.id == actor.id:
        raise NotAllowed(_l("You cannot deactivate your own account."))
    if (Role.ADMIN in user.roles or Role.STAFF in user.roles) and not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only an administrator can deactivate staff or administrators."))


def deactivate_user(db_session: Session, actor: User, user: User) -> None:
    """Close the account and end every session it has open, at once."""
    _check_may_manage(actor, user)
    if not user.is_active:
        return
    user.is_active = False
    end_all_login_sessions(db_session, user)
    audit.record(db_session, actor, "user_deactivated", user,
                 before={"is_active": True}, after={"is_active": False})
    signals.user_deactivated.send(user, actor=actor)


def reactivate_user(db_session: Session, actor: User, user: User) -> None:
    _check_may_manage(actor, user)
    if user.is_active:
        return
    user.is_active = True
    audit.record(db_session, actor, "user_reactivated", user,
                 before={"is_active": False}, after={"is_active": True})


def set_roles(db_session: Session, actor: User, user: User, roles: Iterable[Role]) -> None:
    """Replace the user's global roles. Only admins may; nobody removes their own admin role,
    so the system always keeps someone who can fix it."""
    if Role.ADMIN not in actor.roles:
        raise NotAllowed(_l("Only an administrator can change roles."))
    wanted = frozenset(roles)
    before = user.roles
    if user.id == actor.id and Role.ADMIN in before and Role.ADMIN not in wanted:
        raise ServiceError(_l("You cannot remove your own administrator role."), field="roles")
    if wanted == before:
        return
    user.role_grants = [grant for grant in user.role_grants if grant.role in wanted]
    for role in sorted(wanted - before):
        user.role_grants.append(RoleGrant(role=role, granted_by_id=actor.id))
    db_session.flush()
    audit.record(db_session, actor, "roles_changed", user,
                 before={"roles": sorted(before)}, after={"roles": sorted(wanted)})
    signals.roles_changed.send(user, actor=actor, before=before, after=wanted)


@dataclass(frozen=True)
class ContactDetails:
    """How the office reaches a person in an emergency; only they and staff see it."""

    phone: str = ""
    emergency_contact: str = ""
    address_in_japan: str = ""


def update_profile(
    db_session: Session,
    user: User,
    display_name: str,
    country: str | None,
    locale: str | None,
    timezone: str,
    contact: ContactDetails | None = None,
) -> None:
    """Save the person's own profile; their contact details too when ``contact`` is given."""
    if timezone not in zoneinfo.available_timezones():
        raise ServiceError(_l("Choose a time zone from the list."), field="timezone")
    if locale and locale not in LANGUAGES:
        raise ServiceError(_l("Choose a language from the list."), field="locale")
    user.display_name = display_name.strip()
    user.country = country or None
    user.locale = locale or None
    user.timezone = timezone
    if contact is not None:
        _keep_contact(user, contact)
    db_session.flush()


def _keep_contact(user: User, contact: ContactDetails) -> None:
    limits = {"phone": 40, "emergency_contact": 1000, "address_in_japan": 1000}
    for name, limit in limits.items():
        value = getattr(contact, name).strip()
        if len(value) > limit:
            raise ServiceError(_l("Keep this under %(limit)d characters.", limit=limit),
                               field=name)
        setattr(user, name, value)


def set_locale(db_session: Session, user: User, locale: str) -> None:
    if locale not in LANGUAGES:
        raise ServiceError(_l("Choose a language from the list."), field="locale")
    user.locale = locale
    db_session.flush()


def new_user(
    db_session: Session,
    email: str,
    display_name: str,
    country: str | None,
    locale: str | None,
    timezone: str | None = None,
) -> User:
    """The bare account that invitation, the console and registration each start from; the
    caller has checked its rights and the details, and sets any password."""
    user = User(
        email=normalize_email(email),
        display_name=display_name.strip(),
        country=country or None,
        locale=locale if locale in LANGUAGES else None,
        timezone=timezone or current_app.config["LMS_DEFAULT_TIMEZONE"],
        is_active=True,
    )
    db_session.add(user)
    db_session.flush()
    return user


def create_user(
    db_session: Session,
    email: str,
    display_name: str,
    password: str,
    roles: Iterable[Role] = (),
    *,
    country: str | None = None,
    locale: str | None = None,
    timezone: str | None = None,
) -> User:
    """An account with a password, for the command line and the demo (no actor: the operator
    at the console is trusted)."""
    email = normalize_email(email)
    if user_by_email(db_session, email) is not None:
        raise ServiceError(_l("Someone with this email address already has an account."),
                           field="email")
    # Checked before anything is written, so a refused password leaves nothing behind.
    password_hash = checked_password_hash(password, email, display_name, field="password")
    user = new_user(db_session, email, display_name, country, locale, timezone)
    user.password_hash = password_hash
    user.email_confirmed_at = utcnow()  # the operator vouches for the address
    user.role_grants = [RoleGrant(role=role) for role in sorted(set(roles))]
    db_session.flush()
    audit.record(db_session, None, "user_created", user,
                 after={"email": email, "roles": sorted(set(roles))})
    return user
