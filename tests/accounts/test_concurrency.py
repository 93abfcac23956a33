"""A password link clicked twice at the same moment, each click in its own thread and session
as two gunicorn workers would run them. Runs on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from lms.accounts import passwords, services, sessions, tokens
from lms.accounts.models import Role
from lms.audit import AuditEvent
from lms.errors import ServiceError
from tests.concurrency import run_together
from tests.conftest import outbox

CLIENT = sessions.Client(address="192.0.2.30", user_agent="pytest")


@pytest.fixture(autouse=True)
def slow_link_check(monkeypatch):
    """Hold each request a moment after it has found the link still unused, so both have
    found it so before either marks it used, unless marking it is what decides."""
    check = tokens.valid_token

    def checked_slowly(*args, **kwargs):  # type: ignore[no-untyped-def]
        token = check(*args, **kwargs)
        time.sleep(0.2)
        return token

    monkeypatch.setattr(tokens, "valid_token", checked_slowly)


@pytest.mark.parametrize("link", ["password reset", "invitation"])
def test_a_link_used_twice_at_once_sets_one_password(app, db, make_user, link):
    staff = db.merge(make_user(roles=(Role.STAFF,)))
    if link == "invitation":
        services.invite_user(db, staff, "invitee@example.org", "Invitee", "KH", "en")
    else:
        passwords.request_password_reset(db, staff.email, CLIENT)
    db.commit()
    raw_token = outbox(app)[-1].body.split("/password/set/")[1].split()[0]
    new_passwords = ["first-lantern-harbour-1", "second-lantern-harbour-2"]

    def using_the_link(password: str):  # type: ignore[no-untyped-def]
        return lambda own: passwords.set_password_with_token(own, raw_token, password, CLIENT)

    results = run_together(app, [using_the_link(password) for password in new_passwords])
    refused = [result for result in results if isinstance(result, ServiceError)]
    assert len(refused) == 1, results
    assert "already been used" in str(refused[0].message)
    winner = new_passwords[1] if isinstance(results[0], ServiceError) else new_passwords[0]
    db.expire_all()
    email = "invitee@example.org" if link == "invitation" else staff.email
    assert sessions.authenticate(db, email, winner, CLIENT) is not None
    action = "invitation_accepted" if link == "invitation" else "password_reset"
    assert len(list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))) == 1
