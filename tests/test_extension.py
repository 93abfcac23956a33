"""Kakehashi mounts inside a host app that has its own pages and its own sign-in."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_login import LoginManager, UserMixin, current_user, login_user

from lms import LMS
from tests.conftest import PASSWORD, TEST_SECRET_KEY, csrf_token


class HostUser(UserMixin):
    def __init__(self, user_id: str) -> None:
        self.id = user_id


def _host_app(database_url: str, with_login_manager: bool) -> Flask:
    host = Flask("host_app")
    host.config.update(SECRET_KEY=TEST_SECRET_KEY, LMS_URL_PREFIX="/training",
                       LMS_DATABASE_URL=database_url,
                       LMS_PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    if with_login_manager:
        manager = LoginManager(host)
        manager.user_loader(lambda user_id: HostUser(user_id) if user_id == "7" else None)

        @host.get("/host-login")
        def host_login():
            login_user(HostUser("7"))
            return "host signed in"

    @host.get("/")
    def host_home():
        who = current_user.get_id() if with_login_manager and current_user.is_authenticated \
            else "nobody"
        return f"host page for {who}"

    @host.post("/host-api")
    def host_api():
        return "the host's own POST route keeps its own rules"

    LMS().init_app(host)
    return host


@pytest.fixture(params=[False, True], ids=["bare host", "host with its own LoginManager"])
def host(request, database_url, _schema):
    host = _host_app(database_url, with_login_manager=request.param)
    yield host
    from tests.conftest import _empty_all_tables

    _empty_all_tables(host.extensions["lms"].engine)
    host.extensions["lms"].engine.dispose()


def _make_user(host):
    from lms.accounts.services import create_user
    from lms.db import session

    with host.app_context():
        user = create_user(session, "mounted@example.org", "Mounted", PASSWORD)
        session.commit()
        return user


def test_kakehashi_lives_under_its_prefix_and_the_host_page_keeps_working(host):
    client = host.test_client()
    _make_user(host)
    assert client.get("/").get_data(as_text=True).startswith("host page")
    login_page = client.get("/training/login")
    assert login_page.status_code == 200
    assert 'action="/training/login"' in login_page.get_data(as_text=True)
    assert "/training/assets/lms/style.css" in login_page.get_data(as_text=True)
    token = csrf_token(client, "/training/login")
    response = client.post("/training/login", data={"email": "mounted@example.org",
                                                    "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and response.location == "/training/"
    assert "Welcome, Mounted" in client.get("/training/").get_data(as_text=True)
    assert client.get("/").status_code == 200
    # Kakehashi's CSRF and headers stay on its own routes; the host decides for its own.
    assert client.post("/host-api").status_code == 200
    assert "Content-Security-Policy" not in client.get("/").headers


def test_pages_that_need_sign_in_send_to_kakehashis_login(host):
    response = host.test_client().get("/training/password")
    assert response.status_code == 302 and response.location.startswith("/training/login")


def test_the_hosts_own_sign_in_still_works(database_url, _schema):
    host = _host_app(database_url, with_login_manager=True)
    client = host.test_client()
    assert client.get("/host-login").get_data(as_text=True) == "host signed in"
    assert client.get("/").get_data(as_text=True) == "host page for 7"
    # A host user is nobody in Kakehashi: its home greets them as a visitor, and its pages ask
    # them to sign in.
    assert client.get("/training/").status_code == 200
    assert client.get("/training/settings").status_code == 302
    host.extensions["lms"].engine.dispose()


def test_the_extension_keeps_no_app(database_url, _schema):
    extension = LMS()
    first = _host_app(database_url, with_login_manager=False)
    second = Flask("second")
    second.config.update(SECRET_KEY=TEST_SECRET_KEY, LMS_DATABASE_URL=database_url)
    extension.init_app(second)
    assert not any(isinstance(value, Flask) for value in vars(extension).values())
    assert first.extensions["lms"] is not second.extensions["lms"]
    for app in (first, second):
        app.extensions["lms"].engine.dispose()


def test_a_kakehashi_page_gets_the_template_helpers_from_its_blueprint_alone(app):
    # The standalone app gives them to its own pages (an address no blueprint has) too; a page
    # given them twice would pay for each twice.
    def app_wide_helpers(path: str) -> list[dict]:
        with app.test_request_context(path):
            return [helpers() for helpers in app.template_context_processors[None]
                    if helpers.__name__ == "outside_kakehashi"]

    assert app_wide_helpers("/login") == [{}]
    [helpers] = app_wide_helpers("/no-such-page")
    assert {"_", "format_when", "nav_items", "lms_user", "unread_notifications"} <= set(helpers)
