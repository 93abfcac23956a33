"""The account's part of a person's data: the profile they keep, their roles, and when they
were signed in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import LoginSession, User
from lms.personal_data import iso


def parts(db_session: Session, user: User) -> dict[str, Any]:
    login_sessions = db_session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id)
        .order_by(LoginSession.created_at, LoginSession.id))
    return {
        "profile": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "country": user.country,
            "locale": user.locale,
            "timezone": user.timezone,
            "phone": user.phone,
            "emergency_contact": user.emergency_contact,
            "address_in_japan": user.address_in_japan,
            "created_at": iso(user.created_at),
            "email_confirmed_at": iso(user.email_confirmed_at),
            "last_login_at": iso(user.last_login_at),
            # Who granted a role is another person: only the role and its date are theirs.
            "roles": [{"role": grant.role.value, "granted_at": iso(grant.granted_at)}
                      for grant in user.role_grants],
        },
        # The browser each session was opened in, not its address or key.
        "login_sessions": [{"started_at": iso(login.created_at), "ended_at": iso(login.ended_at),
                            "browser": login.user_agent} for login in login_sessions],
    }
