"""The delegation pages: staff record and print them, a member with an account sees her own,
nobody else does, and the lists do not grow in queries with their rows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from lms.audit import AuditEvent
from lms.events import delegations
from lms.events.delegation_models import Delegation, DelegationDirection, MemberRole
from lms.placements import services as placement_services
from lms.placements.models import PracticeField
from tests import factories
from tests.conftest import post
from tests.events.conftest import as_user, make_seminar


def url(world, path="", delegation=None):
    base = f"/events/{world['seminar'].id}/delegations"
    return base + (f"/{delegation.id}" if delegation else "") + path


@pytest.fixture
def group(db, world):
    """A delegation at the seminar: the alumna (with her account) leads it, Lin interprets
    (with no account); it visits a facility of the register and the city hall."""
    staff, seminar = world["staff"], world["seminar"]
    delegation = delegations.create_delegation(db, staff, seminar, delegations.DelegationDetails(
        name="Delegation from the Taiwan Fund", direction=DelegationDirection.INBOUND,
        country="TW", notes="Staff-only note: budget line 7."))
    delegations.add_member(db, staff, seminar, delegation, delegations.MemberDetails(
        email="alumna@example.org", name="", role=MemberRole.LEADER,
        arrives=dt.datetime(2026, 12, 6, 15, 40), arrival_by="CI 100",
        lodging="Hotel Grand Arc Hanzomon"))
    delegations.add_member(db, staff, seminar, delegation, delegations.MemberDetails(
        email="", name="Lin Mei-hua", role=MemberRole.INTERPRETER,
        arrives=dt.datetime(2026, 12, 5, 9, 0), arrival_by="BR 198", lodging="Sanjo Inn"))
    host = placement_services.create_facility(db, staff, placement_services.FacilityDetails(
        name="Sakura Children's Home", field=PracticeField.CHILDREN, prefecture="13"))
    delegations.add_visit(db, staff, seminar, delegation, delegations.VisitDetails(
        visited_on=dt.date(2026, 12, 8), facility_id=host.id))
    delegations.add_visit(db, staff, seminar, delegation, delegations.VisitDetails(
        visited_on=dt.date(2026, 12, 9), place="Shinjuku City Hall", address="2-8-1 Kabukicho"))
    db.commit()
    return {"delegation": delegation, "facility": host}


# Staff ----------------------------------------------------------------------------------------


def test_staff_record_a_delegation_with_errors_beside_the_fields(client, db, world):
    as_user(client, "staff@example.org")
    refused = post(client, url(world, "/new"), {"name": "Group", "direction": "inbound",
                                                "country": "JP"})
    assert refused.status_code == 200
    page = refused.get_data(as_text=True)
    assert 'id="country-error"' in page and "not Japan" in page
    assert db.scalar(select(Delegation.id)) is None
    created = post(client, url(world, "/new"), {
        "name": "Delegation from the Taiwan Fund", "direction": "inbound", "country": "TW",
        "notes": "Arrives by two flights."})
    delegation = db.scalars(select(Delegation)).one()
    assert created.status_code == 302 and created.location.endswith(f"/{delegation.id}")
    assert (delegation.cohort_id, delegation.country) == (world["seminar"].id, "TW")
    listed = client.get(url(world)).get_data(as_text=True)
    assert "Delegation from the Taiwan Fund" in listed and "Taiwan" in listed
    edited = post(client, url(world, "/edit", delegation), {
        "name": "Taiwan Fund group", "direction": "outbound", "country": "TW"})
    assert edited.status_code == 302
    db.refresh(delegation)
    assert (delegation.name, delegation.direction) == ("Taiwan Fund group",
                                                       DelegationDirection.OUTBOUND)


def test_staff_add_members_in_the_editions_zone(client, db, world, group):
    as_user(client, "staff@example.org")
    delegation = group["delegation"]
    refused = post(client, url(world, "/members/new", delegation), {
        "email": "nobody@example.org", "role": "participant"})
    assert 'id="email-error"' in refused.get_data(as_text=True)
    refused = post(client, url(world, "/members/new", delegation), {
        "name": "Chen", "role": "participant", "arrives": "2026-12-06T10:00",
        "departs": "2026-12-06T09:00"})
    assert 'id="departs-error"' in refused.get_data(as_text=True)
    added = post(client, url(world, "/members/new", delegation), {
        "name": "Chen Yi-ting", "role": "participant", "organization": "Taipei City",
        "arrives": "2026-12-06T10:00", "arrival_by": "Narita Express 12"})
    assert added.status_code == 302
    page = client.get(url(world, "", delegation)).get_data(as_text=True)
    assert "Chen Yi-ting" in page and "Narita Express 12" in page
    # Shown as typed: in Tokyo, whatever the staff member's own zone.
    assert "10:00" in page
    member = delegations.DelegationMember
    chen = db.scalar(select(member).where(member.name == "Chen Yi-ting"))
    assert chen.arrives_at == dt.datetime(2026, 12, 6, 1, 0, tzinfo=dt.UTC)
    form = client.get(url(world, f"/members/{chen.id}/edit", delegation)).get_data(as_text=True)
    assert 'value="2026-12-06 10:00:00"' in form
    chen_id = chen.id
    removed = post(client, url(world, f"/members/{chen_id}/remove", delegation))
    db.expire_all()
    assert removed.status_code == 302
    assert db.scalar(select(member.id).where(member.id == chen_id)) is None
    assert "delegation_member_removed" in db.scalars(select(AuditEvent.action)).all()


def test_staff_add_visits_and_the_facility_lists_the_delegation(client, db, world, group):
    as_user(client, "staff@example.org")
    delegation, host = group["delegation"], group["facility"]
    refused = post(client, url(world, "/visits/new", delegation), {
        "visited_on": "2026-12-09", "facility_id": ""})
    assert 'id="facility_id-error"' in refused.get_data(as_text=True)
    refused = post(client, url(world, "/visits/new", delegation), {
        "visited_on": "2027-01-09", "place": "Late"})
    assert 'id="visited_on-error"' in refused.get_data(as_text=True)
    added = post(client, url(world, "/visits/new", delegation), {
        "visited_on": "2026-12-10", "facility_id": str(host.id)})
    assert added.status_code == 302
    page = client.get(f"/placements/facilities/{host.id}").get_data(as_text=True)
    assert "Delegations that visited" in page
    assert page.count("Delegation from the Taiwan Fund") == 2
    assert url(world, "", delegation) in page


def test_the_roster_prints_and_exports_every_member(client, db, world, group):
    as_user(client, "staff@example.org")
    page = client.get(url(world, "/roster")).get_data(as_text=True)
    for text in ("Putri Handayani", "Lin Mei-hua", "Leader", "Interpreter", "CI 100",
                 "Hotel Grand Arc Hanzomon", "Sanjo Inn"):
        assert text in page
    # Leaders first.
    assert page.index("Putri Handayani") < page.index("Lin Mei-hua")
    response = client.get(url(world, "/roster.csv"))
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Delegation", "Country", "Name", "Role"]
    assert rows[1][2:4] == ["Putri Handayani", "Leader"]
    assert rows[1][5:7] == ["2026-12-06 15:40", "CI 100"]
    assert rows[2][2] == "Lin Mei-hua" and rows[2][9] == "Sanjo Inn"


# The member -----------------------------------------------------------------------------------


def test_a_member_sees_her_delegation_from_the_edition_page(client, db, world, group):
    delegation = group["delegation"]
    as_user(client, "alumna@example.org")
    edition = client.get(f"/events/{world['seminar'].id}").get_data(as_text=True)
    assert url(world, "", delegation) in edition
    page = client.get(url(world, "", delegation)).get_data(as_text=True)
    for text in ("Putri Handayani", "Lin Mei-hua", "Leader", "Interpreter", "Your travel",
                 "CI 100", "Hotel Grand Arc Hanzomon", "Sakura Children&#39;s Home",
                 "Shinjuku City Hall"):
        assert text in page, text
    # Only her own travel details; no staff notes, no staff links.
    for text in ("BR 198", "Sanjo Inn", "budget line 7", "/edit", "/members/new"):
        assert text not in page, text


@pytest.mark.parametrize("email", ["alumnus@example.org", "trainee@example.org",
                                   "plain@example.org"])
def test_nobody_else_sees_a_delegation(client, db, world, group, email):
    delegation = group["delegation"]
    as_user(client, email)
    assert client.get(url(world, "", delegation)).status_code == 403
    for path in ("", "/new", "/roster", "/roster.csv"):
        assert client.get(url(world, path)).status_code == 403, path
    assert post(client, url(world, "/members/new", delegation), {
        "name": "Intruder", "role": "participant"}).status_code == 403
    if email != "plain@example.org":
        edition = client.get(f"/events/{world['seminar'].id}").get_data(as_text=True)
        assert "/delegations" not in edition


def test_other_peoples_ids_are_not_found(client, db, world, group):
    delegation = group["delegation"]
    other = make_seminar(db, number=9, starts_on=dt.date(2027, 12, 6))
    staff = world["staff"]
    theirs = delegations.create_delegation(db, staff, other, delegations.DelegationDetails(
        name="Korean group", direction=DelegationDirection.INBOUND, country="KR"))
    their_member = delegations.add_member(db, staff, other, theirs, delegations.MemberDetails(
        email="alumnus@example.org", name="", role=MemberRole.LEADER))
    their_visit = delegations.add_visit(db, staff, other, theirs, delegations.VisitDetails(
        visited_on=other.starts_on, place="City hall"))
    db.commit()
    for who in ("staff@example.org", "alumnus@example.org"):
        as_user(client, who)
        assert client.get(url(world, "", theirs)).status_code == 404
    as_user(client, "staff@example.org")
    assert client.get(url(world, "/edit", theirs)).status_code == 404
    for path in (f"/members/{their_member.id}/edit", f"/visits/{their_visit.id}/edit"):
        assert client.get(url(world, path, delegation)).status_code == 404, path
        assert client.get(url(world, path, theirs)).status_code == 404, path
    for path in (f"/members/{their_member.id}/remove", f"/visits/{their_visit.id}/remove"):
        assert post(client, url(world, path, delegation)).status_code == 404, path
    # A year-long cohort is no edition.
    assert client.get(f"/events/{world['current'].id}/delegations").status_code == 404
    db.refresh(theirs)
    assert theirs.name == "Korean group"


# Queries --------------------------------------------------------------------------------------


def _grow(db, world, delegation, count, start=0):
    for number in range(start, start + count):
        email = f"grower{number}-{delegation.id}@example.org"
        factories.person(db, email)
        delegations.add_member(db, world["staff"], world["seminar"], delegation,
                               delegations.MemberDetails(
                                   email=email if number % 2 else "", name=f"Guest {number}",
                                   role=MemberRole.PARTICIPANT,
                                   arrives=dt.datetime(2026, 12, 6, 12, 0)))
        delegations.add_visit(db, world["staff"], world["seminar"], delegation,
                              delegations.VisitDetails(visited_on=dt.date(2026, 12, 8),
                                                       place=f"Place {number}"))
    db.commit()


@pytest.mark.parametrize("path", ["", "/roster", "/roster.csv", "/{delegation}"])
def test_pages_do_not_grow_with_members(client, db, world, group, count_queries, path):
    delegation = group["delegation"]
    second = delegations.create_delegation(
        db, world["staff"], world["seminar"], delegations.DelegationDetails(
            name="Korean group", direction=DelegationDirection.INBOUND, country="KR"))
    db.commit()
    as_user(client, "staff@example.org")
    target = url(world, "", delegation) if path == "/{delegation}" else url(world, path)

    def queries():
        with count_queries() as counter:
            response = client.get(target)
            assert response.status_code == 200
            response.get_data()
        return counter.count

    _grow(db, world, second, 2)
    few = queries()
    _grow(db, world, delegation, 20)
    _grow(db, world, second, 10, start=2)
    assert queries() == few
