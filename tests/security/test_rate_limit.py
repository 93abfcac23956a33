"""Sign-in attempts are throttled per account and per address."""

from __future__ import annotations

import socket
import uuid

import pytest

from tests.conftest import PASSWORD, csrf_token


def _attempt(client, email: str, password: str, address: str = "198.51.100.7"):
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_eleven_wrong_passwords_for_one_account_are_throttled(client, make_user):
    user = make_user()
    for attempt in range(10):
        assert _attempt(client, user.email, f"wrong-{attempt}").status_code == 200
    response = _attempt(client, user.email, "wrong-again")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    # Even the right password waits until the window has passed: that is what stops guessing.
    assert _attempt(client, user.email, PASSWORD).status_code == 429


def test_the_account_limit_holds_across_addresses(client, make_user):
    user = make_user()
    for attempt in range(10):
        _attempt(client, user.email, "wrong", address=f"203.0.113.{attempt}")
    assert _attempt(client, user.email, "wrong", address="203.0.113.99").status_code == 429


def test_the_address_limit_holds_across_accounts(app, client, make_user):
    app.config["LMS_LOGIN_LIMIT_PER_ADDRESS"] = "5 per 15 minutes"
    for attempt in range(5):
        _attempt(client, f"guess{attempt}@example.org", "wrong")
    assert _attempt(client, "guess-more@example.org", "wrong").status_code == 429
    assert _attempt(client, "guess-more@example.org", "wrong",
                    address="192.0.2.200").status_code == 200


def test_successful_sign_ins_do_not_use_up_the_allowance(app, client, make_user):
    user = make_user()
    for _ in range(12):
        assert _attempt(client, user.email, PASSWORD).status_code == 302
        client.get_cookie("kakehashi_session") and client.delete_cookie("kakehashi_session")
    assert _attempt(client, user.email, PASSWORD).status_code == 302


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def config_overrides_for_redis(database_url: str) -> dict[str, str]:
    # The counters are keyed by a unique email per run; the per-address counters are not, so the
    # SQLite and PostgreSQL passes, which `make test` runs at once, count in Redis databases of
    # their own.
    number = 14 if database_url.startswith("postgresql") else 15
    return {"LMS_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{number}"}


@pytest.fixture
def config_overrides(request, database_url):
    return (config_overrides_for_redis(database_url) if request.node.name.startswith("test_redis")
            else {})


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_redis_storage_is_shared_by_workers(app, client, make_user, database_url):
    from limits.storage import RedisStorage

    from lms import create_app
    from tests.conftest import app_config

    assert isinstance(app.extensions["lms"].limiter.storage, RedisStorage)
    user = make_user(email=f"redis-{uuid.uuid4().hex}@example.org")
    for attempt in range(10):
        _attempt(client, user.email, "wrong", address=f"192.0.2.{attempt + 1}")
    # Another worker (here: a second app on the same Redis) sees the same count.
    other_worker = create_app(app_config(database_url, **config_overrides_for_redis(database_url)))
    try:
        assert _attempt(other_worker.test_client(), user.email, "wrong").status_code == 429
    finally:
        other_worker.extensions["lms"].engine.dispose()
