"""Where each trainee stands under the completion rule, while her cohort runs: the one
function (:func:`judge`) that the trainee's home and grades, her mentor's home and progress
page and the staff progress matrix all show, through lms.curriculum.standing.

- *At risk*: a required assignment past her deadline and not handed in, or graded below the
  pass mark or returned for revision, and not handed in again.
- *Not yet meeting the rule*: nothing is at risk, but every required deadline has passed (or
  the cohort has ended) and the rule is still not met.
- *On track*: otherwise; what the rule still asks is shown all the same.

The judge reads plain values, one row per trainee and assignment (:func:`work_columns`), so
the pages gather them inside the queries they make anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, select

from lms.assignments.models import DeadlineChange, Extension, Grade, Submission, SubmissionStatus
from lms.certificates.rule import LatestWork, assess
from lms.curriculum.models import Item
from lms.curriculum.standing import (
    CourseOfTrainee,
    Level,
    Shortfall,
    Standing,
    TraineeWork,
    WorkJudge,
    WorkState,
    WorkStatus,
)

#: Shortfalls that put her at risk whatever the deadline: the work was judged and sent back.
_JUDGED_SHORT = (Shortfall.BELOW_PASS_MARK, Shortfall.RETURNED)


@dataclass(frozen=True)
class AssignmentWork:
    """A trainee's work on one assignment, as the judge reads it."""

    #: Her latest handed-in attempt, if any.
    latest: LatestWork | None = None
    #: She has started an attempt (a draft at least).
    started: bool = False
    #: Her deadline: her extension, else the cohort's moved deadline, else the course's day.
    due_at: dt.datetime | None = None


def judge(course: CourseOfTrainee, work: dict[int, AssignmentWork],
          now: dt.datetime) -> TraineeWork:
    """``work``: hers per assignment id (an assignment missing there is not started and has
    no deadline)."""
    latest = {item_id: each.latest for item_id, each in work.items() if each.latest is not None}
    assessment = assess(course.lessons, course.assignments, course.lessons_done, latest,
                        course.pass_mark, course.language)

    def overdue(item: Item) -> bool:
        deadline = work[item.id].due_at if item.id in work else None
        return deadline is not None and deadline < now

    risks = [missing for missing in assessment.missing_assignments
             if missing.shortfall in _JUDGED_SHORT
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
    states = {item.id: _state(work.get(item.id, AssignmentWork()))
              for item in course.assignments}
    return TraineeWork(Standing(level, assessment, risks), states)


def _state(work: AssignmentWork) -> WorkState:
    latest = work.latest
    if latest is None:
        return WorkState(WorkStatus.DRAFT if work.started else WorkStatus.NOT_STARTED,
                         work.due_at)
    if latest.returned:
        return WorkState(WorkStatus.RETURNED, work.due_at)
    if latest.points is None:
        return WorkState(WorkStatus.HANDED_IN, work.due_at)
    return WorkState(WorkStatus.GRADED, work.due_at, latest.points)


# Her work as plain values on a row of her enrollment and one assignment ----------------------


def work_columns(enrollment: Any, item: Any) -> list[ColumnElement[Any]]:
    """Her latest handed-in attempt (status, points, returned), whether she started one, her
    extension and the cohort's moved deadline: correlated subqueries on the unique indexes,
    one row per trainee and assignment however many attempts she made."""
    hers = (Submission.enrollment_id == enrollment.id, Submission.item_id == item.id)

    def of_latest_handed_in(column: Any) -> Any:
        return (select(column).select_from(Submission)
                .outerjoin(Grade, Grade.submission_id == Submission.id)
                .where(*hers, Submission.status != SubmissionStatus.DRAFT)
                .order_by(Submission.attempt.desc()).limit(1).scalar_subquery())

    return [
        of_latest_handed_in(Submission.status).label("work_status"),
        of_latest_handed_in(Grade.total).label("work_points"),
        of_latest_handed_in(Grade.returned).label("work_grade_returned"),
        exists().where(*hers).label("work_started"),
        select(Extension.due_at).where(Extension.enrollment_id == enrollment.id,
                                       Extension.item_id == item.id)
        .scalar_subquery().label("work_extended_to"),
        select(DeadlineChange.due_at).where(DeadlineChange.cohort_id == enrollment.cohort_id,
                                            DeadlineChange.item_id == item.id)
        .scalar_subquery().label("work_moved_to"),
    ]


def judge_values(course: CourseOfTrainee, values: dict[int, Sequence[Any]],
                 now: dt.datetime) -> TraineeWork:
    """:func:`judge` from the values of :func:`work_columns` per assignment id."""
    cohort = course.enrollment.cohort
    work = {}
    for item in course.assignments:
        status, points, grade_returned, started, extended_to, moved_to = values.get(
            item.id, (None, None, None, False, None, None))
        latest = None if status is None else LatestWork(
            status == SubmissionStatus.RETURNED or bool(grade_returned), points)
        due_at = extended_to or moved_to or (
            cohort.due_time(item.due_day) if item.due_day is not None else None)
        work[item.id] = AssignmentWork(latest, bool(started), due_at)
    return judge(course, work, now)


WORK_JUDGE = WorkJudge(work_columns, judge_values)
