"""Keeping the personal data of an event's participants who are not alumni no longer than the
edition says.

Someone let in by an edition open to anyone with a confirmed address declares the
organization she comes from; ``retention_days`` after the edition's last day that is erased.
The registration stays with its country and status, so the counts per country still hold, and
the person's account is hers, not the event's, and stays. Alumni and trainees declare nothing:
what the program knows of them is kept by the program's own rules.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import audit
from lms.clock import utcnow
from lms.events.models import Edition, Registration
from lms.programs.models import Cohort


def due_for_anonymizing(db_session: Session, now: dt.datetime) -> list[Registration]:
    """Registrations with declared data whose edition ended more than its retention time ago
    (counted in whole days from the end of its last day, in UTC: a day late rather than
    early)."""
    rows = db_session.execute(
        select(Registration, Cohort.ends_on, Edition.retention_days)
        .join(Cohort, Cohort.id == Registration.cohort_id)
        .join(Edition, Edition.cohort_id == Registration.cohort_id)
        .where(Registration.anonymized_at.is_(None), Registration.organization.is_not(None))
        .order_by(Registration.id)).all()
    today = now.date()
    return [registration for registration, ends_on, days in rows
            if ends_on + dt.timedelta(days=days) < today]


def apply_retention(db_session: Session, now: dt.datetime | None = None,
                    dry_run: bool = False) -> int:
    """Anonymize what is due; the count of registrations (due, when ``dry_run``)."""
    due = due_for_anonymizing(db_session, now or utcnow())
    if not dry_run:
        for registration in due:
            registration.organization = None
            registration.anonymized_at = utcnow()
            db_session.flush()
            audit.record(db_session, None, "seminar_registration_anonymized", registration,
                         after={"country": registration.country})
    return len(due)
