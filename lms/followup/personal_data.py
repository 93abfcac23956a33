"""The follow-up trainings' part of a person's data: their applications to them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.followup.models import FollowUpApplication
from lms.personal_data import iso
from lms.programs.models import Cohort


def parts(db_session: Session, user: User) -> dict[str, Any]:
    rows = db_session.execute(
        select(FollowUpApplication, Cohort.title)
        .join(Cohort, Cohort.id == FollowUpApplication.cohort_id)
        .where(FollowUpApplication.user_id == user.id)
        .order_by(FollowUpApplication.submitted_at, FollowUpApplication.id))
    return {"follow_up_applications": [{
        "id": application.id,
        "cohort": cohort_title,
        "status": application.status.value,
        "motivation": application.motivation,
        "submitted_at": iso(application.submitted_at),
        "decided_at": iso(application.decided_at),
        "withdrawn_at": iso(application.withdrawn_at),
    } for application, cohort_title in rows]}
