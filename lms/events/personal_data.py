"""The seminars' part of a person's data: their registrations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.events.models import Registration
from lms.personal_data import iso
from lms.programs.models import Cohort


def parts(db_session: Session, user: User) -> dict[str, Any]:
    rows = db_session.execute(
        select(Registration, Cohort.title)
        .join(Cohort, Cohort.id == Registration.cohort_id)
        .where(Registration.user_id == user.id)
        .order_by(Registration.registered_at, Registration.id))
    return {"seminar_registrations": [{
        "id": registration.id,
        "seminar": seminar_title,
        "country": registration.country,
        "status": registration.status.value,
        "registered_at": iso(registration.registered_at),
        "cancelled_at": iso(registration.cancelled_at),
    } for registration, seminar_title in rows]}
