"""What the public and applicant pages read: calls open or coming, one's own applications, and
the interview and checklist of one of them. Nothing here counts or names other applicants."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.admissions import access
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationDocument,
    ChecklistItem,
    Interview,
)
from lms.programs.models import Cohort


def _calls():  # type: ignore[no-untyped-def]
    return select(AdmissionCall).options(
        joinedload(AdmissionCall.cohort).joinedload(Cohort.program))


def open_calls(db_session: Session, now: dt.datetime) -> list[AdmissionCall]:
    """Calls taking applications now, the one closing first at the top."""
    return list(db_session.scalars(_calls().where(
        AdmissionCall.opens_at <= now, AdmissionCall.closes_at >= now)
        .order_by(AdmissionCall.closes_at, AdmissionCall.id)))


def coming_calls(db_session: Session, now: dt.datetime) -> list[AdmissionCall]:
    return list(db_session.scalars(_calls().where(AdmissionCall.opens_at > now)
                                   .order_by(AdmissionCall.opens_at, AdmissionCall.id)))


def call_by_id(db_session: Session, call_id: int) -> AdmissionCall | None:
    """Any call: what a call asks for is public, open or not."""
    return db_session.scalar(_calls().where(AdmissionCall.id == call_id))


def applications_of(db_session: Session, user: User) -> list[AdmissionApplication]:
    return list(db_session.scalars(
        select(AdmissionApplication)
        .options(joinedload(AdmissionApplication.call).joinedload(AdmissionCall.cohort))
        .where(AdmissionApplication.applicant_id == user.id)
        .order_by(AdmissionApplication.created_at.desc(), AdmissionApplication.id.desc())))


def application_to(db_session: Session, user: User,
                   call: AdmissionCall) -> AdmissionApplication | None:
    return db_session.scalar(select(AdmissionApplication).where(
        AdmissionApplication.call_id == call.id, AdmissionApplication.applicant_id == user.id))


def interview_of(db_session: Session, application: AdmissionApplication) -> Interview | None:
    return db_session.scalar(select(Interview).where(
        Interview.application_id == application.id))


def checklist_of(db_session: Session, application: AdmissionApplication) -> list[ChecklistItem]:
    return list(db_session.scalars(select(ChecklistItem).where(
        ChecklistItem.application_id == application.id).order_by(ChecklistItem.id)))


def own_document(db_session: Session, actor: User, application_id: int,
                 document_id: int) -> ApplicationDocument | None:
    return db_session.scalar(
        select(ApplicationDocument).join(AdmissionApplication)
        .where(ApplicationDocument.id == document_id,
               ApplicationDocument.application_id == application_id,
               AdmissionApplication.applicant_id == actor.id))


def interview_for(db_session: Session, actor: User,
                  application_id: int) -> Interview | None:
    """The interview of an application, for its applicant, its interviewer or staff; anyone
    else finds nothing."""
    application = access.own_application(db_session, actor, application_id) \
        or access.application_for_staff(db_session, actor, application_id)
    if application is not None:
        return interview_of(db_session, application)
    return db_session.scalar(
        select(Interview).options(joinedload(Interview.application))
        .where(Interview.application_id == application_id,
               Interview.interviewer_id == actor.id))
