"""Before arrival: the confirmed applicant, now a trainee of the cohort, gives their arrival
date and sends their health certificate; staff tick each step of the checklist as it is done."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.admissions.models import (
    AdmissionApplication,
    ApplicationStatus,
    ChecklistItem,
    ChecklistItemKind,
)
from lms.clock import utcnow
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l, format_day
from lms.security import require_staff

CHECKLIST_LABELS = {
    ChecklistItemKind.TRAVEL_DOCUMENTS: _l("Passport and visa"),
    ChecklistItemKind.HEALTH_CERTIFICATE: _l("Health certificate"),
    ChecklistItemKind.ARRIVAL_DATE: _l("Arrival date and flight"),
}


def set_arrival(db_session: Session, actor: User, application: AdmissionApplication,
                arrival_on: dt.date | None, details: str) -> None:
    if application.applicant_id != actor.id:
        raise NotAllowed(_l("Only the trainee can give their arrival."))
    if application.status != ApplicationStatus.CONFIRMED:
        raise ServiceError(_l("The arrival is given once the place is confirmed."))
    cohort = application.call.cohort
    if arrival_on is None:
        raise ServiceError(_l("Give the date you arrive in Japan."), field="arrival_on")
    if not cohort.starts_on - dt.timedelta(days=60) <= arrival_on <= cohort.starts_on:
        raise ServiceError(_l("Arrive on or before the first day, %(day)s, and at most 60 days "
                              "before it.", day=format_day(cohort.starts_on)),
                           field="arrival_on")
    application.arrival_on = arrival_on
    application.arrival_details = details.strip()[:2000]
    application.updated_at = utcnow()
    db_session.flush()
    audit.record(db_session, actor, "admission_arrival_given", application,
                 after={"arrival_on": arrival_on.isoformat()})


def tick(db_session: Session, actor: User, item: ChecklistItem, done: bool, note: str) -> None:
    require_staff(actor)
    before = {"done": item.done_at is not None, "note": item.note}
    item.done_at = utcnow() if done else None
    item.done_by_id = actor.id if done else None
    item.note = note.strip()[:2000]
    db_session.flush()
    audit.record(db_session, actor, "admission_checklist_ticked", item.application,
                 before=before, after={"kind": item.kind.value, "done": done,
                                       "note": item.note})
