"""Read models of the progress pages: a page of a cohort's trainees (or of a mentor's) with
each one's share of every module's required lessons and her standing under the completion
rule, and every trainee's row for the CSV export. Each page runs a fixed handful of queries,
whatever the number of trainees."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, contains_eager

from lms.accounts.models import User
from lms.curriculum.matrix_rows import matrix_rows
from lms.curriculum.queries import ModuleView, Outline, outline
from lms.curriculum.standing import Level, TraineeWork, summaries_of, work_of
from lms.db import prebuilt
from lms.language.models import JapaneseLevel
from lms.language.queries import latest_level_values
from lms.pagination import Listing, Page, paginate
from lms.programs.models import Cohort, Enrollment, EnrollmentRole
from lms.programs.queries import current_mentorships

#: Trainees on a page of the wide tables of trainees (the progress pages, the completion
#: screen): each row holds her standing, with every line of what she still lacks.
TRAINEES_PER_PAGE = 25


@dataclass
class ProgressRow:
    enrollment: Enrollment
    done_by_module: dict[int, int]
    #: Her work and standing under the completion rule (None in the CSV export).
    work: TraineeWork | None = None
    #: Her latest recorded Japanese level (lms.language), if any.
    japanese_level: JapaneseLevel | None = None

    def share(self, view: ModuleView) -> float:
        if not view.required_lessons:
            return 0.0
        return self.done_by_module.get(view.module.id, 0) / view.required_lessons

    def percentages(self, modules: list[ModuleView]) -> tuple[int | None, ...]:
        """Her share of each module's required lessons in whole percent (None for a module
        without any)."""
        return self._percentages([(view.module.id, view.required_lessons) for view in modules])

    def _percentages(self, shares: list[tuple[int, int]]) -> tuple[int | None, ...]:
        done = self.done_by_module
        return tuple(int(round(done.get(module_id, 0) / required * 100, 0)) if required
                     else None for module_id, required in shares)

    def percent_cells(self, matrix: ProgressMatrix) -> Markup:
        """Her row's cell for each module, made once for each distinct row of shares: many
        trainees are as far as one another, and a template's loop over the cells cost more
        than the rest of the row."""
        return _percent_cells(self._percentages(matrix.shares))

    def total_done(self) -> int:
        return sum(self.done_by_module.values())


@dataclass
class ProgressMatrix:
    outline: Outline
    page: Page[ProgressRow]

    @functools.cached_property
    def shares(self) -> list[tuple[int, int]]:
        """Each module's id and number of required lessons, in order, once for the page."""
        return _shares(self.outline)

    def rows_html(self, grades_link: str, withdrawn: str, locale: str) -> Markup:
        """The table's rows (lms.curriculum.matrix_rows)."""
        return matrix_rows(self, grades_link, withdrawn, locale)

    @property
    def at_risk(self) -> int:
        return sum(1 for row in self.page.items
                   if row.work is not None and row.work.standing.level == Level.AT_RISK)


@functools.lru_cache(maxsize=4096)
def _percent_cells(percentages: tuple[int | None, ...]) -> Markup:
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


def _trainees() -> Listing:
    """The pages of a cohort's trainees, built once an app (lms.db.prebuilt): building them
    cost more than SQLite took to answer. Counted from the enrollments alone."""
    return Listing(_trainees_statement(), counted=cohort_trainee_ids())


def cohort_trainee_ids() -> Select[tuple[int]]:
    """The ids of a cohort's (``cohort_id`` bound) trainees: what the wide tables count."""
    return select(Enrollment.id).where(Enrollment.cohort_id == bindparam("cohort_id"),
                                       Enrollment.role == EnrollmentRole.TRAINEE)


def _mentors_trainees() -> Listing:
    """The pages of the trainees a mentor (``mentor_user_id``) follows now in a cohort."""
    return Listing(_trainees_statement().where(Enrollment.id.in_(current_mentorships(
        "trainee", mentor_user_id=bindparam("mentor_user_id"),
        cohort_id=bindparam("cohort_id")))))


def _rows(db_session: Session, course_outline: Outline, enrollments: list[Enrollment],
          with_work: bool = True) -> list[ProgressRow]:
    """Each trainee's lessons done per module, her latest Japanese level and, for the pages,
    her standing: two queries whatever the number of trainees (her work summary with her
    moved deadlines, her level), and those the judge makes when the course asks more."""
    summaries = summaries_of(db_session, enrollments)
    levels = latest_level_values(db_session, [enrollment.id for enrollment in enrollments])
    work = work_of(db_session, [course_outline.course_of(enrollment,
                                                         summaries[enrollment.id].lessons_done)
                                for enrollment in enrollments],
                   japanese_levels=levels, summaries=summaries) if with_work else {}
    required = course_outline.content.required_lessons
    rows = []
    for enrollment in enrollments:
        done = summaries[enrollment.id].lessons_done
        by_module = {module_id: count for module_id, lessons in required.items()
                     if (count := len(lessons & done))}
        rows.append(ProgressRow(enrollment, by_module, work.get(enrollment.id),
                                levels.get(enrollment.id)))
    return rows


def _shares(course_outline: Outline) -> list[tuple[int, int]]:
    """Each module's id and number of required lessons, in order."""
    return [(view.module.id, view.required_lessons) for view in course_outline.modules]


def cohort_matrix(db_session: Session, cohort: Cohort, page_number: int,
                  per_page: int | None = None) -> ProgressMatrix | None:
    course_outline = outline(db_session, cohort, None)
    if course_outline is None:
        return None
    page = paginate(db_session, prebuilt(_trainees), page_number, per_page,
                    values={"cohort_id": cohort.id})
    rows = _rows(db_session, course_outline, list(page.items))
    return ProgressMatrix(course_outline, Page(rows, page.number, page.per_page, page.total))


def all_matrix_rows(db_session: Session, cohort: Cohort, course_outline: Outline,
                    batch: int = 500) -> Iterator[ProgressRow]:
    """Every trainee's row, in batches, for the CSV export (a generator: memory stays flat)."""
    values = {"cohort_id": cohort.id}
    total = paginate(db_session, prebuilt(_trainees), 1, batch, values=values)
    for number in range(1, total.count + 1):
        page = total if number == 1 else paginate(db_session, prebuilt(_trainees), number,
                                                  batch, values=values)
        yield from _rows(db_session, course_outline, list(page.items), with_work=False)


def mentor_matrix(db_session: Session, mentor: User, cohort: Cohort, page_number: int,
                  per_page: int | None = None) -> ProgressMatrix | None:
    """A page of the mentor's current trainees, nobody else's; None when they follow nobody
    in the cohort now. Paged as the staff matrix is: a mentor may follow a whole cohort."""
    course_outline = outline(db_session, cohort, None)
    if course_outline is None:
        return None
    page = paginate(db_session, prebuilt(_mentors_trainees), page_number, per_page,
                    values={"cohort_id": cohort.id, "mentor_user_id": mentor.id})
    if not page.total:
        return None
    rows = _rows(db_session, course_outline, list(page.items))
    return ProgressMatrix(course_outline, Page(rows, page.number, page.per_page, page.total))
