"""The applicant's part of the home page: her application in progress, what it still lacks
(documents, nomination) and her nominator's answer, in one query."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationDocument,
    ApplicationStatus,
    ChecklistItem,
    ChecklistItemKind,
    DocumentKind,
    Nomination,
    NominationMethod,
)
from lms.admissions.onboarding import CHECKLIST_LABELS
from lms.admissions.services import DOCUMENT_LABELS
from lms.admissions.workflow import STATUS_LABELS
from lms.clock import utcnow
from lms.home_lists import lists_html
from lms.home_words import words
from lms.homepage import (
    DAYS_AHEAD,
    LISTS_TEMPLATE,
    Entry,
    EntryList,
    Line,
    Lines,
    Pending,
    Section,
    gather,
    line,
)
from lms.i18n import pgettext
from lms.links import link_to
from lms.reviews.home_sections import outstanding_by_group
from lms.security import is_staff

S = ApplicationStatus
#: How many of the oldest things each staff list shows; its count says how many in all.
SHOWN = 5
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


def has_live_application(asked: facts.Asked) -> Any:
    return select(AdmissionApplication.id).where(
        AdmissionApplication.applicant_id == asked.user_id,
        AdmissionApplication.status.in_(LIVE)).exists()


def _applicant_lines(user_id: Any) -> list[Any]:
    live = and_(AdmissionApplication.applicant_id == user_id,
                AdmissionApplication.status.in_(LIVE))
    return [
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
         .where(live, Nomination.replaced_at.is_(None))),
    ]


def applicant_sections(db_session: Session, user: User) -> list[Section]:
    if not facts.holds(db_session, user, APPLICANT):
        return []
    lines = gather(db_session, _applicant_lines, user_id=user.id)
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
    return [Section("applicant", 55, pgettext("admissions", "Your application"),
                    "lms/admissions/home_section.html",
                    {"needs": needs, "document_labels": DOCUMENT_LABELS,
                     "status_labels": STATUS_LABELS}, count=to_do)]


def _staff_lines(now: Any, ahead: Any) -> list[Any]:
    to_screen = AdmissionApplication.status == S.SUBMITTED
    step_open = and_(ChecklistItem.done_at.is_(None),
                     AdmissionApplication.status == S.CONFIRMED)
    next_date = case((AdmissionCall.opens_at > now, AdmissionCall.opens_at),
                     else_=AdmissionCall.closes_at)
    return [
        (line("screen", id=AdmissionApplication.id, title=AdmissionApplication.full_name,
              detail=AdmissionCall.title, at=AdmissionApplication.submitted_at)
         .select_from(AdmissionApplication)
         .join(AdmissionCall, AdmissionCall.id == AdmissionApplication.call_id)
         .where(to_screen).order_by(AdmissionApplication.submitted_at, AdmissionApplication.id)
         .limit(SHOWN)),
        line("screen_count", number=select(func.count()).where(to_screen).scalar_subquery()),
        outstanding_by_group("reviews", AdmissionCall, AdmissionCall.review_scheme_id),
        (line("step", id=AdmissionApplication.id, title=AdmissionApplication.full_name,
              detail=ChecklistItem.kind, at=AdmissionApplication.replied_at)
         .select_from(ChecklistItem)
         .join(AdmissionApplication, AdmissionApplication.id == ChecklistItem.application_id)
         .where(step_open).order_by(AdmissionApplication.replied_at, ChecklistItem.id)
         .limit(SHOWN)),
        line("step_count", number=select(func.count()).select_from(ChecklistItem)
             .join(AdmissionApplication, AdmissionApplication.id == ChecklistItem.application_id)
             .where(step_open).scalar_subquery()),
        (line("call", id=AdmissionCall.id, title=AdmissionCall.title, at=next_date,
              number=case((AdmissionCall.opens_at > now, 1), else_=0))
         .where(or_(AdmissionCall.opens_at.between(now, ahead),
                    AdmissionCall.closes_at.between(now, ahead)))
         .order_by(next_date, AdmissionCall.id)),
    ]


def staff_section() -> Pending:
    """Applications to screen, reviews outstanding per call, onboarding steps open and calls
    opening or closing soon, read with the other staff sections' lines."""
    now = utcnow()
    return Pending(_staff_lines, {"now": now, "ahead": now + dt.timedelta(days=DAYS_AHEAD)},
                   _staff_sections)


def _staff_sections(lines: Lines) -> list[Section]:
    reviews, calls = lines.of("reviews"), lines.of("call")
    # Words looked up once for the section and links built once a list (lms.home_words,
    # lms.links): a lookup or url_for a row cost more than the section's query.
    text = words()
    _, when = text.gettext, text.format_when
    application_url = link_to("lms.admissions_staff.application", "application_id")
    call_url = link_to("lms.admissions_staff.call", "call_id")
    lists = [
        EntryList(_("Applications to screen"),
                  [Entry(row.title or "", application_url(row.id), row.detail, when(row.at))
                   for row in lines.of("screen")],
                  lines.number("screen_count"), _("No admission application waits for screening.")),
        EntryList(_("Selection reviews outstanding"),
                  [Entry(row.title or "", call_url(row.id),
                         text.ngettext("%(num)d review not finished",
                                       "%(num)d reviews not finished", row.number or 0),
                         when(row.at)) for row in reviews],
                  sum(row.number or 0 for row in reviews),
                  _("Every review assigned has been finished."), grouped=True),
        EntryList(_("Onboarding steps open"),
                  [Entry(row.title or "", application_url(row.id),
                         str(CHECKLIST_LABELS.get(ChecklistItemKind(row.detail), row.detail)))
                   for row in lines.of("step")],
                  lines.number("step_count"), _("Every confirmed trainee's steps are done.")),
        EntryList(_("Calls opening or closing in the next %(days)s days", days=DAYS_AHEAD),
                  [Entry(row.title or "", call_url(row.id),
                         _("opens") if row.number else _("closes"), when(row.at))
                   for row in calls],
                  len(calls), _("No call opens or closes in the next %(days)s days.",
                                 days=DAYS_AHEAD)),
    ]
    return [Section("staff-admissions", 43, _("Admissions"), LISTS_TEMPLATE, {"lists": lists},
                    count=lists[0].count + lists[2].count, html=lists_html(lists))]


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    found: list[Section | Pending] = [staff_section()] if is_staff(user) else []
    return found + applicant_sections(db_session, user)
