"""Fixtures shared by every test.

The database is SQLite unless LMS_TEST_DATABASE_URL names another (CI sets PostgreSQL). The
schema is created once per run; each test gets an app as new (see ``app``) and every table is
emptied after it, so tests may commit freely, as the real request cycle does.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from lms import create_app
from lms.accounts.models import Role, User
from lms.db import make_engine
from lms.models import Base
from tests.snapshots import Snapshots

PASSWORD = "quiet-harbour-lantern-42"
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-for-production-checks"


def pytest_configure(config: pytest.Config) -> None:
    """Japanese pages need the compiled catalog; say how to build it rather than fail oddly."""
    from pathlib import Path

    for po_path in Path(__file__).resolve().parents[1].glob("lms/translations/*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            raise pytest.UsageError(f"{mo_path} is missing or older than its .po: run "
                                    "`make translations` (make test does it for you)")


def pytest_report_header() -> str:
    return f"database: {os.environ.get('LMS_TEST_DATABASE_URL') or 'SQLite (temporary file)'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return os.environ.get("LMS_TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    )


@pytest.fixture(scope="session")
def _schema(database_url: str) -> Iterator[None]:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # A clean slate even if an earlier run was killed halfway.
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    Base.metadata.create_all(engine)
    engine.dispose()
    yield


@pytest.fixture(scope="session")
def snapshots(database_url: str, _schema: None,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snapshots]:
    """Seedings made once per run (the demo) and put back for each test that starts from one."""
    saved = Snapshots(tmp_path_factory.mktemp("snapshots"))
    yield saved
    engine = make_engine(database_url)
    saved.drop(engine)
    engine.dispose()


def _empty_all_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        if connection.dialect.name == "postgresql":
            # DELETE rather than TRUNCATE: a test leaves a few rows, and TRUNCATE gives every
            # table and index new files (0.1 s a test, the largest cost of a test there). Ids
            # start at 1 again, as TRUNCATE's RESTART IDENTITY made them: tests name rows by id
            # (/credentials/status/1), and every test sees the same numbers on both databases.
            connection.execute(text(
                "SELECT setval(format('%I.%I', schemaname, sequencename), 1, false) "
                "FROM pg_sequences WHERE schemaname = current_schema() "
                "AND last_value IS NOT NULL"))


def app_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    return {
        "LMS_ENV": "testing",
        "SECRET_KEY": TEST_SECRET_KEY,
        "LMS_DATABASE_URL": database_url,
        # A fast hash keeps the suite quick; a test checks the production default is scrypt.
        "LMS_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "LMS_BASE_URL": "http://kakehashi.test",
        **overrides,
    }


@pytest.fixture
def config_overrides() -> dict[str, Any]:
    """Override in a test module to change the app's settings."""
    return {}


class IsolatedClient(FlaskClient):
    """Each request gets an app context of its own (its own ``g`` and database session), as
    under a real server, even while the test holds one open for its own queries. Flask would
    otherwise reuse the test's context and carry ``g`` from one request to the next."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        # Read streamed bodies (CSV exports) now, while their contexts are still in place.
        kwargs.setdefault("buffered", True)
        # The request finds this new context on top and uses it rather than the test's; each
        # redirect followed comes back through open() and gets one of its own.
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context() and (outer := g.get("lms_session")) is not None:
            outer.expire_all()  # the request may have changed what the test loaded
        return response


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per run rather than once per test's new app (a fifth of a
    page test's time); keyed by the template's source, as Jinja's own caches are."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


def _new_app(database_url: str, config_overrides: dict[str, Any]) -> Flask:
    application = create_app(app_config(database_url, **config_overrides))
    application.test_client_class = IsolatedClient
    application.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    return application


def _shape(application: Flask) -> tuple[Any, ...]:
    """What a test may add to an app (a route, a hook, an extension, a template global, a
    sign-in or throttling setting) that a later test given the same app would inherit."""
    return (list(application.url_map.iter_rules()), dict(application.view_functions),
            *(_filled(hooks) for hooks in (
                application.before_request_funcs, application.after_request_funcs,
                application.teardown_request_funcs, application.teardown_appcontext_funcs,
                application.template_context_processors, application.error_handler_spec,
                application.url_value_preprocessors, application.url_default_functions)),
            dict(application.extensions), dict(application.blueprints),
            dict(application.jinja_env.globals), dict(application.jinja_env.filters),
            dict(vars(application.login_manager)),  # type: ignore[attr-defined]
            dict(vars(application.extensions["lms"].limiter)))


def _filled(hooks: Any) -> Any:
    """Flask's hooks are nested defaultdicts, which looking up a missing key fills; compare
    only what holds something."""
    if isinstance(hooks, dict):
        filled = {key: _filled(value) for key, value in hooks.items()}
        return {key: value for key, value in filled.items() if value}
    return list(hooks) if isinstance(hooks, list) else hooks


# An app with the default settings, as the previous test left it, with the settings and shape
# it was built with: building one takes 0.05-0.15 s (compiling its 850 URL rules), a large part
# of a short test.
_REUSABLE: dict[str, tuple[Flask, dict[str, Any], tuple[Any, ...]]] = {}


@pytest.fixture
def app(database_url: str, _schema: None, config_overrides: dict[str, Any]) -> Iterator[Flask]:
    """A new app for each test with its own settings; the tests with the default settings share
    one, given back to the next test as new: its settings restored, its sign-in and other
    counters at zero, its database empty and its connections closed. A test that changed its
    shape (added a route, a hook) leaves it, and the next test gets a new one."""
    reused = _REUSABLE.pop(database_url, None) if not config_overrides else None
    if reused is None:
        application = _new_app(database_url, config_overrides)
        settings, shape = copy.deepcopy(dict(application.config)), _shape(application)
    else:
        application, settings, shape = reused
    engine = application.extensions["lms"].engine
    try:
        yield application
    finally:
        _empty_all_tables(engine)
        engine.dispose()
        if not config_overrides and _shape(application) == shape:
            application.config.clear()
            application.config.update(copy.deepcopy(settings))  # sets and lists too, as they were
            application.extensions["lms"].limiter.storage.reset()
            # Flask refuses new routes and hooks once an app has served a request; a new app
            # has not, and a test may add them (which then retires this app, as above).
            application._got_first_request = False
            _REUSABLE[database_url] = (application, settings, shape)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    """The app's request-style session, inside an app context."""
    from lms.db import session

    with app.app_context():
        yield session


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    from lms.accounts.services import create_user
    from lms.db import session

    counter = iter(range(1, 1_000_000))

    def make(
        email: str | None = None,
        roles: tuple[Role, ...] = (),
        password: str = PASSWORD,
        display_name: str | None = None,
        **fields: Any,
    ) -> User:
        number = next(counter)
        with app.app_context():
            user = create_user(
                session,
                email or f"person{number}@example.org",
                display_name or f"Person {number}",
                password,
                roles,
                **fields,
            )
            session.commit()
            return user

    return make


CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                          r'type="hidden" name="csrf_token" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    return csrf_token_from(client.get(path).get_data(as_text=True))


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(client)},
    )


def post(client: FlaskClient, path: str, data: dict[str, Any] | None = None,
         token_from: str | None = None, **kwargs: Any) -> Any:
    """POST with a valid CSRF token taken from ``token_from`` (default: the home page)."""
    token = csrf_token(client, token_from or "/")
    return client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)


@pytest.fixture
def logged_in(client: FlaskClient, make_user: Callable[..., User]) -> Callable[..., User]:
    """Create a user with ``roles`` and sign the test client in as them."""

    def sign_in(*roles: Role, **fields: Any) -> User:
        user = make_user(roles=roles, **fields)
        response = login(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in


#: Queries a page of many trainees may make (issue 18), whatever their number: pages' tests
#: check it beside their count staying the same as the data grows.
PAGE_QUERIES = 12


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    engine = app.extensions["lms"].engine

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def before_cursor_execute(*args: Any) -> None:
            counter.statements.append(args[2])

        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return counting


def outbox(app: Flask) -> list[Any]:
    from sqlalchemy import select

    from lms.db import session
    from lms.mail import OutboxMessage

    with app.app_context():
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def link_in(body: str) -> str:
    match = re.search(r"https?://\S+", body)
    assert match, body
    return match.group(0)
