"""Assignments: the submission workflow, deadlines, and the trainee's drafts, attachments and
submissions; reminders of deadlines. Extensions and moved deadlines are in extensions.py,
grading in grading.py.

The submission workflow (a transition not listed is refused):

    draft → submitted → graded | returned
    graded ⇄ returned, graded → graded   (a grade edited later; every version in the audit)
    returned → a new attempt (draft → submitted), the returned one kept as it was

Every change writes an audit event in the same transaction. Services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit, uploads
from lms.accounts.models import Role, User
from lms.assignments.models import (
    Attachment,
    DeadlineChange,
    Extension,
    Grade,
    ReminderSent,
    Submission,
    SubmissionStatus,
)
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType
from lms.curriculum.services import check_trainee_at_work
from lms.errors import ServiceError
from lms.i18n import _l
from lms.notifications import services as notifications
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
)
from lms.programs.queries import current_mentorships, is_current_mentor_of
from lms.urls import external_url

TRANSITIONS: set[tuple[SubmissionStatus, SubmissionStatus]] = {
    (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED),
    (SubmissionStatus.SUBMITTED, SubmissionStatus.GRADED),
    (SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED),
    (SubmissionStatus.GRADED, SubmissionStatus.GRADED),
    (SubmissionStatus.GRADED, SubmissionStatus.RETURNED),
    (SubmissionStatus.RETURNED, SubmissionStatus.GRADED),
    (SubmissionStatus.RETURNED, SubmissionStatus.RETURNED),
}


def check_transition(current: SubmissionStatus, wanted: SubmissionStatus) -> None:
    if (current, wanted) not in TRANSITIONS:
        raise ServiceError(_l("A submission that is %(current)s cannot become %(wanted)s.",
                              current=str(STATUS_LABELS[current]),
                              wanted=str(STATUS_LABELS[wanted])))


STATUS_LABELS = {
    SubmissionStatus.DRAFT: _l("a draft"),
    SubmissionStatus.SUBMITTED: _l("submitted"),
    SubmissionStatus.GRADED: _l("graded"),
    SubmissionStatus.RETURNED: _l("returned for revision"),
}


# Deadlines ------------------------------------------------------------------------------------


def due_at(db_session: Session, enrollment: Enrollment, item: Item) -> dt.datetime | None:
    """The deadline that applies to this trainee: an extension, else the cohort's moved
    deadline, else the course's due day in the cohort's time zone."""
    extension, moved = db_session.execute(select(
        *deadline_columns(enrollment.id, enrollment.cohort_id, item.id))).one()
    return deadline_of(enrollment, item, extension, moved)


def deadline_columns(enrollment_id: Any, cohort_id: Any, item_id: Any) -> tuple[Any, Any]:
    """The trainee's extension and the cohort's moved deadline of an item, as two columns a
    page's query can select beside what else it reads (ids, or the columns holding them)."""
    return (select(Extension.due_at).where(Extension.enrollment_id == enrollment_id,
                                           Extension.item_id == item_id).scalar_subquery(),
            select(DeadlineChange.due_at).where(DeadlineChange.cohort_id == cohort_id,
                                                DeadlineChange.item_id == item_id)
            .scalar_subquery())


def deadline_of(enrollment: Enrollment, item: Item, extension: dt.datetime | None,
                moved: dt.datetime | None) -> dt.datetime | None:
    """:func:`due_at` from the values of :func:`deadline_columns`."""
    if extension is not None:
        return extension
    if moved is not None:
        return moved
    return enrollment.cohort.due_time(item.due_day) if item.due_day is not None else None


def may_assess(db_session: Session, actor: User, trainee: Enrollment) -> bool:
    """Staff, or this trainee's current mentor."""
    return actor.has_role(Role.STAFF) or is_current_mentor_of(db_session, actor, trainee)


# Trainee: drafts, files, submitting ----------------------------------------------------------


def check_assignment_of(enrollment: Enrollment, item: Item) -> None:
    if item.type != ItemType.ASSIGNMENT or item.archived_at is not None or \
            item.course_id != enrollment.cohort.course_id:
        raise ServiceError(_l("This is not an assignment of your course."))


def _check_trainee(actor: User, enrollment: Enrollment, item: Item) -> None:
    check_trainee_at_work(actor, enrollment, item, ItemType.ASSIGNMENT)


def attempts(db_session: Session, enrollment: Enrollment, item: Item) -> list[Submission]:
    return list(db_session.scalars(
        select(Submission).where(Submission.enrollment_id == enrollment.id,
                                 Submission.item_id == item.id)
        .order_by(Submission.attempt)))


def next_attempt_number(history: list[Submission], item: Item) -> int | None:
    """The attempt the trainee may work on now, or None when there is nothing to do."""
    if not history:
        return 1
    latest = history[-1]
    if latest.status == SubmissionStatus.DRAFT:
        return latest.attempt
    if latest.status == SubmissionStatus.RETURNED and item.allow_revision:
        return latest.attempt + 1
    return None


def _draft(db_session: Session, enrollment: Enrollment, item: Item, attempt: int) -> Submission:
    """The draft row of ``attempt``: created if this is the attempt the trainee may start.

    ``attempt`` comes from the form the trainee submitted, so a repeated request (a double
    click, a retry) names the same attempt and never makes a second one."""
    history = attempts(db_session, enrollment, item)
    existing = next((submission for submission in history if submission.attempt == attempt),
                    None)
    if existing is not None:
        return existing
    if attempt != next_attempt_number(history, item):
        raise ServiceError(_l("This work has already been handed in."))
    draft = Submission(enrollment_id=enrollment.id, item_id=item.id, attempt=attempt)
    try:
        with db_session.begin_nested():
            db_session.add(draft)
    except IntegrityError:  # a simultaneous request created it first
        return db_session.scalars(select(Submission).where(
            Submission.enrollment_id == enrollment.id, Submission.item_id == item.id,
            Submission.attempt == attempt)).one()
    return draft


def save_draft(db_session: Session, actor: User, enrollment: Enrollment, item: Item,
               attempt: int, text: str) -> Submission:
    _check_trainee(actor, enrollment, item)
    draft = _draft(db_session, enrollment, item, attempt)
    if draft.status != SubmissionStatus.DRAFT:
        raise ServiceError(_l("This work has already been handed in; it can no longer be "
                              "changed."))
    if draft.text != text:
        draft.text = text
    draft.saved_at = utcnow()
    db_session.flush()
    return draft


def attach(db_session: Session, actor: User, enrollment: Enrollment, item: Item, attempt: int,
           filename: str, stream: IO[bytes]) -> Attachment:
    _check_trainee(actor, enrollment, item)
    if "file" not in item.submission_kinds:
        raise ServiceError(_l("This assignment takes text only, not files."), field="files")
    draft = _draft(db_session, enrollment, item, attempt)
    if draft.status != SubmissionStatus.DRAFT:
        raise ServiceError(_l("This work has already been handed in; it can no longer be "
                              "changed."))
    stored = uploads.store(db_session, stream)
    # Only the last part of whatever name the browser sent, and only for showing.
    shown_name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or "file"
    attachment = Attachment(submission_id=draft.id, original_name=shown_name,
                            stored_name=stored.stored_name, content_type=stored.content_type,
                            size=stored.size, sha256=stored.sha256)
    db_session.add(attachment)
    db_session.flush()
    audit.record(db_session, actor, "attachment_added", draft,
                 after={"name": shown_name, "size": stored.size, "type": stored.content_type})
    return attachment


def remove_attachment(db_session: Session, actor: User, attachment: Attachment) -> None:
    submission = attachment.submission
    _check_trainee(actor, submission.enrollment, submission.item)
    if submission.status != SubmissionStatus.DRAFT:
        raise ServiceError(_l("This work has already been handed in; it can no longer be "
                              "changed."))
    audit.record(db_session, actor, "attachment_removed", submission,
                 before={"name": attachment.original_name})
    db_session.delete(attachment)
    db_session.flush()
    stored_name = attachment.stored_name
    uploads.remove_when_committed(db_session, stored_name)


def submit(db_session: Session, actor: User, enrollment: Enrollment, item: Item, attempt: int,
           text: str) -> Submission:
    """Hand in ``attempt``. Submitting the same attempt again returns it unchanged."""
    _check_trainee(actor, enrollment, item)
    draft = _draft(db_session, enrollment, item, attempt)
    if draft.status != SubmissionStatus.DRAFT:
        return draft  # already handed in by an earlier press of the same button
    now = utcnow()
    deadline = due_at(db_session, enrollment, item)
    late = deadline is not None and now > deadline
    if late and item.closes_at_deadline:
        raise ServiceError(_l("The deadline has passed and this assignment accepts no late "
                              "work. Ask your mentor about an extension."))
    draft.text = text
    has_text = bool(text.strip()) and "text" in item.submission_kinds
    if not has_text and not draft.attachments:
        raise ServiceError(_l("There is nothing to hand in yet: write your answer or attach "
                              "a file."), field="text")
    db_session.flush()
    # The status moves only if it is still a draft: of two simultaneous submits, one wins.
    moved = db_session.execute(
        update(Submission)
        .where(Submission.id == draft.id, Submission.status == SubmissionStatus.DRAFT)
        .values(status=SubmissionStatus.SUBMITTED, submitted_at=now, is_late=late, saved_at=now)
        .execution_options(synchronize_session=False))
    db_session.refresh(draft)
    if moved.rowcount == 0:
        return draft
    audit.record(db_session, actor, "submission_submitted", draft,
                 before={"status": "draft"},
                 after={"status": "submitted", "attempt": draft.attempt, "late": late})
    _tell_mentors(db_session, enrollment, item, draft)
    return draft


def _tell_mentors(db_session: Session, enrollment: Enrollment, item: Item,
                  submission: Submission) -> None:
    mentors = db_session.scalars(
        select(User).where(User.id.in_(current_mentorships(
                               "mentor_user", trainee_enrollment_id=enrollment.id)),
                           User.is_active.is_(True)))
    for mentor in mentors:
        notifications.notify(
            db_session, mentor, "submission_received",
            _l("Submitted: %(title)s by %(name)s", title=item.title,
               name=enrollment.user.display_name),
            "lms/assignments/mail/submitted.txt", item=item, submission=submission,
            trainee=enrollment.user,
            link=external_url("lms.assignments.grade", submission_id=submission.id))


# Passing ----------------------------------------------------------------------------------------


def passes(item: Item, saved: Grade | None, pass_mark: int) -> bool:
    """At or above the course's pass mark, as a share of the assignment's points."""
    if saved is None or saved.returned:
        return False
    return reaches_pass_mark(item, saved.total, pass_mark)


def reaches_pass_mark(item: Item, points: int, pass_mark: int) -> bool:
    """``points`` given to ``item`` are at or above the pass mark (a grade not returned)."""
    return bool(item.points) and points * 100 >= pass_mark * (item.points or 0)


# Reminders --------------------------------------------------------------------------------------


def send_reminders(db_session: Session, hours: int | None = None) -> int:
    """Remind trainees of deadlines within ``hours`` for work not yet handed in; each
    reminder goes once per trainee and assignment, however often this runs."""
    window = dt.timedelta(hours=hours or current_app.config["LMS_REMINDER_HOURS"])
    now = utcnow()
    sent = 0
    cohorts = db_session.scalars(select(Cohort).where(Cohort.status == CohortStatus.ACTIVE,
                                                      Cohort.course_id.is_not(None)))
    for cohort in cohorts:
        items = db_session.scalars(select(Item).where(
            Item.course_id == cohort.course_id, Item.type == ItemType.ASSIGNMENT,
            Item.archived_at.is_(None), Item.due_day.is_not(None))).all()
        trainees = db_session.scalars(
            select(Enrollment).join(User, User.id == Enrollment.user_id)
            .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE,
                   Enrollment.status == EnrollmentStatus.ACTIVE,
                   User.is_active.is_(True))).all()
        if not items or not trainees:
            continue
        handed_in = set(db_session.execute(
            select(Submission.enrollment_id, Submission.item_id)
            .where(Submission.enrollment_id.in_([t.id for t in trainees]),
                   Submission.status != SubmissionStatus.DRAFT)).all())
        reminded = set(db_session.execute(
            select(ReminderSent.enrollment_id, ReminderSent.item_id)
            .where(ReminderSent.enrollment_id.in_([t.id for t in trainees]))).all())
        for item in items:
            for trainee in trainees:
                key = (trainee.id, item.id)
                if key in handed_in or key in reminded:
                    continue
                deadline = due_at(db_session, trainee, item)
                if deadline is None or not now < deadline <= now + window:
                    continue
                try:
                    with db_session.begin_nested():
                        db_session.add(ReminderSent(enrollment_id=trainee.id, item_id=item.id))
                except IntegrityError:
                    continue  # another run sent it
                notifications.notify(
                    db_session, trainee.user, "deadline_reminder",
                    _l("Due soon: %(title)s", title=item.title),
                    "lms/assignments/mail/reminder.txt", item=item, due_at=deadline,
                    cohort=cohort,
                    link=external_url("lms.assignments.work", cohort_id=cohort.id,
                                      slug=item.slug))
                sent += 1
    return sent
