"""The admissions' part of a person's data: their applications to calls, with the names of
their documents, where their nomination stands, their interview and pre-arrival steps.

The nominator's name, address and statement are the nominator's: only whether and when they
answered is the applicant's. An anonymized application no longer names its applicant, so it
is not found here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from lms.accounts.models import User
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ChecklistItem,
    Interview,
    Nomination,
)
from lms.personal_data import iso


def parts(db_session: Session, user: User) -> dict[str, Any]:
    applications = list(db_session.scalars(
        select(AdmissionApplication)
        .options(joinedload(AdmissionApplication.call).joinedload(AdmissionCall.cohort),
                 selectinload(AdmissionApplication.documents),
                 selectinload(AdmissionApplication.nominations))
        .where(AdmissionApplication.applicant_id == user.id)
        .order_by(AdmissionApplication.created_at, AdmissionApplication.id)))
    own = [application.id for application in applications]
    interviews = {interview.application_id: interview for interview in db_session.scalars(
        select(Interview).where(Interview.application_id.in_(own)))} if own else {}
    steps: dict[int, list[ChecklistItem]] = {}
    for step in db_session.scalars(select(ChecklistItem).where(
            ChecklistItem.application_id.in_(own)).order_by(ChecklistItem.id)) if own else ():
        steps.setdefault(step.application_id, []).append(step)
    return {"admission_applications": [
        _application(application, interviews.get(application.id), steps.get(application.id, []))
        for application in applications]}


def _application(application: AdmissionApplication, interview: Interview | None,
                 steps: list[ChecklistItem]) -> dict[str, Any]:
    return {
        "id": application.id,
        "call": application.call.title,
        "cohort": application.call.cohort.title,
        "status": application.status.value,
        "full_name": application.full_name,
        "date_of_birth": iso(application.date_of_birth),
        "gender": application.gender.value if application.gender else None,
        "country": application.country,
        "phone": application.phone,
        "organization": application.organization,
        "position": application.position,
        "profession": application.profession,
        "years_in_welfare": application.years_in_welfare,
        "languages": application.languages,
        "motivation": application.motivation,
        "nomination_method": (application.nomination_method.value
                              if application.nomination_method else None),
        "nominations": [_nomination(nomination) for nomination in application.nominations],
        "documents": [{"kind": document.kind.value, "name": document.original_name,
                       "content_type": document.content_type, "size": document.size,
                       "uploaded_at": iso(document.uploaded_at)}
                      for document in application.documents],
        "created_at": iso(application.created_at),
        "updated_at": iso(application.updated_at),
        "submitted_at": iso(application.submitted_at),
        "screening_reason": application.screening_reason,
        "decision_message": application.decision_message,
        "decided_at": iso(application.decided_at),
        "waitlist_position": application.waitlist_position,
        "reply_by": iso(application.reply_by),
        "replied_at": iso(application.replied_at),
        "arrival_on": iso(application.arrival_on),
        "arrival_details": application.arrival_details,
        "interview": None if interview is None else {
            "starts_at": iso(interview.starts_at), "minutes": interview.minutes,
            "place": interview.place},
        "pre_arrival_steps": [{"step": step.kind.value, "done_at": iso(step.done_at)}
                              for step in steps],
    }


def _nomination(nomination: Nomination) -> dict[str, Any]:
    return {"asked_at": iso(nomination.sent_at), "expires_at": iso(nomination.expires_at),
            "answered_at": iso(nomination.answered_at), "confirmed": nomination.confirmed,
            "replaced_at": iso(nomination.replaced_at)}
