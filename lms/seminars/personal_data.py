"""The seminars' part of a person's data: their registrations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.personal_data import iso
from lms.programs.models import Cohort
from lms.seminars.models import SeminarRegistration


def parts(db_session: Session, user: User) -> dict[str, Any]:
    rows = db_session.execute(
        select(SeminarRegistration, Cohort.title)
        .join(Cohort, Cohort.id == SeminarRegistration.cohort_id)
        .where(SeminarRegistration.user_id == user.id)
        .order_by(SeminarRegistration.registered_at, SeminarRegistration.id))
    return {"seminar_registrations": [{
        "id": registration.id,
        "seminar": seminar_title,
        "country": registration.country,
        "status": registration.status.value,
        "registered_at": iso(registration.registered_at),
        "cancelled_at": iso(registration.cancelled_at),
    } for registration, seminar_title in rows]}
