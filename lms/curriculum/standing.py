"""A trainee's standing under the completion rule and the state of her work, in the words the
course pages show them.

The course pages live here, but submissions and the rule that judges them belong to the domains
above (assignments and certificates import the curriculum, never the reverse). So the judging
domain registers its provider on its blueprint, as the home page's sections do, and every page
asks it through :func:`work_of`: the trainee's home and grades, the mentor's progress page and
the staff progress matrix all get their answer from the one function behind it."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from flask import Blueprint, current_app
from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from lms.clock import utcnow
from lms.curriculum.models import Item, Module
from lms.language.models import JapaneseLevel
from lms.programs.models import Enrollment

_PROVIDER_KEY = "lms_trainee_work"


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


@dataclass(frozen=True)
class WorkJudge:
    """What the judging domain registers. It reads plain values per trainee and assignment,
    which a page gathers in a query of its own rows (:attr:`columns`), in the union it already
    asks (:attr:`values_statement`: the trainee's home and course) or in one query for a whole
    page of trainees (:func:`work_of`)."""

    #: Given the enrollment and the item of a row (entities or aliases), labelled columns,
    #: usually correlated subqueries, telling what the judge reads of that assignment.
    columns: Callable[[Any, Any], list[ColumnElement[Any]]]
    #: Given trainees' courses, each with the columns' values per assignment id, and the
    #: time, their work in the same order (trainees of one course are judged as one page).
    #: What is not read on the assignments' rows (her final evaluations, her latest Japanese
    #: level, when her course asks them) it reads itself, in one query each for them all;
    #: the page that has read their latest levels already gives them (``japanese_levels=``,
    #: by enrollment id, every trainee's without one left out).
    judge: Callable[..., list[TraineeWork]]
    #: Given the courses of a page of trainees, the same values for all of them in one query,
    #: by enrollment id and assignment id, where there is any (see :func:`work_of`).
    values: Callable[[Session, list[CourseOfTrainee]], dict[int, dict[int, Sequence[Any]]]]
    #: :attr:`values`' query for a page that asks it beside its own rows in one union: built
    #: once an app with the trainees (``enrollment_ids``) and their cohorts (``cohort_ids``)
    #: as expanding parameters, its rows of 7 columns, the first a kind of row (a str).
    values_statement: Callable[[], Any]
    #: Given the rows of :attr:`values_statement` and each trainee's (enrollment id, cohort
    #: id), the same values as :attr:`values`.
    fold_values: Callable[[Iterable[Sequence[Any]], Sequence[tuple[int, int]]],
                          dict[int, dict[int, Sequence[Any]]]]


def register(blueprint: Blueprint, work_judge: WorkJudge) -> None:
    blueprint.record_once(
        lambda state: state.app.extensions.__setitem__(_PROVIDER_KEY, work_judge))


def _work_judge() -> WorkJudge | None:
    return current_app.extensions.get(_PROVIDER_KEY)


def current_work_judge() -> WorkJudge | None:
    """The judging domain's :class:`WorkJudge`; None in an app without it."""
    return _work_judge()


def work_columns(enrollment: Any, item: Any) -> list[ColumnElement[Any]]:
    """The columns the judge reads on a row of ``enrollment`` and ``item``; none in an app
    without the domain that judges."""
    work_judge = _work_judge()
    return [] if work_judge is None else work_judge.columns(enrollment, item)


def judged(db_session: Session, courses: Sequence[tuple[CourseOfTrainee, dict[int, Sequence[Any]]]],
           now: dt.datetime) -> list[TraineeWork | None]:
    """Each trainee's work from the values of :func:`work_columns` per assignment id, in the
    order given; None for each in an app without the domain that judges."""
    work_judge = _work_judge()
    if work_judge is None:
        return [None] * len(courses)
    return list(work_judge.judge(db_session, courses, now))


def work_of(db_session: Session, courses: list[CourseOfTrainee],
            japanese_levels: dict[int, JapaneseLevel] | None = None
            ) -> dict[int, TraineeWork]:
    """Each trainee's work in one query whatever their number; empty in an app without the
    domain that judges it. ``japanese_levels``: their latest levels by enrollment id, when
    the page has read them for all of them (then the judge does not read them again)."""
    work_judge = _work_judge()
    if work_judge is None or not courses:
        return {}
    values = work_judge.values(db_session, courses) if any(
        course.assignments for course in courses) else {}
    judged_work = work_judge.judge(
        db_session, [(course, values.get(course.enrollment.id, {})) for course in courses],
        utcnow(), japanese_levels=japanese_levels)
    return {course.enrollment.id: work for course, work in zip(courses, judged_work,
                                                                strict=True)}
