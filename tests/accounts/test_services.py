from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from lms import clock
from lms.accounts import passwords, queries, services, sessions, tokens
from lms.accounts.models import AccountToken, LoginSession, Role, TokenPurpose, User
from lms.audit import AuditEvent
from lms.errors import NotAllowed, PolicyError, ServiceError
from tests.conftest import PASSWORD, outbox

CLIENT = sessions.Client(address="192.0.2.10", user_agent="pytest")


def events(db, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_email_is_case_folded_so_one_address_is_one_account(db, make_user):
    make_user(email="Amihan.Reyes@Example.ORG")
    assert queries.user_by_email(db, "  amihan.reyes@example.org ") is not None
    with pytest.raises(ServiceError):
        services.create_user(db, "AMIHAN.REYES@example.org", "Another", PASSWORD)


def test_authenticate_accepts_the_right_password_and_records_the_login(db, make_user):
    user = make_user()
    found = sessions.authenticate(db, user.email.upper(), PASSWORD, CLIENT)
    assert found is not None and found.id == user.id
    assert found.last_login_at is not None
    [event] = events(db, "login")
    assert event.actor_id == user.id and event.address == "192.0.2.10"


@pytest.mark.parametrize("case", ["unknown", "wrong password", "deactivated"])
def test_failed_sign_ins_look_alike_and_are_recorded(db, make_user, case):
    user = make_user()
    if case == "deactivated":
        db.get(User, user.id).is_active = False
        db.flush()
    email = "nobody@example.org" if case == "unknown" else user.email
    password = "not-the-password-at-all" if case == "wrong password" else PASSWORD
    assert sessions.authenticate(db, email, password, CLIENT) is None
    [event] = events(db, "login_failed")
    assert event.actor_id is None
    assert event.after == {"email": email}


def test_a_login_session_ends_on_the_server(app, db, make_user):
    user = make_user()
    key = sessions.start_login_session(db, user, CLIENT)
    db.commit()
    assert sessions.load_user_for_session_key(key).id == user.id
    sessions.end_login_session(db, user, CLIENT)
    db.commit()
    assert sessions.load_user_for_session_key(key) is None
    assert sessions.load_user_for_session_key("lms:not-a-key") is None
    assert sessions.load_user_for_session_key(str(user.id)) is None


def test_the_signed_in_user_comes_with_her_roles_and_can_be_changed_like_any_loaded_user(
        db, make_user):
    user = make_user(roles=(Role.STAFF, Role.COMMITTEE_MEMBER))
    key = sessions.start_login_session(db, user, CLIENT)
    db.commit()
    db.expunge_all()  # a new request's session, which holds nobody yet
    loaded = sessions.load_user_for_session_key(key)
    assert loaded.roles == {Role.STAFF, Role.COMMITTEE_MEMBER} and loaded.has_role(Role.STAFF)
    assert loaded in db and not db.dirty and loaded.created_at.tzinfo is not None
    assert db.get(User, user.id) is loaded  # the one user of the session, not a copy
    loaded.display_name = "Renamed"
    db.commit()
    db.expunge_all()
    assert db.get(User, user.id).display_name == "Renamed"
    assert db.get(User, user.id).roles == {Role.STAFF, Role.COMMITTEE_MEMBER}


def test_loading_the_signed_in_user_keeps_the_one_her_request_already_changed(db, make_user):
    user = make_user()
    key = sessions.start_login_session(db, user, CLIENT)
    db.commit()
    user.display_name = "Not yet saved"
    assert sessions.load_user_for_session_key(key) is user
    assert user.display_name == "Not yet saved"


def test_deactivation_ends_every_session_at_once(db, make_user):
    staff = make_user(roles=(Role.STAFF,))
    user = make_user()
    keys = [sessions.start_login_session(db, user, CLIENT) for _ in range(3)]
    db.commit()
    services.deactivate_user(db, db.get(User, staff.id), db.get(User, user.id))
    db.commit()
    assert all(sessions.load_user_for_session_key(key) is None for key in keys)
    [event] = events(db, "user_deactivated")
    assert event.actor_id == staff.id
    assert event.before == {"is_active": True} and event.after == {"is_active": False}


def test_deactivation_rules(db, make_user):
    staff = db.merge(make_user(roles=(Role.STAFF,)))
    other_staff = db.merge(make_user(roles=(Role.STAFF,)))
    admin = db.merge(make_user(roles=(Role.ADMIN,)))
    plain = db.merge(make_user())
    with pytest.raises(NotAllowed):
        services.deactivate_user(db, staff, staff)
    with pytest.raises(NotAllowed):
        services.deactivate_user(db, staff, other_staff)
    with pytest.raises(NotAllowed):
        services.deactivate_user(db, plain, staff)
    services.deactivate_user(db, admin, other_staff)
    assert not other_staff.is_active
    services.reactivate_user(db, admin, other_staff)
    assert other_staff.is_active


@pytest.mark.parametrize(
    "password",
    ["short-pass1", "password1234", "qwertyuiopasdf", "123456789012", "aaaaaaaaaaaaaaaa"],
)
def test_weak_passwords_are_refused(db, password):
    with pytest.raises(PolicyError) as refused:
        services.create_user(db, "weak@example.org", "Weak", password)
    assert refused.value.messages


def test_a_password_made_of_ones_own_name_is_refused(db):
    with pytest.raises(PolicyError):
        services.create_user(db, "nilanthi.perera@example.org", "Nilanthi Perera",
                             "NilanthiPerera")


def test_passwords_are_hashed_with_scrypt_by_default(app):
    assert app.config["LMS_PASSWORD_HASH_METHOD"] != "scrypt"  # tests use a fast hash...
    from lms.extension import DEFAULTS

    assert DEFAULTS["LMS_PASSWORD_HASH_METHOD"] == "scrypt"  # ...production does not
    from lms.security import hash_password

    assert hash_password(PASSWORD, "scrypt").startswith("scrypt:")


def test_a_hash_from_a_weaker_method_is_upgraded_at_sign_in(db, make_user):
    user = db.merge(make_user())
    from lms.security import hash_password

    user.password_hash = hash_password(PASSWORD, "pbkdf2:sha1:1000")
    db.flush()
    sessions.authenticate(db, user.email, PASSWORD, CLIENT)
    assert user.password_hash.startswith("pbkdf2:sha256")


def test_change_password_needs_the_current_one_and_ends_other_sessions(db, make_user):
    user = db.merge(make_user())
    other_device = sessions.start_login_session(db, user, CLIENT)
    with pytest.raises(ServiceError) as refused:
        passwords.change_password(db, user, "wrong-current-password", "fresh-meadow-kettle-88",
                                 CLIENT)
    assert refused.value.field == "current_password"
    new_key = passwords.change_password(db, user, PASSWORD, "fresh-meadow-kettle-88", CLIENT)
    db.commit()
    assert sessions.load_user_for_session_key(other_device) is None
    assert sessions.load_user_for_session_key(new_key).id == user.id
    assert sessions.authenticate(db, user.email, "fresh-meadow-kettle-88", CLIENT)
    assert events(db, "password_changed")


def test_change_password_applies_the_policy(db, make_user):
    user = db.merge(make_user())
    with pytest.raises(PolicyError) as refused:
        passwords.change_password(db, user, PASSWORD, "password", CLIENT)
    assert refused.value.field == "new_password"


def _raw_token_from_mail(app) -> str:
    body = outbox(app)[-1].body
    return body.split("/password/set/")[1].split()[0]


def test_password_reset_link_works_once(app, db, make_user):
    user = db.merge(make_user())
    session_before = sessions.start_login_session(db, user, CLIENT)
    passwords.request_password_reset(db, user.email, CLIENT)
    db.commit()
    raw = _raw_token_from_mail(app)
    passwords.set_password_with_token(db, raw, "new-lantern-harbour-7", CLIENT)
    db.commit()
    assert sessions.load_user_for_session_key(session_before) is None
    assert sessions.authenticate(db, user.email, "new-lantern-harbour-7", CLIENT)
    with pytest.raises(ServiceError):
        passwords.set_password_with_token(db, raw, "another-lantern-harbour-8", CLIENT)


def test_password_reset_link_expires(app, db, make_user):
    user = db.merge(make_user())
    passwords.request_password_reset(db, user.email, CLIENT)
    db.commit()
    raw = _raw_token_from_mail(app)
    hours = app.config["LMS_PASSWORD_RESET_HOURS"]
    expiry = clock.utcnow() + dt.timedelta(hours=hours)
    with time_machine.travel(expiry - dt.timedelta(seconds=1), tick=False):
        assert tokens.valid_token(db, raw) is not None
    with time_machine.travel(expiry + dt.timedelta(seconds=1), tick=False):
        assert tokens.valid_token(db, raw) is None
        with pytest.raises(ServiceError):
            passwords.set_password_with_token(db, raw, "new-lantern-harbour-7", CLIENT)


@pytest.mark.parametrize("case", ["unknown", "deactivated"])
def test_reset_for_an_address_without_an_active_account_mails_a_note_without_a_link(
    app, db, make_user, case
):
    email = "nobody@example.org"
    if case == "deactivated":
        db.merge(make_user(email=email)).is_active = False
    passwords.request_password_reset(db, email.upper(), CLIENT)
    db.commit()
    [mail] = outbox(app)
    assert mail.to_address == email and mail.recipient_id is None
    assert "No active account uses this address" in mail.body
    assert "/password/set/" not in mail.body
    assert db.scalar(select(AccountToken.id)) is None
    [event] = events(db, "password_reset_requested")
    assert event.after == {"email": email}


def test_notes_to_an_address_without_an_account_are_capped_per_hour(app, db):
    for _ in range(passwords.MAX_RESET_MAILS_PER_HOUR + 2):
        passwords.request_password_reset(db, "nobody@example.org", CLIENT)
    passwords.request_password_reset(db, "not an address", CLIENT)
    db.commit()
    assert len(outbox(app)) == passwords.MAX_RESET_MAILS_PER_HOUR
    with time_machine.travel(clock.utcnow() + dt.timedelta(hours=1, seconds=1), tick=False):
        passwords.request_password_reset(db, "nobody@example.org", CLIENT)
        db.commit()
    assert len(outbox(app)) == passwords.MAX_RESET_MAILS_PER_HOUR + 1


def test_reset_mails_are_capped_per_hour(app, db, make_user):
    user = make_user()
    for _ in range(passwords.MAX_RESET_MAILS_PER_HOUR + 2):
        passwords.request_password_reset(db, user.email, CLIENT)
    db.commit()
    assert len(outbox(app)) == passwords.MAX_RESET_MAILS_PER_HOUR


def test_a_new_reset_link_replaces_the_old_one(app, db, make_user):
    user = make_user()
    passwords.request_password_reset(db, user.email, CLIENT)
    db.commit()
    first = _raw_token_from_mail(app)
    passwords.request_password_reset(db, user.email, CLIENT)
    db.commit()
    assert tokens.valid_token(db, first) is None
    assert tokens.valid_token(db, _raw_token_from_mail(app)) is not None


def test_invitation_creates_an_account_whose_link_sets_the_password(app, db, make_user):
    staff = db.merge(make_user(roles=(Role.STAFF,)))
    invited = services.invite_user(db, staff, " Sri.Wahyuni@Example.org ", "Sri Wahyuni",
                                   "ID", "en")
    db.commit()
    assert invited.email == "sri.wahyuni@example.org" and invited.country == "ID"
    assert not invited.has_password
    assert sessions.authenticate(db, invited.email, "", CLIENT) is None
    [mail] = outbox(app)
    assert mail.to_address == invited.email and "invited you" in mail.body
    token = tokens.valid_token(db, _raw_token_from_mail(app))
    assert token.purpose == TokenPurpose.INVITATION
    passwords.set_password_with_token(db, _raw_token_from_mail(app), "sunny-terrace-ladle-31",
                                     CLIENT)
    db.commit()
    assert sessions.authenticate(db, invited.email, "sunny-terrace-ladle-31", CLIENT)
    assert events(db, "user_invited") and events(db, "invitation_accepted")


def test_invitation_mail_speaks_the_invitees_language(app, db, make_user):
    staff = db.merge(make_user(roles=(Role.STAFF,)))
    services.invite_user(db, staff, "kaito@example.org", "Kaito", "JP", "ja")
    db.commit()
    [mail] = outbox(app)
    assert "Kakehashi" in mail.subject and mail.subject != "You are invited to Kakehashi"


def test_only_staff_invite_and_nobody_is_invited_twice(db, make_user):
    plain = db.merge(make_user())
    staff = db.merge(make_user(roles=(Role.STAFF,)))
    with pytest.raises(NotAllowed):
        services.invite_user(db, plain, "x@example.org", "X", None, "en")
    with pytest.raises(ServiceError) as refused:
        services.invite_user(db, staff, plain.email, "Again", None, "en")
    assert refused.value.field == "email"


def test_inviting_again_sends_a_fresh_link_and_voids_the_first(app, db, make_user):
    staff = db.merge(make_user(roles=(Role.STAFF,)))
    services.invite_user(db, staff, "late@example.org", "Late", None, "en")
    db.commit()
    first = _raw_token_from_mail(app)
    services.invite_user(db, staff, "late@example.org", "Late", None, "en")
    db.commit()
    assert tokens.valid_token(db, first) is None
    assert db.scalar(select(AccountToken).where(AccountToken.used_at.is_(None))) is not None


def test_only_admins_change_roles_and_it_is_audited(db, make_user):
    admin = db.merge(make_user(roles=(Role.ADMIN,)))
    staff = db.merge(make_user(roles=(Role.STAFF,)))
    person = db.merge(make_user())
    with pytest.raises(NotAllowed):
        services.set_roles(db, staff, person, [Role.STAFF])
    with pytest.raises(NotAllowed):
        services.set_roles(db, staff, staff, [Role.ADMIN])
    services.set_roles(db, admin, person, [Role.COMMITTEE_MEMBER, Role.STAFF])
    db.commit()
    assert db.get(User, person.id).roles == {Role.COMMITTEE_MEMBER, Role.STAFF}
    [event] = events(db, "roles_changed")
    assert event.actor_id == admin.id
    assert event.before == {"roles": []}
    assert event.after == {"roles": ["committee_member", "staff"]}


def test_an_admin_cannot_remove_their_own_admin_role(db, make_user):
    admin = db.merge(make_user(roles=(Role.ADMIN,)))
    with pytest.raises(ServiceError):
        services.set_roles(db, admin, admin, [Role.STAFF])
    assert admin.roles == {Role.ADMIN}


def test_admins_hold_every_role(make_user):
    admin = make_user(roles=(Role.ADMIN,))
    assert all(admin.has_role(role) for role in Role)
    assert not make_user().has_role(Role.STAFF)


def test_profile_refuses_an_unknown_time_zone_or_language(db, make_user):
    user = db.merge(make_user())
    with pytest.raises(ServiceError) as refused:
        services.update_profile(db, user, "Name", "TH", "en", "Mars/Olympus")
    assert refused.value.field == "timezone"
    with pytest.raises(ServiceError):
        services.update_profile(db, user, "Name", "TH", "xx", "Asia/Bangkok")
    services.update_profile(db, user, " Somchai ", "TH", "", "Asia/Bangkok")
    assert (user.display_name, user.country, user.locale, user.timezone) == (
        "Somchai", "TH", None, "Asia/Bangkok")


def test_login_sessions_store_only_a_hash_of_the_key(db, make_user):
    user = db.merge(make_user())
    key = sessions.start_login_session(db, user, CLIENT)
    stored = db.scalar(select(LoginSession.key_hash))
    assert key not in stored and len(stored) == 64
