"""The applicant's part of the home page: her application in progress, what it still lacks
(documents, nomination) and her nominator's answer, in one query."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Text, and_, case, cast, select
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationDocument,
    ApplicationStatus,
    DocumentKind,
    Nomination,
    NominationMethod,
)
from lms.admissions.services import DOCUMENT_LABELS
from lms.admissions.workflow import STATUS_LABELS
from lms.homepage import Line, Section, gather, line
from lms.i18n import _

S = ApplicationStatus
#: An application still in play: the applicant has something to do or to wait for.
LIVE = (S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.WAITLISTED, S.SELECTED)


@dataclass
class ApplicationNeeds:
    application: Line
    missing_documents: list[DocumentKind] = field(default_factory=list)
    nomination_method: str | None = None
    nominator: Line | None = None

    @property
    def is_draft(self) -> bool:
        return self.application.detail == S.DRAFT

    @property
    def nomination_missing(self) -> bool:
        if self.nomination_method == NominationMethod.LETTER:
            return DocumentKind.NOMINATION_LETTER in self.missing_documents
        return self.nominator is None


#: The fact (lms.facts) that a person has an application in play.
APPLICANT = "applicant"


def has_live_application(user: User) -> Any:
    return select(AdmissionApplication.id).where(
        AdmissionApplication.applicant_id == user.id,
        AdmissionApplication.status.in_(LIVE)).exists()


def sections(db_session: Session, user: User) -> list[Section]:
    if not facts.holds(db_session, user, APPLICANT):
        return []
    live = and_(AdmissionApplication.applicant_id == user.id,
                AdmissionApplication.status.in_(LIVE))
    lines = gather(
        db_session,
        (line("application", id=AdmissionApplication.id, title=AdmissionCall.title,
              detail=AdmissionApplication.status, at=AdmissionCall.closes_at)
         .select_from(AdmissionApplication)
         .join(AdmissionCall, AdmissionCall.id == AdmissionApplication.call_id).where(live)),
        # What the call asks for and how she is nominated: compared with her documents below.
        (line("asks", id=AdmissionApplication.id,
              title=cast(AdmissionCall.required_documents, Text),
              detail=AdmissionApplication.nomination_method)
         .select_from(AdmissionApplication)
         .join(AdmissionCall, AdmissionCall.id == AdmissionApplication.call_id).where(live)),
        (line("document", id=ApplicationDocument.application_id, detail=ApplicationDocument.kind)
         .select_from(ApplicationDocument)
         .join(AdmissionApplication, AdmissionApplication.id == ApplicationDocument.application_id)
         .where(live)),
        (line("nominator", id=Nomination.application_id, title=Nomination.name,
              at=Nomination.answered_at,
              number=case((Nomination.confirmed.is_(True), 1),
                          (Nomination.confirmed.is_(False), 0)))
         .select_from(Nomination)
         .join(AdmissionApplication, AdmissionApplication.id == Nomination.application_id)
         .where(live, Nomination.replaced_at.is_(None))))
    applications = lines.of("application")
    if not applications:
        return []
    documents = {(row.id, row.detail) for row in lines.of("document")}
    asks = {row.id: row for row in lines.of("asks")}
    nominators = {row.id: row for row in lines.of("nominator")}
    needs = []
    for application in applications:
        asked = asks[application.id]
        required = [DocumentKind(kind) for kind in json.loads(asked.title or "[]")]
        if asked.detail == NominationMethod.LETTER:
            required.append(DocumentKind.NOMINATION_LETTER)
        needs.append(ApplicationNeeds(
            application, [kind for kind in required if (application.id, kind) not in documents],
            asked.detail, nominators.get(application.id)))
    to_do = sum(1 for need in needs if need.is_draft)
    return [Section("applicant", 55, _("Your application"), "lms/admissions/home_section.html",
                    {"needs": needs, "document_labels": DOCUMENT_LABELS,
                     "status_labels": STATUS_LABELS}, count=to_do)]
