"""What every page's frame keeps from one request to the next (the signed CSRF token, the
signed-in user's compiled query) stays exactly as safe and as current as making it afresh."""

from __future__ import annotations

import pytest

from lms import security
from lms.accounts import sessions
from lms.accounts.models import Role
from tests.conftest import csrf_token, login


def test_a_session_is_shown_one_signed_token_that_its_forms_accept(app, client, logged_in):
    logged_in()
    first, again = csrf_token(client, "/settings"), csrf_token(client, "/")
    assert first == again
    response = client.post("/language", data={"csrf_token": again, "locale": "ja", "next": "/"})
    assert response.status_code == 302


def test_another_session_never_gets_the_kept_token(app, client, logged_in, make_user):
    logged_in()
    mine = csrf_token(client, "/")
    other = app.test_client()
    assert login(other, make_user().email).status_code == 302
    theirs = csrf_token(other, "/")
    assert theirs != mine
    # Her token, sent from the other session, is refused as any forged one.
    refused = other.post("/language", data={"csrf_token": mine, "locale": "ja", "next": "/"})
    assert refused.status_code == 400


def test_a_session_given_a_new_token_is_never_shown_the_kept_one(app, client, logged_in):
    logged_in()
    old = csrf_token(client, "/")
    with client.session_transaction() as cookie_session:
        del cookie_session["csrf_token"]
    assert csrf_token(client, "/") != old
    response = client.post("/language", data={"csrf_token": old, "locale": "ja", "next": "/"})
    assert response.status_code == 400


@pytest.mark.parametrize("config_overrides", [{"WTF_CSRF_TIME_LIMIT": 3600}])
def test_tokens_that_expire_are_signed_afresh(app, client, logged_in):
    logged_in()
    security._SIGNED_CSRF_TOKENS.clear()
    csrf_token(client, "/")
    assert not security._SIGNED_CSRF_TOKENS


def test_the_kept_signed_tokens_are_bounded(app, client, logged_in, monkeypatch):
    monkeypatch.setattr(security, "_SIGNED_CSRF_KEPT", 2)
    for _ in range(3):
        fresh = app.test_client()
        csrf_token(fresh, "/login")
    assert len(security._SIGNED_CSRF_TOKENS) <= 2


def test_the_signed_in_query_keeps_its_compiled_form_apart_from_any_other():
    cache = sessions._OneStatementCache()
    key = ("dialect", ("select", ("from", "where")), (), False, False)
    cache[key] = "compiled"
    assert cache.get(("dialect", ("select", ("from", "where")), (), False, False)) == "compiled"
    assert cache.get(("dialect", ("select", ("from", "other")), (), False, False)) is None
    assert cache.get(("another", ("select", ("from", "where")), (), False, False)) is None
    for index in range(sessions._OneStatementCache._KEPT + 1):
        cache[(index,)] = index
    assert len(cache._entries) <= sessions._OneStatementCache._KEPT


def test_a_role_given_and_a_session_ended_are_seen_on_the_next_page(app, client, logged_in,
                                                                     db):
    from lms.accounts.models import RoleGrant, User

    user = logged_in()
    assert client.get("/people").status_code == 403
    db.add(RoleGrant(user_id=user.id, role=Role.STAFF))
    db.commit()
    assert client.get("/people").status_code == 200
    sessions.end_all_login_sessions(db, db.get(User, user.id))
    db.commit()
    response = client.get("/settings")
    assert response.status_code == 302 and response.location.startswith("/login")
