"""The Japanese-language track's part of a person's data: the levels recorded for her."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.language.models import LevelRecord
from lms.personal_data import iso
from lms.programs.models import Enrollment


def parts(db_session: Session, user: User) -> dict[str, Any]:
    records = db_session.scalars(
        select(LevelRecord).join(Enrollment, Enrollment.id == LevelRecord.enrollment_id)
        .where(Enrollment.user_id == user.id)
        .order_by(LevelRecord.assessed_on, LevelRecord.id))
    return {"japanese_levels": [{
        "enrollment_id": record.enrollment_id,
        "level": record.level.value,
        "checkpoint": record.checkpoint.value,
        "assessed_on": iso(record.assessed_on),
        "note": record.note,
        "recorded_at": iso(record.recorded_at),
    } for record in records]}
