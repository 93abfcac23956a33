"""A trainee's standing under the completion rule and the state of her work, in the words the
course pages show them.

The course pages live here, but submissions and the rule that judges them belong to the domains
above (assignments and certificates import the curriculum, never the reverse). So the judging
domain registers its provider on its blueprint, as the home page's sections do, and every page
asks it through :func:`work_of` or :func:`judged`, from each trainee's work summary
(lms.curriculum.work_summary) read by :func:`summaries_of`: the trainee's home and grades, the
mentor's progress page and the staff progress matrix all get their answer from the one function
behind it."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from flask import Blueprint, current_app
from sqlalchemy import Integer, Text, bindparam, cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from lms.clock import utcnow
from lms.curriculum.content import CourseContent
from lms.curriculum.models import Item, Module
from lms.curriculum.work_summary import Summary, WorkSummary, lessons_of
from lms.db import UTCDateTime
from lms.language.models import JapaneseLevel
from lms.programs.models import Cohort, Enrollment

_PROVIDER_KEY = "lms_trainee_work"
_GLANCE_KEY = "lms_trainee_glance"


class Shortfall(enum.StrEnum):
    NOT_HANDED_IN = "not_handed_in"
    WAITING_FOR_GRADE = "waiting_for_grade"
    RETURNED = "returned"
    BELOW_PASS_MARK = "below_pass_mark"  # noqa: S105 - a shortfall, not a secret


class MissingAssignment(NamedTuple):
    item: Item
    shortfall: Shortfall
    #: The points given, when graded below the pass mark.
    points: int | None = None


@dataclass
class Assessment:
    missing_lessons: list[Item] = field(default_factory=list)
    missing_assignments: list[MissingAssignment] = field(default_factory=list)
    #: The practicums whose final evaluation the course asks and her supervisor has not yet
    #: submitted.
    missing_evaluations: list[Module] = field(default_factory=list)
    #: The course's language, which the items' titles are in (marked on a page in another).
    language: str | None = None
    #: The Japanese level the course asks (None: it asks none), and her latest recorded one.
    japanese_needed: JapaneseLevel | None = None
    japanese_level: JapaneseLevel | None = None

    @property
    def lacks_japanese_level(self) -> bool:
        """The course asks a Japanese level, and her latest recorded one is lower (or there
        is none)."""
        return self.japanese_needed is not None and (
            self.japanese_level is None or not self.japanese_level.reaches(self.japanese_needed))

    @property
    def meets_rule(self) -> bool:
        return (not self.missing_lessons and not self.missing_assignments
                and not self.missing_evaluations and not self.lacks_japanese_level)


class WorkStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    HANDED_IN = "handed_in"
    RETURNED = "returned"
    GRADED = "graded"


class WorkState(NamedTuple):
    status: WorkStatus
    #: This trainee's deadline (her extension or the cohort's moved deadline counted).
    due_at: dt.datetime | None = None
    #: The points of the latest grade, when graded.
    points: int | None = None

    @property
    def handed_in(self) -> bool:
        return self.status not in (WorkStatus.NOT_STARTED, WorkStatus.DRAFT)


class Level(enum.StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    NOT_MEETING = "not_meeting"


@dataclass
class Standing:
    level: Level
    assessment: Assessment
    #: What puts her at risk: entries of the assessment's missing assignments.
    risks: list[MissingAssignment] = field(default_factory=list)


@dataclass
class TraineeWork:
    standing: Standing
    #: Works out :attr:`states`.
    state_of: Callable[[], dict[int, WorkState]]

    @cached_property
    def states(self) -> dict[int, WorkState]:
        """Each assignment's state, by item id: worked out when first asked, as the pages of
        many trainees show their standing only."""
        return self.state_of()


@dataclass(frozen=True)
class CourseOfTrainee:
    """What the curriculum knows of one trainee: her course's items and the lessons she did."""

    enrollment: Enrollment
    lessons: list[Item]
    assignments: list[Item]
    lessons_done: set[int]
    pass_mark: int
    #: The course's language (lms.i18n.lang_attr marks its titles on a page in another).
    language: str | None = None
    #: The practicum modules whose final evaluation the course asks (none unless its
    #: course.toml says ``final_evaluation_required``).
    practicums: Sequence[Module] = ()
    #: The Japanese level completing asks (course.toml's ``required_japanese_level``).
    japanese_needed: JapaneseLevel | None = None
    #: The kept course (lms.curriculum.content) ``lessons`` and ``assignments`` are of, when
    #: they are its lists: what the judge reads of the course is then kept with it.
    content: CourseContent | None = None


@dataclass(frozen=True)
class WorkJudge:
    """What the judging domain registers. It judges trainees from their work summaries
    (:class:`Summary`: lms.curriculum.work_summary, whose ``work`` it packs) and their
    deadlines where moved, which it reads in a query that the pages ask in one union with the
    summaries (:func:`summaries_of`)."""

    #: Given trainees' courses, each with her :class:`Summary`, and the time, their work in
    #: the same order (trainees of one course are judged as one page). What is not in the
    #: summaries (her final evaluations, her latest Japanese level, when her course asks them)
    #: it reads itself, in one query each for them all; the page that has read their latest
    #: levels or final evaluations already gives them (``japanese_levels=``, ``evaluated=``,
    #: by enrollment id, every trainee's without one left out).
    judge: Callable[..., list[TraineeWork]]
    #: The trainees' (``enrollment_ids``) and their cohorts' (``cohort_ids``) moved deadlines
    #: as rows of (a kind of row, a str; an id; an item id; a time): built once an app.
    deadlines_statement: Callable[[], Any]
    #: Given those rows and each trainee's (enrollment id, cohort id), her deadlines that are
    #: not the course's, by enrollment id and item id (a trainee with none left out).
    fold_deadlines: Callable[[Iterable[Sequence[Any]], Sequence[tuple[int, int]]],
                             dict[int, dict[int, dt.datetime]]]
    #: Given a person's id (a bound parameter), a select of (enrollment id, module id) of
    #: every practicum module of hers whose final evaluation is submitted: what a page that
    #: reads it with others gives the judge as ``evaluated``.
    final_evaluations_of: Callable[[Any], Any] | None = None
    #: Given a person's id (a bound parameter), :attr:`deadlines_statement`'s rows for all
    #: her enrollments and their cohorts: for a page that reads them with others.
    deadlines_of: Callable[[Any], Any] | None = None


class Glance(NamedTuple):
    """Her standing as a page of many trainees shows it: what the judge's :class:`Standing`
    says of her level, her risks and how many things the rule still asks (its
    ``missing_count``: 0 when the rule is met), without the lists of all she lacks, which
    such a page only counts."""

    level: Level
    risks: tuple[MissingAssignment, ...]
    missing: int


@dataclass(frozen=True)
class CourseOfCohort:
    """What the completion rule reads of one cohort's course (as :class:`CourseOfTrainee`
    holds it for each trainee): a page of the cohort's trainees is judged at a glance with
    it (:func:`glances`)."""

    cohort: Cohort
    lessons: list[Item]
    assignments: list[Item]
    pass_mark: int
    language: str | None = None
    practicums: Sequence[Module] = ()
    japanese_needed: JapaneseLevel | None = None
    content: CourseContent | None = None


class TraineeAtGlance(NamedTuple):
    """One trainee as :func:`glances` reads her: her stored work (lms.curriculum.work_summary)
    as plain values and her latest Japanese level."""

    enrollment_id: int
    #: The lessons she marked done, by item id.
    lessons_done: frozenset[int]
    #: Her attempts, packed by the judging domain (None: she has none).
    work: str | None
    japanese_level: JapaneseLevel | None


#: What the judging domain registers for :func:`glances`: given the session, the course, the
#: cohort's trainees and the time, each one's :class:`Glance`, in the same order. It reads what
#: the trainees' rows do not hold (their moved deadlines, their final evaluations) in one query.
GlanceJudge = Callable[[Session, CourseOfCohort, Sequence[TraineeAtGlance], dt.datetime],
                       list[Glance]]


def register_glance(blueprint: Blueprint, glance_judge: GlanceJudge) -> None:
    blueprint.record_once(
        lambda state: state.app.extensions.__setitem__(_GLANCE_KEY, glance_judge))


def glances(db_session: Session, course: CourseOfCohort, trainees: Sequence[TraineeAtGlance],
            now: dt.datetime) -> list[Glance] | None:
    """Each trainee's :class:`Glance` (all of ``course.cohort``), in the order given; None in
    an app without the domain that judges."""
    glance_judge: GlanceJudge | None = current_app.extensions.get(_GLANCE_KEY)
    if glance_judge is None or not trainees:
        return None if glance_judge is None else []
    return glance_judge(db_session, course, trainees, now)


def register(blueprint: Blueprint, work_judge: WorkJudge) -> None:
    blueprint.record_once(
        lambda state: state.app.extensions.__setitem__(_PROVIDER_KEY, work_judge))


def _work_judge() -> WorkJudge | None:
    return current_app.extensions.get(_PROVIDER_KEY)


def current_work_judge() -> WorkJudge | None:
    """The judging domain's :class:`WorkJudge`; None in an app without it."""
    return _work_judge()


def summaries_of(db_session: Session, enrollments: Sequence[Enrollment]) -> dict[int, Summary]:
    """Each trainee's work summary and moved deadlines, by enrollment id, in one query whatever
    their number (a trainee who has done nothing yet has an empty one)."""
    if not enrollments:
        return {}
    work_judge = _work_judge()
    ids = [enrollment.id for enrollment in enrollments]
    # Plain columns on the connection, flushed first as the session would: the ORM's handling
    # of the union cost more than the database took to answer it.
    db_session.flush()
    rows = db_session.connection().execute(_summaries_statement(work_judge), {
        "enrollment_ids": ids,
        "cohort_ids": list({enrollment.cohort_id for enrollment in enrollments})}).all()
    return summaries_from(
        {row[1]: (row[3], row[4]) for row in rows if row[0] == _SUMMARY},
        [(row[0], row[1], row[2], row[5]) for row in rows if row[0] != _SUMMARY], enrollments)


def summaries_from(stored: dict[int, tuple[str | None, str | None]],
                   deadlines: list[tuple[Any, ...]], enrollments: Sequence[Enrollment]
                   ) -> dict[int, Summary]:
    """:func:`summaries_of` from rows a page read itself: each one's stored (lessons done,
    work) by enrollment id, and the judge's deadlines' rows (as its ``deadlines_statement``
    or ``deadlines_of`` select them) for them and their cohorts."""
    work_judge = _work_judge()
    due = work_judge.fold_deadlines(
        deadlines, [(enrollment.id, enrollment.cohort_id) for enrollment in enrollments]) \
        if work_judge is not None and deadlines else {}
    found = {}
    for enrollment in enrollments:
        enrollment_id = enrollment.id
        row = stored.get(enrollment_id)
        found[enrollment_id] = Summary(lessons_of(row[0]) if row else set(),
                                       row[1] if row else None, due.get(enrollment_id))
    return found


_SUMMARY = "summary"
_SUMMARIES_KEY = "lms_work_summaries_statement"


def _summaries_statement(work_judge: WorkJudge | None) -> Any:
    """The summaries' rows of (kind, enrollment id, null, lessons done, work, null) and the
    judge's deadlines' rows, in one union; built once an app."""
    built = current_app.extensions.get(_SUMMARIES_KEY)
    if built is None:
        summaries = select(literal(_SUMMARY), WorkSummary.enrollment_id,
                           cast(null(), Integer), WorkSummary.lessons_done, WorkSummary.work,
                           cast(null(), UTCDateTime())).where(
            WorkSummary.enrollment_id.in_(bindparam("enrollment_ids", expanding=True)))
        if work_judge is None:
            built = summaries
        else:
            deadlines = work_judge.deadlines_statement().subquery()
            kind, owner_id, item_id, due_at = deadlines.c
            # Typed nulls: PostgreSQL types a column of the union from its first rows.
            built = union_all(summaries, select(kind, owner_id, item_id, cast(null(), Text),
                                                cast(null(), Text), due_at))
        current_app.extensions[_SUMMARIES_KEY] = built
    return built


def judged(db_session: Session, courses: Sequence[tuple[CourseOfTrainee, Summary]],
           now: dt.datetime, japanese_levels: dict[int, JapaneseLevel] | None = None,
           evaluated: dict[int, set[int]] | None = None) -> list[TraineeWork | None]:
    """Each trainee's work from her summary, in the order given; None for each in an app
    without the domain that judges. ``japanese_levels``: their latest levels by enrollment
    id, when the page has read them for all of them (then the judge does not read them
    again); ``evaluated``: likewise the practicum modules whose final evaluation is
    submitted, by enrollment id, every trainee's without one left out."""
    work_judge = _work_judge()
    if work_judge is None:
        return [None] * len(courses)
    return list(work_judge.judge(db_session, courses, now, japanese_levels=japanese_levels,
                                 evaluated=evaluated))


def work_of(db_session: Session, courses: list[CourseOfTrainee],
            japanese_levels: dict[int, JapaneseLevel] | None = None,
            summaries: dict[int, Summary] | None = None) -> dict[int, TraineeWork]:
    """Each trainee's work in one query whatever their number (none if the page has read
    their ``summaries``); empty in an app without the domain that judges it.
    ``japanese_levels``: as for :func:`judged`."""
    if _work_judge() is None or not courses:
        return {}
    if summaries is None:
        summaries = summaries_of(db_session, [course.enrollment for course in courses])
    judged_work = judged(db_session, [(course, summaries[course.enrollment.id])
                                      for course in courses], utcnow(), japanese_levels)
    return {course.enrollment.id: work for course, work in zip(courses, judged_work,
                                                                strict=True)
            if work is not None}
