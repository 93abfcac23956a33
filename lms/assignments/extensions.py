"""Changing a deadline: an extension for one trainee (by their mentor or staff, with a reason,
mailed to the trainee), or an assignment's deadline moved for a whole cohort (by staff).
Which deadline applies to a trainee is services.due_at: an extension wins."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import Role, User
from lms.assignments.models import DeadlineChange, Extension
from lms.assignments.services import check_assignment_of, may_assess
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l
from lms.notifications import services as notifications
from lms.programs.models import Cohort, Enrollment
from lms.urls import external_url


def grant_extension(db_session: Session, actor: User, trainee: Enrollment, item: Item,
                    new_due_at: dt.datetime, reason: str) -> Extension:
    if not may_assess(db_session, actor, trainee):
        raise NotAllowed(_l("Only the trainee's mentor or program staff can grant an "
                            "extension."))
    check_assignment_of(trainee, item)
    if not reason.strip():
        raise ServiceError(_l("Give the reason for the extension."), field="reason")
    if new_due_at <= utcnow():
        raise ServiceError(_l("The new deadline must be in the future."), field="due_at")
    extension = db_session.scalar(select(Extension).where(
        Extension.enrollment_id == trainee.id, Extension.item_id == item.id))
    before = {"due_at": extension.due_at.isoformat()} if extension else None
    if extension is None:
        extension = Extension(enrollment_id=trainee.id, item_id=item.id, due_at=new_due_at,
                              reason="")
        db_session.add(extension)
    extension.due_at = new_due_at
    extension.reason = reason.strip()
    extension.granted_by_id = actor.id
    extension.granted_at = utcnow()
    db_session.flush()
    audit.record(db_session, actor, "extension_granted", extension, before=before,
                 after={"due_at": new_due_at.isoformat(), "reason": extension.reason})
    notifications.notify(db_session, trainee.user, "extension",
                         _l("Extension: %(title)s", title=item.title),
                         "lms/assignments/mail/extension.txt", item=item, extension=extension,
                         cohort=trainee.cohort,
                         link=external_url("lms.assignments.work", cohort_id=trainee.cohort_id,
                                           slug=item.slug))
    return extension


def move_deadline(db_session: Session, actor: User, cohort: Cohort, item: Item,
                  new_due_at: dt.datetime) -> None:
    """Move an assignment's deadline for the whole cohort (extensions still win)."""
    if not actor.has_role(Role.STAFF):
        raise NotAllowed(_l("Only program staff can move a deadline for a whole cohort."))
    if item.course_id != cohort.course_id or item.type != ItemType.ASSIGNMENT:
        raise ServiceError(_l("Choose an assignment of this cohort's course."))
    change = db_session.scalar(select(DeadlineChange).where(
        DeadlineChange.cohort_id == cohort.id, DeadlineChange.item_id == item.id))
    before = change.due_at.isoformat() if change else (
        cohort.due_time(item.due_day).isoformat() if item.due_day else None)
    if change is None:
        change = DeadlineChange(cohort_id=cohort.id, item_id=item.id, due_at=new_due_at)
        db_session.add(change)
    change.due_at = new_due_at
    change.changed_by_id = actor.id
    change.changed_at = utcnow()
    db_session.flush()
    audit.record(db_session, actor, "deadline_moved", item, before={"due_at": before},
                 after={"due_at": new_due_at.isoformat(), "cohort_id": cohort.id})
