"""Where each trainee stands under the completion rule, while her cohort runs: the one
function (:func:`judge`) that the trainee's home and grades, her mentor's home and progress
page and the staff progress matrix all show, through lms.curriculum.standing.

- *At risk*: a required assignment past her deadline and not handed in, or graded below the
  pass mark or returned for revision, and not handed in again.
- *Not yet meeting the rule*: nothing is at risk, but every required deadline has passed (or
  the cohort has ended) and the rule is still not met.
- *On track*: otherwise; what the rule still asks is shown all the same.

The judge reads plain values per trainee and assignment: a trainee's own pages gather them
inside the queries they make anyway (:func:`work_columns`), and a page of many trainees in
one query of the rows that exist (:func:`work_values`), judged with the course read once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence, Set
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    String,
    bindparam,
    cast,
    exists,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from lms.assignments.models import DeadlineChange, Extension, Grade, Submission, SubmissionStatus
from lms.assignments.queries import latest_attempts_of
from lms.certificates.rule import LatestWork, Rule
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
from lms.db import UTCDateTime, prebuilt
from lms.language.models import JapaneseLevel
from lms.language.queries import latest_level_values
from lms.placements.queries import final_evaluations_done

#: Shortfalls that put her at risk whatever the deadline: the work was judged and sent back.
_JUDGED_SHORT = (Shortfall.BELOW_PASS_MARK, Shortfall.RETURNED)


class AssignmentWork(NamedTuple):
    """A trainee's work on one assignment, as the judge reads it. (A tuple: a page of trainees
    makes two thousand.)"""

    #: Her latest handed-in attempt, if any.
    latest: LatestWork | None = None
    #: She has started an attempt (a draft at least).
    started: bool = False
    #: Her deadline: her extension, else the cohort's moved deadline, else the course's day.
    due_at: dt.datetime | None = None


def judge(course: CourseOfTrainee, work: dict[int, AssignmentWork],
          now: dt.datetime, evaluated: Set[int] = frozenset(),
          japanese_level: JapaneseLevel | None = None) -> TraineeWork:
    """``work``: hers per assignment id (an assignment missing there is not started and has
    no deadline); ``evaluated``: the practicum modules whose final evaluation is submitted;
    ``japanese_level``: her latest recorded level."""
    return _CourseJudge(course).judge(
        course, {item_id: each.latest for item_id, each in work.items()
                 if each.latest is not None},
        {item_id for item_id, each in work.items() if each.started},
        {item_id: each.due_at for item_id, each in work.items()}, evaluated, now,
        japanese_level)


class _CourseJudge:
    """Her course and cohort as the judge reads them: read once for a page of trainees, so
    that judging each costs little more than going through her work."""

    def __init__(self, course: CourseOfTrainee) -> None:
        cohort = course.enrollment.cohort
        self.rule = Rule(course.lessons, course.assignments, course.pass_mark, course.language,
                         course.practicums, course.japanese_needed)
        self.ends_on = cohort.ends_on
        self.assignment_ids = [item.id for item in course.assignments]
        self.required_ids = [item.id for item in course.assignments if item.required]
        #: Each assignment's deadline on the course's day, by id.
        self.course_due = {item.id: cohort.due_time(item.due_day)
                           for item in course.assignments if item.due_day is not None}

    def judge(self, course: CourseOfTrainee, latest: dict[int, LatestWork], started: set[int],
              due: dict[int, dt.datetime | None], evaluated: Set[int],
              now: dt.datetime, japanese_level: JapaneseLevel | None = None) -> TraineeWork:
        """``latest``: her latest handed-in attempts; ``started``: the assignments she began
        (a draft at least); ``due``: her deadlines; all by assignment id. ``evaluated``: the
        practicum modules whose final evaluation her supervisor has submitted."""
        assessment = self.rule.assess(course.lessons_done, latest, evaluated, japanese_level)

        def overdue(item_id: int) -> bool:
            deadline = due.get(item_id)
            return deadline is not None and deadline < now

        def nothing_ahead() -> bool:
            return all(overdue(item_id) for item_id in self.required_ids) \
                or self.ends_on < now.date()

        risks = [missing for missing in assessment.missing_assignments
                 if missing.shortfall in _JUDGED_SHORT
                 or (missing.shortfall == Shortfall.NOT_HANDED_IN and overdue(missing.item.id))]
        if risks:
            level = Level.AT_RISK
        elif not assessment.meets_rule and nothing_ahead():
            level = Level.NOT_MEETING
        else:
            level = Level.ON_TRACK
        return TraineeWork(Standing(level, assessment, risks), lambda: {
            item_id: _state(latest.get(item_id), item_id in started, due.get(item_id))
            for item_id in self.assignment_ids})

    def judge_values(self, course: CourseOfTrainee, values: dict[int, Sequence[Any]],
                     evaluated: Set[int], now: dt.datetime,
                     japanese_level: JapaneseLevel | None = None) -> TraineeWork:
        """:meth:`judge` from the values of :func:`work_columns`, found only where there is
        something to read (nothing is not started, with the course's deadline)."""
        latest = {}
        started = set()
        due: dict[int, dt.datetime | None] = dict(self.course_due)
        for item_id, (status, points, grade_returned, began, extended_to, moved_to) \
                in values.items():
            if status is not None:
                latest[item_id] = LatestWork(
                    status == SubmissionStatus.RETURNED or bool(grade_returned), points)
            if began:
                started.add(item_id)
            if extended_to or moved_to:
                due[item_id] = extended_to or moved_to
        return self.judge(course, latest, started, due, evaluated, now, japanese_level)


def _state(latest: LatestWork | None, started: bool, due_at: dt.datetime | None) -> WorkState:
    if latest is None:
        return WorkState(WorkStatus.DRAFT if started else WorkStatus.NOT_STARTED, due_at)
    if latest.returned:
        return WorkState(WorkStatus.RETURNED, due_at)
    if latest.points is None:
        return WorkState(WorkStatus.HANDED_IN, due_at)
    return WorkState(WorkStatus.GRADED, due_at, latest.points)


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


def work_values(db_session: Session, courses: list[CourseOfTrainee]
                ) -> dict[int, dict[int, Sequence[Any]]]:
    """The values of :func:`work_columns` for a page of trainees in one query, by enrollment and
    assignment id, only where there is something to read: her latest handed-in attempts
    (found in SQL by lms.assignments.queries), her drafts, her extensions and her cohort's
    moved deadlines. For a page of trainees this costs far less than correlated subqueries
    on every trainee and assignment."""
    rows = db_session.execute(prebuilt(_work_values_statement), {
        "enrollment_ids": [course.enrollment.id for course in courses],
        "cohort_ids": list({course.enrollment.cohort_id for course in courses})}).all()
    return fold_work_values(rows, [(course.enrollment.id, course.enrollment.cohort_id)
                                   for course in courses])


def fold_work_values(rows: Iterable[Sequence[Any]], trainees: Sequence[tuple[int, int]]
                     ) -> dict[int, dict[int, Sequence[Any]]]:
    """:func:`work_values` from its query's rows, for the trainees given by (enrollment id,
    cohort id): for a page that asks the query in a union of its own."""
    found: dict[int, dict[int, list[Any]]] = defaultdict(dict)
    moved: dict[int, dict[int, dt.datetime]] = defaultdict(dict)
    for kind, owner_id, item_id, status, points, grade_returned, due_at in rows:
        if kind == _MOVED:
            moved[owner_id][item_id] = due_at
            continue
        values = found[owner_id].setdefault(item_id, [None, None, None, False, None, None])
        if kind == _HANDED_IN:
            values[0:4] = status, points, grade_returned, True
        elif kind == _DRAFT:
            values[3] = True
        else:
            values[4] = due_at
    for enrollment_id, cohort_id in trainees:
        hers = found[enrollment_id]
        for item_id, due_at in moved[cohort_id].items():
            hers.setdefault(item_id, [None, None, None, False, None, None])[5] = due_at
    return found  # type: ignore[return-value]


_HANDED_IN, _DRAFT, _EXTENDED, _MOVED = "handed in", "draft", "extended", "moved"


def _work_values_statement() -> Any:
    """:func:`work_values`'s query, built once an app (lms.db.prebuilt), the page's trainees
    and cohorts bound at each visit: building it cost more than SQLite took to answer."""
    enrollment_ids = bindparam("enrollment_ids", expanding=True)
    latest = latest_attempts_of(enrollment_ids)
    # Cast, not a bare NULL: PostgreSQL types a column of the union from its first rows.
    no_time = cast(null(), UTCDateTime())
    return union_all(
        # The status as its text: a page reads a thousand, and SubmissionStatus compares
        # equal to its value, so making each an enum member was work for nothing.
        select(literal(_HANDED_IN), latest.c.enrollment_id, latest.c.item_id,
               type_coerce(latest.c.status, String), latest.c.points, latest.c.grade_returned,
               no_time),
        select(literal(_DRAFT), Submission.enrollment_id, Submission.item_id, null(), null(),
               null(), null())
        .where(Submission.enrollment_id.in_(enrollment_ids),
               Submission.status == SubmissionStatus.DRAFT),
        select(literal(_EXTENDED), Extension.enrollment_id, Extension.item_id, null(), null(),
               null(), Extension.due_at).where(Extension.enrollment_id.in_(enrollment_ids)),
        select(literal(_MOVED), DeadlineChange.cohort_id, DeadlineChange.item_id, null(),
               null(), null(), DeadlineChange.due_at)
        .where(DeadlineChange.cohort_id.in_(bindparam("cohort_ids", expanding=True))))


def judge_values(db_session: Session,
                 courses: Sequence[tuple[CourseOfTrainee, dict[int, Sequence[Any]]]],
                 now: dt.datetime, japanese_levels: dict[int, JapaneseLevel] | None = None
                 ) -> list[TraineeWork]:
    """:func:`judge` from the values of :func:`work_columns` per assignment id, for each
    trainee given with hers; trainees of one course and cohort share what is read of it.
    Their final evaluations take one query, as do their latest Japanese levels, each made only
    when a course asks them and ``japanese_levels`` (all of theirs, by enrollment id) is not
    given."""
    evaluated = final_evaluations_done(
        db_session, [course.enrollment.id for course, _values in courses if course.practicums])
    levels = japanese_levels if japanese_levels is not None else latest_level_values(
        db_session, [course.enrollment.id for course, _values in courses
                     if course.japanese_needed])
    judges: dict[tuple[Any, ...], _CourseJudge] = {}
    judged = []
    for course, values in courses:
        # The pages give every trainee of a cohort the same lists of items.
        key = (id(course.lessons), id(course.assignments), id(course.practicums),
               course.enrollment.cohort_id, course.pass_mark, course.language,
               course.japanese_needed)
        course_judge = judges.get(key)
        if course_judge is None:
            course_judge = judges[key] = _CourseJudge(course)
        judged.append(course_judge.judge_values(
            course, values, evaluated.get(course.enrollment.id, frozenset()), now,
            levels.get(course.enrollment.id)))
    return judged


WORK_JUDGE = WorkJudge(work_columns, judge_values, work_values, _work_values_statement,
                       fold_work_values)
