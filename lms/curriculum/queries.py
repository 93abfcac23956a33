"""Read models for course pages. Each page runs a fixed handful of queries, whatever the
number of trainees, modules or lessons."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session, contains_eager, defer, joinedload

from lms.accounts.models import User
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType, LessonProgress, Module
from lms.curriculum.standing import (
    CourseOfTrainee,
    Level,
    TraineeWork,
    judged,
    work_columns,
    work_of,
)
from lms.pagination import Page, paginate
from lms.programs.models import (
    Cohort,
    Enrollment,
    EnrollmentRole,
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

    def course_of(self, enrollment: Enrollment, lessons_done: set[int]) -> CourseOfTrainee:
        """What the completion rule reads of this course for one trainee."""
        lessons, assignments = self._lessons_and_assignments
        return CourseOfTrainee(enrollment, lessons, assignments, lessons_done,
                               self.course.pass_mark, self.course.language)

    @cached_property
    def _lessons_and_assignments(self) -> tuple[list[Item], list[Item]]:
        # Once for the page: the matrix asks for fifty trainees' courses.
        items = self.ordered_items()
        return ([item for item in items if item.type == ItemType.LESSON],
                [item for item in items if item.type == ItemType.ASSIGNMENT])

    def is_locked_for_trainee(self, item: Item, enrollment: Enrollment | None) -> bool:
        """A trainee reads a module from its opening day; mentors and staff may look ahead."""
        return enrollment is not None and not self.module_of(item).is_open


def _live_modules(db_session: Session, course_ids: set[int]) -> list[Module]:
    return list(db_session.scalars(
        select(Module).where(Module.course_id.in_(course_ids), Module.archived_at.is_(None))
        .order_by(Module.position, Module.id)))


#: Lists never show bodies or rubrics; loading them would parse JSON for every item.
LIST_ONLY = (defer(Item.body), defer(Item.rubric), defer(Item.objectives),
             defer(Item.submission_kinds))


def _live_items(db_session: Session, course_ids: set[int]) -> list[Item]:
    return list(db_session.scalars(
        select(Item).options(*LIST_ONLY)
        .join(Module, Item.module_id == Module.id)
        .where(Item.course_id.in_(course_ids), Item.archived_at.is_(None),
               Module.archived_at.is_(None))
        .order_by(Module.position, Item.position, Item.id)))


def outline(db_session: Session, cohort: Cohort, enrollment: Enrollment | None) -> Outline | None:
    """The course of ``cohort`` with opening times, and ``enrollment``'s progress if given."""
    return outlines(db_session, [(cohort, enrollment)])[0]


def outlines(db_session: Session, pairs: list[tuple[Cohort, Enrollment | None]]
             ) -> list[Outline | None]:
    """Each cohort's outline with that enrollment's progress, in three queries whatever the
    number of cohorts."""
    course_ids = {cohort.course_id for cohort, _enrollment in pairs if cohort.course_id}
    if not course_ids:
        return [None for _pair in pairs]
    modules = _live_modules(db_session, course_ids)
    items = _live_items(db_session, course_ids)
    done = lessons_done(db_session, [enrollment.id for _cohort, enrollment in pairs
                                     if enrollment is not None], required_only=False)
    now = utcnow()
    return [None if cohort.course_id is None else _outline(
        cohort, db_session.get(Course, cohort.course_id),
        [module for module in modules if module.course_id == cohort.course_id],
        [item for item in items if item.course_id == cohort.course_id],
        done.get(enrollment.id, set()) if enrollment is not None else set(), now)
        for cohort, enrollment in pairs]


@dataclass(frozen=True)
class ScheduleRow:
    day: int
    #: Set for a module's opening; None for an assignment's deadline.
    module: Module | None
    item: Item | None


def schedule_rows(outline: Outline) -> list[ScheduleRow]:
    """The schedule in date order: a module's deadlines can fall after the next module opens,
    so the course's order is not the calendar's. On one day, what opens comes first."""
    rows = [ScheduleRow(view.module.opens_day, view.module, None) for view in outline.modules]
    rows += [ScheduleRow(item.due_day, None, item) for view in outline.modules
             for item in view.items if not item.is_lesson and item.due_day is not None]
    return sorted(rows, key=lambda row: (row.day, row.module is None))


def _outline(cohort: Cohort, course: Course, modules: list[Module], items: list[Item],
             done: set[int], now: dt.datetime) -> Outline:
    """``modules`` and ``items``: the course's live ones, in order."""
    views = {}
    for module in modules:
        opens_at = cohort.opening_time(module.opens_day)
        views[module.id] = ModuleView(module, opens_at, opens_at <= now)
    for item in items:
        view = views[item.module_id]
        view.items.append(item)
        if item.type == ItemType.LESSON and item.required:
            view.required_lessons += 1
            view.done_lessons += item.id in done
    return Outline(cohort, course, list(views.values()), done)


@dataclass
class TraineeAtWork:
    enrollment: Enrollment
    outline: Outline
    work: TraineeWork | None


@dataclass
class _Gathered:
    enrollment: Enrollment
    modules: dict[int, Module] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    done: set[int] = field(default_factory=set)
    #: What the judge reads of her work, per assignment id.
    work: dict[int, Sequence[Any]] = field(default_factory=dict)


def trainees_at_work(db_session: Session, enrollment_ids: Select[tuple[int]]
                     ) -> list[TraineeAtWork]:
    """Each selected trainee's course outline with her progress, and her work and standing,
    in ONE query: a row per trainee and item of her course, carrying the lesson done and what
    the judge reads of an assignment. The trainee's home and her mentor's home read it.
    Trainees of cohorts without a course are left out; the newest cohort comes first."""
    live_module = and_(Module.course_id == Course.id, Module.archived_at.is_(None))
    live_item = and_(Item.module_id == Module.id, Item.archived_at.is_(None))
    rows = db_session.execute(
        select(Enrollment, Module, Item, LessonProgress.item_id, *work_columns(Enrollment, Item))
        .select_from(Enrollment).join(User, User.id == Enrollment.user_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(Course, Course.id == Cohort.course_id)
        .outerjoin(Module, live_module).outerjoin(Item, live_item)
        .outerjoin(LessonProgress, and_(LessonProgress.enrollment_id == Enrollment.id,
                                        LessonProgress.item_id == Item.id))
        # Her name is shown, never her roles: they would cost a query of their own.
        .options(contains_eager(Enrollment.user).lazyload(User.role_grants),
                 contains_eager(Enrollment.cohort).contains_eager(Cohort.course),
                 *LIST_ONLY)
        .where(Enrollment.id.in_(enrollment_ids))
        .order_by(Cohort.starts_on.desc(), Enrollment.id, Module.position, Module.id,
                  Item.position, Item.id))
    gathered: dict[int, _Gathered] = {}
    for enrollment, module, item, done_id, *work in rows:
        found = gathered.setdefault(enrollment.id, _Gathered(enrollment))
        if module is not None:
            found.modules.setdefault(module.id, module)
        if item is None:
            continue
        found.items.append(item)
        if done_id is not None:
            found.done.add(item.id)
        if item.type == ItemType.ASSIGNMENT:
            found.work[item.id] = work
    now = utcnow()
    at_work = []
    for found in gathered.values():
        enrollment = found.enrollment
        course_outline = _outline(enrollment.cohort, enrollment.cohort.course,
                                  list(found.modules.values()), found.items, found.done, now)
        at_work.append(TraineeAtWork(enrollment, course_outline, judged(
            course_outline.course_of(enrollment, found.done), found.work, now)))
    return at_work


def lessons_done(db_session: Session, enrollment_ids: list[int], required_only: bool = True
                 ) -> dict[int, set[int]]:
    """The lessons each enrollment marked done (only the live required ones, unless asked)."""
    done: dict[int, set[int]] = defaultdict(set)
    if not enrollment_ids:
        return done
    statement = select(LessonProgress.enrollment_id, LessonProgress.item_id).where(
        LessonProgress.enrollment_id.in_(enrollment_ids))
    if required_only:
        statement = statement.join(Item, and_(
            Item.id == LessonProgress.item_id, Item.archived_at.is_(None),
            Item.required.is_(True), Item.type == ItemType.LESSON))
    for enrollment_id, item_id in db_session.execute(statement):
        done[enrollment_id].add(item_id)
    return done


def trainee_work(db_session: Session, course_outline: Outline,
                 enrollment: Enrollment) -> TraineeWork | None:
    """Her work and standing; ``course_outline`` was loaded with her progress."""
    return work_of(db_session, [course_outline.course_of(
        enrollment, course_outline.done_item_ids)]).get(enrollment.id)


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


# Mentors and staff: progress of many trainees -------------------------------------------------


@dataclass
class ProgressRow:
    enrollment: Enrollment
    done_by_module: dict[int, int]
    #: Her work and standing under the completion rule (None in the CSV export).
    work: TraineeWork | None = None

    def share(self, view: ModuleView) -> float:
        if not view.required_lessons:
            return 0.0
        return self.done_by_module.get(view.module.id, 0) / view.required_lessons

    def percentages(self, modules: list[ModuleView]) -> list[int | None]:
        """Her share of each module's required lessons in whole percent (None for a module
        without any), for a page's row of cells in one go."""
        return [int(round(self.share(view) * 100, 0)) if view.required_lessons else None
                for view in modules]

    def total_done(self) -> int:
        return sum(self.done_by_module.values())


@dataclass
class ProgressMatrix:
    outline: Outline
    page: Page[ProgressRow]

    @property
    def at_risk(self) -> int:
        return sum(1 for row in self.page.items
                   if row.work is not None and row.work.standing.level == Level.AT_RISK)


def _trainees_statement(cohort: Cohort) -> Select[tuple[Enrollment]]:
    return (select(Enrollment).join(User, Enrollment.user_id == User.id)
            # Her name is shown, never her roles: they would cost a query of their own.
            .options(contains_eager(Enrollment.user).lazyload(User.role_grants))
            .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)
            .order_by(User.display_name, Enrollment.id))


def _rows(db_session: Session, course_outline: Outline, enrollments: list[Enrollment],
          with_work: bool = True) -> list[ProgressRow]:
    """Each trainee's lessons done per module and, for the pages, her standing: four
    queries whatever the number of trainees."""
    done = lessons_done(db_session, [enrollment.id for enrollment in enrollments])
    module_of = {item.id: item.module_id for item in course_outline.ordered_items()}
    work = work_of(db_session, [course_outline.course_of(enrollment, done.get(enrollment.id,
                                                                               set()))
                                for enrollment in enrollments]) if with_work else {}
    rows = []
    for enrollment in enrollments:
        by_module: dict[int, int] = defaultdict(int)
        for item_id in done.get(enrollment.id, set()):
            if item_id in module_of:
                by_module[module_of[item_id]] += 1
        rows.append(ProgressRow(enrollment, dict(by_module), work.get(enrollment.id)))
    return rows


def cohort_matrix(db_session: Session, cohort: Cohort, page_number: int,
                  per_page: int | None = None) -> ProgressMatrix | None:
    course_outline = outline(db_session, cohort, None)
    if course_outline is None:
        return None
    page = paginate(db_session, _trainees_statement(cohort), page_number, per_page)
    rows = _rows(db_session, course_outline, list(page.items))
    return ProgressMatrix(course_outline, Page(rows, page.number, page.per_page, page.total))


def all_matrix_rows(db_session: Session, cohort: Cohort, course_outline: Outline,
                    batch: int = 500) -> Iterator[ProgressRow]:
    """Every trainee's row, in batches, for the CSV export (a generator: memory stays flat)."""
    total = paginate(db_session, _trainees_statement(cohort), 1, batch)
    for number in range(1, total.count + 1):
        page = total if number == 1 else paginate(db_session, _trainees_statement(cohort),
                                                  number, batch)
        yield from _rows(db_session, course_outline, list(page.items), with_work=False)


def mentor_matrix(db_session: Session, mentor: User, cohort: Cohort) -> ProgressMatrix | None:
    """Only the mentor's current trainees; None when they follow nobody in the cohort now."""
    trainees = list(db_session.scalars(
        _trainees_statement(cohort).where(Enrollment.id.in_(current_trainees(mentor, cohort.id)))))
    course_outline = outline(db_session, cohort, None) if trainees else None
    if course_outline is None:
        return None
    rows = _rows(db_session, course_outline, trainees)
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
