"""Read models for the delegation pages, the roster, and a facility's visits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from lms.accounts.models import User
from lms.events.delegation_models import (
    Delegation,
    DelegationMember,
    DelegationVisit,
    MemberRole,
)
from lms.names import name_column
from lms.placements.models import HostFacility
from lms.programs.models import Cohort

#: Leaders first, then interpreters, then everyone else.
_ROLE_ORDER = case({MemberRole.LEADER: 0, MemberRole.INTERPRETER: 1},
                   value=DelegationMember.role, else_=2)


def _member_name() -> ColumnElement[str]:
    return func.coalesce(User.display_name, DelegationMember.name)


# An edition's delegations ---------------------------------------------------------------------


@dataclass(frozen=True)
class DelegationRow:
    delegation: Delegation
    members: int
    visits: int


def delegations_of(db_session: Session, cohort: Cohort) -> list[DelegationRow]:
    """The edition's delegations by name, each with how many members and visits it has, in
    one query."""
    members = (select(func.count(DelegationMember.id))
               .where(DelegationMember.delegation_id == Delegation.id)
               .correlate(Delegation).scalar_subquery())
    visits = (select(func.count(DelegationVisit.id))
              .where(DelegationVisit.delegation_id == Delegation.id)
              .correlate(Delegation).scalar_subquery())
    rows = db_session.execute(select(Delegation, members, visits)
                              .where(Delegation.cohort_id == cohort.id)
                              .order_by(Delegation.name, Delegation.id)).all()
    return [DelegationRow(delegation, count, visit_count)
            for delegation, count, visit_count in rows]


def delegation_in(db_session: Session, cohort: Cohort, delegation_id: int) -> Delegation | None:
    """A delegation by id; one of another edition finds nothing."""
    return db_session.scalar(select(Delegation).where(Delegation.id == delegation_id,
                                                      Delegation.cohort_id == cohort.id))


def member_in(db_session: Session, delegation: Delegation,
              member_id: int) -> DelegationMember | None:
    return db_session.scalar(
        select(DelegationMember).options(joinedload(DelegationMember.user))
        .where(DelegationMember.id == member_id,
               DelegationMember.delegation_id == delegation.id))


def visit_in(db_session: Session, delegation: Delegation,
             visit_id: int) -> DelegationVisit | None:
    return db_session.scalar(select(DelegationVisit).where(
        DelegationVisit.id == visit_id, DelegationVisit.delegation_id == delegation.id))


def my_delegation(db_session: Session, cohort: Cohort, user: User) -> Delegation | None:
    """The delegation of this edition ``user`` is a member of (one at most)."""
    return db_session.scalar(
        select(Delegation).join(DelegationMember, DelegationMember.delegation_id == Delegation.id)
        .where(Delegation.cohort_id == cohort.id, DelegationMember.user_id == user.id))


# One delegation -------------------------------------------------------------------------------


def _members() -> Select[tuple[DelegationMember]]:
    return (select(DelegationMember)
            .outerjoin(User, User.id == DelegationMember.user_id)
            .options(contains_eager(DelegationMember.user).lazyload(User.role_grants)))


@dataclass(frozen=True)
class DelegationPage:
    delegation: Delegation
    members: list[DelegationMember]
    visits: list[DelegationVisit]


def delegation_page(db_session: Session, delegation: Delegation) -> DelegationPage:
    """The members (leaders first, then by name) and the visits (by day), in two queries."""
    members = db_session.scalars(
        _members().where(DelegationMember.delegation_id == delegation.id)
        .order_by(_ROLE_ORDER, _member_name(), DelegationMember.id)).all()
    visits = db_session.scalars(
        select(DelegationVisit)
        .outerjoin(HostFacility, HostFacility.id == DelegationVisit.facility_id)
        .options(contains_eager(DelegationVisit.facility))
        .where(DelegationVisit.delegation_id == delegation.id)
        .order_by(DelegationVisit.visited_on, DelegationVisit.id)).all()
    return DelegationPage(delegation, list(members), list(visits))


# The roster -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterGroup:
    delegation: Delegation
    members: list[DelegationMember]


def roster(db_session: Session, cohort: Cohort) -> list[RosterGroup]:
    """Every member of the edition's delegations, grouped by delegation (by name), leaders
    first, in one query: the roster staff print and export. Delegations without members are
    left out: nobody to meet."""
    rows = db_session.execute(
        _members().add_columns(Delegation)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.cohort_id == cohort.id)
        .order_by(Delegation.name, Delegation.id, _ROLE_ORDER, _member_name(),
                  DelegationMember.id)).all()
    return [RosterGroup(delegation, [member for member, _ in group])
            for delegation, group in groupby(rows, key=lambda row: row[1])]


# A facility's visits --------------------------------------------------------------------------


@dataclass(frozen=True)
class FacilityVisit:
    visited_on: dt.date
    delegation: Delegation
    cohort: Cohort


def visits_to(db_session: Session, facility_id: int) -> Sequence[FacilityVisit]:
    """The delegations that visited a facility of the register, latest first, with their
    editions, in one query."""
    rows = db_session.execute(
        select(DelegationVisit.visited_on, Delegation, Cohort)
        .join(Delegation, Delegation.id == DelegationVisit.delegation_id)
        .join(Cohort, Cohort.id == Delegation.cohort_id)
        .options(joinedload(Cohort.program))
        .where(DelegationVisit.facility_id == facility_id)
        .order_by(DelegationVisit.visited_on.desc(), DelegationVisit.id.desc())).all()
    return [FacilityVisit(visited_on, delegation, cohort)
            for visited_on, delegation, cohort in rows]


def facility_choices(db_session: Session) -> list[tuple[int, str]]:
    """The register's facilities for a visit's list, by name in the reader's language."""
    name = name_column(HostFacility)
    return [(facility_id, text) for facility_id, text in db_session.execute(
        select(HostFacility.id, name).order_by(name, HostFacility.id))]
