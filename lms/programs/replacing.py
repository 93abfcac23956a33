"""Replacing a cohort by another held instead, of any program: the cancel idiom of
lms.programs.services with a link to the replacement."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.errors import ServiceError
from lms.i18n import _l
from lms.programs.models import Cohort, CohortStatus
from lms.programs.services import COHORT_TRANSITIONS, STATUS_LABELS
from lms.security import require_staff


def replace_cohort(db_session: Session, actor: User, cohort: Cohort, replacement: Cohort,
                   reason: str | None) -> None:
    """Cancel ``cohort`` because ``replacement`` is held instead ("Follow-up training 2019:
    replaced by the 7th Asian Social Welfare Seminar"); any program's cohort may replace it.
    Like cancelling, it needs a reason and keeps every enrollment; it takes no new ones."""
    require_staff(actor)
    if CohortStatus.CANCELLED not in COHORT_TRANSITIONS[cohort.status]:
        raise ServiceError(_l("A cohort that is %(current)s cannot be replaced.",
                              current=str(STATUS_LABELS[cohort.status])))
    if replacement.id == cohort.id:
        raise ServiceError(_l("A cohort cannot replace itself."), field="replacement_id")
    if replacement.status == CohortStatus.CANCELLED:
        raise ServiceError(_l("A cancelled cohort cannot replace another: choose the one held "
                              "instead."), field="replacement_id")
    if not reason or not reason.strip():
        raise ServiceError(_l("Give the reason for the replacement."), field="reason")
    before = str(cohort.status)
    cohort.status = CohortStatus.CANCELLED
    cohort.cancellation_reason = reason.strip()
    cohort.replaced_by = replacement
    db_session.flush()
    audit.record(db_session, actor, "cohort_replaced", cohort,
                 before={"status": before},
                 after={"status": str(cohort.status), "reason": cohort.cancellation_reason,
                        "replaced_by_id": replacement.id})
