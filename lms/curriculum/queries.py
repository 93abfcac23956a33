"""Read models for course pages. Each page runs a fixed handful of queries, whatever the
number of trainees, modules or lessons."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, defer, joinedload

from lms.accounts.models import User
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType, LessonProgress, Module
from lms.pagination import Page, paginate
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
)
from lms.programs.queries import current_mentorships, current_trainees


@dataclass
class ModuleView:
    module: Module
    opens_at: dt.datetime
    is_open: bool
    items: list[Item] = field(default_factory=list)
    required_lessons: int = 0
    done_lessons: int = 0

    @property
    def share_done(self) -> float:
        return self.done_lessons / self.required_lessons if self.required_lessons else 0.0


@dataclass
class Outline:
    cohort: Cohort
    course: Course
    modules: list[ModuleView]
    done_item_ids: set[int]

    @property
    def required_lessons(self) -> int:
        return sum(view.required_lessons for view in self.modules)

    @property
    def done_lessons(self) -> int:
        return sum(view.done_lessons for view in self.modules)

    @property
    def share_done(self) -> float:
        return self.done_lessons / self.required_lessons if self.required_lessons else 0.0

    def ordered_items(self) -> list[Item]:
        return [item for view in self.modules for item in view.items]

    def module_of(self, item: Item) -> ModuleView:
        return next(view for view in self.modules if view.module.id == item.module_id)

    def is_locked_for_trainee(self, item: Item, enrollment: Enrollment | None) -> bool:
        """A trainee reads a module from its opening day; mentors and staff may look ahead."""
        return enrollment is not None and not self.module_of(item).is_open


def _live_modules(db_session: Session, course_id: int) -> list[Module]:
    return list(db_session.scalars(
        select(Module).where(Module.course_id == course_id, Module.archived_at.is_(None))
        .order_by(Module.position, Module.id)))


def _live_items(db_session: Session, course_id: int) -> list[Item]:
    # Lists never show bodies or rubrics; loading them would parse JSON for every item.
    return list(db_session.scalars(
        select(Item).options(defer(Item.body), defer(Item.rubric), defer(Item.objectives),
                             defer(Item.submission_kinds))
        .join(Module, Item.module_id == Module.id)
        .where(Item.course_id == course_id, Item.archived_at.is_(None),
               Module.archived_at.is_(None))
        .order_by(Module.position, Item.position, Item.id)))


def outline(db_session: Session, cohort: Cohort, enrollment: Enrollment | None) -> Outline | None:
    """The course of ``cohort`` with opening times, and ``enrollment``'s progress if given."""
    if cohort.course_id is None:
        return None
    course = db_session.get(Course, cohort.course_id)
    now = utcnow()
    views = {}
    for module in _live_modules(db_session, cohort.course_id):
        opens_at = cohort.opening_time(module.opens_day)
        views[module.id] = ModuleView(module, opens_at, opens_at <= now)
    done: set[int] = set()
    if enrollment is not None:
        done = set(db_session.scalars(select(LessonProgress.item_id).where(
            LessonProgress.enrollment_id == enrollment.id)))
    for item in _live_items(db_session, cohort.course_id):
        view = views[item.module_id]
        view.items.append(item)
        if item.type == ItemType.LESSON and item.required:
            view.required_lessons += 1
            view.done_lessons += item.id in done
    return Outline(cohort, course, list(views.values()), done)


def item_in_course(db_session: Session, course_id: int, slug: str) -> Item | None:
    return db_session.scalar(
        select(Item).options(joinedload(Item.module))
        .where(Item.course_id == course_id, Item.slug == slug, Item.archived_at.is_(None)))


# Cohort membership ------------------------------------------------------------------------------


def cohort_for(db_session: Session, actor: User, cohort_id: int) -> Cohort | None:
    """The cohort if ``actor`` may see it: staff, or anyone enrolled in it."""
    from lms.accounts.models import Role

    statement = select(Cohort).options(joinedload(Cohort.program)).where(Cohort.id == cohort_id)
    if not actor.has_role(Role.STAFF):
        statement = statement.where(Cohort.id.in_(
            select(Enrollment.cohort_id).where(Enrollment.user_id == actor.id)))
    return db_session.scalar(statement)


def enrollment_in(db_session: Session, actor: User, cohort: Cohort,
                  role: EnrollmentRole) -> Enrollment | None:
    return db_session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == actor.id,
        Enrollment.role == role))


# The trainee's dashboard --------------------------------------------------------------------


@dataclass
class Deadline:
    item: Item
    due_at: dt.datetime


@dataclass
class TraineeDashboard:
    enrollment: Enrollment
    outline: Outline
    opening_soon: list[ModuleView]
    deadlines: list[Deadline]


def trainee_dashboards(db_session: Session, user: User, days_ahead: int = 7,
                       deadlines: int = 5) -> list[TraineeDashboard]:
    enrollments = db_session.scalars(
        select(Enrollment).options(joinedload(Enrollment.cohort).joinedload(Cohort.program))
        .join(Cohort).where(Enrollment.user_id == user.id,
                            Enrollment.role == EnrollmentRole.TRAINEE,
                            Enrollment.status == EnrollmentStatus.ACTIVE,
                            Cohort.status == CohortStatus.ACTIVE)
        .order_by(Cohort.starts_on.desc())).all()
    now = utcnow()
    horizon = now + dt.timedelta(days=days_ahead)
    dashboards = []
    for enrollment in enrollments:
        course_outline = outline(db_session, enrollment.cohort, enrollment)
        if course_outline is None:
            continue
        week_ago = now - dt.timedelta(days=days_ahead)
        soon = [view for view in course_outline.modules if week_ago <= view.opens_at <= horizon]
        due = sorted(
            (Deadline(item, enrollment.cohort.due_time(item.due_day))
             for item in course_outline.ordered_items()
             if item.type == ItemType.ASSIGNMENT and item.due_day is not None),
            key=lambda deadline: deadline.due_at)
        upcoming = [deadline for deadline in due if deadline.due_at >= now][:deadlines]
        dashboards.append(TraineeDashboard(enrollment, course_outline, soon, upcoming))
    return dashboards


# Mentors and staff: progress of many trainees -------------------------------------------------


@dataclass
class ProgressRow:
    enrollment: Enrollment
    done_by_module: dict[int, int]

    def share(self, view: ModuleView) -> float:
        if not view.required_lessons:
            return 0.0
        return self.done_by_module.get(view.module.id, 0) / view.required_lessons

    def total_done(self) -> int:
        return sum(self.done_by_module.values())


@dataclass
class ProgressMatrix:
    outline: Outline
    page: Page[ProgressRow]


def _trainees_statement(cohort: Cohort) -> Select[tuple[Enrollment]]:
    return (select(Enrollment).join(User, Enrollment.user_id == User.id)
            .options(joinedload(Enrollment.user))
            .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)
            .order_by(User.display_name, Enrollment.id))


def _done_by_module(db_session: Session, enrollment_ids: list[int]) -> dict[int, dict[int, int]]:
    """Required lessons done, per enrollment and module, in one grouped query."""
    if not enrollment_ids:
        return {}
    rows = db_session.execute(
        select(LessonProgress.enrollment_id, Item.module_id, func.count())
        .join(Item, and_(Item.id == LessonProgress.item_id, Item.archived_at.is_(None),
                         Item.required.is_(True), Item.type == ItemType.LESSON))
        .where(LessonProgress.enrollment_id.in_(enrollment_ids))
        .group_by(LessonProgress.enrollment_id, Item.module_id))
    done: dict[int, dict[int, int]] = defaultdict(dict)
    for enrollment_id, module_id, count in rows:
        done[enrollment_id][module_id] = count
    return done


def cohort_matrix(db_session: Session, cohort: Cohort, page_number: int,
                  per_page: int | None = None) -> ProgressMatrix | None:
    course_outline = outline(db_session, cohort, None)
    if course_outline is None:
        return None
    page = paginate(db_session, _trainees_statement(cohort), page_number, per_page)
    done = _done_by_module(db_session, [enrollment.id for enrollment in page.items])
    rows = [ProgressRow(enrollment, done.get(enrollment.id, {})) for enrollment in page.items]
    return ProgressMatrix(course_outline, Page(rows, page.number, page.per_page, page.total))


def all_matrix_rows(db_session: Session, cohort: Cohort, batch: int = 500) -> Iterator[ProgressRow]:
    """Every trainee's row, in batches, for the CSV export (a generator: memory stays flat)."""
    total = paginate(db_session, _trainees_statement(cohort), 1, batch)
    for number in range(1, total.count + 1):
        page = total if number == 1 else paginate(db_session, _trainees_statement(cohort),
                                                  number, batch)
        done = _done_by_module(db_session, [enrollment.id for enrollment in page.items])
        for enrollment in page.items:
            yield ProgressRow(enrollment, done.get(enrollment.id, {}))


def mentor_matrix(db_session: Session, mentor: User, cohort: Cohort) -> ProgressMatrix | None:
    """Only the mentor's current trainees; None when they follow nobody in the cohort now."""
    trainees = list(db_session.scalars(
        _trainees_statement(cohort).where(Enrollment.id.in_(current_trainees(mentor, cohort.id)))))
    course_outline = outline(db_session, cohort, None) if trainees else None
    if course_outline is None:
        return None
    done = _done_by_module(db_session, [enrollment.id for enrollment in trainees])
    rows = [ProgressRow(enrollment, done.get(enrollment.id, {})) for enrollment in trainees]
    return ProgressMatrix(course_outline, Page(rows, 1, max(len(rows), 1), len(rows)))


def mentor_enrollments(db_session: Session, user: User) -> list[Enrollment]:
    """The enrollments in which ``user`` follows trainees now, for their home page's links."""
    return list(db_session.scalars(
        select(Enrollment).options(joinedload(Enrollment.cohort))
        .join(Cohort).where(Enrollment.id.in_(current_mentorships("mentor_enrollment",
                                                                  mentor_user_id=user.id)))
        .order_by(Cohort.starts_on.desc())))


def live_courses(db_session: Session) -> list[Course]:
    return list(db_session.scalars(
        select(Course).where(Course.archived_at.is_(None)).order_by(Course.title)))


def item_body_html(cohort: Cohort, item: Item) -> Markup:
    """The item's Markdown with ``item:slug`` links pointing at this cohort's pages."""
    from flask import url_for

    from lms.curriculum.source import ITEM_LINK
    from lms.markdown import render

    def link(match: re.Match[str]) -> str:
        return "](" + url_for("lms.curriculum.item", cohort_id=cohort.id,
                              slug=match.group(1)) + ")"

    return render(ITEM_LINK.sub(link, item.body))
