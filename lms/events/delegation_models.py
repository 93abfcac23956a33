"""Delegations of an edition: a group received in Japan or sent abroad for a study tour (or any
other event), its members with the travel details staff record, and the places it visits."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import Base, enum_type
from lms.placements.models import HostFacility


class DelegationDirection(enum.StrEnum):
    #: A group from abroad received in Japan.
    INBOUND = "inbound"
    #: A group from Japan visiting another country.
    OUTBOUND = "outbound"


class MemberRole(enum.StrEnum):
    LEADER = "leader"
    INTERPRETER = "interpreter"
    PARTICIPANT = "participant"


class Delegation(Base):
    """A group taking part in an edition together ("Delegation from the Taiwan Fund for
    Children and Families"). ``country`` is the one it comes from (inbound) or goes to
    (outbound)."""

    __tablename__ = "lms_delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    direction: Mapped[DelegationDirection] = mapped_column(
        enum_type(DelegationDirection, "delegation_direction"))
    country: Mapped[str] = mapped_column(String(2))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DelegationMember(Base):
    """A member of a delegation: a person with an account, or only a name (most members of a
    group received from abroad have none). Arrival and departure are stored in UTC and shown in
    the edition's zone."""

    __tablename__ = "lms_delegation_members"
    # The unique constraint's index also serves the lookups by delegation.
    __table_args__ = (
        UniqueConstraint("delegation_id", "user_id"),
        CheckConstraint("user_id IS NOT NULL OR name <> ''", name="member_named"),
        CheckConstraint("departs_at IS NULL OR arrives_at IS NULL OR departs_at > arrives_at",
                        name="travel_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("lms_delegations.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"), index=True)
    #: The name as written for a member without an account; empty for one with an account,
    #: whose name is the account's.
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole, "delegation_member_role"),
                                             default=MemberRole.PARTICIPANT)
    organization: Mapped[str] = mapped_column(String(200), default="")
    arrives_at: Mapped[dt.datetime | None]
    #: The flight or train of the arrival ("CI 100", "Shinkansen Nozomi 21").
    arrival_by: Mapped[str] = mapped_column(String(120), default="")
    departs_at: Mapped[dt.datetime | None]
    departure_by: Mapped[str] = mapped_column(String(120), default="")
    lodging: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.user.display_name if self.user is not None else self.name


class DelegationVisit(Base):
    """A place a delegation visits on a day: a host facility of the register, or a place named
    in words with its address."""

    __tablename__ = "lms_delegation_visits"
    __table_args__ = (
        CheckConstraint("facility_id IS NOT NULL OR place <> ''", name="visit_placed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("lms_delegations.id", ondelete="CASCADE"), index=True)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("lms_host_facilities.id"),
                                                    index=True)
    visited_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")

    facility: Mapped[HostFacility | None] = relationship()
