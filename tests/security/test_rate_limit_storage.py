"""Where the throttling counts live: a warning when each worker counts apart, and counting per
process (not a 500 for everyone) while the shared store is unreachable."""

from __future__ import annotations

import logging
import socket

import pytest

from lms import create_app
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
