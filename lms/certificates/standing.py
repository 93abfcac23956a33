"""Where each trainee stands under the completion rule, while her cohort runs: the one
function (:func:`judge`) that the trainee's home and grades, her mentor's home and progress
page and the staff progress matrix all show, through lms.curriculum.standing.

- *At risk*: a required assignment past her deadline and not handed in, or graded below the
  pass mark or returned for revision, and not handed in again.
- *Not yet meeting the rule*: nothing is at risk, but every required deadline has passed (or
  the cohort has ended) and the rule is still not met.
- *On track*: otherwise; what the rule still asks is shown all the same.

The judge reads each trainee's work summary (lms.curriculum.work_summary, her latest attempts
as lms.assignments.summary packs them) and her deadlines where they moved, which the pages read
for all their trainees in one query with the summaries; trainees of one course are judged with
the course read once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from typing import Any, NamedTuple

from sqlalchemy import bindparam, literal, select, union_all
from sqlalchemy.orm import Session

from lms.assignments.models import DeadlineChange, Extension, SubmissionStatus
from lms.assignments.summary import handed_in_rows
from lms.certificates.rule import Latest, LatestWork, Rule
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
from lms.curriculum.work_summary import Summary
from lms.db import prebuilt
from lms.language.models import JapaneseLevel
from lms.language.queries import latest_level_values
from lms.placements.queries import final_evaluations_done, her_final_evaluations
from lms.programs.models import Enrollment

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
        lambda: {item_id for item_id, each in work.items() if each.started},
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
        #: Each assignment's id by the item itself (cheaper to find than to read).
        self.item_ids = {item: item.id for item in course.assignments}
        #: Each assignment's deadline on the course's day, by id.
        self.course_due = {item.id: cohort.due_time(item.due_day)
                           for item in course.assignments if item.due_day is not None}

    def judge(self, course: CourseOfTrainee, latest: dict[int, Latest],
              started: Callable[[], Set[int]], due: Mapping[int, dt.datetime | None],
              evaluated: Set[int], now: dt.datetime,
              japanese_level: JapaneseLevel | None = None) -> TraineeWork:
        """``latest``: her latest handed-in attempts; ``started``: gives the assignments she
        began (a draft at least), asked only for her states; ``due``: her deadlines; all by
        assignment id. ``evaluated``: the practicum modules whose final evaluation her
        supervisor has submitted."""
        assessment = self.rule.assess(course.lessons_done, latest, evaluated, japanese_level)

        def overdue(item_id: int) -> bool:
            deadline = due.get(item_id)
            return deadline is not None and deadline < now

        def nothing_ahead() -> bool:
            return all(overdue(item_id) for item_id in self.required_ids) \
                or self.ends_on < now.date()

        item_ids = self.item_ids
        risks = [missing for missing in assessment.missing_assignments
                 if missing.shortfall in _JUDGED_SHORT
                 or (missing.shortfall == Shortfall.NOT_HANDED_IN
                     and overdue(item_ids[missing.item]))]
        if risks:
            level = Level.AT_RISK
        elif not assessment.meets_rule and nothing_ahead():
            level = Level.NOT_MEETING
        else:
            level = Level.ON_TRACK

        def states() -> dict[int, WorkState]:
            began = started()
            return {item_id: _state(latest.get(item_id), item_id in began, due.get(item_id))
                    for item_id in self.assignment_ids}

        return TraineeWork(Standing(level, assessment, risks), states)

    def judge_summary(self, course: CourseOfTrainee, summary: Summary,
                      evaluated: Set[int], now: dt.datetime,
                      japanese_level: JapaneseLevel | None = None) -> TraineeWork:
        """:meth:`judge` from her work summary and her moved deadlines."""
        handed_in, drafts = handed_in_rows(summary.work)
        latest = _latest_work(handed_in)
        due = {**self.course_due, **summary.due} if summary.due else self.course_due
        return self.judge(course, latest, lambda: set(drafts).union(latest), due, evaluated,
                          now, japanese_level)


_RETURNED = SubmissionStatus.RETURNED.value


def latest_work(packed: str | None) -> dict[int, Latest]:
    """Her latest handed-in attempts by assignment id, as the rule reads them, from her work
    summary's ``work``."""
    return _latest_work(handed_in_rows(packed)[0])


def _latest_work(handed_in: list[list[Any]]) -> dict[int, Latest]:
    # Plain (returned, points) pairs, returned by its status or by its grade.
    return {item_id: (status == _RETURNED or grade_returned, points)
            for item_id, _attempt, status, _late, points, grade_returned in handed_in}


def _state(latest: Latest | None, started: bool, due_at: dt.datetime | None) -> WorkState:
    if latest is None:
        return WorkState(WorkStatus.DRAFT if started else WorkStatus.NOT_STARTED, due_at)
    returned, points = latest
    if returned:
        return WorkState(WorkStatus.RETURNED, due_at)
    if points is None:
        return WorkState(WorkStatus.HANDED_IN, due_at)
    return WorkState(WorkStatus.GRADED, due_at, points)


# Her deadlines, where moved: her extensions and her cohort's moved deadlines ------------------


_EXTENDED, _MOVED = "extended", "moved"


def _deadlines_statement() -> Any:
    """The extensions of the trainees (``enrollment_ids``) and the moved deadlines of their
    cohorts (``cohort_ids``), as rows of (kind, enrollment or cohort id, item id, due at)."""
    return _deadlines_of(bindparam("enrollment_ids", expanding=True),
                         bindparam("cohort_ids", expanding=True))


def her_deadlines(user_id: Any) -> Any:
    """:func:`_deadlines_statement`'s rows for every enrollment of the person ``user_id`` (a
    bound parameter) and their cohorts: for her home, which asks them with its other lines."""
    return _deadlines_of(select(Enrollment.id).where(Enrollment.user_id == user_id),
                         select(Enrollment.cohort_id).where(Enrollment.user_id == user_id))


def _deadlines_of(enrollment_ids: Any, cohort_ids: Any) -> Any:
    return union_all(
        select(literal(_EXTENDED), Extension.enrollment_id, Extension.item_id, Extension.due_at)
        .where(Extension.enrollment_id.in_(enrollment_ids)),
        select(literal(_MOVED), DeadlineChange.cohort_id, DeadlineChange.item_id,
               DeadlineChange.due_at)
        .where(DeadlineChange.cohort_id.in_(cohort_ids)))


def fold_deadlines(rows: Iterable[Sequence[Any]], trainees: Sequence[tuple[int, int]]
                   ) -> dict[int, dict[int, dt.datetime]]:
    """Each trainee's deadlines that are not the course's (her extension, else her cohort's
    moved one) by assignment id, from :func:`_deadlines_statement`'s rows, for the trainees
    given by (enrollment id, cohort id); a trainee with none is left out."""
    extended: dict[int, dict[int, dt.datetime]] = defaultdict(dict)
    moved: dict[int, dict[int, dt.datetime]] = defaultdict(dict)
    for kind, owner_id, item_id, due_at in rows:
        (moved if kind == _MOVED else extended)[owner_id][item_id] = due_at
    if not extended and not moved:
        return {}
    found = {}
    for enrollment_id, cohort_id in trainees:
        hers = {**moved.get(cohort_id, {}), **extended.get(enrollment_id, {})}
        if hers:
            found[enrollment_id] = hers
    return found


def deadlines_statement() -> Any:
    return prebuilt(_deadlines_statement)


def judge_summaries(db_session: Session,
                    courses: Sequence[tuple[CourseOfTrainee, Summary]],
                    now: dt.datetime, japanese_levels: dict[int, JapaneseLevel] | None = None,
                    evaluated: dict[int, set[int]] | None = None) -> list[TraineeWork]:
    """:func:`judge` from each trainee's work summary and moved deadlines, for each trainee
    given with hers; trainees of one course and cohort share what is read of it. Their final
    evaluations take one query, as do their latest Japanese levels, each made only when a
    course asks them and ``evaluated`` or ``japanese_levels`` (all of theirs, by enrollment
    id) is not given."""
    if evaluated is None:
        evaluated = final_evaluations_done(db_session, [
            course.enrollment.id for course, _values in courses if course.practicums])
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
            course_judge = judges[key] = _kept_judge(course)
        judged.append(course_judge.judge_summary(
            course, values, evaluated.get(course.enrollment.id, frozenset()), now,
            levels.get(course.enrollment.id)))
    return judged


def _kept_judge(course: CourseOfTrainee) -> _CourseJudge:
    """The judge of ``course``'s cohort, kept with the course's version when its lists are the
    kept course's (lms.curriculum.content): reading the course's items and working out their
    deadlines cost more than judging a page of trainees. Its key names all else it reads."""
    content = course.content
    if content is None or course.lessons is not content.kept(
            "lessons and assignments", lambda: ([], []))[0]:
        return _CourseJudge(course)
    cohort = course.enrollment.cohort
    key = ("course judge", cohort.id, cohort.starts_on, cohort.ends_on, cohort.timezone,
           course.pass_mark, course.language, course.japanese_needed,
           tuple(module.id for module in course.practicums))
    return content.kept(key, lambda: _CourseJudge(course))


WORK_JUDGE = WorkJudge(judge_summaries, deadlines_statement, fold_deadlines,
                       her_final_evaluations, her_deadlines)
