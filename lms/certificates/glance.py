"""Where each trainee of a page stands, at a glance (lms.curriculum.standing.Glance): her
level, why she is at risk and how many things the rule still asks, the same as
:func:`lms.certificates.standing.judge` says, for the pages that show no more (the progress
matrix). It goes through her work summary's plain rows once and counts what she lacks: the
judge's lists of it, its assessment and her assignments' states cost most of such a page.

What it reads of the course and cohort is kept with the course's version, under a key naming
all else it reads (as the judge's is), and so is each glance it makes, under the values it was
made from: her stored work and lessons as they are read, her final evaluations and level, and
which of her required deadlines have passed. A trainee seen again as she was costs a lookup;
any change to what she did is another key."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence, Set
from typing import Any

from sqlalchemy import cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from lms.assignments.models import SubmissionStatus
from lms.assignments.summary import handed_in_rows
from lms.certificates.rule import Rule
from lms.certificates.standing import _deadlines_statement, fold_deadlines
from lms.curriculum.models import Item
from lms.curriculum.standing import (
    CourseOfCohort,
    Glance,
    Level,
    MissingAssignment,
    Shortfall,
    TraineeAtGlance,
)
from lms.db import UTCDateTime, prebuilt
from lms.placements.queries import final_evaluations_statement

_RETURNED = SubmissionStatus.RETURNED.value
#: Glances kept for each course and cohort: twenty pages' worth, forgotten all at once when
#: full (a cohort's trainees are seen a page at a time). Each key holds her work summary, a
#: few kilobytes, in every worker.
SEEN_KEPT = 512
_EVALUATED = "evaluated"


class _Glancer:
    """One course and cohort as the glance reads them (the judge's reading, lms.certificates
    .standing._CourseJudge, as counts), with the glances made of them."""

    def __init__(self, course: CourseOfCohort) -> None:
        cohort = course.cohort
        rule = Rule(course.lessons, course.assignments, course.pass_mark, course.language,
                    course.practicums, course.japanese_needed)
        # Each required assignment with its shortfalls made once, as the rule holds them.
        self.required = rule.required_assignments
        self.required_ids = [item_id for item_id, *_rest in rule.required_assignments]
        self.required_lessons = frozenset(lesson_id for lesson_id, _lesson
                                          in rule.required_lessons)
        self.lessons_asked = len(rule.required_lessons)
        self.practicum_ids = [module.id for module in course.practicums]
        self.japanese_needed = course.japanese_needed
        self.cohort_id = cohort.id
        self.ends_on = cohort.ends_on
        #: Each assignment's deadline on the course's day, by id.
        self.course_due = {item.id: cohort.due_time(item.due_day)
                           for item in course.assignments if item.due_day is not None}
        #: Each shortfall below the pass mark, by item id and points: most are alike.
        self._below: dict[tuple[int, int], MissingAssignment] = {}
        self._seen: dict[Hashable, Glance] = {}

    def overdue(self, due: Mapping[int, dt.datetime], now: dt.datetime) -> frozenset[int]:
        """The required assignments whose deadline (in ``due``) has passed: all that the time
        changes of a glance, with whether the cohort has ended."""
        return frozenset(item_id for item_id in self.required_ids
                         if (deadline := due.get(item_id)) is not None and deadline < now)

    def below(self, item_id: int, item: Item, points: int) -> MissingAssignment:
        found = self._below.get((item_id, points))
        if found is None:
            found = self._below[item_id, points] = MissingAssignment(
                item, Shortfall.BELOW_PASS_MARK, points)
        return found

    def seen(self, trainee: TraineeAtGlance, evaluated: frozenset[int],
             overdue: frozenset[int], ended: bool) -> Glance:
        """Her glance, kept under all it is made from."""
        key = (trainee.work, trainee.lessons_done, evaluated, trainee.japanese_level,
               overdue, ended)
        found = self._seen.get(key)
        if found is None:
            if len(self._seen) >= SEEN_KEPT:
                self._seen.clear()
            found = self._seen[key] = self.glance(trainee, evaluated, overdue, ended)
        return found

    def glance(self, trainee: TraineeAtGlance, evaluated: Set[int], overdue: Set[int],
               ended: bool) -> Glance:
        """As the judge: ``overdue`` her required assignments past her deadline, ``ended``
        whether the cohort's last day has passed."""
        # Her latest handed-in attempts, by item id: [item id, attempt id, status, late,
        # points, grade returned] (lms.assignments.summary).
        latest = {row[0]: row for row in handed_in_rows(trainee.work)[0]}
        risks: list[MissingAssignment] = []
        missing = 0
        below = self.below
        for item_id, item, not_handed_in, returned, _waiting, possible, needed \
                in self.required:
            work = latest.get(item_id)
            if work is None:
                missing += 1
                if item_id in overdue:
                    risks.append(not_handed_in)
            elif work[2] == _RETURNED or work[5]:
                missing += 1
                risks.append(returned)
            elif work[4] is None:
                missing += 1
            elif not possible or work[4] * 100 < needed:  # as Rule.assess counts it
                missing += 1
                risks.append(below(item_id, item, work[4]))
        needed_level, level = self.japanese_needed, trainee.japanese_level
        missing += (self.lessons_asked - len(self.required_lessons & trainee.lessons_done)
                    + sum(1 for module_id in self.practicum_ids if module_id not in evaluated)
                    + int(needed_level is not None
                          and (level is None or not level.reaches(needed_level))))
        if risks:
            return Glance(Level.AT_RISK, tuple(risks), missing)
        if missing and (ended or len(overdue) == len(self.required_ids)):
            return Glance(Level.NOT_MEETING, (), missing)
        return Glance(Level.ON_TRACK, (), missing)


def _kept_glancer(course: CourseOfCohort) -> _Glancer:
    """The cohort's glancer, kept with the course's version when its lists are the kept
    course's (lms.curriculum.content); its key names all else it reads."""
    content = course.content
    if content is None or course.lessons is not content.kept(
            "lessons and assignments", lambda: ([], []))[0]:
        return _Glancer(course)
    cohort = course.cohort
    key = ("course glance", cohort.id, cohort.starts_on, cohort.ends_on, cohort.timezone,
           course.pass_mark, course.language, course.japanese_needed,
           tuple(module.id for module in course.practicums))
    return content.kept(key, lambda: _Glancer(course))


def _facts_statement() -> Any:
    """The trainees' (``enrollment_ids``) and their cohort's (``cohort_ids``) moved deadlines
    as the judge reads them, and the trainees' final evaluations as rows of ("evaluated",
    enrollment id, module id, null): one query."""
    deadlines = _deadlines_statement().subquery()
    evaluations = final_evaluations_statement().subquery()
    return union_all(select(*deadlines.c), select(
        literal(_EVALUATED), evaluations.c.enrollment_id, evaluations.c.module_id,
        cast(null(), UTCDateTime())))


def glance_trainees(db_session: Session, course: CourseOfCohort,
                    trainees: Sequence[TraineeAtGlance], now: dt.datetime) -> list[Glance]:
    """Each trainee's glance (lms.curriculum.standing.GlanceJudge): her moved deadlines and,
    when the course asks them, her final evaluations in one query, of plain rows."""
    glancer = _kept_glancer(course)
    ids = [trainee.enrollment_id for trainee in trainees]
    statement = prebuilt(_facts_statement) if glancer.practicum_ids \
        else prebuilt(_deadlines_statement)
    # On the session's connection, as the page reads its rows (nothing flushed first).
    rows = db_session.connection().execute(statement, {
        "enrollment_ids": ids, "cohort_ids": [glancer.cohort_id]}).all()
    evaluated: dict[int, set[int]] = defaultdict(set)
    for kind, enrollment_id, module_id, _due in rows:
        if kind == _EVALUATED:
            evaluated[enrollment_id].add(module_id)
    moved = fold_deadlines([row for row in rows if row[0] != _EVALUATED],
                           [(each, glancer.cohort_id) for each in ids])
    course_overdue = glancer.overdue(glancer.course_due, now)
    ended = glancer.ends_on < now.date()
    none: frozenset[int] = frozenset()
    return [glancer.seen(
        trainee, frozenset(evaluated[trainee.enrollment_id]) if evaluated else none,
        course_overdue if (hers := moved.get(trainee.enrollment_id)) is None
        else glancer.overdue({**glancer.course_due, **hers}, now), ended)
        for trainee in trainees]
