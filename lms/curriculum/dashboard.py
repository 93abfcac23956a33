"""The trainee's part of her home page: for each cohort she is in, what to do next."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType
from lms.curriculum.queries import (
    ModuleView,
    Outline,
    cohort_and_enrollment,
    cohort_enrollment_columns,
    trainees_at_work_of,
)
from lms.curriculum.standing import TraineeWork, WorkStatus
from lms.curriculum.work_summary import Summary
from lms.language.queries import LevelPoint, histories
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
)

DAYS_AHEAD = 7


@dataclass
class Deadline:
    item: Item
    due_at: dt.datetime


@dataclass
class TraineeDashboard:
    enrollment: Enrollment
    outline: Outline
    work: TraineeWork | None
    #: The first required lesson of an open module she has not done.
    continue_with: Item | None
    returned: list[Item]
    #: Due within the next days and not handed in (drafts count as not handed in).
    due_soon: list[Deadline]
    opening_soon: list[ModuleView]
    #: Her Japanese levels over time, the earliest first (lms.language).
    japanese_levels: list[LevelPoint] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        """What needs her now: work to revise and deadlines close by."""
        return len(self.returned) + len(self.due_soon)


def trainee_dashboards(db_session: Session, user: User,
                       with_levels: bool = False) -> list[TraineeDashboard]:
    """Her active cohorts' dashboards in two queries, whatever the number of cohorts, and a
    third for her Japanese levels in all of them if ``with_levels`` (she has some)."""
    enrollments = her_enrollments(db_session, user)
    levels = histories(db_session, user.id) if with_levels and enrollments else None
    return dashboards_of(db_session, enrollments, levels)


def her_enrollments(db_session: Session, user: User) -> list[Enrollment]:
    """Her trainee enrollments in active cohorts, each with its cohort and course, the newest
    cohort first: one query."""
    rows = db_session.connection().execute(_her_cohorts(), {"trainee_user_id": user.id})
    return [enrollment for row in rows
            if (enrollment := cohort_and_enrollment(db_session, iter(row))[1])]


def dashboards_of(db_session: Session, enrollments: list[Enrollment],
                  levels: dict[int, list[LevelPoint]] | None = None,
                  evaluated: dict[int, set[int]] | None = None,
                  summaries: dict[int, Summary] | None = None) -> list[TraineeDashboard]:
    """The dashboards of her ``enrollments`` (:func:`her_enrollments`) with her work, read in
    one query unless given (``summaries``, as lms.curriculum.standing.summaries_of gives them).
    ``levels``: all her Japanese levels by enrollment, when read already (None: not shown, and
    the judge reads her latest one if her course asks it); ``evaluated``: her practicum
    modules with a final evaluation submitted, by enrollment, when read already."""
    now = utcnow()
    latest = None if levels is None else {enrollment_id: points[-1].level
                                          for enrollment_id, points in levels.items() if points}
    dashboards = [_dashboard(trainee.enrollment, trainee.outline, trainee.work, now)
                  for trainee in trainees_at_work_of(db_session, enrollments,
                                                     japanese_levels=latest,
                                                     evaluated=evaluated,
                                                     summaries=summaries)]
    for dashboard in dashboards:
        dashboard.japanese_levels = (levels or {}).get(dashboard.enrollment.id, [])
    return dashboards


@functools.cache
def _her_cohorts() -> Select[Any]:
    """Built once, with her as a parameter: every one of her homes asks it. Her enrollments
    with their cohorts and courses as plain columns, without her account (the session holds
    her already): the ORM's loading of them cost her home more than the database took."""
    return (select(*cohort_enrollment_columns()).select_from(Enrollment)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .join(Course, Course.id == Cohort.course_id)
            .where(Enrollment.user_id == bindparam("trainee_user_id"),
                   Enrollment.role == EnrollmentRole.TRAINEE,
                   Enrollment.status == EnrollmentStatus.ACTIVE,
                   Cohort.status == CohortStatus.ACTIVE)
            .order_by(Cohort.starts_on.desc(), Enrollment.id))


def _dashboard(enrollment: Enrollment, course_outline: Outline, work: TraineeWork | None,
               now: dt.datetime) -> TraineeDashboard:
    horizon = now + dt.timedelta(days=DAYS_AHEAD)
    open_items = [item for view in course_outline.modules if view.is_open for item in view.items]
    done = course_outline.done_item_ids
    content = course_outline.content
    # Each module's required lessons in order, once for the course's version (its kept
    # items' attributes cost a lookup each at every visit).
    lessons = content.kept("dashboard: required lessons in order", lambda: {
        module.id: [(item.id, item) for item in content.items_of[module.id]
                    if item.type == ItemType.LESSON and item.required]
        for module in content.modules})
    continue_with = next((item for view in course_outline.modules if view.is_open
                          for item_id, item in lessons[view.module.id]
                          if item_id not in done), None)
    states = work.states if work is not None else {}
    # Her states first, the course's items only for those that show: the items are the
    # course's kept entities, each attribute of which costs a lookup on every visit.
    returned_ids = {item_id for item_id, state in states.items()
                    if state.status == WorkStatus.RETURNED}
    due_ids = {item_id for item_id, state in states.items()
               if not state.handed_in and state.due_at is not None
               and now <= state.due_at <= horizon}
    returned = [item for item in open_items if item.id in returned_ids] if returned_ids else []
    due_soon = sorted(
        (Deadline(item, states[item.id].due_at) for item in course_outline.ordered_items()
         if item.id in due_ids),
        key=lambda deadline: deadline.due_at) if due_ids else []
    week_ago = now - dt.timedelta(days=DAYS_AHEAD)
    opening_soon = [view for view in course_outline.modules
                    if week_ago <= view.opens_at <= horizon]
    return TraineeDashboard(enrollment, course_outline, work, continue_with, returned,
                            due_soon, opening_soon)
