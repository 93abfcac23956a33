"""Every state-changing route refuses a request without a CSRF token."""

from __future__ import annotations

import re

from lms.accounts.models import Role


def _post_routes(app) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or not rule.endpoint.startswith("lms."):
            continue
        # Fill path arguments with something plausible; the token check comes first anyway.
        path = re.sub(r"<(?:int:)?(\w+)>", lambda m: "1" if "int:" in m.group(0) else "x",
                      rule.rule)
        paths.append(path)
    return paths


def test_the_walk_finds_the_post_routes(app):
    paths = _post_routes(app)
    assert {"/login", "/logout", "/password", "/people/invite", "/people/1/roles"} <= set(paths)


def test_every_post_route_refuses_a_missing_token(app, client, logged_in):
    logged_in(Role.ADMIN)
    for path in _post_routes(app):
        response = client.post(path, data={"email": "a@example.org", "password": "x"})
        assert response.status_code == 400, path
        assert "could not be understood" in response.get_data(as_text=True), path


def test_every_post_route_refuses_a_forged_token(app, client, logged_in):
    logged_in(Role.ADMIN)
    for path in _post_routes(app):
        response = client.post(path, data={"csrf_token": "forged"})
        assert response.status_code == 400, path


def test_a_token_from_another_session_is_refused(app, client, make_user):
    from tests.conftest import csrf_token

    other = app.test_client()
    token = csrf_token(other)
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "x",
                                           "csrf_token": token})
    assert response.status_code == 400


def test_no_get_route_changes_state(app, client, logged_in):
    """GET on every page leaves the database as it was (only reads)."""
    from sqlalchemy import event

    logged_in(Role.ADMIN)
    engine = app.extensions["lms"].engine
    writes = []

    def record(conn, cursor, statement, *args):
        if statement.split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        for rule in app.url_map.iter_rules():
            if "GET" in rule.methods and rule.endpoint.startswith("lms.") and not rule.arguments:
                client.get(rule.rule)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert writes == []
