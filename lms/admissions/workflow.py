"""The life of an admission application; a move not listed here is refused.

    draft        → submitted | withdrawn                          (the applicant)
    submitted    → eligible | ineligible | withdrawn              (staff screen; the applicant)
    eligible     → selected | waitlisted | not_selected | withdrawn
    waitlisted   → selected | not_selected | withdrawn            (staff, or moving up)
    selected     → confirmed | declined                           (the applicant, by the deadline)

Every move writes an audit event in the same transaction. ``ended_at`` marks the move into a
final state, from which the call's retention time is counted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.admissions.models import AdmissionApplication, ApplicationStatus
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.i18n import _l, lazy_pgettext
from lms.reviews import tally

S = ApplicationStatus

TRANSITIONS: dict[ApplicationStatus, set[ApplicationStatus]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    S.ELIGIBLE: {S.SELECTED, S.WAITLISTED, S.NOT_SELECTED, S.WITHDRAWN},
    S.WAITLISTED: {S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN},
    S.SELECTED: {S.CONFIRMED, S.DECLINED},
    S.INELIGIBLE: set(),
    S.NOT_SELECTED: set(),
    S.CONFIRMED: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
}

#: Places are taken by those selected and those who confirmed.
HOLDS_PLACE = (S.SELECTED, S.CONFIRMED)
#: Ends that free the person's data for deletion after the call's retention time.
UNSUCCESSFUL = (S.INELIGIBLE, S.NOT_SELECTED, S.DECLINED, S.WITHDRAWN)
#: The applicant may still step back.
WITHDRAWABLE = (S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.WAITLISTED)
#: Sent and not yet decided.
SENT = (S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED,
        S.CONFIRMED, S.DECLINED)

STATUS_LABELS = {
    S.DRAFT: _l("draft"),
    S.SUBMITTED: _l("submitted, waiting for screening"),
    S.ELIGIBLE: _l("eligible, with the selection committee"),
    S.INELIGIBLE: _l("not eligible"),
    S.SELECTED: _l("selected"),
    S.WAITLISTED: _l("on the waiting list"),
    S.NOT_SELECTED: _l("not selected"),
    S.CONFIRMED: _l("place confirmed"),
    S.DECLINED: _l("place declined"),
    S.WITHDRAWN: lazy_pgettext("admissions", "withdrawn by the applicant"),
}


def check_transition(current: ApplicationStatus, wanted: ApplicationStatus) -> None:
    if wanted not in TRANSITIONS[current]:
        raise ServiceError(lazy_pgettext(
            "admissions", "An application that is %(current)s cannot become %(wanted)s.",
            current=str(STATUS_LABELS[current]), wanted=str(STATUS_LABELS[wanted])))


def move(db_session: Session, actor: User | None, application: AdmissionApplication,
         wanted: ApplicationStatus, action: str, **details: Any) -> None:
    check_transition(application.status, wanted)
    before = str(application.status)
    application.status = wanted
    application.updated_at = utcnow()
    if not TRANSITIONS[wanted]:
        application.ended_at = application.updated_at
    db_session.flush()
    if application.review_subject_id is not None:
        # In review or out of it, its assignments count as outstanding or no longer do.
        tally.recount(db_session, application.call.review_scheme_id)
    audit.record(db_session, actor, action, application, before={"status": before},
                 after={"status": str(wanted), **details})
