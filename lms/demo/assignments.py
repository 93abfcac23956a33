"""Demo submissions and grades, with the texts of data/assignments.toml.

The completed 36th cohort gets its year of graded work, imported as history. The current
cohort gets the state a mentor meets in November: graded work, work waiting for a grade, a late
submission, a returned one and an extension.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.assignments import extensions
from lms.assignments.models import Extension, Grade, Submission, SubmissionStatus
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType, Module
from lms.demo.data import load
from lms.demo.people import cast
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, Mentorship


@dataclass(frozen=True)
class Assignments:
    #: The completed cohort whose year of graded work is imported as history.
    history_cohort: int
    answers: tuple[str, ...]
    feedback_good: str
    feedback_return: str
    extension_reason: str


def seed_assignments(db_session: Session) -> None:
    story = load("assignments.toml", Assignments)
    for cohort in db_session.scalars(select(Cohort).where(Cohort.course_id.is_not(None))):
        if db_session.scalar(select(Submission.id).join(Enrollment).where(
                Enrollment.cohort_id == cohort.id).limit(1)) is not None:
            continue  # already seeded
        if cohort.status == CohortStatus.COMPLETED and cohort.number == story.history_cohort:
            _history(db_session, story, cast(db_session).staff, cohort)
        elif cohort.status == CohortStatus.ACTIVE:
            _current(db_session, story, cohort)
    db_session.flush()


def _assignments(db_session: Session, cohort: Cohort) -> list[Item]:
    return list(db_session.scalars(
        select(Item).join(Module, Module.id == Item.module_id)
        .where(Item.course_id == cohort.course_id, Item.type == ItemType.ASSIGNMENT,
               Item.archived_at.is_(None))
        .order_by(Module.position, Item.position)))


def _trainees(db_session: Session, cohort: Cohort) -> list[Enrollment]:
    return list(db_session.scalars(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)
        .order_by(Enrollment.id)))


def _scores(item: Item, strength: int) -> dict[str, int]:
    """Levels from the top (strength 0) down, so the demo shows a spread of grades."""
    if not item.rubric:
        return {"score": max(0, (item.points or 0) - strength)}
    return {criterion["criterion"]: criterion["levels"][min(strength, 1)]["points"]
            for criterion in item.rubric}


def _record(db_session: Session, story: Assignments, trainee: Enrollment, item: Item,
            submitted_at: dt.datetime, status: SubmissionStatus, grader: User | None,
            strength: int = 0, late: bool = False, attempt: int = 1) -> Submission:
    answers = story.answers
    submission = Submission(enrollment_id=trainee.id, item_id=item.id, attempt=attempt,
                            status=status, text=answers[(trainee.id + item.id) % len(answers)]
                            if "text" in item.submission_kinds else "",
                            created_at=submitted_at - dt.timedelta(days=2),
                            saved_at=submitted_at, submitted_at=submitted_at, is_late=late)
    db_session.add(submission)
    if status in (SubmissionStatus.GRADED, SubmissionStatus.RETURNED) and grader is not None:
        scores = _scores(item, strength)
        submission.grade = Grade(scores=scores, total=sum(scores.values()),
                                 feedback=story.feedback_return
                                 if status == SubmissionStatus.RETURNED
                                 else story.feedback_good,
                                 returned=status == SubmissionStatus.RETURNED,
                                 graded_by_id=grader.id,
                                 # Three days later, but never after the demo's now.
                                 graded_at=max(submitted_at, min(
                                     submitted_at + dt.timedelta(days=3),
                                     utcnow() - dt.timedelta(hours=1))))
    return submission


def _history(db_session: Session, story: Assignments, grader: User, cohort: Cohort) -> None:
    for index, trainee in enumerate(_trainees(db_session, cohort)):
        for item in _assignments(db_session, cohort):
            due = cohort.due_time(item.due_day or 1)
            _record(db_session, story, trainee, item, due - dt.timedelta(hours=20 + index),
                    SubmissionStatus.GRADED, grader, strength=index % 2)


def _current(db_session: Session, story: Assignments, cohort: Cohort) -> None:
    now = utcnow()
    mentors = {mentorship.trainee_enrollment_id: mentorship.mentor.user
               for mentorship in db_session.scalars(select(Mentorship).join(
                   Enrollment, Enrollment.id == Mentorship.trainee_enrollment_id)
                   .where(Enrollment.cohort_id == cohort.id))}
    items = _assignments(db_session, cohort)
    past = [item for item in items if cohort.due_time(item.due_day or 1) < now]
    upcoming = [item for item in items if cohort.due_time(item.due_day or 1) >= now]
    for index, trainee in enumerate(_trainees(db_session, cohort)):
        mentor = mentors.get(trainee.id)
        for position, item in enumerate(past):
            due = cohort.due_time(item.due_day or 1)
            recent = position >= len(past) - 2
            if recent and index % 2 == 0:
                # The last two: waiting for the mentor, one of them handed in a day late.
                # A day late, unless the deadline passed less than a day ago: then an hour
                # ago (nothing is handed in after the demo's now).
                late = position == len(past) - 1 and index == 0
                moment = min(due + dt.timedelta(days=1), now - dt.timedelta(hours=1)) \
                    if late else due - dt.timedelta(hours=5)
                late = late and moment > due
                _record(db_session, story, trainee, item, moment, SubmissionStatus.SUBMITTED, None,
                        late=late)
            elif recent and index == 1 and position == len(past) - 1:
                _record(db_session, story, trainee, item, due - dt.timedelta(hours=8),
                        SubmissionStatus.RETURNED, mentor, strength=1)
            else:
                _record(db_session, story, trainee, item, due - dt.timedelta(hours=30 + index),
                        SubmissionStatus.GRADED, mentor, strength=(index + position) % 2)
    trainees = _trainees(db_session, cohort)
    if upcoming and len(trainees) > 2 and (mentor := mentors.get(trainees[2].id)):
        item = upcoming[0]
        db_session.flush()
        if db_session.scalar(select(Extension.id).where(
                Extension.enrollment_id == trainees[2].id, Extension.item_id == item.id)) is None:
            extensions.grant_extension(db_session, mentor, trainees[2], item,
                                       cohort.due_time(item.due_day or 1) + dt.timedelta(days=7),
                                       story.extension_reason)
