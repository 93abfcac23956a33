"""A delegation's members see the edition they travel with: a study tour's interpreter or
participant is often neither an alumna nor a trainee, yet reads the edition's page and its
program. Nobody else is let in by it: another edition stays not found, and a person in no
delegation is still told whom the events are for."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from lms.events import delegations, program, services
from lms.events.delegation_models import DelegationDirection, DelegationMember, MemberRole
from lms.events.models import Registration, SessionKind
from tests import factories
from tests.conftest import post
from tests.events.conftest import as_user, user


@pytest.fixture
def tour(db, world):
    """Plain Person (no training, no registration) interprets for a delegation at the coming
    seminar; Stranger is in no delegation."""
    staff, seminar = world["staff"], world["seminar"]
    program.add_session(db, staff, seminar, program.SessionDetails(
        kind=SessionKind.SITE_VISIT, title="Visit to a children's home",
        day=seminar.starts_on, starts=dt.time(10), ends=dt.time(12),
        place="Shinjuku"))
    delegation = delegations.create_delegation(db, staff, seminar, delegations.DelegationDetails(
        name="Study tour to Mongolia", direction=DelegationDirection.OUTBOUND, country="MN"))
    delegations.add_member(db, staff, seminar, delegation, delegations.MemberDetails(
        email="plain@example.org", name="", role=MemberRole.INTERPRETER,
        organization="Prefectural council of social welfare", lodging="Hotel Ulaanbaatar"))
    factories.person(db, "stranger@example.org", "Stranger Person", "JP")
    db.commit()
    return delegation


def test_a_member_who_is_no_alumna_sees_the_edition_and_its_program(client, db, world, tour):
    seminar = world["seminar"]
    assert services.way_in(db, user(db, "plain@example.org"), services.seminar_of(
        db, seminar)) is None
    as_user(client, "plain@example.org")
    page = client.get(f"/events/{seminar.id}")
    assert page.status_code == 200
    assert seminar.title in page.get_data(as_text=True)
    printed = client.get(f"/events/{seminar.id}/program")
    assert printed.status_code == 200
    assert "Visit to a children" in printed.get_data(as_text=True)
    listed = client.get("/events").get_data(as_text=True)
    assert f'/events/{seminar.id}"' in listed
    # Seeing is not registering: she is not among those the edition takes.
    post(client, f"/events/{seminar.id}/register", {})
    assert db.scalar(select(Registration.id).where(
        Registration.user_id == user(db, "plain@example.org").id)) is None


def test_a_member_sees_no_other_edition(client, db, world, tour):
    as_user(client, "plain@example.org")
    past = world["past_seminar"]
    assert client.get(f"/events/{past.id}").status_code == 404
    assert client.get(f"/events/{past.id}/program").status_code == 404
    assert f'/events/{past.id}"' not in client.get("/events").get_data(as_text=True)


def test_someone_in_no_delegation_is_still_turned_away(client, db, world, tour):
    as_user(client, "stranger@example.org")
    seminar = world["seminar"]
    assert client.get(f"/events/{seminar.id}").status_code in (403, 404)
    assert client.get(f"/events/{seminar.id}/program").status_code in (403, 404)
    assert not services.may_see_edition(db, user(db, "stranger@example.org"), seminar)


def test_removed_from_the_delegation_she_no_longer_sees_it(client, db, world, tour):
    seminar, staff = world["seminar"], world["staff"]
    [member] = db.scalars(select(DelegationMember).where(
        DelegationMember.delegation_id == tour.id)).all()
    delegations.remove_member(db, staff, seminar, tour, member)
    db.commit()
    assert not services.may_see_edition(db, user(db, "plain@example.org"), seminar)


def test_her_export_holds_her_place_in_the_delegation(client, db, world, tour):
    as_user(client, "plain@example.org")
    document = json.loads(client.get("/settings/data.json").get_data(as_text=True))
    [membership] = document["delegation_memberships"]
    assert membership["delegation"] == "Study tour to Mongolia"
    assert membership["role"] == "interpreter"
    assert membership["edition"] == world["seminar"].title
    assert membership["lodging"] == "Hotel Ulaanbaatar"
    as_user(client, "stranger@example.org")
    other = json.loads(client.get("/settings/data.json").get_data(as_text=True))
    assert other["delegation_memberships"] == []


def test_the_events_list_of_a_member_does_not_grow_with_her_delegations(client, db, world,
                                                                       tour, count_queries):
    """The list finds the editions of her delegations inside its one query."""
    from tests.events.conftest import make_seminar

    staff = world["staff"]
    as_user(client, "plain@example.org")
    counts, seen = [], [world["seminar"].id]
    for number in (20, 21):
        with count_queries() as counter:
            assert client.get("/events").status_code == 200
        counts.append(len(counter.statements))
        cohort = make_seminar(db, number=number)
        seen.append(cohort.id)
        group = delegations.create_delegation(db, staff, cohort, delegations.DelegationDetails(
            name=f"Group {number}", direction=DelegationDirection.INBOUND, country="TW"))
        delegations.add_member(db, staff, cohort, group, delegations.MemberDetails(
            email="plain@example.org", name="", role=MemberRole.PARTICIPANT))
        db.commit()
    with count_queries() as counter:
        page = client.get("/events").get_data(as_text=True)
    counts.append(len(counter.statements))
    assert all(f'/events/{cohort_id}"' in page for cohort_id in seen)
    assert counts[0] == counts[1] == counts[2], counts
