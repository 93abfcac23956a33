from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Role, User
from tests.conftest import PASSWORD, csrf_token, link_in, login, outbox, post


def test_home_offers_strangers_sign_in_at_the_side(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'action="/login"' in response.get_data(as_text=True)


def test_sign_in_and_out(client, make_user):
    user = make_user(display_name="Ratna Dewi")
    response = login(client, user.email)
    assert response.status_code == 302 and response.location == "/"
    home = client.get("/").get_data(as_text=True)
    assert "Welcome, Ratna Dewi" in home
    response = post(client, "/logout")
    assert response.status_code == 302 and response.location == "/login"
    assert client.get("/settings").status_code == 302


def test_logout_is_post_only(client, logged_in):
    logged_in()
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("case", ["unknown", "wrong", "deactivated"])
def test_failed_sign_in_gives_one_answer(app, client, make_user, case):
    user = make_user(email="known@example.org")
    if case == "deactivated":
        with app.app_context():
            from lms.db import session

            session.get(User, user.id).is_active = False
            session.commit()
    email = "nobody-here@example.org" if case == "unknown" else user.email
    password = "wrong-password-entirely" if case == "wrong" else PASSWORD
    response = login(client, email, password)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The email address or password is not right." in page
    assert "deactivated" not in page.lower() and "no account" not in page.lower()


@pytest.mark.parametrize("target,expected", [
    ("/people", "/people"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
])
def test_sign_in_returns_only_to_local_pages(client, make_user, target, expected):
    user = make_user(roles=(Role.STAFF,))
    token = csrf_token(client)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token, "next": target})
    assert response.location == expected


def test_pages_that_need_sign_in_remember_where_you_were_going(client):
    response = client.get("/people?page=2")
    assert response.status_code == 302
    assert response.location == "/login?next=/people?page%3D2"


@pytest.mark.parametrize("path", ["/people", "/people/invite"])
def test_people_pages_are_for_staff(client, logged_in, path):
    logged_in(Role.COMMITTEE_MEMBER)
    assert client.get(path).status_code == 403


def test_staff_see_people_paginated_and_searchable(app, client, logged_in, make_user):
    logged_in(Role.STAFF)
    for number in range(app.config["LMS_PAGE_SIZE"] + 3):
        make_user(display_name=f"Trainee {number:03d}")
    first = client.get("/people").get_data(as_text=True)
    assert "Page 1 of 2" in first and 'rel="next"' in first
    found = client.get("/people?q=trainee 007").get_data(as_text=True)
    assert "Trainee 007" in found and "Trainee 008" not in found


def test_people_page_queries_do_not_grow_with_people(client, logged_in, make_user,
                                                     count_queries):
    logged_in(Role.STAFF)

    def queries_for_people_page() -> int:
        with count_queries() as counter:
            assert client.get("/people").status_code == 200
        return counter.count

    for _ in range(3):
        make_user()
    few = queries_for_people_page()
    for _ in range(40):
        make_user(roles=(Role.COMMITTEE_MEMBER,))
    assert queries_for_people_page() == few


def test_unknown_person_is_404(client, logged_in):
    logged_in(Role.STAFF)
    assert client.get("/people/999999").status_code == 404


def test_invite_then_set_password_then_sign_in(app, client, logged_in):
    logged_in(Role.STAFF)
    response = post(client, "/people/invite", {
        "email": "Bui.Thi.Lan@example.org", "display_name": "Lan", "country": "VN",
        "locale": "en"}, token_from="/people/invite")
    assert response.status_code == 302
    post(client, "/logout")
    link = link_in(outbox(app)[-1].body)
    path = link.removeprefix("http://kakehashi.test")
    page = client.get(path).get_data(as_text=True)
    assert "Welcome to Kakehashi" in page
    token = csrf_token(client, path)
    weak = client.post(path, data={"csrf_token": token, "password": "password",
                                   "confirm": "password"})
    assert "at least 12 characters" in weak.get_data(as_text=True)
    done = client.post(path, data={"csrf_token": token, "password": "misty-orchard-canoe-5",
                                   "confirm": "misty-orchard-canoe-5"})
    assert done.status_code == 302
    assert client.get(path).status_code == 404  # the link works once
    assert login(client, "bui.thi.lan@example.org", "misty-orchard-canoe-5").status_code == 302


def test_invite_shows_errors_beside_fields(client, logged_in, make_user):
    logged_in(Role.STAFF)
    existing = make_user()
    page = post(client, "/people/invite", {"email": "someone@example.org", "display_name": "",
                                           "locale": "en"},
                token_from="/people/invite").get_data(as_text=True)
    assert 'id="display_name-error"' in page and 'aria-invalid="true"' in page
    assert 'href="#display_name"' in page  # the summary at the top links to the field
    page = post(client, "/people/invite", {"email": existing.email, "display_name": "Again",
                                           "locale": "en"},
                token_from="/people/invite").get_data(as_text=True)
    assert 'id="email-error"' in page and "already has an account" in page


def test_forgot_password_answers_alike_for_known_and_unknown(app, client, make_user):
    user = make_user()
    answers = []
    for email in (user.email, "stranger@example.org"):
        response = post(client, "/password/forgot", {"email": email},
                        token_from="/password/forgot")
        answers.append((response.status_code, response.location))
        answers.append(client.get("/login").get_data(as_text=True).count("If an account"))
    assert answers[0] == answers[2] and answers[1] == answers[3]
    # Each address hears from us, a link for the account and a note for the stranger.
    assert [mail.to_address for mail in outbox(app)] == [user.email, "stranger@example.org"]


def test_too_many_reset_requests_for_one_address_are_throttled(app, client):
    """Each request may mail whatever address is typed in, so it is throttled as registering
    is."""
    for _ in range(10):
        response = post(client, "/password/forgot", {"email": "stranger@example.org"},
                        token_from="/password/forgot")
        assert response.status_code == 302
    assert post(client, "/password/forgot", {"email": "stranger@example.org"},
                token_from="/password/forgot").status_code == 429


def test_change_password_page(client, logged_in):
    logged_in()
    wrong = post(client, "/password", {"current_password": "nope-nope-nope",
                                       "new_password": "violet-canyon-drum-9",
                                       "confirm": "violet-canyon-drum-9"}, token_from="/password")
    assert "This is not your current password." in wrong.get_data(as_text=True)
    mismatch = post(client, "/password", {"current_password": PASSWORD,
                                          "new_password": "violet-canyon-drum-9",
                                          "confirm": "violet-canyon-drum-0"},
                    token_from="/password")
    assert "The passwords differ." in mismatch.get_data(as_text=True)
    done = post(client, "/password", {"current_password": PASSWORD,
                                      "new_password": "violet-canyon-drum-9",
                                      "confirm": "violet-canyon-drum-9"}, token_from="/password")
    assert done.status_code == 302
    assert client.get("/").status_code == 200  # this browser stays signed in


def test_settings_change_language_and_zone_but_never_roles(app, client, logged_in):
    user = logged_in()
    response = post(client, "/settings", {
        "display_name": "Nguyen", "country": "TH", "locale": "ja", "timezone": "Asia/Bangkok",
        "roles": "admin", "is_active": "n", "email": "hijack@example.org",
    }, token_from="/settings")
    assert response.status_code == 302
    with app.app_context():
        from lms.db import session

        saved = session.get(User, user.id)
        assert (saved.locale, saved.timezone, saved.country) == ("ja", "Asia/Bangkok", "TH")
        assert saved.roles == frozenset() and saved.is_active and saved.email == user.email
    assert '<html lang="ja">' in client.get("/").get_data(as_text=True)


def test_deactivate_from_the_person_page(app, client, logged_in, make_user):
    logged_in(Role.STAFF)
    person = make_user()
    response = post(client, f"/people/{person.id}/deactivate", token_from=f"/people/{person.id}")
    assert response.status_code == 302
    assert "deactivated" in client.get(f"/people/{person.id}").get_data(as_text=True)
    with app.app_context():
        from lms.db import session

        assert not session.get(User, person.id).is_active


def test_staff_cannot_change_roles_by_posting(app, client, logged_in, make_user):
    staff = logged_in(Role.STAFF)
    response = post(client, f"/people/{staff.id}/roles", {"roles": ["admin"]})
    assert response.status_code == 403
    with app.app_context():
        from lms.db import session

        assert session.get(User, staff.id).roles == {Role.STAFF}


def test_admin_changes_roles(app, client, logged_in, make_user):
    logged_in(Role.ADMIN)
    person = make_user()
    post(client, f"/people/{person.id}/roles", {"roles": ["committee_member"]})
    with app.app_context():
        from lms.db import session

        assert session.get(User, person.id).roles == {Role.COMMITTEE_MEMBER}
        from lms.audit import AuditEvent

        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "roles_changed"))


def test_language_choice_works_signed_out_and_is_kept_at_sign_in(client, make_user):
    user = make_user()
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ja",
                                   "next": "/login"})
    assert '<html lang="ja">' in client.get("/login").get_data(as_text=True)
    login(client, user.email)
    assert '<html lang="ja">' in client.get("/").get_data(as_text=True)


def test_browser_language_is_used_until_one_is_chosen(client):
    page = client.get("/login", headers={"Accept-Language": "ja,en;q=0.5"})
    assert '<html lang="ja">' in page.get_data(as_text=True)
    page = client.get("/login", headers={"Accept-Language": "th,en;q=0.5"})
    assert '<html lang="en">' in page.get_data(as_text=True)
