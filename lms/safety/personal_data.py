"""The safety checks' part of a person's data: each check sent to them, and their answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.personal_data import iso
from lms.safety.models import SafetyAnswer, SafetyCheck, SafetyRecipient


def parts(db_session: Session, user: User) -> dict[str, Any]:
    rows = db_session.execute(
        select(SafetyCheck, SafetyAnswer)
        .join(SafetyRecipient, and_(SafetyRecipient.check_id == SafetyCheck.id,
                                    SafetyRecipient.user_id == user.id))
        .outerjoin(SafetyAnswer, and_(SafetyAnswer.check_id == SafetyCheck.id,
                                      SafetyAnswer.user_id == user.id))
        .order_by(SafetyCheck.started_at, SafetyCheck.id)).all()
    return {"safety_checks": [
        {"id": check.id, "message": check.message, "drill": check.is_drill,
         "started_at": iso(check.started_at), "closed_at": iso(check.closed_at),
         "answer": None if given is None else {
             "status": given.status.value, "note": given.note, "where": given.location,
             "answered_at": iso(given.answered_at)}}
        for check, given in rows]}
