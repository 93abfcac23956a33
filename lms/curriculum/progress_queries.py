"""Read models of the progress pages: a page of a cohort's trainees (or of a mentor's) with
each one's share of every module's required lessons and her standing under the completion
rule, and every trainee's row for the CSV export. Each page runs a fixed handful of queries,
whatever the number of trainees."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, contains_eager

from lms.accounts.models import User
from lms.clock import utcnow
from lms.curriculum.content import CourseContent
from lms.curriculum.matrix_rows import matrix_rows
from lms.curriculum.queries import ModuleView, Outline, outline
from lms.curriculum.standing import (
    Glance,
    Level,
    TraineeAtGlance,
    glances,
    summaries_of,
)
from lms.curriculum.work_summary import WorkSummary, lessons_of
from lms.db import prebuilt
from lms.i18n import lang_attr
from lms.language.models import JapaneseLevel
from lms.language.queries import latest_level_column, latest_level_values
from lms.pagination import Listing, Page, paginate
from lms.programs.models import Cohort, Enrollment, EnrollmentRole
from lms.programs.queries import current_mentorships

#: Trainees on a page of the wide tables of trainees (the progress pages, the completion
#: screen): each row holds her standing, with every line of what she still lacks.
TRAINEES_PER_PAGE = 25


@dataclass
class ProgressRow:
    """A trainee's row of the CSV export."""

    enrollment: Enrollment
    done_by_module: dict[int, int]
    #: Her latest recorded Japanese level (lms.language), if any.
    japanese_level: JapaneseLevel | None = None

    def share(self, view: ModuleView) -> float:
        if not view.required_lessons:
            return 0.0
        return self.done_by_module.get(view.module.id, 0) / view.required_lessons

    def total_done(self) -> int:
        return sum(self.done_by_module.values())


class MatrixRow(NamedTuple):
    """A trainee's row of a progress page, as its table shows it."""

    #: Her enrollment's ``id``, ``cohort_id`` and ``status`` and her ``name`` (a plain row).
    trainee: Any
    #: Her share of each module's required lessons, as the row's cells.
    cells: Markup
    #: Her standing under the completion rule (None in an app without the judging domain).
    glance: Glance | None
    #: Her latest recorded Japanese level (lms.language), if any.
    japanese_level: JapaneseLevel | None


@dataclass
class ProgressMatrix:
    outline: Outline
    page: Page[MatrixRow]

    def header_html(self, locale: str) -> Markup:
        """The modules' column headers, their titles marked with the course's language on a
        page in another: made once for each version of the course and language of the page."""
        language = self.outline.course.language
        modules = [view.module for view in self.outline.modules]

        def made() -> Markup:
            cells = "".join(f'<th scope="col"{lang_attr(language, locale)}>'
                            f"{escape(module.title)}</th>" for module in modules)
            return Markup(cells)  # noqa: S704 - the titles are escaped

        return self.outline.content.kept(("progress matrix header", locale, language), made)

    def rows_html(self, grades_link: str, withdrawn: str, locale: str) -> Markup:
        """The table's rows (lms.curriculum.matrix_rows)."""
        return matrix_rows(self, grades_link, withdrawn, locale)

    @property
    def at_risk(self) -> int:
        return sum(1 for row in self.page.items
                   if row.glance is not None and row.glance.level == Level.AT_RISK)


@functools.lru_cache(maxsize=4096)
def _percent_cells(percentages: tuple[int | None, ...]) -> Markup:
    """A row's cell for each module, made once for each distinct row of shares: many
    trainees are as far as one another, and a loop over the cells cost more than the rest
    of the row."""
    cells = "".join("<td>—</td>" if percent is None else f"<td>{percent}%</td>"
                    for percent in percentages)
    return Markup(cells)  # noqa: S704 - whole numbers only


def _trainees_statement() -> Select[tuple[Enrollment]]:
    """A cohort's trainees (``cohort_id`` bound) in the tables' order."""
    return (select(Enrollment).join(User, Enrollment.user_id == User.id)
            # Her name is shown, never her roles: they would cost a query of their own.
            .options(contains_eager(Enrollment.user).lazyload(User.role_grants))
            .where(Enrollment.cohort_id == bindparam("cohort_id"),
                   Enrollment.role == EnrollmentRole.TRAINEE)
            .order_by(Enrollment.sort_name, Enrollment.id))


def _trainee_rows_statement() -> Select[Any]:
    """A cohort's trainees (``cohort_id`` bound) in the tables' order, as the values a page
    shows and judges of each: her enrollment's ``id`` and ``status``, her ``name``, her stored
    work (``lessons_done``, ``work``: lms.curriculum.work_summary, None where she has no row)
    and her latest Japanese ``level``. One query: loading the enrollments and their people,
    then their summaries and levels, cost more than judging them."""
    return (select(Enrollment.id, Enrollment.status, User.display_name.label("name"),
                   WorkSummary.lessons_done, WorkSummary.work,
                   latest_level_column(Enrollment.id).label("level"))
            .join(User, Enrollment.user_id == User.id)
            .outerjoin(WorkSummary, WorkSummary.enrollment_id == Enrollment.id)
            .where(Enrollment.cohort_id == bindparam("cohort_id"),
                   Enrollment.role == EnrollmentRole.TRAINEE)
            .order_by(Enrollment.sort_name, Enrollment.id))


class _Pages(NamedTuple):
    """A progress page's query (``page_limit`` and ``page_offset`` bound) and its count."""

    #: A page of :func:`_trainee_rows_statement`'s rows, each with how many there are in all
    #: (``total``, counted once a query by a subquery on the enrollments alone).
    page: Select[Any]
    count: Select[tuple[int]]


def _pages(rows: Select[Any], counted: Select[Any]) -> _Pages:
    count = select(func.count()).select_from(counted.subquery())
    return _Pages(rows.add_columns(count.scalar_subquery().label("total"))
                  .limit(bindparam("page_limit")).offset(bindparam("page_offset")), count)


def _cohort_pages() -> _Pages:
    """The pages of a cohort's trainees, built once an app (lms.db.prebuilt)."""
    return _pages(_trainee_rows_statement(), cohort_trainee_ids())


def _page(db_session: Session, pages: _Pages, values: dict[str, Any], number: int,
          per_page: int | None) -> Page[Any]:
    """Page ``number`` as lms.pagination.paginate pages it (the last one when past it), in
    one query, whose rows say how many there are: a count of its own only past the last page.
    As plain rows on the session's connection (nothing flushed first: the pages that read it
    have changed nothing), whose ORM handling cost more than SQLite took to answer."""
    per_page = per_page or current_app.config["LMS_PAGE_SIZE"]
    connection = db_session.connection()

    def rows_of(number: int) -> list[Any]:
        return list(connection.execute(pages.page, {
            **values, "page_limit": per_page, "page_offset": (number - 1) * per_page}))

    rows = rows_of(number)
    if rows:
        return Page(rows, number, per_page, rows[0].total)
    total = connection.scalar(pages.count, values) or 0
    last = max(1, math.ceil(total / per_page))
    if number <= last:
        return Page([], number, per_page, total)
    return Page(rows_of(last), last, per_page, total)


def _trainees() -> Listing:
    """The pages of a cohort's trainees, built once an app (lms.db.prebuilt): building them
    cost more than SQLite took to answer. Counted from the enrollments alone."""
    return Listing(_trainees_statement(), counted=cohort_trainee_ids())


def cohort_trainee_ids() -> Select[tuple[int]]:
    """The ids of a cohort's (``cohort_id`` bound) trainees: what the wide tables count."""
    return select(Enrollment.id).where(Enrollment.cohort_id == bindparam("cohort_id"),
                                       Enrollment.role == EnrollmentRole.TRAINEE)


def _mentor_pages() -> _Pages:
    """The pages of the trainees a mentor (``mentor_user_id``) follows now in a cohort."""
    followed = Enrollment.id.in_(current_mentorships(
        "trainee", mentor_user_id=bindparam("mentor_user_id"), cohort_id=bindparam("cohort_id")))
    return _pages(_trainee_rows_statement().where(followed),
                  cohort_trainee_ids().where(followed))


def _rows(db_session: Session, course_outline: Outline,
          enrollments: list[Enrollment]) -> list[ProgressRow]:
    """Each trainee's lessons done per module and her latest Japanese level: two queries
    whatever the number of trainees (her work summary, her level)."""
    summaries = summaries_of(db_session, enrollments)
    levels = latest_level_values(db_session, [enrollment.id for enrollment in enrollments])
    required = course_outline.content.required_lessons
    rows = []
    for enrollment in enrollments:
        done = summaries[enrollment.id].lessons_done
        by_module = {module_id: count for module_id, lessons in required.items()
                     if (count := len(lessons & done))}
        rows.append(ProgressRow(enrollment, by_module, levels.get(enrollment.id)))
    return rows


#: Rows of lessons done kept for each version of a course (see :func:`_lessons_cells`).
LESSONS_KEPT = 1024


def _page_rows(db_session: Session, course_outline: Outline,
               trainees: Sequence[Any]) -> list[MatrixRow]:
    """Each trainee's row of a progress page, her standing judged at a glance
    (lms.curriculum.standing.glances): one query more, whatever their number."""
    content, kept = course_outline.content, _kept_lessons(course_outline)
    done = [_lessons_cells(content, kept, trainee.lessons_done) for trainee in trainees]
    judged = glances(db_session, course_outline.course_of_cohort(), [
        TraineeAtGlance(trainee.id, lessons, trainee.work, trainee.level)
        for trainee, (lessons, _cells) in zip(trainees, done, strict=True)], utcnow())
    return [MatrixRow(trainee, cells, judged[index] if judged is not None else None,
                      trainee.level)
            for index, (trainee, (_lessons, cells)) in enumerate(zip(trainees, done,
                                                                     strict=True))]


def _kept_lessons(course_outline: Outline) -> dict[str | None, Any]:
    return course_outline.content.kept("progress matrix lessons", dict)


def _lessons_cells(content: CourseContent, kept: dict[str | None, Any],
                   packed: str | None) -> tuple[frozenset[int], Markup]:
    """The lessons done as her work summary keeps them (``packed``), and her row's cells: her
    share of each module's required lessons in whole percent ("—" for a module without
    any). Kept with the course's version under the packed value, as many trainees' rows read
    alike and a page is seen again: reading and counting them cost more than the rest of her
    row."""
    found = kept.get(packed)
    if found is None:
        lessons = frozenset(lessons_of(packed))
        required_of = content.required_lessons
        cells = _percent_cells(tuple(
            int(round(len(required & lessons) / len(required) * 100, 0)) if required else None
            for required in (required_of[module.id] for module in content.modules)))
        if len(kept) >= LESSONS_KEPT:
            kept.clear()
        found = kept[packed] = (lessons, cells)
    return found


def cohort_matrix(db_session: Session, cohort: Cohort, page_number: int,
                  per_page: int | None = None) -> ProgressMatrix | None:
    course_outline = outline(db_session, cohort, None)
    if course_outline is None:
        return None
    page = _page(db_session, prebuilt(_cohort_pages), {"cohort_id": cohort.id}, page_number,
                 per_page)
    rows = _page_rows(db_session, course_outline, page.items)
    return ProgressMatrix(course_outline, Page(rows, page.number, page.per_page, page.total))


def all_matrix_rows(db_session: Session, cohort: Cohort, course_outline: Outline,
                    batch: int = 500) -> Iterator[ProgressRow]:
    """Every trainee's row, in batches, for the CSV export (a generator: memory stays flat)."""
    values = {"cohort_id": cohort.id}
    total = paginate(db_session, prebuilt(_trainees), 1, batch, values=values)
    for number in range(1, total.count + 1):
        page = total if number == 1 else paginate(db_session, prebuilt(_trainees), number,
                                                  batch, values=values)
        yield from _rows(db_session, course_outline, list(page.items))


def mentor_matrix(db_session: Session, mentor: User, cohort: Cohort, page_number: int,
                  per_page: int | None = None) -> ProgressMatrix | None:
    """A page of the mentor's current trainees, nobody else's; None when they follow nobody
    in the cohort now. Paged as the staff matrix is: a mentor may follow a whole cohort."""
    course_outline = outline(db_session, cohort, None)
    if course_outline is None:
        return None
    page = _page(db_session, prebuilt(_mentor_pages),
                 {"cohort_id": cohort.id, "mentor_user_id": mentor.id}, page_number, per_page)
    if not page.total:
        return None
    rows = _page_rows(db_session, course_outline, page.items)
    return ProgressMatrix(course_outline, Page(rows, page.number, page.per_page, page.total))
