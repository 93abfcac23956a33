"""Read model of the gradebook: a page of trainees with their latest work on each assignment,
totals and whether they passed, and the whole of it as rows for the CSV export."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import Any, Generic, TypeVar

from flask import current_app
from sqlalchemy import ColumnElement, Row, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session, contains_eager

from lms.accounts.models import Role, User
from lms.assignments.queries import (
    LatestAttempt,
    attempt_of,
    latest_attempts_of,
    pass_mark_of,
)
from lms.assignments.services import reaches_pass_mark
from lms.assignments.summary import latest_of
from lms.clock import utcnow
from lms.curriculum.content import CourseContent, course_content
from lms.curriculum.models import Item, ItemType, Module
from lms.curriculum.work_summary import WorkSummary, stored
from lms.db import prebuilt
from lms.pagination import Page, paginate
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole
from lms.programs.queries import current_trainees


@dataclass
class GradebookRow:
    enrollment: Enrollment
    #: Her latest handed-in attempt per assignment id.
    latest: dict[int, LatestAttempt] = field(default_factory=dict)

    def total(self) -> int:
        return total_points(self.latest)


#: A trainee's row of a gradebook page as plain values: her enrollment's id, her name, her
#: attempts as her work summary packs them (lms.assignments.summary; None: she has none) and
#: how many trainees the gradebook has in all (the page's count, read with it).
PagedTrainee = Row[tuple[int, str, "str | None", int]]

#: What a gradebook's page holds: GradebookRow for one trainee's grades, PagedTrainee for the
#: gradebook's page of them.
RowT = TypeVar("RowT")
T = TypeVar("T")


@dataclass
class Gradebook(Generic[RowT]):
    cohort: Cohort
    assignments: list[Item]
    page: Page[RowT]
    pass_mark: int
    #: The modules that have assignments, in the course's order.
    modules: list[Module]
    #: The module whose assignments the page shows, or None for all of them; totals and
    #: "passed" always count every assignment.
    module: Module | None = None
    #: The course as kept in memory (lms.curriculum.content); None without a course.
    content: CourseContent | None = None

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """What ``make`` builds of this version of the course and the module shown, built
        once for each ``key`` (naming all else it depends on): the columns of a page are the
        same at each visit, and finding them among the course's items cost a tenth of it."""
        if self.content is None:
            return make()
        return self.content.kept(("gradebook", self.module.id if self.module else None, key),
                                 make)

    @property
    def shown(self) -> list[Item]:
        module = self.module
        if module is None:
            return self.assignments
        return self.kept("shown", lambda: [item for item in self.assignments
                                           if item.module_id == module.id])

    @property
    def possible(self) -> int:
        return self.kept("possible", lambda: sum(item.points or 0 for item in self.assignments))

    @property
    def still_running(self) -> bool:
        """Whether a trainee who has not passed may still: "not yet" rather than "no"."""
        return is_running(self.cohort)


def is_running(cohort: Cohort) -> bool:
    return cohort.status in (CohortStatus.PLANNED, CohortStatus.ACTIVE)


def passed_all(assignments: list[Item], latest: dict[int, LatestAttempt], pass_mark: int
               ) -> bool:
    """Every required assignment graded at or above the pass mark."""
    return passed_required(required_of(assignments), latest, pass_mark)


def required_of(assignments: list[Item]) -> list[tuple[int, Item]]:
    """The required assignments with their ids, once for a page of rows to pass."""
    return [(item.id, item) for item in assignments if item.required]


def passed_required(required: list[tuple[int, Item]], latest: dict[int, LatestAttempt],
                    pass_mark: int) -> bool:
    """:func:`passed_all` from :func:`required_of` the assignments."""
    for item_id, item in required:
        attempt = latest.get(item_id)
        if attempt is None or attempt.points is None or attempt.grade_returned \
                or not reaches_pass_mark(item, attempt.points, pass_mark):
            return False
    return True


def total_points(latest: dict[int, LatestAttempt]) -> int:
    """The points of her latest attempts that count (graded and not sent back)."""
    return sum([attempt.points for attempt in latest.values()
                if attempt.points is not None and not attempt.grade_returned])


def _trainee_of(cohort: Cohort, actor: User) -> list[ColumnElement[bool]]:
    """Which enrollments the actor sees in the gradebook: staff all the cohort's trainees, a
    mentor their own current trainees."""
    conditions = [Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE]
    if not actor.has_role(Role.STAFF):
        conditions.append(or_(Enrollment.user_id == actor.id,
                              Enrollment.id.in_(current_trainees(actor, cohort.id))))
    return conditions


def _trainees(cohort: Cohort, actor: User) -> Select[tuple[Enrollment]]:
    return (select(Enrollment).join(User, User.id == Enrollment.user_id)
            # Her name is shown, never her roles: they would cost a query of their own.
            .options(contains_eager(Enrollment.user).lazyload(User.role_grants))
            .where(*_trainee_of(cohort, actor))
            .order_by(User.display_name, Enrollment.id))


def _page_of_trainees(seen: tuple[ColumnElement[bool], ...]) -> Select[Any]:
    """A page (``page_limit``, ``page_offset`` bound) of the trainees ``seen`` as plain values
    (PagedTrainee) with their stored work and their count, in one query: twenty enrollments
    loaded as entities with their people, then their work, then their count, cost more than
    writing their rows. In the order of the names kept on the enrollments
    (lms.programs.name_order), paged on their index alone: only the page's trainees are read
    with their names and work, not every one of the cohort to sort them by their accounts'
    names, nor every one before the page to skip her."""
    paged = (select(Enrollment.id, Enrollment.sort_name).where(*seen)
             .order_by(Enrollment.sort_name, Enrollment.id)
             .limit(bindparam("page_limit")).offset(bindparam("page_offset")).subquery())
    return (select(Enrollment.id, User.display_name, WorkSummary.work,
                   _count_of(seen).scalar_subquery())
            .select_from(paged).join(Enrollment, Enrollment.id == paged.c.id)
            .join(User, User.id == Enrollment.user_id)
            .outerjoin(WorkSummary, WorkSummary.enrollment_id == Enrollment.id)
            .order_by(paged.c.sort_name, paged.c.id))


def _count_of(seen: tuple[ColumnElement[bool], ...]) -> Select[tuple[int]]:
    """How many trainees ``seen``: from the enrollments' index alone."""
    return select(func.count()).select_from(select(Enrollment.id).where(*seen).subquery())


def _of_cohort() -> tuple[ColumnElement[bool], ...]:
    """A cohort's (``cohort_id`` bound) trainees, as staff see them."""
    return (Enrollment.cohort_id == bindparam("cohort_id"),
            Enrollment.role == EnrollmentRole.TRAINEE)


def _cohort_page() -> Select[Any]:
    """Staff's page of a cohort's trainees, built once an app (lms.db.prebuilt): building it
    cost more than the database took to answer."""
    return _page_of_trainees(_of_cohort())


def _cohort_count() -> Select[tuple[int]]:
    return _count_of(_of_cohort())


def _page(db_session: Session, statements: tuple[Select[Any], Select[tuple[int]]],
          values: dict[str, Any], number: int, per_page: int) -> Page[PagedTrainee]:
    """Page ``number`` of a gradebook (``statements``: its page's and its count's), counted by
    the page's own query; a page past the last is the last, as lms.pagination has it. Read on
    the session's connection: the ORM's handling of a statement cost more than SQLite took to
    answer it, and these rows are plain values."""
    connection = db_session.connection()
    page, count = statements
    rows = connection.execute(page, {**values, "page_limit": per_page,
                                     "page_offset": (number - 1) * per_page}).all()
    if rows:
        return Page(rows, number, per_page, rows[0][3])
    total = connection.scalar(count, values) or 0
    last = max(1, math.ceil(total / per_page))
    if not total or number <= last:
        return Page([], 1, per_page, total)
    return _page(db_session, statements, values, last, per_page)


#: ``module`` value for the whole course in the gradebook.
ALL_MODULES = "all"


def gradebook(db_session: Session, actor: User, cohort: Cohort, number: int,
              per_page: int | None = None, module: str = ALL_MODULES
              ) -> Gradebook[PagedTrainee]:
    """A page of trainees with their latest work (as stored: lms.assignments.gradebook_cells
    reads it); ``module`` a module's slug, ALL_MODULES, or "" for the module opened most
    recently (the one being worked on)."""
    per_page = per_page or current_app.config["LMS_PAGE_SIZE"]
    if actor.has_role(Role.STAFF):
        statements = prebuilt(_cohort_page), prebuilt(_cohort_count)
    else:
        seen = tuple(_trainee_of(cohort, actor))
        statements = _page_of_trainees(seen), _count_of(seen)
    page = _page(db_session, statements, {"cohort_id": cohort.id}, number, per_page)
    content = course_content(cohort.course) if cohort.course else None
    assignments, modules = _assignments_and_modules(content)
    book = Gradebook(cohort, assignments, page, pass_mark_of(cohort), modules, None, content)
    if module != ALL_MODULES:
        book.module = next((m for m in book.modules if m.slug == module), None) \
            if module else _latest_opened(cohort, book.modules)
    return book


def trainee_gradebook(db_session: Session, actor: User, cohort: Cohort,
                      enrollment_id: int) -> Gradebook[GradebookRow] | None:
    """The gradebook with one trainee's row, if the actor sees her in it (staff every trainee,
    a mentor their current trainees, a trainee herself); None otherwise."""
    page = paginate(db_session, _trainees(cohort, actor).where(Enrollment.id == enrollment_id),
                    1, 1, total=1)
    return _book(db_session, cohort, page) if page.items else None


def _book(db_session: Session, cohort: Cohort, page: Page[Enrollment]
          ) -> Gradebook[GradebookRow]:
    latest = page_latest_attempts(db_session, [e.id for e in page.items])
    rows = [GradebookRow(enrollment, latest.get(enrollment.id, {})) for enrollment in page.items]
    assignments, modules = _assignments_and_modules(
        course_content(cohort.course) if cohort.course else None)
    return Gradebook(cohort, assignments, Page(rows, page.number, page.per_page, page.total),
                     pass_mark_of(cohort), modules)


def _assignments_and_modules(content: CourseContent | None
                             ) -> tuple[list[Item], list[Module]]:
    """The course's assignments and the modules that have any, in order, from the course kept
    in memory (lms.curriculum.content), found once for each version of it: reading them cost
    more than the rest of the page, and finding them among its lessons a tenth of it."""
    if content is None:
        return [], []
    return content.kept("gradebook columns", lambda: _columns_of(content))


def _columns_of(content: CourseContent) -> tuple[list[Item], list[Module]]:
    assignments = [item for item in content.items if item.type == ItemType.ASSIGNMENT]
    with_assignments = {item.module_id for item in assignments}
    return assignments, [module for module in content.modules if module.id in with_assignments]


def _latest_opened(cohort: Cohort, modules: list[Module]) -> Module | None:
    """The last module with assignments that has opened for the cohort (else the first),
    looked for from the last: the later ones mostly wait."""
    now = utcnow()
    return next((m for m in reversed(modules) if cohort.opening_time(m.opens_day) <= now),
                next(iter(modules), None))


@dataclass(frozen=True)
class ExportedTrainee:
    email: str
    display_name: str
    country: str | None
    #: Her latest handed-in attempt per assignment id.
    latest: dict[int, LatestAttempt]

    def total(self) -> int:
        return total_points(self.latest)


#: Rows the CSV export fetches at a time: a server-side cursor on PostgreSQL, so memory stays
#: flat however large the cohort.
EXPORT_CHUNK = 1000


def all_gradebook_rows(db_session: Session, actor: User, cohort: Cohort
                       ) -> Iterator[ExportedTrainee]:
    """Every trainee the actor may see with her latest work, in the gradebook's order: one
    query, a row per trainee and assignment, read in chunks as the caller consumes them."""
    latest = latest_attempts_of(select(Enrollment.id).where(*_trainee_of(cohort, actor)))
    statement = (
        select(Enrollment.id.label("enrollment_id"), latest.c.item_id, latest.c.id,
               latest.c.status, latest.c.is_late, latest.c.points, latest.c.grade_returned,
               User.email, User.display_name, User.country)
        .select_from(Enrollment).join(User, User.id == Enrollment.user_id)
        .outerjoin(latest, latest.c.enrollment_id == Enrollment.id)
        .where(*_trainee_of(cohort, actor))
        .order_by(User.display_name, Enrollment.id)
        .execution_options(yield_per=EXPORT_CHUNK))
    for _enrollment_id, group in groupby(db_session.execute(statement),
                                         key=attrgetter("enrollment_id")):
        rows = list(group)
        yield ExportedTrainee(rows[0].email, rows[0].display_name, rows[0].country,
                              {row.item_id: attempt for row in rows
                               if (attempt := attempt_of(row)) is not None})


def page_latest_attempts(db_session: Session, enrollment_ids: list[int]
                         ) -> dict[int, dict[int, LatestAttempt]]:
    """Each trainee's latest handed-in attempt per assignment, by enrollment id and item id,
    for a page of trainees, from their work summaries (lms.assignments.summary): a page reads
    its rows by their keys, where finding the latest of every attempt cost most of a visit."""
    return {enrollment_id: latest_of(work)
            for enrollment_id, (_lessons, work) in stored(db_session, enrollment_ids).items()}


def may_see_gradebook(db_session: Session, actor: User, cohort: Cohort) -> bool:
    """Staff, or a current mentor in the cohort (who then sees their own trainees' rows
    only)."""
    if actor.has_role(Role.STAFF):
        return True
    return db_session.scalar(current_trainees(actor, cohort.id).limit(1)) is not None
