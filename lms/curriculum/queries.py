"""Read models for course pages. Each page runs a fixed handful of queries, whatever the
number of trainees, modules or lessons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup
from sqlalchemy import ColumnElement, Select, bindparam, select
from sqlalchemy.orm import Session, contains_eager, defer, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from lms.accounts.models import Role, User
from lms.clock import utcnow
from lms.curriculum.content import CourseContent, course_content, shown_body
from lms.curriculum.models import Course, Item, ItemType, Module
from lms.curriculum.standing import (
    CourseOfCohort,
    CourseOfTrainee,
    TraineeWork,
    judged,
    summaries_of,
    work_of,
)
from lms.curriculum.work_summary import Summary, WorkSummary, lessons_of
from lms.db import as_loaded_with, columns_of, prebuilt
from lms.language.models import JapaneseLevel
from lms.programs.models import (
    Cohort,
    Enrollment,
    EnrollmentRole,
)
from lms.programs.queries import cohort_columns, cohort_of_row, current_mentorships


@dataclass
class ModuleView:
    module: Module
    opens_at: dt.datetime
    is_open: bool
    #: The module's items, in order (the kept course's own list: read it, never change it).
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
    #: The kept course these views are of, in the reader's language (its title, summary).
    content: CourseContent

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
        course = self.course
        return CourseOfTrainee(enrollment, lessons, assignments, lessons_done,
                               course.pass_mark, course.language, self._practicums,
                               course.required_japanese_level, self.content)

    def course_of_cohort(self) -> CourseOfCohort:
        """What the completion rule reads of this course for the cohort's trainees: as
        :meth:`course_of` gives it each of them."""
        lessons, assignments = self._lessons_and_assignments
        course = self.course
        return CourseOfCohort(self.cohort, lessons, assignments, course.pass_mark,
                              course.language, self._practicums,
                              course.required_japanese_level, self.content)

    @cached_property
    def _practicums(self) -> list[Module]:
        """The practicums whose final evaluation completing asks, once for the page."""
        if not self.course.final_evaluation_required:
            return []
        return [view.module for view in self.modules if view.module.practicum]

    @cached_property
    def _lessons_and_assignments(self) -> tuple[list[Item], list[Item]]:
        # Once for the course's version (its live items, in order, are the outline's): the
        # matrix asks for a page of trainees' courses at every visit.
        items = self.content.items
        return self.content.kept("lessons and assignments", lambda: (
            [item for item in items if item.type == ItemType.LESSON],
            [item for item in items if item.type == ItemType.ASSIGNMENT]))

    def is_locked_for_trainee(self, item: Item, enrollment: Enrollment | None) -> bool:
        """A trainee reads a module from its opening day; mentors and staff may look ahead."""
        return enrollment is not None and not self.module_of(item).is_open


#: Lists never show bodies or rubrics; loading them would parse JSON for every item.
LIST_ONLY = (defer(Item.body), defer(Item.rubric), defer(Item.objectives),
             defer(Item.submission_kinds))


def outline(db_session: Session, cohort: Cohort, enrollment: Enrollment | None) -> Outline | None:
    """The course of ``cohort`` with opening times, and ``enrollment``'s progress if given:
    one query for her progress, none for the course (curriculum.content keeps it)."""
    course = cohort.course
    if course is None:
        return None
    content = course_content(course)
    done = lessons_done(db_session, [enrollment.id]).get(enrollment.id, set()) \
        if enrollment is not None else set()
    return _outline(cohort, course, content, done, utcnow())


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


def _outline(cohort: Cohort, course: Course, content: CourseContent, done: set[int],
             now: dt.datetime) -> Outline:
    """What is the cohort's and the reader's (dates, lessons done) on the kept course."""
    # The modules' opening times, once for the course's version and the cohort's days: every
    # home of a trainee and her mentor's works them out, each in the cohort's zone.
    starts_on, timezone = cohort.starts_on, cohort.timezone
    openings = content.kept(("opening times", cohort.id, starts_on, timezone), lambda: [
        (module, cohort.opening_time(module.opens_day), content.items_of[module.id],
         content.required_lessons[module.id]) for module in content.modules])
    views = [ModuleView(module, opens_at, opens_at <= now, items, len(required),
                        len(required & done) if done else 0)
             for module, opens_at, items, required in openings]
    return Outline(cohort, course, views, done, content)


@dataclass
class TraineeAtWork:
    enrollment: Enrollment
    outline: Outline
    work: TraineeWork | None


def trainees_at_work(db_session: Session, enrollment_ids: Select[tuple[int]]
                     ) -> list[TraineeAtWork]:
    """Each selected trainee's course outline with her progress, and her work and standing,
    in two queries: the trainees with their cohorts and courses, then their work summaries
    (lms.curriculum.work_summary) and moved deadlines. The course itself comes from
    memory (curriculum.content). The trainee's home and her mentor's home read it. Trainees
    of cohorts without a course are left out; the newest cohort comes first."""
    return at_work(db_session, at_work_statement(enrollment_ids))


def at_work_statement(enrollment_ids: Select[tuple[int]]) -> Select[tuple[Enrollment]]:
    """The first of :func:`trainees_at_work`'s queries, for a caller that builds it once
    (with parameters in ``enrollment_ids``) and runs it with :func:`at_work`."""
    return (select(Enrollment).join(User, User.id == Enrollment.user_id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .join(Course, Course.id == Cohort.course_id)
            # Her name is shown, never her roles: they would cost a query of their own.
            .options(contains_eager(Enrollment.user).lazyload(User.role_grants),
                     contains_eager(Enrollment.cohort).contains_eager(Cohort.course))
            .where(Enrollment.id.in_(enrollment_ids))
            .order_by(Cohort.starts_on.desc(), Enrollment.id))


def at_work(db_session: Session, statement: Select[tuple[Enrollment]],
            parameters: Mapping[str, Any] | None = None) -> list[TraineeAtWork]:
    """:func:`trainees_at_work` with its first query built by :func:`at_work_statement`."""
    return _at_work(db_session, list(db_session.scalars(statement, parameters)))


def trainees_at_work_of(db_session: Session, enrollments: list[Enrollment],
                        japanese_levels: dict[int, JapaneseLevel] | None = None,
                        evaluated: dict[int, set[int]] | None = None,
                        summaries: dict[int, Summary] | None = None) -> list[TraineeAtWork]:
    """:func:`trainees_at_work` of enrollments already read, with their cohorts and courses;
    ``japanese_levels``, ``evaluated`` (as :func:`lms.curriculum.standing.judged` takes them)
    and their ``summaries`` (as :func:`summaries_of` gives them), when the page has read
    them."""
    return _at_work(db_session, enrollments, japanese_levels, evaluated, summaries)


def cohort_enrollment_columns() -> list[Any]:
    """A cohort's, its course's and an enrollment's columns (the enrollment's from an outer
    join, maybe all None), for :func:`cohort_and_enrollment`."""
    return [*columns_of(Cohort, "course"), *columns_of(Enrollment)]


def cohort_and_enrollment(db_session: Session,
                          values: Iterator[Any]) -> tuple[Cohort, Enrollment | None]:
    """The cohort (with its course) and the enrollment made from the next values of a row of
    :func:`cohort_enrollment_columns`, as the ORM would have loaded them (lms.db.as_loaded_with):
    the ORM's loading cost a course page or a home more than its database work."""
    cohort = as_loaded_with(db_session, values, Cohort, "course")
    enrollment = as_loaded_with(db_session, values, Enrollment)
    if enrollment is not None and "cohort" not in enrollment.__dict__:
        set_committed_value(enrollment, "cohort", cohort)
    return cohort, enrollment


def trainee_at_work(db_session: Session, enrollment: Enrollment) -> TraineeAtWork:
    """Her course outline with her progress, and her work and standing, in one query; her
    cohort must have a course."""
    return _at_work(db_session, [enrollment])[0]


def _at_work(db_session: Session, enrollments: list[Enrollment],
             japanese_levels: dict[int, JapaneseLevel] | None = None,
             evaluated: dict[int, set[int]] | None = None,
             summaries: dict[int, Summary] | None = None) -> list[TraineeAtWork]:
    if not enrollments:
        return []
    if summaries is None:
        summaries = summaries_of(db_session, enrollments)
    now = utcnow()
    outlines = []
    for enrollment in enrollments:
        cohort = enrollment.cohort
        outlines.append(_outline(cohort, cohort.course, course_content(cohort.course),
                                 summaries[enrollment.id].lessons_done, now))
    work = judged(db_session, [(outline.course_of(enrollment, outline.done_item_ids),
                                summaries[enrollment.id])
                               for enrollment, outline in zip(enrollments, outlines,
                                                              strict=True)], now,
                  japanese_levels, evaluated)
    return [TraineeAtWork(enrollment, outline, hers)
            for enrollment, outline, hers in zip(enrollments, outlines, work, strict=True)]


def lessons_done(db_session: Session, enrollment_ids: list[int]) -> dict[int, set[int]]:
    """The lessons each enrollment marked done (archived and optional ones too), from the
    work summaries (lms.curriculum.work_summary)."""
    if not enrollment_ids:
        return {}
    return {enrollment_id: lessons_of(packed) for enrollment_id, packed in db_session.execute(
        prebuilt(_lessons_done), {"enrollment_ids": enrollment_ids})}


def _lessons_done() -> Select[tuple[int, str]]:
    return select(WorkSummary.enrollment_id, WorkSummary.lessons_done).where(
        WorkSummary.enrollment_id.in_(bindparam("enrollment_ids", expanding=True)))


def trainee_work(db_session: Session, course_outline: Outline,
                 enrollment: Enrollment) -> TraineeWork | None:
    """Her work and standing; ``course_outline`` was loaded with her progress."""
    return work_of(db_session, [course_outline.course_of(
        enrollment, course_outline.done_item_ids)]).get(enrollment.id)


def item_body_html(cohort: Cohort, item: Item) -> Markup:
    """The item's text with ``item:slug`` links pointing at this cohort's pages, rendered once
    for each version of the course (curriculum.content)."""
    if cohort.course is None:
        return Markup("")
    return shown_body(course_content(cohort.course), item, cohort.id)


def item_in_course(db_session: Session, course_id: int, slug: str) -> Item | None:
    return db_session.scalar(
        select(Item).options(joinedload(Item.module))
        .where(Item.course_id == course_id, Item.slug == slug, Item.archived_at.is_(None)))


# Cohort membership ------------------------------------------------------------------------------


def visible_cohort(statement: Select[Any], cohort_id: int | ColumnElement[int],
                   actor_id: int | ColumnElement[int], staff: bool) -> Select[Any]:
    """``statement`` narrowed to the cohort if its actor may see it: staff, or anyone
    enrolled in it."""
    statement = statement.where(Cohort.id == cohort_id)
    if not staff:
        statement = statement.where(Cohort.id.in_(
            select(Enrollment.cohort_id).where(Enrollment.user_id == actor_id)))
    return statement


def cohort_for(db_session: Session, actor: User, cohort_id: int) -> Cohort | None:
    """The cohort if ``actor`` may see it: staff, or anyone enrolled in it. With its course,
    whose language its pages mark and whose version says what curriculum.content keeps."""
    if actor.has_role(Role.STAFF):
        statement, asked = prebuilt(_staff_cohort), {"cohort_id": cohort_id}
    else:
        statement, asked = prebuilt(_members_cohort), {"cohort_id": cohort_id,
                                                       "actor_id": actor.id}
    row = db_session.connection().execute(statement, asked).first()
    return None if row is None else cohort_of_row(db_session, row)


def _staff_cohort() -> Select[Any]:
    """:func:`cohort_for`'s query for staff, built once an app (lms.db.prebuilt): building it
    cost as much as SQLite took to answer."""
    return visible_cohort(cohort_columns(), bindparam("cohort_id"), 0, staff=True)


def _members_cohort() -> Select[Any]:
    """:func:`cohort_for`'s query for anyone else, built once an app."""
    return visible_cohort(cohort_columns(), bindparam("cohort_id"), bindparam("actor_id"),
                          staff=False)


def enrollment_in(db_session: Session, actor: User, cohort: Cohort,
                  role: EnrollmentRole) -> Enrollment | None:
    return db_session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == actor.id,
        Enrollment.role == role))


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


