"""Links mailed to an account (password reset, invitation, email confirmation): issuing one,
finding it again, and using it once.

Only a digest of each link's secret is stored, as for login session keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Collection

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.accounts.models import AccountToken, TokenPurpose, User
from lms.clock import utcnow

#: Links that set a password. A confirmation link never does, nor these confirm an address
#: by themselves: each kind of link does the one thing its mail said it would.
PASSWORD_TOKEN_PURPOSES = frozenset({TokenPurpose.PASSWORD_RESET, TokenPurpose.INVITATION})


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
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
            token_hash=digest(raw_token),
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    db_session.flush()
    return raw_token


def issued_in_the_last_hour(
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


def use_token(db_session: Session, token: AccountToken) -> bool:
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


def valid_token(
    db_session: Session,
    raw_token: str,
    purposes: Collection[TokenPurpose] = PASSWORD_TOKEN_PURPOSES,
) -> AccountToken | None:
    """The unused, unexpired link of an active account, if it is one of ``purposes``."""
    token = db_session.scalar(
        select(AccountToken).where(AccountToken.token_hash == digest(raw_token))
    )
    if token is None or token.purpose not in purposes:
        return None
    if token.used_at is not None or token.expires_at <= utcnow():
        return None
    if not token.user.is_active:
        return None
    return token
