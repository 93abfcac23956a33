"""Members invited by staff: staff invite someone with an account to an edition by her
address; she then sees the edition, finds it in her list, and registers declaring her country
and organization, though it is open to alumni and trainees only. Taking the invitation back
takes that right away, not a registration already made. Only staff manage invitations, and
another edition's invitation is not found."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.events import invitations, queries, services
from lms.events.models import Invitation, Registration, RegistrationStatus
from lms.notifications.models import Notification
from tests import factories
from tests.conftest import post
from tests.events.conftest import as_user, user
from tests.events.test_editions import declare


def invite(db, world, email="plain@example.org", cohort=None):
    invitation = invitations.invite(db, world["staff"], cohort or world["seminar"], email)
    db.commit()
    return invitation


def test_an_invited_person_sees_and_registers_for_an_edition_not_open_to_her(db, world):
    plain, seminar = user(db, "plain@example.org"), world["seminar"]
    assert not services.may_see_edition(db, plain, seminar)
    with pytest.raises(NotAllowed):
        services.register(db, plain, seminar, declare("PH", "Manila Care Center"))
    db.rollback()
    invite(db, world)
    assert services.may_see_seminars(db, plain)
    assert services.may_see_edition(db, plain, seminar)
    assert services.way_in(db, plain, services.seminar_of(db, seminar), seminar) == "invited"
    assert seminar.id in [row.cohort.id for row in queries.seminars_page(db, plain, 1).items]
    # Not the other editions: the invitation is to this one.
    assert not services.may_see_edition(db, plain, world["past_seminar"])
    registration = services.register(db, plain, seminar, declare("PH", "Manila Care Center"))
    assert (registration.country, registration.organization) == ("PH", "Manila Care Center")


def test_an_invited_person_declares_her_country(db, world):
    invite(db, world)
    with pytest.raises(ServiceError) as caught:
        services.register(db, user(db, "plain@example.org"), world["seminar"],
                          declare(country=None))
    assert caught.value.field == "country"


def test_taking_the_invitation_back_removes_the_right_but_not_the_registration(db, world):
    plain, seminar = user(db, "plain@example.org"), world["seminar"]
    invitation = invite(db, world)
    invitations.uninvite(db, world["staff"], seminar, invitation)
    db.commit()
    assert not services.may_see_edition(db, plain, seminar)
    assert seminar.id not in [row.cohort.id for row in queries.seminars_page(db, plain, 1).items]
    invitation = invite(db, world)
    services.register(db, plain, seminar, declare("PH", "Manila Care Center"))
    invitations.uninvite(db, world["staff"], seminar, invitation)
    db.commit()
    registration = db.scalar(select(Registration).where(Registration.user_id == plain.id))
    assert registration.status == RegistrationStatus.REGISTERED
    # Registered, she still sees (and may cancel) what she signed up for.
    assert services.may_see_edition(db, plain, seminar)
    assert [event.action for event in db.scalars(select(AuditEvent).where(
        AuditEvent.action.like("event_%invited")).order_by(AuditEvent.id))] == [
        "event_invited", "event_uninvited", "event_invited", "event_uninvited"]


def test_an_unknown_address_or_a_second_invitation_is_refused_beside_the_field(db, world):
    with pytest.raises(ServiceError) as unknown:
        invitations.invite(db, world["staff"], world["seminar"], "nobody@example.org")
    assert unknown.value.field == "email"
    invite(db, world, "Plain@Example.org ")
    with pytest.raises(ServiceError) as twice:
        invitations.invite(db, world["staff"], world["seminar"], "plain@example.org")
    assert twice.value.field == "email" and "already invited" in str(twice.value)


def test_only_staff_invite(db, world):
    with pytest.raises(NotAllowed):
        invitations.invite(db, user(db, "alumna@example.org"), world["seminar"],
                           "plain@example.org")


def test_the_invited_person_is_told(db, world):
    invite(db, world)
    notice = db.scalar(select(Notification).where(
        Notification.user_id == user(db, "plain@example.org").id))
    assert notice is not None and "invited" in notice.subject


def test_a_cancelled_or_completed_edition_takes_no_invitation(db, world):
    with pytest.raises(ServiceError):
        invitations.invite(db, world["staff"], world["past_seminar"], "plain@example.org")


# The staff page -------------------------------------------------------------------------------


def test_staff_invite_and_take_back_on_the_page(client, db, world):
    seminar = world["seminar"]
    as_user(client, "staff@example.org")
    path = f"/events/{seminar.id}/invitations"
    assert "People invited" in client.get(f"/events/{seminar.id}").get_data(as_text=True)
    page = post(client, path, {"email": "nobody@example.org"}, token_from=path)
    assert page.status_code == 200
    assert "No account has this email address" in page.get_data(as_text=True)
    assert post(client, path, {"email": "plain@example.org"},
                token_from=path).status_code == 302
    listed = client.get(path).get_data(as_text=True)
    assert "Plain Person" in listed and "not registered" in listed
    invitation = db.scalar(select(Invitation))
    gone = post(client, f"{path}/{invitation.id}/remove", token_from=path)
    assert gone.status_code == 302
    assert db.scalar(select(func.count()).select_from(Invitation)) == 0


def test_another_editions_invitation_is_not_found(client, db, world):
    other = invite(db, world, cohort=world["seminar"])
    as_user(client, "staff@example.org")
    past = world["past_seminar"]
    path = f"/events/{past.id}/invitations/{other.id}/remove"
    assert post(client, path, token_from=f"/events/{past.id}/invitations").status_code == 404
    assert db.get(Invitation, other.id) is not None


def test_others_may_not_use_the_invitations_page(client, db, world):
    invitation = invite(db, world)
    as_user(client, "plain@example.org")
    seminar = world["seminar"]
    assert client.get(f"/events/{seminar.id}/invitations").status_code == 403
    assert post(client, f"/events/{seminar.id}/invitations/{invitation.id}/remove"
                ).status_code == 403


def test_an_invited_person_registers_on_the_page_declaring_her_country(client, db, world):
    invite(db, world)
    as_user(client, "plain@example.org")
    path = f"/events/{world['seminar'].id}"
    page = client.get(path).get_data(as_text=True)
    assert 'name="organization"' in page
    assert "The program staff invited you to this edition." in page
    done = post(client, f"{path}/register", {"country": "PH", "organization": "Manila Care"},
                token_from=path)
    assert done.status_code == 302
    assert db.scalar(select(Registration.country)) == "PH"


def test_the_invitations_page_does_not_grow_with_people_invited(client, db, world,
                                                                 count_queries):
    seminar = world["seminar"]
    as_user(client, "staff@example.org")

    def queries_on_page():
        with count_queries() as counter:
            assert client.get(f"/events/{seminar.id}/invitations").status_code == 200
        return counter.count

    def grow(start, count):
        for number in range(start, start + count):
            factories.person(db, f"guest{number}@example.org", f"Guest {number}", "KR")
            invitations.invite(db, world["staff"], seminar, f"guest{number}@example.org")
        db.commit()

    grow(0, 2)
    few = queries_on_page()
    grow(2, 15)
    assert queries_on_page() == few
