"""The rules of delegations (lms.events.delegations): who records them, what a delegation, a
member and a visit must have, and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.events import delegation_queries as queries
from lms.events import delegations
from lms.events.delegation_models import (
    DelegationDirection,
    DelegationMember,
    DelegationVisit,
    MemberRole,
)
from lms.placements import services as placement_services
from lms.placements.models import PracticeField
from lms.programs.models import CohortStatus
from tests.events.conftest import make_seminar, user

TAIWAN = delegations.DelegationDetails(
    name="Delegation from the Taiwan Fund for Children and Families",
    direction=DelegationDirection.INBOUND, country="TW", notes="Vegetarian meals for two.")


def create(db, world, details=TAIWAN, cohort=None):
    return delegations.create_delegation(db, world["staff"], cohort or world["seminar"], details)


def member(email="", name="", role=MemberRole.PARTICIPANT, **travel):
    return delegations.MemberDetails(email=email, name=name, role=role, **travel)


def facility(db, world, name="Sakura no Sato"):
    return placement_services.create_facility(
        db, world["staff"], placement_services.FacilityDetails(
            name=name, field=PracticeField.CHILDREN, prefecture="13"))


def actions(db):
    return db.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("delegation%")).order_by(AuditEvent.id)).all()


def test_staff_record_a_delegation_and_change_it_with_an_audit_trail(db, world):
    delegation = create(db, world, delegations.DelegationDetails(
        name="  Taiwan Fund  ", direction=DelegationDirection.INBOUND, country="tw"))
    assert (delegation.name, delegation.country, delegation.notes) == ("Taiwan Fund", "TW", "")
    delegations.update_delegation(db, world["staff"], world["seminar"], delegation, TAIWAN)
    assert delegation.name == TAIWAN.name and delegation.notes == "Vegetarian meals for two."
    # Saving the same again changes nothing and records nothing.
    delegations.update_delegation(db, world["staff"], world["seminar"], delegation, TAIWAN)
    assert actions(db) == ["delegation_created", "delegation_changed"]
    changed = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "delegation_changed")).one()
    assert changed.before["name"] == "Taiwan Fund" and changed.after["name"] == TAIWAN.name


@pytest.mark.parametrize(("name", "country", "field"), [
    (" ", "TW", "name"),
    ("Group", "XX", "country"),
    ("Group", "", "country"),
    ("Group", "JP", "country"),
])
def test_a_delegation_needs_a_name_and_a_country_abroad(db, world, name, country, field):
    with pytest.raises(ServiceError) as refused:
        create(db, world, delegations.DelegationDetails(
            name=name, direction=DelegationDirection.OUTBOUND, country=country))
    assert refused.value.field == field


def test_only_staff_record_delegations_members_and_visits(db, world):
    delegation = create(db, world)
    alumna = user(db, "alumna@example.org")
    seminar = world["seminar"]
    with pytest.raises(NotAllowed):
        delegations.create_delegation(db, alumna, seminar, TAIWAN)
    with pytest.raises(NotAllowed):
        delegations.update_delegation(db, alumna, seminar, delegation, TAIWAN)
    with pytest.raises(NotAllowed):
        delegations.add_member(db, alumna, seminar, delegation, member(name="Lin"))
    with pytest.raises(NotAllowed):
        delegations.add_visit(db, alumna, seminar, delegation, delegations.VisitDetails(
            visited_on=seminar.starts_on, place="City hall"))
    added = delegations.add_member(db, world["staff"], seminar, delegation, member(name="Lin"))
    visit = delegations.add_visit(db, world["staff"], seminar, delegation,
                                  delegations.VisitDetails(visited_on=seminar.starts_on,
                                                           place="City hall"))
    with pytest.raises(NotAllowed):
        delegations.update_member(db, alumna, seminar, delegation, added, member(name="Li"))
    with pytest.raises(NotAllowed):
        delegations.remove_member(db, alumna, seminar, delegation, added)
    with pytest.raises(NotAllowed):
        delegations.update_visit(db, alumna, seminar, delegation, visit,
                                 delegations.VisitDetails(visited_on=seminar.starts_on,
                                                          place="Ward office"))
    with pytest.raises(NotAllowed):
        delegations.remove_visit(db, alumna, seminar, delegation, visit)


def test_a_cancelled_editions_delegations_no_longer_change(db, world):
    delegation = create(db, world)
    world["seminar"].status = CohortStatus.CANCELLED
    with pytest.raises(ServiceError, match="cancelled"):
        delegations.update_delegation(db, world["staff"], world["seminar"], delegation, TAIWAN)
    with pytest.raises(ServiceError, match="cancelled"):
        delegations.add_member(db, world["staff"], world["seminar"], delegation,
                               member(name="Lin"))
    with pytest.raises(ServiceError, match="cancelled"):
        create(db, world)


def test_objects_of_another_edition_or_delegation_are_refused(db, world):
    mine = create(db, world)
    other_seminar = make_seminar(db, number=9, starts_on=dt.date(2027, 12, 6))
    theirs = create(db, world, cohort=other_seminar)
    staff = world["staff"]
    with pytest.raises(ServiceError, match="another edition"):
        delegations.update_delegation(db, staff, world["seminar"], theirs, TAIWAN)
    with pytest.raises(ServiceError, match="another edition"):
        delegations.add_member(db, staff, world["seminar"], theirs, member(name="Lin"))
    their_member = delegations.add_member(db, staff, other_seminar, theirs, member(name="Lin"))
    with pytest.raises(ServiceError, match="another delegation"):
        delegations.update_member(db, staff, world["seminar"], mine, their_member,
                                  member(name="Li"))
    with pytest.raises(ServiceError, match="another delegation"):
        delegations.remove_member(db, staff, world["seminar"], mine, their_member)
    their_visit = delegations.add_visit(db, staff, other_seminar, theirs, delegations.VisitDetails(
        visited_on=other_seminar.starts_on, place="City hall"))
    with pytest.raises(ServiceError, match="another delegation"):
        delegations.remove_visit(db, staff, world["seminar"], mine, their_visit)
    assert queries.delegation_in(db, world["seminar"], theirs.id) is None
    assert queries.member_in(db, mine, their_member.id) is None
    assert queries.visit_in(db, mine, their_visit.id) is None


# Members --------------------------------------------------------------------------------------


def test_a_member_is_an_account_or_a_name(db, world):
    delegation = create(db, world)
    seminar, staff = world["seminar"], world["staff"]
    with_account = delegations.add_member(db, staff, seminar, delegation, member(
        email=" Alumna@Example.org ", name="ignored", role=MemberRole.LEADER))
    assert with_account.user_id == user(db, "alumna@example.org").id
    assert with_account.name == "" and with_account.display_name == "Putri Handayani"
    named = delegations.add_member(db, staff, seminar, delegation, member(
        name=" Lin Mei-hua ", role=MemberRole.INTERPRETER, organization=" Taiwan Fund "))
    assert (named.user_id, named.display_name, named.organization) == \
        (None, "Lin Mei-hua", "Taiwan Fund")
    with pytest.raises(ServiceError) as refused:
        delegations.add_member(db, staff, seminar, delegation, member())
    assert refused.value.field == "name"
    with pytest.raises(ServiceError) as refused:
        delegations.add_member(db, staff, seminar, delegation, member(
            email="nobody@example.org", name="Nobody"))
    assert refused.value.field == "email"


def test_a_person_is_in_one_delegation_of_an_edition(db, world):
    first, second = create(db, world), create(db, world, delegations.DelegationDetails(
        name="Korean group", direction=DelegationDirection.INBOUND, country="KR"))
    seminar, staff = world["seminar"], world["staff"]
    added = delegations.add_member(db, staff, seminar, first,
                                   member(email="alumna@example.org"))
    for delegation in (first, second):
        with pytest.raises(ServiceError, match="already a member") as refused:
            delegations.add_member(db, staff, seminar, delegation,
                                   member(email="alumna@example.org"))
        assert refused.value.field == "email"
    # Saving her own row again is no conflict with herself.
    delegations.update_member(db, staff, seminar, first, added, member(
        email="alumna@example.org", role=MemberRole.LEADER))
    assert added.role == MemberRole.LEADER
    # Another edition is another matter.
    other_seminar = make_seminar(db, number=9, starts_on=dt.date(2027, 12, 6))
    elsewhere = create(db, world, cohort=other_seminar)
    assert delegations.add_member(db, staff, other_seminar, elsewhere,
                                  member(email="alumna@example.org")).id


def test_travel_times_are_the_editions_wall_clock_and_in_order(db, world):
    delegation = create(db, world)
    seminar, staff = world["seminar"], world["staff"]
    added = delegations.add_member(db, staff, seminar, delegation, member(
        name="Lin", arrives=dt.datetime(2026, 12, 6, 15, 40), arrival_by=" CI 100 ",
        departs=dt.datetime(2026, 12, 12, 10, 5), departure_by="CI 101",
        lodging="Hotel Grand Arc Hanzomon"))
    # Tokyo is UTC+9.
    assert added.arrives_at == dt.datetime(2026, 12, 6, 6, 40, tzinfo=dt.UTC)
    assert added.departs_at == dt.datetime(2026, 12, 12, 1, 5, tzinfo=dt.UTC)
    assert added.arrival_by == "CI 100"
    with pytest.raises(ServiceError) as refused:
        delegations.update_member(db, staff, seminar, delegation, added, member(
            name="Lin", arrives=dt.datetime(2026, 12, 6, 15, 40),
            departs=dt.datetime(2026, 12, 6, 15, 40)))
    assert refused.value.field == "departs"


def test_members_are_changed_and_removed_with_an_audit_trail(db, world):
    delegation = create(db, world)
    seminar, staff = world["seminar"], world["staff"]
    added = delegations.add_member(db, staff, seminar, delegation, member(name="Lin"))
    delegations.update_member(db, staff, seminar, delegation, added,
                              member(name="Lin Mei-hua", lodging="Hotel"))
    delegations.update_member(db, staff, seminar, delegation, added,
                              member(name="Lin Mei-hua", lodging="Hotel"))
    delegations.remove_member(db, staff, seminar, delegation, added)
    assert db.scalars(select(DelegationMember)).all() == []
    assert actions(db) == ["delegation_created", "delegation_member_added",
                           "delegation_member_changed", "delegation_member_removed"]
    removed = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "delegation_member_removed")).one()
    assert removed.before["name"] == "Lin Mei-hua" and removed.before["lodging"] == "Hotel"


# Visits ---------------------------------------------------------------------------------------


def test_a_visit_is_a_facility_of_the_register_or_a_named_place(db, world):
    delegation = create(db, world)
    seminar, staff = world["seminar"], world["staff"]
    host = facility(db, world)
    at_facility = delegations.add_visit(db, staff, seminar, delegation, delegations.VisitDetails(
        visited_on=dt.date(2026, 12, 8), facility_id=host.id, address="ignored"))
    assert (at_facility.facility_id, at_facility.place, at_facility.address) == (host.id, "", "")
    named = delegations.add_visit(db, staff, seminar, delegation, delegations.VisitDetails(
        visited_on=dt.date(2026, 12, 9), place=" Ministry of Health ", address="Kasumigaseki"))
    assert (named.facility_id, named.place, named.address) == \
        (None, "Ministry of Health", "Kasumigaseki")
    for details, field in (
            (delegations.VisitDetails(visited_on=dt.date(2026, 12, 9)), "facility_id"),
            (delegations.VisitDetails(visited_on=dt.date(2026, 12, 9), facility_id=host.id,
                                      place="Also here"), "place"),
            (delegations.VisitDetails(visited_on=dt.date(2026, 12, 9), facility_id=99999),
             "facility_id"),
            (delegations.VisitDetails(visited_on=dt.date(2026, 12, 12), place="Late"),
             "visited_on"),
            (delegations.VisitDetails(visited_on=dt.date(2026, 12, 6), place="Early"),
             "visited_on")):
        with pytest.raises(ServiceError) as refused:
            delegations.add_visit(db, staff, seminar, delegation, details)
        assert refused.value.field == field


def test_visits_are_changed_and_removed_with_an_audit_trail(db, world):
    delegation = create(db, world)
    seminar, staff = world["seminar"], world["staff"]
    visit = delegations.add_visit(db, staff, seminar, delegation, delegations.VisitDetails(
        visited_on=dt.date(2026, 12, 8), place="City hall"))
    delegations.update_visit(db, staff, seminar, delegation, visit, delegations.VisitDetails(
        visited_on=dt.date(2026, 12, 9), place="City hall"))
    assert visit.visited_on == dt.date(2026, 12, 9)
    delegations.remove_visit(db, staff, seminar, delegation, visit)
    assert db.scalars(select(DelegationVisit)).all() == []
    assert actions(db) == ["delegation_created", "delegation_visit_added",
                           "delegation_visit_changed", "delegation_visit_removed"]


# Who sees a delegation ------------------------------------------------------------------------


def test_staff_and_the_members_with_an_account_see_a_delegation(db, world):
    delegation = create(db, world)
    seminar, staff = world["seminar"], world["staff"]
    delegations.add_member(db, staff, seminar, delegation, member(email="alumna@example.org"))
    delegations.add_member(db, staff, seminar, delegation, member(name="Alumnus's namesake"))
    assert delegations.may_see(db, staff, delegation)
    assert delegations.may_see(db, user(db, "alumna@example.org"), delegation)
    for email in ("alumnus@example.org", "trainee@example.org", "plain@example.org"):
        assert not delegations.may_see(db, user(db, email), delegation)
        with pytest.raises(NotAllowed):
            delegations.require_may_see(db, user(db, email), delegation)
    assert queries.my_delegation(db, seminar, user(db, "alumna@example.org")).id == delegation.id
    assert queries.my_delegation(db, seminar, user(db, "alumnus@example.org")) is None
