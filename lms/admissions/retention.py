"""Keeping unsuccessful applications no longer than the call says.

After the call's ``keep_unsuccessful_days`` from the day an application ended unsuccessfully
(or, for a draft never sent, from the day the call closed), its documents are deleted and
everything that names the person is blanked. The row stays with the call, status, country and
gender, so the call's statistics still count it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lms import audit, uploads
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationStatus,
    Interview,
    Nomination,
)
from lms.admissions.workflow import UNSUCCESSFUL
from lms.clock import utcnow
from lms.reviews.models import Review, ReviewAssignment, ReviewSubject


@dataclass
class RetentionReport:
    anonymized: int = 0
    documents_deleted: int = 0


def due_for_anonymizing(db_session: Session, now: dt.datetime) -> list[AdmissionApplication]:
    rows = db_session.execute(
        select(AdmissionApplication, AdmissionCall)
        .join(AdmissionCall, AdmissionCall.id == AdmissionApplication.call_id)
        .where(AdmissionApplication.anonymized_at.is_(None),
               AdmissionApplication.status.in_((*UNSUCCESSFUL, ApplicationStatus.DRAFT)))
        .order_by(AdmissionApplication.id)).all()
    due = []
    for application, call in rows:
        if application.status == ApplicationStatus.DRAFT:
            ended = call.closes_at
        else:
            ended = application.ended_at or application.updated_at
        if ended + dt.timedelta(days=call.keep_unsuccessful_days) <= now:
            due.append(application)
    return due


def apply_retention(db_session: Session, now: dt.datetime | None = None,
                    dry_run: bool = False) -> RetentionReport:
    report = RetentionReport()
    for application in due_for_anonymizing(db_session, now or utcnow()):
        report.anonymized += 1
        report.documents_deleted += len(application.documents)
        if not dry_run:
            anonymize(db_session, application)
    return report


def anonymize(db_session: Session, application: AdmissionApplication) -> None:
    stored_names = [document.stored_name for document in application.documents]
    application.documents.clear()
    db_session.execute(delete(Nomination).where(Nomination.application_id == application.id))
    db_session.execute(delete(Interview).where(Interview.application_id == application.id))
    subject_id = application.review_subject_id
    application.review_subject_id = None
    application.applicant_id = None
    application.full_name = ""
    application.date_of_birth = None
    application.phone = ""
    application.organization = ""
    application.position = ""
    application.profession = ""
    application.languages = []
    application.motivation = ""
    application.screening_reason = ""
    application.decision_message = ""
    application.arrival_details = ""
    application.anonymized_at = utcnow()
    db_session.flush()
    if subject_id is not None:
        # The committee's scores and comments are about the person too.
        assignment_ids = select(ReviewAssignment.id).where(
            ReviewAssignment.subject_id == subject_id)
        db_session.execute(delete(Review).where(Review.assignment_id.in_(assignment_ids)))
        db_session.execute(delete(ReviewAssignment).where(
            ReviewAssignment.subject_id == subject_id))
        db_session.execute(delete(ReviewSubject).where(ReviewSubject.id == subject_id))
    db_session.expire(application)
    audit.record(db_session, None, "admission_application_anonymized", application,
                 after={"documents_deleted": len(stored_names)})
    for name in stored_names:
        uploads.remove_when_committed(db_session, name)
