"""What every page's frame keeps from one request to the next (the signed CSRF token, the
signed-in user's compiled query) stays exactly as safe and as current as making it afresh."""

from __future__ import annotations

import pytest

from lms import security
from lms.accounts import sessions
from lms.accounts.models import Role
from tests.conftest import csrf_token, login


def test_a_session_is_shown_one_signed_token_that_its_forms_accept(app, client, logged_in,
                                                                    monkeypatch):
    from itsdangerous.timed import TimestampSigner

    logged_in()
    first = csrf_token(client, "/settings")
    # The next page is shown a second later: signing the token again would date it anew.
    later = TimestampSigner.get_timestamp(TimestampSigner("key")) + 1
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda signer: later)
    again = csrf_token(client, "/")
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


def _kept_sessions(app):
    interface = app.session_interface
    assert isinstance(interface, security.KeptCookieSessions)
    return interface


def test_a_cookie_is_read_once_and_each_request_gets_its_own_copy(app, client, logged_in):
    logged_in()
    opened = _kept_sessions(app)._opened
    opened.clear()
    cookie = client.get_cookie("kakehashi_session").value
    assert client.get("/settings").status_code == 200
    [(kept, _signed_at)] = opened.values()
    before = dict(kept)
    # A request that changes its session (here its language) sends a new cookie; what the
    # old cookie said is kept as it was, and replaying it still says only that.
    response = client.post("/language", data={"csrf_token": csrf_token(client, "/"),
                                              "locale": "ja", "next": "/"})
    assert response.status_code == 302
    assert dict(opened[(app.secret_key, cookie)][0]) == before
    replay = app.test_client()
    replay.set_cookie("kakehashi_session", cookie)
    with replay.session_transaction() as session:
        assert dict(session) == before


def test_a_kept_cookie_past_the_session_lifetime_opens_no_session(app, client, logged_in,
                                                                  monkeypatch):
    logged_in()
    assert client.get("/settings").status_code == 200
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = security.time.time() + lifetime + 60
    monkeypatch.setattr(security.time, "time", lambda: later)
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    response = client.get("/settings")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_a_forged_cookie_is_never_kept(app, client, logged_in):
    logged_in()
    opened = _kept_sessions(app)._opened
    cookie = client.get_cookie("kakehashi_session").value
    forged = cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")
    thief = app.test_client()
    thief.set_cookie("kakehashi_session", forged)
    response = thief.get("/settings")
    assert response.status_code == 302
    assert (app.secret_key, forged) not in opened


def test_a_session_holding_more_than_plain_values_is_not_kept(app, client, logged_in):
    logged_in()
    opened = _kept_sessions(app)._opened
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Saved.")]
    opened.clear()
    assert "Saved." in client.get("/settings").get_data(as_text=True)
    assert not opened


def test_signing_out_ends_the_forms_token_of_that_session(app, client, logged_in):
    logged_in()
    before = csrf_token(client, "/")
    assert client.post("/logout", data={"csrf_token": before}).status_code == 302
    with client.session_transaction() as cookie_session:
        assert "csrf_token" not in cookie_session
    refused = client.post("/language", data={"csrf_token": before, "locale": "ja", "next": "/"})
    assert refused.status_code == 400
