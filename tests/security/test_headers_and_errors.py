from __future__ import annotations

import pytest
from flask import abort

from lms.accounts.models import Role


@pytest.mark.parametrize("path", ["/login", "/nowhere", "/assets/lms/style.css", "/healthz"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/login", "/nowhere", "/healthz"])
def test_each_security_header_is_sent_once(client, path):
    # The standalone app and Kakehashi's blueprint both apply them; a page gets them once.
    headers = client.get(path).headers
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                 "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy"):
        assert len(headers.getlist(name)) == 1, name


def test_pages_carry_no_inline_script_or_style(client, logged_in):
    logged_in(Role.ADMIN)
    for path in ["/", "/login", "/people", "/settings", "/password"]:
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert " onclick=" not in html


def test_personal_pages_are_not_cached(client, logged_in):
    logged_in()
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_404_in_plain_words(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_403_in_plain_words(client, logged_in):
    logged_in()
    response = client.get("/people")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.get_data(as_text=True)


def test_500_leaks_nothing(app, client):
    @app.get("/explode")
    def explode():
        raise RuntimeError("secret detail: postgresql://user:hunter2@db/prod")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/explode")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "hunter2" not in body and "Traceback" not in body and "RuntimeError" not in body


def test_aborts_inside_kakehashi_pages_use_its_error_page(app, client):
    from lms.extension import LMS  # noqa: F401 - the blueprint is already mounted

    @app.get("/gone")
    def gone():
        abort(404)

    assert "Page not found" in client.get("/gone").get_data(as_text=True)


def test_production_refuses_the_development_secret(database_url):
    from lms import create_app
    from lms.app import DEVELOPMENT_SECRET_KEY, InsecureConfiguration

    for secret in (None, DEVELOPMENT_SECRET_KEY, "short"):
        with pytest.raises(InsecureConfiguration):
            create_app({"LMS_ENV": "production", "SECRET_KEY": secret,
                        "LMS_DATABASE_URL": database_url})


def test_development_runs_without_a_secret(database_url, _schema):
    from lms import create_app

    app = create_app({"LMS_ENV": "development", "LMS_DATABASE_URL": database_url})
    assert app.config["SECRET_KEY"]
    app.extensions["lms"].engine.dispose()


BARE_500 = "The server encountered an internal error"  # Werkzeug's own page


def _assert_kakehashi_500(response) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in body and BARE_500 not in body


def test_a_failing_user_loader_still_gets_kakehashi_error_page(app, client, logged_in):
    logged_in()
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken_loader(user_key):
        # Not a RuntimeError: werkzeug's proxies read that as "no user" rather than an error.
        raise ConnectionError("the database is gone")

    app.login_manager.user_loader(broken_loader)
    _assert_kakehashi_500(client.get("/"))


def test_a_failing_before_request_still_gets_kakehashi_error_page(app, client, logged_in):
    """A failed statement leaves a PostgreSQL transaction unusable; the error page, which looks
    up who is signed in, must not fail on it."""
    from sqlalchemy import text

    from lms.db import session

    broken = False

    @app.before_request
    def broken_step():
        if broken:
            session.execute(text("SELECT * FROM no_such_table"))

    user = logged_in()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    broken = True
    response = client.get("/")
    _assert_kakehashi_500(response)
    assert user.display_name in response.get_data(as_text=True)  # still shown as signed in
