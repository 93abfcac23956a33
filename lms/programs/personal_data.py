"""The programs' part of a person's data: their places in cohorts, as trainee or mentor."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.personal_data import iso
from lms.programs.models import Cohort, Enrollment


def parts(db_session: Session, user: User) -> dict[str, Any]:
    enrollments = db_session.scalars(
        select(Enrollment)
        .options(joinedload(Enrollment.cohort).joinedload(Cohort.program))
        .where(Enrollment.user_id == user.id)
        .order_by(Enrollment.enrolled_at, Enrollment.id))
    return {"enrollments": [{
        "id": enrollment.id,
        "program": enrollment.cohort.program.title,
        "cohort": enrollment.cohort.title,
        "cohort_starts_on": iso(enrollment.cohort.starts_on),
        "cohort_ends_on": iso(enrollment.cohort.ends_on),
        "role": enrollment.role.value,
        "status": enrollment.status.value,
        "affiliation": enrollment.affiliation,
        "country": enrollment.country,
        "enrolled_at": iso(enrollment.enrolled_at),
        "withdrawn_on": iso(enrollment.withdrawn_on),
        "withdrawal_reason": enrollment.withdrawal_reason,
    } for enrollment in enrollments]}
