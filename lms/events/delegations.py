"""Delegations of an edition: groups received in Japan or sent abroad, their members and the
places they visit.

Only program staff record them. A member with an account sees her own delegation (its members
and their roles, her own travel details, the visits); nobody else but staff does. A person is
a member of one delegation of an edition at most, so "her delegation" is never ambiguous.
A cancelled edition's delegations no longer change. Every change writes an audit event in the
same transaction; services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.clock import local_to_utc
from lms.errors import NotAllowed, ServiceError
from lms.events.delegation_models import (
    Delegation,
    DelegationDirection,
    DelegationMember,
    DelegationVisit,
    MemberRole,
)
from lms.i18n import _l, country_names, format_day
from lms.placements.models import HostFacility
from lms.programs.models import Cohort, CohortStatus
from lms.security import is_staff, require_staff

DIRECTION_LABELS = {
    DelegationDirection.INBOUND: _l("Received in Japan"),
    DelegationDirection.OUTBOUND: _l("Visiting from Japan"),
}

ROLE_LABELS = {
    MemberRole.LEADER: _l("Leader"),
    MemberRole.INTERPRETER: _l("Interpreter"),
    MemberRole.PARTICIPANT: _l("Participant"),
}

NOT_YOURS = _l("Only program staff and the delegation's members can see a delegation.")


def _require_changeable(cohort: Cohort) -> None:
    if cohort.status == CohortStatus.CANCELLED:
        raise ServiceError(_l("This edition is cancelled: its delegations can no longer be "
                              "changed."))


def _require_in(cohort: Cohort, delegation: Delegation) -> None:
    if delegation.cohort_id != cohort.id:
        raise ServiceError(_l("This delegation belongs to another edition."))


def may_see(db_session: Session, viewer: User, delegation: Delegation) -> bool:
    """Staff, and the delegation's members with an account."""
    if is_staff(viewer):
        return True
    return db_session.scalar(select(DelegationMember.id).where(
        DelegationMember.delegation_id == delegation.id,
        DelegationMember.user_id == viewer.id)) is not None


def require_may_see(db_session: Session, viewer: User, delegation: Delegation) -> None:
    if not may_see(db_session, viewer, delegation):
        raise NotAllowed(NOT_YOURS)


# The delegation -------------------------------------------------------------------------------


@dataclass
class DelegationDetails:
    name: str
    direction: DelegationDirection
    country: str
    notes: str = ""


def _delegation_snapshot(delegation: Delegation) -> dict[str, Any]:
    return {"name": delegation.name, "direction": str(delegation.direction),
            "country": delegation.country, "notes": delegation.notes}


def _apply_delegation(delegation: Delegation, details: DelegationDetails) -> None:
    name = details.name.strip()
    if not name:
        raise ServiceError(_l("Give the delegation a name."), field="name")
    country = details.country.strip().upper()
    if country not in dict(country_names("en")):
        raise ServiceError(_l("Choose the country from the list."), field="country")
    if country == "JP":
        raise ServiceError(_l("Choose the country the delegation comes from or goes to: not "
                              "Japan, where the council receives and sends them."),
                           field="country")
    delegation.name, delegation.country = name, country
    delegation.direction = details.direction
    delegation.notes = details.notes.strip()


def create_delegation(db_session: Session, actor: User, cohort: Cohort,
                      details: DelegationDetails) -> Delegation:
    require_staff(actor)
    _require_changeable(cohort)
    delegation = Delegation(cohort_id=cohort.id)
    _apply_delegation(delegation, details)
    db_session.add(delegation)
    db_session.flush()
    audit.record(db_session, actor, "delegation_created", delegation,
                 after={"cohort_id": cohort.id, **_delegation_snapshot(delegation)})
    return delegation


def update_delegation(db_session: Session, actor: User, cohort: Cohort, delegation: Delegation,
                      details: DelegationDetails) -> None:
    require_staff(actor)
    _require_in(cohort, delegation)
    _require_changeable(cohort)
    before = _delegation_snapshot(delegation)
    _apply_delegation(delegation, details)
    db_session.flush()
    if _delegation_snapshot(delegation) != before:
        audit.record(db_session, actor, "delegation_changed", delegation, before=before,
                     after=_delegation_snapshot(delegation))


# Members --------------------------------------------------------------------------------------


@dataclass
class MemberDetails:
    """A member by the email address of her account, or else by her name. Arrival and
    departure are wall-clock times in the edition's zone."""

    email: str
    name: str
    role: MemberRole
    organization: str = ""
    arrives: dt.datetime | None = None
    arrival_by: str = ""
    departs: dt.datetime | None = None
    departure_by: str = ""
    lodging: str = ""


def _member_snapshot(member: DelegationMember) -> dict[str, Any]:
    return {"user_id": member.user_id, "name": member.name, "role": str(member.role),
            "organization": member.organization,
            "arrives_at": member.arrives_at.isoformat() if member.arrives_at else None,
            "arrival_by": member.arrival_by,
            "departs_at": member.departs_at.isoformat() if member.departs_at else None,
            "departure_by": member.departure_by, "lodging": member.lodging}


def _account(db_session: Session, cohort: Cohort, member: DelegationMember,
             email: str) -> User | None:
    """The account named by ``email`` (None for none), refused if it is unknown or already a
    member of a delegation of this edition (this one included)."""
    email = email.strip()
    if not email:
        return None
    user = user_by_email(db_session, email)
    if user is None:
        raise ServiceError(_l("No account has this email address. Leave it empty and give the "
                              "member's name instead."), field="email")
    taken = db_session.execute(
        select(DelegationMember.id, Delegation.name)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.cohort_id == cohort.id, DelegationMember.user_id == user.id)).first()
    if taken is not None and taken.id != member.id:
        raise ServiceError(_l("%(name)s is already a member of %(delegation)s in this edition.",
                              name=user.display_name, delegation=taken.name), field="email")
    return user


def _moment(cohort: Cohort, local: dt.datetime | None, field: str) -> dt.datetime | None:
    if local is None:
        return None
    return local_to_utc(local.replace(tzinfo=None), cohort.zone, field).utc


def _apply_member(db_session: Session, cohort: Cohort, member: DelegationMember,
                  details: MemberDetails) -> None:
    user = _account(db_session, cohort, member, details.email)
    name = details.name.strip()
    if user is None and not name:
        raise ServiceError(_l("Give the member's name, or the email address of her account."),
                           field="name")
    arrives = _moment(cohort, details.arrives, "arrives")
    departs = _moment(cohort, details.departs, "departs")
    if arrives is not None and departs is not None and departs <= arrives:
        raise ServiceError(_l("The departure must come after the arrival."), field="departs")
    member.user_id = user.id if user else None
    member.user = user
    # A member with an account goes by the account's name, which she keeps up to date.
    member.name = "" if user else name
    member.role = details.role
    member.organization = details.organization.strip()
    member.arrives_at, member.departs_at = arrives, departs
    member.arrival_by = details.arrival_by.strip()
    member.departure_by = details.departure_by.strip()
    member.lodging = details.lodging.strip()


def add_member(db_session: Session, actor: User, cohort: Cohort, delegation: Delegation,
               details: MemberDetails) -> DelegationMember:
    require_staff(actor)
    _require_in(cohort, delegation)
    _require_changeable(cohort)
    member = DelegationMember(delegation_id=delegation.id)
    _apply_member(db_session, cohort, member, details)
    db_session.add(member)
    db_session.flush()
    audit.record(db_session, actor, "delegation_member_added", member,
                 after={"delegation_id": delegation.id, **_member_snapshot(member)})
    return member


def _require_member_of(delegation: Delegation, member: DelegationMember) -> None:
    if member.delegation_id != delegation.id:
        raise ServiceError(_l("This member belongs to another delegation."))


def update_member(db_session: Session, actor: User, cohort: Cohort, delegation: Delegation,
                  member: DelegationMember, details: MemberDetails) -> None:
    require_staff(actor)
    _require_in(cohort, delegation)
    _require_member_of(delegation, member)
    _require_changeable(cohort)
    before = _member_snapshot(member)
    _apply_member(db_session, cohort, member, details)
    db_session.flush()
    if _member_snapshot(member) != before:
        audit.record(db_session, actor, "delegation_member_changed", member, before=before,
                     after=_member_snapshot(member))


def remove_member(db_session: Session, actor: User, cohort: Cohort, delegation: Delegation,
                  member: DelegationMember) -> None:
    require_staff(actor)
    _require_in(cohort, delegation)
    _require_member_of(delegation, member)
    _require_changeable(cohort)
    audit.record(db_session, actor, "delegation_member_removed", member,
                 before={"delegation_id": delegation.id, **_member_snapshot(member)})
    db_session.delete(member)
    db_session.flush()


# Visits ---------------------------------------------------------------------------------------


@dataclass
class VisitDetails:
    """A facility of the register, or a place named in words with its address."""

    visited_on: dt.date
    facility_id: int | None = None
    place: str = ""
    address: str = ""


def _visit_snapshot(visit: DelegationVisit) -> dict[str, Any]:
    return {"visited_on": visit.visited_on.isoformat(), "facility_id": visit.facility_id,
            "place": visit.place, "address": visit.address}


def _apply_visit(db_session: Session, cohort: Cohort, visit: DelegationVisit,
                 details: VisitDetails) -> None:
    if not cohort.starts_on <= details.visited_on <= cohort.ends_on:
        raise ServiceError(_l("Choose a day of the edition, from %(first)s to %(last)s.",
                              first=format_day(cohort.starts_on),
                              last=format_day(cohort.ends_on)), field="visited_on")
    place = details.place.strip()
    facility = db_session.get(HostFacility, details.facility_id) \
        if details.facility_id is not None else None
    if details.facility_id is not None and facility is None:
        raise ServiceError(_l("Choose a facility from the list."), field="facility_id")
    if facility is not None and place:
        raise ServiceError(_l("Choose a facility of the register or name a place, not both."),
                           field="place")
    if facility is None and not place:
        raise ServiceError(_l("Choose a facility of the register, or name the place visited."),
                           field="facility_id")
    visit.visited_on = details.visited_on
    visit.facility_id = facility.id if facility else None
    visit.facility = facility
    visit.place = place
    # A facility's address is the register's; a named place brings its own.
    visit.address = "" if facility else details.address.strip()


def add_visit(db_session: Session, actor: User, cohort: Cohort, delegation: Delegation,
              details: VisitDetails) -> DelegationVisit:
    require_staff(actor)
    _require_in(cohort, delegation)
    _require_changeable(cohort)
    visit = DelegationVisit(delegation_id=delegation.id)
    _apply_visit(db_session, cohort, visit, details)
    db_session.add(visit)
    db_session.flush()
    audit.record(db_session, actor, "delegation_visit_added", visit,
                 after={"delegation_id": delegation.id, **_visit_snapshot(visit)})
    return visit


def _require_visit_of(delegation: Delegation, visit: DelegationVisit) -> None:
    if visit.delegation_id != delegation.id:
        raise ServiceError(_l("This visit belongs to another delegation."))


def update_visit(db_session: Session, actor: User, cohort: Cohort, delegation: Delegation,
                 visit: DelegationVisit, details: VisitDetails) -> None:
    require_staff(actor)
    _require_in(cohort, delegation)
    _require_visit_of(delegation, visit)
    _require_changeable(cohort)
    before = _visit_snapshot(visit)
    _apply_visit(db_session, cohort, visit, details)
    db_session.flush()
    if _visit_snapshot(visit) != before:
        audit.record(db_session, actor, "delegation_visit_changed", visit, before=before,
                     after=_visit_snapshot(visit))


def remove_visit(db_session: Session, actor: User, cohort: Cohort, delegation: Delegation,
                 visit: DelegationVisit) -> None:
    require_staff(actor)
    _require_in(cohort, delegation)
    _require_visit_of(delegation, visit)
    _require_changeable(cohort)
    audit.record(db_session, actor, "delegation_visit_removed", visit,
                 before={"delegation_id": delegation.id, **_visit_snapshot(visit)})
    db_session.delete(visit)
    db_session.flush()
