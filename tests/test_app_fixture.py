"""The app that tests with the default settings share comes to each of them as new: what one
test changed is gone in the next (these tests run in this order)."""

from __future__ import annotations

from tests.conftest import login

_EARLIER: dict[str, object] = {}


def test_a_test_changes_its_settings_and_uses_up_sign_ins(app, client):
    _EARLIER["app"] = app
    app.config["LMS_PAGE_SIZE"] = 3
    app.config["WTF_CSRF_METHODS"].add("GET")
    for _attempt in range(10):
        assert login(client, "guess@example.org", "wrong").status_code == 200
    assert login(client, "guess@example.org", "wrong").status_code == 429


def test_the_next_test_gets_the_settings_and_counters_as_new(app, client):
    assert app is _EARLIER.get("app", app)
    assert app.config["LMS_PAGE_SIZE"] != 3 and "GET" not in app.config["WTF_CSRF_METHODS"]
    assert login(client, "guess@example.org", "wrong").status_code == 200


def test_a_test_adds_a_route(app):
    _EARLIER["extended"] = app
    app.add_url_rule("/added", "added", lambda: "added")


def test_an_app_given_a_route_is_not_given_to_the_next_test(app, client):
    assert app is not _EARLIER.get("extended")
    assert client.get("/added").status_code == 404
