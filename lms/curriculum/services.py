"""Progress through a course: a trainee marks a lesson done or undoes it."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType, LessonProgress
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l
from lms.programs.models import CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus

#: What a trainee is told, per kind of item: not theirs, not active, not of the course, not open.
REFUSALS = {
    ItemType.LESSON: (
        _l("Only the trainee can record their own progress."),
        _l("Progress can only be recorded while you are an active trainee of an active "
           "cohort."),
        _l("Only a lesson of your course can be marked as done."),
        _l("This lesson has not opened yet."),
    ),
    ItemType.ASSIGNMENT: (
        _l("Only the trainee can work on their own submission."),
        _l("Work can only be handed in while you are an active trainee of an active cohort."),
        _l("This is not an assignment of your course."),
        _l("This assignment has not opened yet."),
    ),
}


def check_trainee_at_work(actor: User, enrollment: Enrollment, item: Item,
                          kind: ItemType) -> None:
    """The actor is this enrollment's trainee, active in an active cohort, and ``item`` is an
    opened ``kind`` of their course. Lessons and assignments share this one rule."""
    not_theirs, not_active, not_of_course, not_open = REFUSALS[kind]
    if enrollment.user_id != actor.id or enrollment.role != EnrollmentRole.TRAINEE:
        raise NotAllowed(not_theirs)
    if enrollment.status != EnrollmentStatus.ACTIVE or \
            enrollment.cohort.status != CohortStatus.ACTIVE:
        raise ServiceError(not_active)
    if item.type != kind or item.archived_at is not None or \
            item.course_id != enrollment.cohort.course_id:
        raise ServiceError(not_of_course)
    if enrollment.cohort.opening_time(item.module.opens_day) > utcnow():
        raise ServiceError(not_open)


def _check_may_record(actor: User, enrollment: Enrollment, item: Item) -> None:
    check_trainee_at_work(actor, enrollment, item, ItemType.LESSON)


def mark_done(db_session: Session, actor: User, enrollment: Enrollment, item: Item) -> None:
    """Record the lesson as done; doing it twice (a double click) records it once."""
    _check_may_record(actor, enrollment, item)
    done = select(LessonProgress.id).where(LessonProgress.enrollment_id == enrollment.id,
                                           LessonProgress.item_id == item.id)
    if db_session.scalar(done) is not None:
        return
    try:
        with db_session.begin_nested():
            db_session.add(LessonProgress(enrollment_id=enrollment.id, item_id=item.id))
    except IntegrityError:
        return  # a simultaneous request recorded it first
    audit.record(db_session, actor, "lesson_done", item, after={"enrollment": enrollment.id})


def mark_not_done(db_session: Session, actor: User, enrollment: Enrollment, item: Item) -> None:
    _check_may_record(actor, enrollment, item)
    result = db_session.execute(delete(LessonProgress).where(
        LessonProgress.enrollment_id == enrollment.id, LessonProgress.item_id == item.id))
    if result.rowcount:
        audit.record(db_session, actor, "lesson_undone", item,
                     after={"enrollment": enrollment.id})
