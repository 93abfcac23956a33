"""Where the throttling counts live: a warning when each worker counts apart, and counting per
process (not a 500 for everyone) while the shared store is unreachable."""

from __future__ import annotations

import logging
import socket
import threading

import pytest

from lms import create_app
from lms.extension import RATELIMIT_STORE_TIMEOUT_SECONDS
from tests.conftest import PASSWORD, app_config, csrf_token


def _closed_port() -> int:
    """A port nothing listens on: the system hands out a free one, which is then closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def config_overrides():
    return {"LMS_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{_closed_port()}/0",
            "LMS_VERIFY_LIMIT_PER_ADDRESS": "3 per minute"}


def _attempt(client, email: str, password: str):
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client)})


def test_unreachable_store_still_lets_people_sign_in(app, client, make_user, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: an error would be a 500
    user = make_user()
    with caplog.at_level(logging.WARNING):
        assert _attempt(client, user.email, PASSWORD).status_code == 302
    assert any("falling back to in-memory" in record.getMessage() for record in caplog.records)


def test_unreachable_store_still_throttles_per_process(app, client, make_user):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    user = make_user()
    for attempt in range(10):
        assert _attempt(client, user.email, f"wrong-{attempt}").status_code == 200
    assert _attempt(client, user.email, PASSWORD).status_code == 429


def test_unreachable_store_keeps_verification_working(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.get("/verify").status_code == 200
    statuses = [client.get("/verify/ABCDEFGHJKMNPQRSTVWX").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_a_store_that_never_answers_does_not_hold_sign_in(database_url, make_user):
    """A Redis that accepts the connection and then says nothing: without a socket timeout
    the sign-in would wait forever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    hanging = create_app(app_config(
        database_url, LMS_RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{listener.getsockname()[1]}/0"))
    hanging.config["PROPAGATE_EXCEPTIONS"] = False
    user = make_user()
    statuses: list[int] = []

    def sign_in() -> None:
        client = hanging.test_client()
        statuses.append(_attempt(client, user.email, PASSWORD).status_code)

    worker = threading.Thread(target=sign_in, daemon=True)
    try:
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive(), "sign-in is still waiting for the store"
        assert statuses == [302]
        # Not the client library's default (none in redis-py 5, 5 s in 8): Kakehashi's own.
        with hanging.app_context():
            options = hanging.extensions["lms"].limiter.storage.storage.connection_pool \
                .connection_kwargs
        assert options["socket_timeout"] == RATELIMIT_STORE_TIMEOUT_SECONDS
        assert options["socket_connect_timeout"] == RATELIMIT_STORE_TIMEOUT_SECONDS
    finally:
        listener.close()
        hanging.extensions["lms"].engine.dispose()


@pytest.mark.parametrize(("environment", "storage_uri", "warned"), [
    ("production", None, True),
    ("production", "memory://", True),
    ("production", "redis://127.0.0.1:6379/0", False),
    ("development", None, False),
    ("testing", None, False),
])
def test_counting_in_memory_in_production_is_warned_of_at_start(database_url, caplog,
                                                                environment, storage_uri,
                                                                warned):
    with caplog.at_level(logging.WARNING):
        app = create_app(app_config(database_url, LMS_ENV=environment,
                                    LMS_RATELIMIT_STORAGE_URI=storage_uri))
    app.extensions["lms"].engine.dispose()
    warnings = [record for record in caplog.records
                if "LMS_RATELIMIT_STORAGE_URI" in record.getMessage()]
    assert [record.levelno for record in warnings] == ([logging.WARNING] if warned else [])
