"""Whether an address has an account must not show in how long the answer takes.

Tests never time anything: a spy on the password hash functions counts the hashing each path
does, which is what takes the time, and the method it does it with. The fixtures' hash method
is cheap, so one test runs with the real default to show the method is the configured one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lms import security
from lms.accounts import sessions
from lms.accounts.models import User
from tests.conftest import login, outbox, post

WRONG_LOGIN = "The email address or password is not right."
STRANGER = "nobody@example.org"


@pytest.fixture
def hashing(monkeypatch) -> list[tuple[str, str]]:
    """Every password hash checked or made from now on, as ("check" | "make", method)."""
    calls: list[tuple[str, str]] = []
    check, make = security.check_password_hash, security.generate_password_hash

    def checking(password_hash: str, password: str) -> bool:
        calls.append(("check", _method(password_hash)))
        return check(password_hash, password)

    def making(password: str, method: str, **options) -> str:  # type: ignore[no-untyped-def]
        calls.append(("make", method))
        return make(password, method=method, **options)

    monkeypatch.setattr(security, "check_password_hash", checking)
    monkeypatch.setattr(security, "generate_password_hash", making)
    return calls


def _method(password_hash: str) -> str:
    return password_hash.split("$", 1)[0]


@pytest.mark.parametrize("method", ["pbkdf2:sha256:1000", "scrypt"])
def test_an_unknown_address_costs_the_same_one_check_as_a_wrong_password(
    app, client, db, make_user, hashing, method
):
    # "scrypt" is the real default: a stand-in made with a fixed cheap method would pass with
    # the fixtures' cheap method, but not with this one.
    app.config["LMS_PASSWORD_HASH_METHOD"] = method
    user = make_user()
    real_method = _method(db.get(User, user.id).password_hash)
    assert real_method.split(":")[0] == method.split(":")[0]
    login(client, "first@example.org", "anything-at-all")  # the stand-in is made on first use
    answers = {}
    for email in (user.email, STRANGER):
        hashing.clear()
        response = login(client, email, "not-the-password-at-all")
        answers[email] = (response.status_code, WRONG_LOGIN in response.get_data(as_text=True),
                          list(hashing))
    assert answers[user.email] == answers[STRANGER] == (200, True, [("check", real_method)])


def test_the_stand_in_is_made_on_first_use_once_per_method(app, db, hashing):
    security._stand_in_hash.cache_clear()
    for method in ("pbkdf2:sha256:1000", "pbkdf2:sha256:1000", "pbkdf2:sha256:2000"):
        app.config["LMS_PASSWORD_HASH_METHOD"] = method
        sessions.authenticate(db, STRANGER, "anything-at-all", sessions.Client())
    assert [call for call in hashing if call[0] == "make"] == [
        ("make", "pbkdf2:sha256:1000"), ("make", "pbkdf2:sha256:2000")]


def test_importing_kakehashi_makes_no_hash():
    refuse_hashing = (
        "import werkzeug.security as hashing\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('a password hash was made at import time')\n"
        "hashing.generate_password_hash = hashing.check_password_hash = refuse\n"
        "import lms, lms.security, lms.accounts.services, lms.accounts.views\n"
    )
    subprocess.run([sys.executable, "-c", refuse_hashing], check=True,
                   cwd=Path(__file__).resolve().parents[2])


def test_a_reset_for_an_unknown_address_does_the_same_work_as_for_an_account(
    app, client, make_user, hashing
):
    """A reset request checks no password on either path; what took the time was the link and
    its mail, so the unknown address gets a mail through the outbox as well."""
    user = make_user()
    answers = {}
    for email in (user.email, STRANGER):
        hashing.clear()
        mails_before = len(outbox(app))
        response = post(client, "/password/forgot", {"email": email},
                        token_from="/password/forgot")
        answers[email] = (response.status_code, response.location, list(hashing),
                          len(outbox(app)) - mails_before)
    assert answers[user.email] == answers[STRANGER] == (302, "/login", [], 1)


def test_registering_an_address_with_an_account_does_the_same_work_as_a_new_one(
    app, client, db, make_user, hashing
):
    method = app.config["LMS_PASSWORD_HASH_METHOD"]
    make_user(email="established@example.org")
    answers = []
    # A new address, then the same one still awaiting confirmation, then an account in use.
    for email in ("new@example.org", "new@example.org", "established@example.org"):
        hashing.clear()
        mails_before = len(outbox(app))
        response = post(client, "/register", {
            "display_name": "Nguyen Thi Mai", "email": email,
            "password": "amber-river-kite-73", "confirm": "amber-river-kite-73",
            "country": "VN", "locale": "en", "timezone": "Asia/Ho_Chi_Minh",
        }, token_from="/register")
        answers.append((response.status_code, response.location, list(hashing),
                        len(outbox(app)) - mails_before))
    assert answers == [(302, "/register/sent", [("make", method)], 1)] * 3
