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
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, current_app
from sqlalchemy.orm import Session

from lms.curriculum.models import Item
from lms.programs.models import Enrollment

_PROVIDER_KEY = "lms_trainee_work"


class Shortfall(enum.StrEnum):
    NOT_HANDED_IN = "not_handed_in"
    WAITING_FOR_GRADE = "waiting_for_grade"
    RETURNED = "returned"
    BELOW_PASS_MARK = "below_pass_mark"  # noqa: S105 - a shortfall, not a secret


@dataclass(frozen=True)
class MissingAssignment:
    item: Item
    shortfall: Shortfall
    #: The points given, when graded below the pass mark.
    points: int | None = None


@dataclass
class Assessment:
    missing_lessons: list[Item] = field(default_factory=list)
    missing_assignments: list[MissingAssignment] = field(default_factory=list)

    @property
    def meets_rule(self) -> bool:
        return not self.missing_lessons and not self.missing_assignments


class WorkStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    HANDED_IN = "handed_in"
    RETURNED = "returned"
    GRADED = "graded"


@dataclass(frozen=True)
class WorkState:
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
    #: Each assignment's state, by item id.
    states: dict[int, WorkState]


@dataclass(frozen=True)
class CourseOfTrainee:
    """What the curriculum knows of one trainee: her course's items and the lessons she did."""

    enrollment: Enrollment
    lessons: list[Item]
    assignments: list[Item]
    lessons_done: set[int]
    pass_mark: int


#: Given the session and trainees' courses, each one's work by enrollment id, in a fixed
#: number of queries whatever the number of trainees.
WorkProvider = Callable[[Session, list[CourseOfTrainee]], dict[int, TraineeWork]]


def register(blueprint: Blueprint, provider: WorkProvider) -> None:
    blueprint.record_once(lambda state: state.app.extensions.__setitem__(_PROVIDER_KEY, provider))


def work_of(db_session: Session, courses: list[CourseOfTrainee]) -> dict[int, TraineeWork]:
    """Each trainee's work; empty in an app without the domain that judges it."""
    provider: WorkProvider | None = current_app.extensions.get(_PROVIDER_KEY)
    if provider is None or not courses:
        return {}
    return provider(db_session, courses)
