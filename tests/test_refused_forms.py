"""A refused form, as a screen reader meets it: its summary first in <main>, and every field it
is about saying so (aria-invalid) and pointing to the words (aria-describedby)."""

from __future__ import annotations

from tests.conftest import csrf_token
from tests.html_elements import by_id, first_in_main


def test_a_wrong_password_is_tied_to_both_fields_and_its_summary_comes_first(client, make_user):
    make_user(email="ayu@example.org")
    refused = client.post("/login", data={"email": "ayu@example.org", "password": "not it",
                                          "csrf_token": csrf_token(client)})
    page = refused.get_data(as_text=True)
    assert "The email address or password is not right." in page
    first = first_in_main(page)
    assert first.tag == "div" and "narrow" in first.classes
    assert page.index('class="error-summary"') < page.index("<h1>")
    for name in ("email", "password"):
        field = by_id(page, name)
        assert field.attrs.get("aria-invalid") == "true", name
        assert field.described_by() == ["form-problem-1"], name
    assert by_id(page, "form-problem-1").tag == "li"


def test_a_blank_field_is_described_by_its_own_error(client):
    refused = client.post("/login", data={"email": "", "password": "x",
                                          "csrf_token": csrf_token(client)})
    page = refused.get_data(as_text=True)
    email = by_id(page, "email")
    assert email.attrs.get("aria-invalid") == "true"
    assert email.described_by() == ["email-error"]
    assert by_id(page, "email-error").tag == "p"
    password = by_id(page, "password")
    assert "aria-invalid" not in password.attrs and "aria-describedby" not in password.attrs


def test_a_page_that_refused_nothing_has_no_summary_and_no_invalid_field(client):
    page = client.get("/login").get_data(as_text=True)
    assert "error-summary" not in page and "aria-invalid" not in page
    assert "data-announcer" in page and "lms/focus.js" in page
