"""The events' part of a person's data: their registrations, and the editions staff invited
them to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
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
        "status": registration.status.value,
        "registered_at": iso(registration.registered_at),
        "cancelled_at": iso(registration.cancelled_at),
    } for registration, seminar_title in rows]}
