"""Every route of the URL map, as every kind of person, gives the answer written down in the
route × actor matrix (tests/route_matrix.py), and no route is without its row there."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.conftest import csrf_token, login
from tests.route_matrix import COLUMNS, HOST, Row, rows, tables
from tests.route_matrix_world import ACTOR_EMAILS, NOW, build

WHERE = "tests/route_matrix.py says how to add a row"


@pytest.fixture
def world(app: Flask, db: Any, snapshots: Any, tmp_path: Any) -> Any:
    """Seeded by the first test, its rows and files put back for each of the others."""
    app.config["LMS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    with time_machine.travel(NOW, tick=False):
        yield snapshots.seed_once("route-matrix", app, lambda: build(db))


def answer(client: FlaskClient, response: Any) -> str:
    """What the person got, in the matrix's words."""
    if response.status_code != 302:
        return str(response.status_code)
    if "/login?next=" in response.headers["Location"]:
        return "in"
    with client.session_transaction() as cookie_session:  # read, and not shown on a later page
        flashed = [category for category, _message in cookie_session.pop("_flashes", [])]
    return "err" if "error" in flashed else "302"


def in_run_order(every_row: list[Row]) -> list[Row]:
    """GETs first (they change nothing), then POSTs, then the rows that change who is signed
    in."""
    return ([row for row in every_row if row.method == "GET" and not row.last]
            + [row for row in every_row if row.method == "POST" and not row.last]
            + [row for row in every_row if row.last])


def test_the_matrix_names_the_people_of_the_world() -> None:
    assert list(COLUMNS.values()) == list(ACTOR_EMAILS)


@pytest.mark.parametrize("person", list(ACTOR_EMAILS))
def test_every_route_answers_each_person_as_the_matrix_says(
        client: FlaskClient, world: dict[str, object], person: str) -> None:
    email = ACTOR_EMAILS[person]
    if email is not None:
        assert login(client, email).status_code == 302, email
    token = csrf_token(client, "/login" if email is None else "/settings")
    wrong = []
    for row in in_run_order(rows()):
        path = row.path.format(**world)
        response = (client.get(path) if row.method == "GET"
                    else client.post(path, data={"csrf_token": token}))
        got = answer(client, response)
        if (row.method, row.path) == ("POST", "/logout"):
            # Signing out ends the session's form token; the rows after it are signed out.
            token = csrf_token(client, "/login")
        if got != row.answers[person]:
            wrong.append(f"{row.method} {row.path} ({path}): the matrix says "
                         f"{row.answers[person]}, the app answered {got}")
    assert not wrong, f"As {person}:\n" + "\n".join(wrong)


def _rules(app: Flask) -> dict[tuple[str, str], str]:
    """Every (endpoint, method) of the URL map but the static files, with its rule."""
    return {(rule.endpoint, method): rule.rule for rule in app.url_map.iter_rules()
            if not rule.endpoint.endswith("static")
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})}


def _table_of(endpoint: str) -> str:
    """The matrix table a route's rows go in: its blueprint's."""
    parts = endpoint.split(".")
    return parts[1] if parts[0] == "lms" and len(parts) == 3 else HOST


def _endpoint_of(app: Flask, row: Row) -> str | None:
    """The endpoint the row's request reaches, with any value in place of the world's ids."""
    adapter = app.url_map.bind("kakehashi.test")
    path = row.path.format_map(_AnyValue())
    try:
        endpoint, _arguments = adapter.match(path, method=row.method)
    except (NotFound, MethodNotAllowed):
        return None
    return str(endpoint)


class _AnyValue(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "1"


def _where(table: str) -> str:
    found = tables().get(table)
    if found is None:
        return f"a new {table.upper()} table in one of tests/route_matrix_*.py"
    return f"the {table.upper()} table in {found[0]}"


def test_every_route_has_a_row_in_the_matrix(app: Flask) -> None:
    covered = {(_endpoint_of(app, row), row.method) for row in rows()}
    missing = [f"{method} {rule} ({endpoint}): add its row to {_where(_table_of(endpoint))}, "
               f"with each person's answer"
               for (endpoint, method), rule in _rules(app).items()
               if (endpoint, method) not in covered]
    assert not missing, f"Routes without their rights written down ({WHERE}):\n" + \
        "\n".join(missing)


def test_every_row_of_the_matrix_is_a_route_of_its_table(app: Flask) -> None:
    stale = []
    for row in rows():
        endpoint = _endpoint_of(app, row)
        if endpoint is None:
            stale.append(f"{row.method} {row.path} in {row.table.upper()}: no such route any "
                         f"more; remove the row")
        elif _table_of(endpoint) != row.table:
            stale.append(f"{row.method} {row.path} in {row.table.upper()}: a route of "
                         f"{endpoint}; move the row to {_where(_table_of(endpoint))}")
    assert not stale, f"Rows that name no route of their table ({WHERE}):\n" + "\n".join(stale)
