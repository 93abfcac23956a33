"""Demo notifications, with data/notifications.toml: the notices of the current cohort's
grades and handed-in work (seeded as they stand, not played), who reads what, and who chose
a daily digest."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.assignments.models import Submission, SubmissionStatus
from lms.clock import utcnow
from lms.demo.data import load
from lms.i18n import _l
from lms.notifications import services as notifications
from lms.notifications.kinds import KINDS
from lms.notifications.models import Delivery, Notification
from lms.programs.models import Cohort, CohortStatus, Enrollment
from lms.programs.queries import current_mentorships
from lms.urls import external_url


@dataclass(frozen=True)
class Notifications:
    unread: int
    digest: tuple[str, ...]


def seed_notifications(db_session: Session) -> None:
    story = load("notifications.toml", Notifications)
    for email in story.digest:
        person = user_by_email(db_session, email)
        if person is None:
            raise RuntimeError(f"{email} (notifications.toml) is not among the demo people")
        notifications.choose(db_session, person, {
            key: Delivery.DIGEST for key, kind in KINDS.items() if not kind.always_mailed})
    if db_session.scalar(select(Notification.id).where(
            Notification.kind.in_(("work_graded", "submission_received"))).limit(1)) is None:
        _current_work(db_session)
    _read_all_but_newest(db_session, story.unread)


def _current_work(db_session: Session) -> None:
    """What the current cohort's trainees and mentors were told as the work came in."""
    rows = db_session.execute(
        select(Submission, Enrollment)
        .join(Enrollment, Enrollment.id == Submission.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Cohort.status == CohortStatus.ACTIVE,
               Submission.status != SubmissionStatus.DRAFT)
        .order_by(Submission.submitted_at, Submission.id)).all()
    for submission, enrollment in rows:
        item, trainee = submission.item, enrollment.user
        for mentor in db_session.scalars(select(User).where(User.id.in_(current_mentorships(
                "mentor_user", trainee_enrollment_id=enrollment.id)))):
            notifications.notify(
                db_session, mentor, "submission_received",
                _l("Submitted: %(title)s by %(name)s", title=item.title,
                   name=trainee.display_name),
                "lms/assignments/mail/submitted.txt", item=item, submission=submission,
                trainee=trainee,
                link=external_url("lms.assignments.grade", submission_id=submission.id))
        grade = submission.grade
        if grade is not None and submission.status in (SubmissionStatus.GRADED,
                                                       SubmissionStatus.RETURNED):
            notifications.notify(
                db_session, trainee, "work_graded",
                _l("Returned for revision: %(title)s", title=item.title) if grade.returned
                else _l("Graded: %(title)s", title=item.title),
                "lms/assignments/mail/graded.txt", item=item, grade=grade,
                cohort=enrollment.cohort,
                link=external_url("lms.assignments.work", cohort_id=enrollment.cohort_id,
                                  slug=item.slug))
    db_session.flush()


def _read_all_but_newest(db_session: Session, unread: int) -> None:
    people = db_session.scalars(select(Notification.user_id).distinct()).all()
    for person_id in people:
        kept = select(Notification.id).where(Notification.user_id == person_id).order_by(
            Notification.created_at.desc(), Notification.id.desc()).limit(unread)
        db_session.execute(
            update(Notification)
            .where(Notification.user_id == person_id, Notification.read_at.is_(None),
                   Notification.id.not_in(kept.scalar_subquery()))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False))
