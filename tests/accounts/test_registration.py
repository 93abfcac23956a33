"""Registering oneself: an account that signs in only once its address is confirmed by mail,
and a registration form that never tells a visitor whether an address has an account."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from sqlalchemy import func, select

from lms import clock
from lms.accounts import passwords, registration, services, sessions, tokens
from lms.accounts.models import AccountToken, TokenPurpose, User
from lms.audit import ACTION_LABELS, AuditEvent
from lms.errors import ServiceError
from lms.mail import OutboxMessage
from tests.conftest import PASSWORD, csrf_token, link_in, login, outbox, post

NEW_PASSWORD = "amber-river-kite-73"
CLIENT = sessions.Client(address="192.0.2.1", user_agent="pytest")
CALL_PAGE = "/calls/7"
CONFIRM_FIRST = "Confirm your email address first: we sent you a link."
WRONG_LOGIN = "The email address or password is not right."


def registration_form(**changes):
    return {
        "display_name": "Nguyen Thi Mai",
        "email": "Mai.Nguyen@Example.org",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "country": "VN",
        "locale": "en",
        "timezone": "Asia/Ho_Chi_Minh",
        **changes,
    }


def register(client, **changes):
    return post(client, "/register", registration_form(**changes), token_from="/register")


def confirmation_path(app) -> str:
    link = urlsplit(link_in(outbox(app)[-1].body))
    return f"{link.path}?{link.query}" if link.query else link.path


def raw_token(path: str) -> str:
    return path.split("/confirm/")[1].split("?")[0]


def counts(db) -> tuple[int, int, int, int]:
    """Everything a registration could write."""
    return tuple(db.scalar(select(func.count()).select_from(model))
                 for model in (User, AccountToken, OutboxMessage, AuditEvent))


def without_csrf(page: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"|value="[^"]*"[^>]*name="csrf_token"',
                  "", page)


def confirm(client, path: str):
    return client.post(path, data={"csrf_token": csrf_token(client, path)})


# The whole way ---------------------------------------------------------------------------------


def test_register_confirm_by_mail_and_arrive_signed_in_where_you_came_from(app, client, db):
    form_page = client.get(f"/register?next={CALL_PAGE}").get_data(as_text=True)
    assert f'name="next" type="hidden" value="{CALL_PAGE}"' in form_page
    response = post(client, "/register", registration_form(next=CALL_PAGE), token_from="/register")
    assert response.status_code == 302
    assert response.location == f"/register/sent?next={CALL_PAGE}"
    sent = client.get(response.location).get_data(as_text=True)
    assert "Check your email" in sent and "48 hours" in sent

    user = db.scalar(select(User).where(User.email == "mai.nguyen@example.org"))
    assert user.display_name == "Nguyen Thi Mai" and user.country == "VN"
    assert user.timezone == "Asia/Ho_Chi_Minh" and user.locale == "en"
    assert user.roles == frozenset() and user.email_confirmed_at is None
    [mail] = outbox(app)
    assert mail.to_address == "mai.nguyen@example.org"
    assert mail.subject == "Confirm your email address for Kakehashi"
    assert "expires in 48 hours" in mail.body
    path = confirmation_path(app)
    assert path.startswith("/confirm/") and path.endswith(f"?next={CALL_PAGE}")

    # Not confirmed: the right password is told to confirm first; a wrong one learns nothing.
    refused = login(client, "mai.nguyen@example.org", NEW_PASSWORD)
    assert refused.status_code == 200
    page = refused.get_data(as_text=True)
    assert CONFIRM_FIRST in page and "Send the link again" in page and WRONG_LOGIN not in page
    assert client.get("/settings").status_code == 302
    wrong = login(client, "mai.nguyen@example.org", "not-the-password-at-all").get_data(
        as_text=True)
    assert WRONG_LOGIN in wrong and CONFIRM_FIRST not in wrong and "Send the link" not in wrong

    # Opening the link only shows a button, so a mail scanner following links changes nothing.
    opened = client.get(path)
    assert opened.status_code == 200
    assert "mai.nguyen@example.org" in opened.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, user.id).email_confirmed_at is None

    confirmed = confirm(client, path)
    assert confirmed.status_code == 302 and confirmed.location == CALL_PAGE
    home = client.get("/")
    assert home.status_code == 200 and "Welcome, Nguyen Thi Mai" in home.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, user.id).email_confirmed_at is not None
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(user.id))
                         .order_by(AuditEvent.id)).all()
    assert actions == ["user_registered", "login_unconfirmed", "login_failed", "email_confirmed"]

    # The link works once, signed in or not; the password works from now on.
    assert client.get(path).status_code == 404
    post(client, "/logout")
    again = client.get(path)
    assert again.status_code == 404 and "Send a new link" in again.get_data(as_text=True)
    assert login(client, "mai.nguyen@example.org", NEW_PASSWORD).status_code == 302


def test_a_used_link_cannot_be_posted_again(app, client, db):
    register(client)
    path = confirmation_path(app)
    token = csrf_token(client, path)
    assert client.post(path, data={"csrf_token": token}).status_code == 302
    post(client, "/logout")
    second = client.post(path, data={"csrf_token": csrf_token(client, "/login")})
    assert second.status_code == 404
    assert client.get("/settings").status_code == 302
    assert db.scalar(select(func.count()).select_from(AuditEvent)
                     .where(AuditEvent.action == "email_confirmed")) == 1


def test_the_service_uses_a_confirmation_link_once(app, db, client):
    register(client)
    raw = raw_token(confirmation_path(app))
    user = registration.confirm_email(db, raw, CLIENT)
    db.commit()
    assert user.email_confirmed_at is not None
    with pytest.raises(ServiceError):
        registration.confirm_email(db, raw, CLIENT)


def test_an_expired_link_is_refused_with_a_way_to_a_new_one(app, client, db):
    register(client, next=CALL_PAGE)
    path = confirmation_path(app)
    expiry = clock.utcnow() + dt.timedelta(hours=app.config["LMS_EMAIL_CONFIRMATION_HOURS"])
    with time_machine.travel(expiry - dt.timedelta(minutes=1), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(expiry + dt.timedelta(seconds=1), tick=False):
        token = csrf_token(client, "/login")
        expired = client.get(path)
        assert expired.status_code == 404
        page = expired.get_data(as_text=True)
        assert "This link no longer works" in page
        assert 'action="/confirm/resend"' in page
        assert f'name="next" type="hidden" value="{CALL_PAGE}"' in page
        assert client.post(path, data={"csrf_token": token}).status_code == 404
        with pytest.raises(ServiceError):
            registration.confirm_email(db, raw_token(path), CLIENT)
        # A new link from that page works, and still leads back to the call.
        response = client.post("/confirm/resend", data={"csrf_token": token,
                                                        "email": "mai.nguyen@example.org",
                                                        "next": CALL_PAGE})
        assert response.status_code == 302
        fresh = confirmation_path(app)
        assert fresh != path
        assert confirm(client, fresh).location == CALL_PAGE
    assert db.scalar(select(User.email_confirmed_at)) is not None


# Nothing tells a visitor who has an account ---------------------------------------------------


def test_registering_a_taken_address_looks_the_same_and_mails_the_owner(app, client, db,
                                                                         make_user):
    owner = make_user(email="ratna@example.org", display_name="Ratna Dewi")
    before = db.get(User, owner.id).password_hash

    def register_and_follow(email: str):
        response = register(client, email=email, display_name="Someone Else")
        page = client.get(response.location).get_data(as_text=True)
        return response.status_code, response.location, without_csrf(page)

    taken = register_and_follow("Ratna@Example.org")
    fresh = register_and_follow("brand.new@example.org")
    assert taken == fresh

    owner_now = db.get(User, owner.id)
    assert owner_now.display_name == "Ratna Dewi" and owner_now.password_hash == before
    assert db.scalar(select(func.count()).select_from(User)) == 2
    assert db.scalar(select(func.count()).select_from(AccountToken)
                     .where(AccountToken.user_id == owner.id)) == 0
    notice, confirmation = outbox(app)
    assert notice.to_address == "ratna@example.org"
    assert notice.subject == "You already have a Kakehashi account"
    assert "Someone tried to create a Kakehashi account" in notice.body
    assert re.search(r"^http://\S+/login$", notice.body, re.MULTILINE)
    assert re.search(r"^http://\S+/password/forgot$", notice.body, re.MULTILINE)
    assert "/confirm/" not in notice.body
    assert confirmation.to_address == "brand.new@example.org"
    # The owner's password still works; the stranger's never does.
    assert login(client, "ratna@example.org", PASSWORD).status_code == 302
    post(client, "/logout")
    assert WRONG_LOGIN in login(client, "ratna@example.org", NEW_PASSWORD).get_data(as_text=True)


def test_notes_to_an_owner_are_capped_per_hour(app, db, make_user):
    owner = make_user(email="often@example.org")
    for _ in range(registration.MAX_REGISTRATION_MAILS_PER_HOUR + 2):
        assert registration.register(db, owner.email, "X", NEW_PASSWORD, "TH", "en", "UTC",
                                 CLIENT) is None
    db.commit()
    cap = registration.MAX_REGISTRATION_MAILS_PER_HOUR
    assert len(outbox(app)) == cap
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "registration_attempted")) == cap + 2
    # An hour later the owner can be told again.
    with time_machine.travel(clock.utcnow() + dt.timedelta(minutes=61), tick=False):
        registration.register(db, owner.email, "X", NEW_PASSWORD, "TH", "en", "UTC", CLIENT)
        db.commit()
    assert len(outbox(app)) == cap + 1


def test_an_invited_address_gets_the_note_not_a_password(app, db, make_user):
    from lms.accounts.models import Role

    staff = db.merge(make_user(roles=(Role.STAFF,)))
    invited = services.invite_user(db, staff, "invited@example.org", "Invited One", "PH", "en")
    db.commit()
    assert registration.register(db, "invited@example.org", "Invited One", NEW_PASSWORD, "PH", "en",
                             "Asia/Manila", CLIENT) is None
    db.commit()
    assert db.get(User, invited.id).password_hash is None
    assert outbox(app)[-1].subject == "You already have a Kakehashi account"


def test_a_deactivated_address_gets_no_mail(app, db, make_user):
    user = db.merge(make_user(email="gone@example.org"))
    user.is_active = False
    db.commit()
    assert registration.register(db, "gone@example.org", "Gone", NEW_PASSWORD, "JP", "en", "UTC",
                             CLIENT) is None
    db.commit()
    assert outbox(app) == []


def test_registering_again_before_confirming_resends_with_the_new_details(app, client, db):
    register(client, password="first-lantern-orchard-1", confirm="first-lantern-orchard-1")
    first = confirmation_path(app)
    register(client, display_name="Mai N.", country="LA")
    second = confirmation_path(app)
    assert first != second and len(outbox(app)) == 2
    user = db.scalar(select(User))
    assert user.display_name == "Mai N." and user.country == "LA"
    assert db.scalar(select(func.count()).select_from(User)) == 1
    # Only the newest link works, and with the newest password: whoever typed the address in
    # before the owner registered does not keep a way in.
    assert client.get(first).status_code == 404
    assert confirm(client, second).status_code == 302
    post(client, "/logout")
    assert WRONG_LOGIN in login(client, user.email, "first-lantern-orchard-1").get_data(
        as_text=True)
    assert login(client, user.email, NEW_PASSWORD).status_code == 302


def test_a_password_reset_also_confirms_the_address(app, client, db):
    register(client, password="strangers-lantern-orchard-1",
             confirm="strangers-lantern-orchard-1")
    confirmation = confirmation_path(app)
    passwords.request_password_reset(db, "mai.nguyen@example.org", CLIENT)
    db.commit()
    reset_raw = link_in(outbox(app)[-1].body).split("/password/set/")[1]
    passwords.set_password_with_token(db, reset_raw, NEW_PASSWORD, CLIENT)
    db.commit()
    assert db.scalar(select(User.email_confirmed_at)) is not None
    assert login(client, "mai.nguyen@example.org", NEW_PASSWORD).status_code == 302
    post(client, "/logout")
    # The confirmation link has nothing left to do.
    assert client.get(confirmation).status_code == 404


# Resending -------------------------------------------------------------------------------------


def test_resend_from_the_login_page_and_silence_for_everyone_else(app, client, db, make_user):
    register(client)
    confirmed = make_user(email="confirmed@example.org")
    refused = login(client, "mai.nguyen@example.org", NEW_PASSWORD).get_data(as_text=True)
    assert 'action="/confirm/resend"' in refused
    assert 'name="email" value="mai.nguyen@example.org"' in refused
    answers = []
    for email in ("mai.nguyen@example.org", confirmed.email, "nobody@example.org"):
        response = post(client, "/confirm/resend", {"email": email}, token_from="/confirm/resend")
        answers.append((response.status_code, response.location))
    assert answers == [(302, "/login")] * 3
    assert [mail.to_address for mail in outbox(app)] == ["mai.nguyen@example.org"] * 2
    first, second = (link_in(mail.body) for mail in outbox(app))
    assert first != second


def test_resent_links_are_capped_per_hour(app, client, db):
    register(client)
    for _ in range(registration.MAX_REGISTRATION_MAILS_PER_HOUR + 2):
        registration.resend_confirmation(db, "MAI.NGUYEN@example.org")
    db.commit()
    assert len(outbox(app)) == registration.MAX_REGISTRATION_MAILS_PER_HOUR


# Each link does only its own thing ------------------------------------------------------------


def test_invitation_and_reset_links_cannot_confirm(app, client, db, make_user):
    from lms.accounts.models import Role

    staff = db.merge(make_user(roles=(Role.STAFF,)))
    services.invite_user(db, staff, "invitee@example.org", "Invitee", "KH", "en")
    passwords.request_password_reset(db, staff.email, CLIENT)
    db.commit()
    for mail in outbox(app):
        raw = link_in(mail.body).split("/password/set/")[1]
        assert client.get(f"/confirm/{raw}").status_code == 404
        with pytest.raises(ServiceError):
            registration.confirm_email(db, raw, CLIENT)
        db.rollback()
        assert tokens.valid_token(db, raw) is not None  # untouched, still usable


def test_a_confirmation_link_cannot_set_a_password(app, client, db):
    register(client)
    raw = raw_token(confirmation_path(app))
    assert client.get(f"/password/set/{raw}").status_code == 404
    assert tokens.valid_token(db, raw) is None
    with pytest.raises(ServiceError):
        passwords.set_password_with_token(db, raw, "taken-over-lantern-9", CLIENT)
    db.rollback()
    assert registration.confirmation_token(db, raw) is not None  # still confirms


# The form -------------------------------------------------------------------------------------


@pytest.mark.parametrize("changes,field,message", [
    ({"password": "password", "confirm": "password"}, "password", "at least 12 characters"),
    ({"password": "passwordpassword", "confirm": "passwordpassword"}, "password",
     "too common or too easy to guess"),
    ({"confirm": "another-river-kite-74"}, "confirm", "The passwords differ."),
    ({"email": "not-an-address"}, "email", "Invalid email address."),
    ({"display_name": ""}, "display_name", "This field is required."),
    ({"country": ""}, "country", "This field is required."),
    ({"timezone": "Mars/Olympus"}, "timezone", "Not a valid choice"),
])
def test_errors_stand_beside_their_fields_and_nothing_is_written(client, db, changes, field,
                                                                 message):
    before = counts(db)
    response = register(client, **changes)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error-message" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1), page
    assert f'href="#{field}"' in page
    assert NEW_PASSWORD not in page  # passwords are never sent back
    assert counts(db) == before


def test_without_a_csrf_token_nothing_is_written(client, db):
    before = counts(db)
    response = client.post("/register", data=registration_form())
    assert response.status_code == 400
    assert counts(db) == before


def test_the_service_checks_what_the_form_checks(db):
    good = dict(email="a@example.org", display_name="A", password=NEW_PASSWORD, country="IN",
                locale="en", timezone="Asia/Kolkata", client=CLIENT)
    for changes, field in [({"email": "no-at-sign"}, "email"), ({"display_name": " "},
                           "display_name"), ({"country": "XX"}, "country"),
                           ({"country": None}, "country"), ({"locale": "fr"}, "locale"),
                           ({"timezone": "Nowhere/City"}, "timezone"),
                           ({"password": "short"}, "password")]:
        with pytest.raises(ServiceError) as refused:
            registration.register(db, **{**good, **changes})
        assert refused.value.field == field
    db.rollback()
    assert db.scalar(select(func.count()).select_from(User)) == 0


def test_an_unsafe_next_is_dropped(app, client):
    register(client, next="https://evil.example/")
    path = confirmation_path(app)
    assert "next" not in path and "evil" not in outbox(app)[-1].body
    assert confirm(client, path).location == "/"


def test_the_form_offers_countries_languages_and_zones(client):
    page = client.get("/register").get_data(as_text=True)
    assert '<option value="VN">Vietnam</option>' in page
    assert '<option lang="en" selected value="en">English</option>' in page
    assert '<option selected value="Asia/Tokyo">Asia/Tokyo</option>' in page
    assert 'autocomplete="new-password"' in page


def test_signed_in_people_are_sent_home(client, logged_in):
    logged_in()
    response = client.get("/register")
    assert response.status_code == 302 and response.location == "/"


def test_the_login_page_links_to_registration_keeping_next(client):
    page = client.get(f"/login?next={CALL_PAGE}").get_data(as_text=True)
    assert "Create an account" in page
    assert f'href="/register?next={CALL_PAGE}"' in page


def test_too_many_registrations_for_one_address_are_throttled(app, client):
    for number in range(10):
        response = register(client, display_name=f"Try {number}")
        assert response.status_code == 302
    assert register(client).status_code == 429


def test_every_new_action_has_a_label():
    for action in ("user_registered", "registration_renewed", "registration_attempted",
                   "email_confirmation_resent", "email_confirmed", "login_unconfirmed"):
        assert action in ACTION_LABELS


def test_staff_see_who_has_not_confirmed(app, client, db, logged_in):
    register(client)
    from lms.accounts.models import Role

    logged_in(Role.STAFF)
    assert "Email not confirmed" in client.get("/people").get_data(as_text=True)


def test_registered_accounts_get_an_email_confirmation_token(app, client, db):
    register(client)
    token = db.scalar(select(AccountToken))
    assert token.purpose == TokenPurpose.EMAIL_CONFIRMATION
    assert token.expires_at - token.created_at == dt.timedelta(hours=48)


def test_confirming_while_someone_else_is_signed_in_ends_their_session(app, client, db,
                                                                        logged_in):
    from lms.accounts.models import LoginSession

    register(client)
    path = confirmation_path(app)
    other = logged_in()
    assert client.get(path).status_code == 200
    assert confirm(client, path).status_code == 302
    assert "Welcome, Nguyen Thi Mai" in client.get("/").get_data(as_text=True)
    [ended] = db.scalars(select(LoginSession).where(LoginSession.user_id == other.id)).all()
    assert ended.ended_at is not None
