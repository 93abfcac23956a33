"""Accounts: signing in and out, passwords, invitations, registration, deactivation and roles.

Every function takes the database session and (where someone acts) the acting user, checks
what that user may do, flushes, and leaves the commit to the caller.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import zoneinfo
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms import audit, signals
from lms.accounts.models import AccountToken, LoginSession, Role, RoleGrant, TokenPurpose, User
from lms.clock import utcnow
from lms.db import get_session
from lms.errors import NotAllowed, PolicyError, ServiceError
from lms.i18n import LANGUAGES, _l, country_names
from lms.mail import OutboxMessage, enqueue, enqueue_to_user, external_url
from lms.security import (
    SESSION_KEY_PREFIX,
    hash_password,
    is_safe_next,
    password_problems,
    verify_password,
)

# More than this many reset mails an hour for one account is someone else's doing.
MAX_RESET_MAILS_PER_HOUR = 3
# Likewise for mails that a registration sends to one address (confirmation links, or notes
# that the address already has an account): anyone can type any address into the form.
MAX_REGISTRATION_MAILS_PER_HOUR = 3

#: Links that set a password. A confirmation link never does, nor these confirm an address
#: by themselves: each kind of link does the one thing its mail said it would.
PASSWORD_TOKEN_PURPOSES = frozenset({TokenPurpose.PASSWORD_RESET, TokenPurpose.INVITATION})


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def user_by_email(db_session: Session, email: str) -> User | None:
    return db_session.scalar(select(User).where(User.email == normalize_email(email)))


# Signing in and out ---------------------------------------------------------------------------


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
            key_hash=_digest(key),
            created_at=utcnow(),
            address=client.address,
            user_agent=(client.user_agent or "")[:255] or None,
        )
    )
    db_session.flush()
    user.login_session_key = key  # type: ignore[attr-defined]
    return key


def load_user_for_session_key(key: str) -> User | None:
    """Flask-Login's loader: the user of a live login session, or None once it has ended."""
    if not key.startswith(SESSION_KEY_PREFIX):
        return None
    db_session = get_session()
    user = db_session.scalar(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            LoginSession.key_hash == _digest(key),
            LoginSession.ended_at.is_(None),
            User.is_active.is_(True),
        )
    )
    if user is not None:
        user.login_session_key = key  # type: ignore[attr-defined]
    return user


def end_login_session(db_session: Session, user: User, client: Client) -> None:
    key = getattr(user, "login_session_key", None)
    if key:
        db_session.execute(
            update(LoginSession)
            .where(LoginSession.key_hash == _digest(key), LoginSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
    audit.record(db_session, user, "logout", user, address=client.address)


def end_all_login_sessions(db_session: Session, user: User) -> None:
    db_session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


# Passwords ------------------------------------------------------------------------------------


def _checked_password_hash(
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
    user.password_hash = _checked_password_hash(new_password, user.email, user.display_name)
    end_all_login_sessions(db_session, user)
    audit.record(db_session, user, "password_changed", user, address=client.address)
    return start_login_session(db_session, user, client)


def _issue_token(
    db_session: Session, user: User, purpose: TokenPurpose, lifetime: dt.timedelta
) -> str:
    now = utcnow()
    # A new link replaces any earlier one of the same kind still waiting to be used.
    db_session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    raw_token = secrets.token_urlsafe(32)
    db_session.add(
        AccountToken(
            user=user,
            purpose=purpose,
            token_hash=_digest(raw_token),
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    db_session.flush()
    return raw_token


def _tokens_issued_in_the_last_hour(
    db_session: Session, user: User, purpose: TokenPurpose
) -> int:
    an_hour_ago = utcnow() - dt.timedelta(hours=1)
    return db_session.scalar(
        select(func.count(AccountToken.id)).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.created_at >= an_hour_ago,
        )
    ) or 0


def _use_token(db_session: Session, token: AccountToken) -> bool:
    """Mark the link used. Of two requests racing with one link, exactly one gets True."""
    now = utcnow()
    result = db_session.execute(
        update(AccountToken)
        .where(AccountToken.id == token.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    token.used_at = now
    return result.rowcount == 1  # type: ignore[attr-defined]


def request_password_reset(db_session: Session, email: str, client: Client) -> None:
    """Mail a reset link if an active account has this address, and otherwise a note that
    none has: the same work either way, so that neither the page (which says the same either
    way) nor its timing tells a visitor who has an account."""
    user = user_by_email(db_session, email)
    if user is None or not user.is_active:
        _tell_address_no_account_uses_it(db_session, normalize_email(email), user, client)
        return
    recent = _tokens_issued_in_the_last_hour(db_session, user, TokenPurpose.PASSWORD_RESET)
    if recent >= MAX_RESET_MAILS_PER_HOUR:
        return
    hours = current_app.config["LMS_PASSWORD_RESET_HOURS"]
    raw_token = _issue_token(
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


def valid_token(
    db_session: Session,
    raw_token: str,
    purposes: Collection[TokenPurpose] = PASSWORD_TOKEN_PURPOSES,
) -> AccountToken | None:
    """The unused, unexpired link of an active account, if it is one of ``purposes``."""
    token = db_session.scalar(
        select(AccountToken).where(AccountToken.token_hash == _digest(raw_token))
    )
    if token is None or token.purpose not in purposes:
        return None
    if token.used_at is not None or token.expires_at <= utcnow():
        return None
    if not token.user.is_active:
        return None
    return token


def set_password_with_token(
    db_session: Session, raw_token: str, new_password: str, client: Client
) -> User:
    """Use a reset or invitation link once: set the password and end every open session."""
    token = valid_token(db_session, raw_token)
    if token is None:
        raise ServiceError(_l("This link has expired or has already been used."))
    user = token.user
    # Hashed before the link is claimed, so the claim's lock is held only briefly.
    password_hash = _checked_password_hash(
        new_password, user.email, user.display_name, field="password"
    )
    if not _use_token(db_session, token):
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


# People: invitations, deactivation, roles, profile -------------------------------------------


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
        user = _new_user(db_session, email, display_name, country, locale)
    days = current_app.config["LMS_INVITATION_DAYS"]
    raw_token = _issue_token(db_session, user, TokenPurpose.INVITATION, dt.timedelta(days=days))
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


def update_profile(
    db_session: Session,
    user: User,
    display_name: str,
    country: str | None,
    locale: str | None,
    timezone: str,
    wants_optional_mail: bool = True,
) -> None:
    if timezone not in zoneinfo.available_timezones():
        raise ServiceError(_l("Choose a time zone from the list."), field="timezone")
    if locale and locale not in LANGUAGES:
        raise ServiceError(_l("Choose a language from the list."), field="locale")
    user.display_name = display_name.strip()
    user.country = country or None
    user.locale = locale or None
    user.timezone = timezone
    user.wants_optional_mail = wants_optional_mail
    db_session.flush()


def set_locale(db_session: Session, user: User, locale: str) -> None:
    if locale not in LANGUAGES:
        raise ServiceError(_l("Choose a language from the list."), field="locale")
    user.locale = locale
    db_session.flush()


def _new_user(
    db_session: Session,
    email: str,
    display_name: str,
    country: str | None,
    locale: str | None,
    timezone: str | None = None,
) -> User:
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
    password_hash = _checked_password_hash(password, email, display_name, field="password")
    user = _new_user(db_session, email, display_name, country, locale, timezone)
    user.password_hash = password_hash
    user.email_confirmed_at = utcnow()  # the operator vouches for the address
    user.role_grants = [RoleGrant(role=role) for role in sorted(set(roles))]
    db_session.flush()
    audit.record(db_session, None, "user_created", user,
                 after={"email": email, "roles": sorted(set(roles))})
    return user


# Registration: people who sign up themselves, to apply to an open call ----------------------


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
    raw_token = _issue_token(
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
    password_hash = _checked_password_hash(password, email, display_name, field="password")
    user = user_by_email(db_session, email)
    if user is None:
        user = _new_user(db_session, email, display_name, country, locale, timezone)
        user.password_hash = password_hash
        audit.record(db_session, None, "user_registered", user, after={"email": email},
                     address=client.address)
        _send_confirmation(db_session, user, next_path)
        return user
    if not _awaits_confirmation(user):
        _tell_owner_someone_tried_to_register(db_session, user, client, next_path)
        return None
    recent = _tokens_issued_in_the_last_hour(db_session, user, TokenPurpose.EMAIL_CONFIRMATION)
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
    recent = _tokens_issued_in_the_last_hour(db_session, user, TokenPurpose.EMAIL_CONFIRMATION)
    if recent >= MAX_REGISTRATION_MAILS_PER_HOUR:
        return
    _send_confirmation(db_session, user, next_path)
    audit.record(db_session, None, "email_confirmation_resent", user,
                 address=client.address if client else None)


def confirmation_token(db_session: Session, raw_token: str) -> AccountToken | None:
    """The confirmation link if it can still confirm its account's address."""
    token = valid_token(db_session, raw_token, purposes={TokenPurpose.EMAIL_CONFIRMATION})
    if token is None or token.user.is_email_confirmed:
        return None
    return token


def confirm_email(db_session: Session, raw_token: str, client: Client) -> User:
    """Use a confirmation link once: the address is confirmed and the account may sign in.
    The caller signs the person in."""
    token = confirmation_token(db_session, raw_token)
    if token is None or not _use_token(db_session, token):
        raise ServiceError(_l("This link has expired or has already been used."))
    user = token.user
    user.email_confirmed_at = token.used_at
    audit.record(db_session, user, "email_confirmed", user, address=client.address)
    db_session.flush()
    return user
