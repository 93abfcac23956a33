"""Where each trainee stands under the completion rule, while her cohort runs: the one
function (:func:`judge`) that the trainee's home and grades, her mentor's progress page and
the staff progress matrix all show, through lms.curriculum.standing.

- *At risk*: a required assignment past her deadline and not handed in, or graded below the
  pass mark and not handed in again.
- *Not yet meeting the rule*: nothing is overdue, but every required deadline has passed (or
  the cohort has ended) and the rule is still not met.
- *On track*: otherwise; what the rule still asks is shown all the same.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import Session, defer, joinedload

from lms.assignments.models import DeadlineChange, Extension, Submission, SubmissionStatus
from lms.certificates.rule import assess
from lms.clock import utcnow
from lms.curriculum.models import Item
from lms.curriculum.standing import (
    CourseOfTrainee,
    Level,
    Shortfall,
    Standing,
    TraineeWork,
    WorkState,
    WorkStatus,
)


def trainee_work(db_session: Session, courses: list[CourseOfTrainee]) -> dict[int, TraineeWork]:
    """Each trainee's work and standing in two queries, whatever their number."""
    enrollment_ids = [course.enrollment.id for course in courses]
    attempts = _attempts(db_session, enrollment_ids)
    extensions, moved = _deadlines(db_session, enrollment_ids,
                                   {course.enrollment.cohort_id for course in courses})
    now = utcnow()
    work = {}
    for course in courses:
        enrollment = course.enrollment
        due = {item.id: extensions.get((enrollment.id, item.id))
               or moved.get((enrollment.cohort_id, item.id))
               or (enrollment.cohort.due_time(item.due_day) if item.due_day is not None
                   else None)
               for item in course.assignments}
        work[enrollment.id] = judge(course, attempts.get(enrollment.id, {}), due, now)
    return work


def judge(course: CourseOfTrainee, attempts: dict[int, list[Submission]],
          due: dict[int, dt.datetime | None], now: dt.datetime) -> TraineeWork:
    """``attempts``: her attempts per assignment id, oldest first, drafts included, grades
    loaded; ``due``: her deadline per assignment id."""
    latest = {item_id: handed[-1] for item_id, each in attempts.items()
              if (handed := [s for s in each if s.status != SubmissionStatus.DRAFT])}
    assessment = assess(course.lessons, course.assignments, course.lessons_done, latest,
                        course.pass_mark)

    def overdue(item: Item) -> bool:
        deadline = due.get(item.id)
        return deadline is not None and deadline < now

    risks = [missing for missing in assessment.missing_assignments
             if missing.shortfall == Shortfall.BELOW_PASS_MARK
             or (missing.shortfall == Shortfall.NOT_HANDED_IN and overdue(missing.item))]
    required = [item for item in course.assignments if item.required]
    nothing_ahead = (all(overdue(item) for item in required)
                     or course.enrollment.cohort.ends_on < now.date())
    if risks:
        level = Level.AT_RISK
    elif not assessment.meets_rule and nothing_ahead:
        level = Level.NOT_MEETING
    else:
        level = Level.ON_TRACK
    states = {item.id: _state(attempts.get(item.id, []), latest.get(item.id), due.get(item.id))
              for item in course.assignments}
    return TraineeWork(Standing(level, assessment, risks), states)


def _state(attempts: list[Submission], latest: Submission | None,
           due_at: dt.datetime | None) -> WorkState:
    if latest is None:
        return WorkState(WorkStatus.DRAFT if attempts else WorkStatus.NOT_STARTED, due_at)
    grade = latest.grade
    if latest.status == SubmissionStatus.RETURNED or (grade is not None and grade.returned):
        return WorkState(WorkStatus.RETURNED, due_at)
    if grade is None:
        return WorkState(WorkStatus.HANDED_IN, due_at)
    return WorkState(WorkStatus.GRADED, due_at, grade.total)


def _attempts(db_session: Session, enrollment_ids: list[int]
              ) -> dict[int, dict[int, list[Submission]]]:
    found: dict[int, dict[int, list[Submission]]] = defaultdict(lambda: defaultdict(list))
    if not enrollment_ids:
        return found
    for submission in db_session.scalars(
            select(Submission).options(joinedload(Submission.grade), defer(Submission.text))
            .where(Submission.enrollment_id.in_(enrollment_ids))
            .order_by(Submission.attempt)):
        found[submission.enrollment_id][submission.item_id].append(submission)
    return found


def _deadlines(db_session: Session, enrollment_ids: list[int], cohort_ids: set[int]
               ) -> tuple[dict[tuple[int, int], dt.datetime], dict[tuple[int, int], dt.datetime]]:
    """Extensions by (enrollment, item) and moved deadlines by (cohort, item), in one query."""
    extensions: dict[tuple[int, int], dt.datetime] = {}
    moved: dict[tuple[int, int], dt.datetime] = {}
    if not enrollment_ids:
        return extensions, moved
    rows = db_session.execute(union_all(
        select(literal("extension").label("kind"), Extension.enrollment_id.label("owner"),
               Extension.item_id, Extension.due_at)
        .where(Extension.enrollment_id.in_(enrollment_ids)),
        select(literal("cohort"), DeadlineChange.cohort_id, DeadlineChange.item_id,
               DeadlineChange.due_at)
        .where(DeadlineChange.cohort_id.in_(cohort_ids))))
    for kind, owner, item_id, due_at in rows:
        (extensions if kind == "extension" else moved)[(owner, item_id)] = due_at
    return extensions, moved
