"""The concerns part of a person's own data: the concerns she raised, what she wrote and when
their status changed; never the handlers' notes or who handled them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.concerns.models import Concern, ConcernStatusChange
from lms.personal_data import iso


def part(db_session: Session, user: User) -> dict[str, Any]:
    concerns = db_session.scalars(select(Concern).where(Concern.reporter_id == user.id)
                                  .order_by(Concern.id)).all()
    changes: dict[int, list[dict[str, Any]]] = {}
    for change in db_session.scalars(
            select(ConcernStatusChange)
            .join(Concern, Concern.id == ConcernStatusChange.concern_id)
            .where(Concern.reporter_id == user.id)
            .order_by(ConcernStatusChange.at, ConcernStatusChange.id)):
        changes.setdefault(change.concern_id, []).append(
            {"status": change.status.value, "changed_at": iso(change.at)})
    return {"concerns": [
        {"category": concern.category.value,
         "place": concern.place.value if concern.place else None,
         "description": concern.description, "status": concern.status.value,
         "raised_at": iso(concern.created_at), "closed_at": iso(concern.closed_at),
         "status_changes": changes.get(concern.id, [])}
        for concern in concerns]}
