"""The events' part of a person's data: their registrations, their places in delegations
(with the travel details staff recorded for them), and the editions staff invited them to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.events.delegation_models import Delegation, DelegationMember
from lms.events.models import Invitation, Registration
from lms.personal_data import iso
from lms.programs.models import Cohort


def parts(db_session: Session, user: User) -> dict[str, Any]:
    rows = db_session.execute(
        select(Registration, Cohort.title)
        .join(Cohort, Cohort.id == Registration.cohort_id)
        .where(Registration.user_id == user.id)
        .order_by(Registration.registered_at, Registration.id))
    invited = db_session.execute(
        select(Invitation, Cohort.title).join(Cohort, Cohort.id == Invitation.cohort_id)
        .where(Invitation.user_id == user.id).order_by(Invitation.invited_at, Invitation.id))
    return {"event_invitations": [{
        "id": invitation.id, "event": title, "invited_at": iso(invitation.invited_at),
    } for invitation, title in invited], "seminar_registrations": [{
        "id": registration.id,
        "seminar": seminar_title,
        "country": registration.country,
        "organization": registration.organization,
        "came_as": registration.came_as,
        "status": registration.status.value,
        "registered_at": iso(registration.registered_at),
        "cancelled_at": iso(registration.cancelled_at),
    } for registration, seminar_title in rows],
        "delegation_memberships": _memberships(db_session, user)}


def _memberships(db_session: Session, user: User) -> list[dict[str, Any]]:
    """The person's own rows only: the delegation's name and the edition, never the other
    members (their names are theirs)."""
    rows = db_session.execute(
        select(DelegationMember, Delegation, Cohort.title)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .join(Cohort, Cohort.id == Delegation.cohort_id)
        .where(DelegationMember.user_id == user.id)
        .order_by(Cohort.starts_on, DelegationMember.id))
    return [{
        "id": member.id,
        "edition": edition_title,
        "delegation": delegation.name,
        "direction": delegation.direction.value,
        "country": delegation.country,
        "role": member.role.value,
        "organization": member.organization,
        "arrives_at": iso(member.arrives_at),
        "arrival_transport": member.arrival_by,
        "departs_at": iso(member.departs_at),
        "departure_transport": member.departure_by,
        "lodging": member.lodging,
    } for member, delegation, edition_title in rows]
