"""``python -m bench.queries PAGES_JSON``: the SQL statements each page runs for one request.

Run by bench/run.py after seeding, in the benchmark's environment, so it opens the bench's
database in-process through the Flask test client. Each page is requested twice, signed in as
its login through the login form: the first request warms what the app caches, as the load's
warm-up does, and the statements of the second are counted. PAGES_JSON is a list of
``{"name", "path", "login"}``; it prints ``{name: statements}`` as JSON.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from sqlalchemy import event

from bench.client import LOGIN_PATH, csrf_token
from lms.demo import DEMO_PASSWORD


def count_queries(pages: list[dict[str, Any]]) -> dict[str, int | None]:
    """Statements per page; None for a page that did not answer 200."""
    from wsgi import app

    engine = app.extensions["lms"].engine
    clients: dict[str | None, Any] = {}
    counted: dict[str, int | None] = {}
    for page in pages:
        client = clients.get(page["login"])
        if client is None:
            client = clients[page["login"]] = _signed_in(app, page["login"])
        client.get(page["path"])
        statements = 0

        def count(*_args: Any) -> None:
            nonlocal statements
            statements += 1

        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(page["path"])
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counted[page["name"]] = statements if response.status_code == 200 else None
    return counted


def _signed_in(app: Any, login: str | None) -> Any:
    client = app.test_client()
    if login is None:
        return client
    token = csrf_token(client.get(LOGIN_PATH).get_data(as_text=True))
    response = client.post(LOGIN_PATH, data={"email": login, "password": DEMO_PASSWORD,
                                             "csrf_token": token})
    if response.status_code not in {302, 303}:
        raise RuntimeError(f"signing in as {login} answered {response.status_code}")
    return client


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m bench.queries PAGES_JSON", file=sys.stderr)
        return 2
    print(json.dumps(count_queries(json.loads(args[0]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
