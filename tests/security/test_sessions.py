"""A session ends on the server: a copied cookie stops working at once."""

from __future__ import annotations

from lms.accounts.models import Role
from tests.conftest import PASSWORD, login, post


def _cookie(client) -> str:
    return client.get_cookie("kakehashi_session").value


def _replay(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("kakehashi_session", cookie)
    # A page only the signed-in see (a visitor's home is a page of its own).
    return thief.get("/settings")


def test_a_cookie_replayed_after_logout_gets_the_login_page(app, client, logged_in):
    logged_in()
    stolen = _cookie(client)
    assert _replay(app, stolen).status_code == 200
    post(client, "/logout")
    response = _replay(app, stolen)
    assert response.status_code == 302 and response.location.startswith("/login")


def test_a_cookie_replayed_after_a_password_change_gets_the_login_page(app, client, logged_in):
    logged_in()
    stolen = _cookie(client)
    post(client, "/password", {"current_password": PASSWORD,
                               "new_password": "amber-kite-willow-61",
                               "confirm": "amber-kite-willow-61"}, token_from="/password")
    assert client.get("/").status_code == 200
    assert _replay(app, stolen).status_code == 302


def test_deactivation_ends_the_persons_open_sessions(app, client, make_user):
    person = make_user()
    person_browser = app.test_client()
    login(person_browser, person.email)
    assert person_browser.get("/").status_code == 200
    staff = make_user(roles=(Role.STAFF,))
    login(client, staff.email)
    post(client, f"/people/{person.id}/deactivate", token_from=f"/people/{person.id}")
    assert person_browser.get("/settings").status_code == 302


def test_signing_in_issues_a_fresh_cookie(app, client, make_user):
    user = make_user()
    client.get("/login")
    before = _cookie(client)
    login(client, user.email)
    assert _cookie(client) != before


def test_session_cookie_flags(app, client, make_user):
    user = make_user()
    response = login(client, user.email)
    header = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith("kakehashi_session="))
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header  # testing runs on plain http; production sets Secure


def test_production_cookies_are_secure(database_url, _schema):
    from lms import create_app
    from tests.conftest import TEST_SECRET_KEY

    app = create_app({"LMS_ENV": "production", "SECRET_KEY": TEST_SECRET_KEY,
                      "LMS_DATABASE_URL": database_url})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    app.extensions["lms"].engine.dispose()
