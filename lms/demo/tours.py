"""Demo delegations: a study tour's group, sent abroad or received in Japan, with its members'
roles and travel, and the places it visits; through the delegations' services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.accounts.services import create_user
from lms.demo.crowds import Crowd, people
from lms.demo.people import DEMO_PASSWORD
from lms.events import delegations
from lms.events.delegation_models import DelegationDirection, MemberRole
from lms.placements.models import HostFacility
from lms.programs.models import Cohort


@dataclass(frozen=True)
class DemoMember:
    name: str
    organization: str = ""
    role: MemberRole = MemberRole.PARTICIPANT
    #: The email of a demo login, for a member who has one (she then sees the edition and
    #: its program, though neither an alumna nor a trainee); made if it is not there.
    email: str = ""
    #: The country of that account.
    country: str = "JP"


@dataclass(frozen=True)
class DemoVisit:
    day: int
    facility: str = ""
    place: str = ""
    address: str = ""


@dataclass(frozen=True)
class DemoDelegation:
    name: str
    direction: DelegationDirection
    country: str
    members: tuple[DemoMember, ...]
    notes: str = ""
    #: The group's travel, the same for every member (wall-clock times in the edition's zone).
    arrives: dt.datetime | None = None
    arrival_by: str = ""
    departs: dt.datetime | None = None
    departure_by: str = ""
    lodging: str = ""
    visits: tuple[DemoVisit, ...] = ()
    #: More participants named from parts, after ``members`` (a group of 26 is long to list).
    more: Crowd | None = None


def _members(spec: DemoDelegation) -> list[DemoMember]:
    members = list(spec.members)
    if spec.more is not None:
        members += [DemoMember(name=person.name, organization=person.organization)
                    for person in people(spec.more)]
    return members


def seed_delegation(db_session: Session, staff: User, cohort: Cohort,
                    spec: DemoDelegation) -> None:
    delegation = delegations.create_delegation(
        db_session, staff, cohort, delegations.DelegationDetails(
            name=spec.name, direction=spec.direction, country=spec.country, notes=spec.notes))
    for member in _members(spec):
        if member.email and user_by_email(db_session, member.email) is None:
            create_user(db_session, member.email, member.name, DEMO_PASSWORD,
                        country=member.country, locale="en")
        delegations.add_member(db_session, staff, cohort, delegation, delegations.MemberDetails(
            email=member.email, name="" if member.email else member.name, role=member.role,
            organization=member.organization, arrives=_naive(spec.arrives),
            arrival_by=spec.arrival_by, departs=_naive(spec.departs),
            departure_by=spec.departure_by, lodging=spec.lodging))
    names = {visit.facility for visit in spec.visits if visit.facility}
    facilities = dict(db_session.execute(select(HostFacility.name, HostFacility.id).where(
        HostFacility.name.in_(names))).all())
    for visit in spec.visits:
        if visit.facility and visit.facility not in facilities:
            raise RuntimeError(f"{spec.name}: no facility {visit.facility!r} in the register")
        delegations.add_visit(db_session, staff, cohort, delegation, delegations.VisitDetails(
            visited_on=cohort.starts_on + dt.timedelta(days=visit.day - 1),
            facility_id=facilities.get(visit.facility), place=visit.place,
            address=visit.address))


def _naive(moment: dt.datetime | None) -> dt.datetime | None:
    """TOML's local date-times are read as they are: wall-clock times in the edition's zone."""
    return None if moment is None else moment.replace(tzinfo=None)
