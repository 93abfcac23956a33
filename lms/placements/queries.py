"""Read models of the register and the placements: the register's pages, a facility's
history, a cohort's placement board and a trainee's own placements."""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload

from lms import facts
from lms.accounts.models import User
from lms.clock import utcnow
from lms.curriculum.content import course_content
from lms.curriculum.models import Module
from lms.db import prebuilt
from lms.pagination import Page, paginate
from lms.placements.board_cells import BoardPlacement, placements_of_trainees
from lms.placements.models import (
    Evaluation,
    EvaluationKind,
    HostFacility,
    Placement,
    PracticeField,
    ReadinessItem,
)
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
)

#: Trainees on a page of the placement board.
TRAINEES_PER_PAGE = 25


# The register ---------------------------------------------------------------------------------


def facilities_page(db_session: Session, number: int, *, practice_field: PracticeField | None,
                    prefecture: str | None, search: str = "") -> Page[HostFacility]:
    return paginate(db_session, _facilities(practice_field, prefecture, search), number)


def _facilities(practice_field: PracticeField | None, prefecture: str | None,
                search: str) -> Select[tuple[HostFacility]]:
    statement = select(HostFacility).order_by(HostFacility.name, HostFacility.id)
    if practice_field is not None:
        statement = statement.where(HostFacility.field == practice_field)
    if prefecture:
        statement = statement.where(HostFacility.prefecture == prefecture)
    if search:
        pattern = f"%{search.replace('%', '').replace('_', '')}%"
        statement = statement.where(or_(HostFacility.name.ilike(pattern),
                                        HostFacility.name_ja.like(pattern),
                                        HostFacility.city.ilike(pattern)))
    return statement


def all_facilities(db_session: Session) -> Iterator[HostFacility]:
    """The whole register in name order, read in chunks (the CSV export)."""
    return db_session.scalars(select(HostFacility).order_by(HostFacility.name, HostFacility.id)
                              .execution_options(yield_per=500))


def facility_choices(db_session: Session) -> list[tuple[int, str, str, str]]:
    """Every facility as (id, name, name in Japanese, prefecture), for a placement's form."""
    return [tuple(row) for row in db_session.execute(  # type: ignore[misc]
        select(HostFacility.id, HostFacility.name, HostFacility.name_ja, HostFacility.prefecture)
        .order_by(HostFacility.name, HostFacility.id))]


def facility(db_session: Session, facility_id: int) -> HostFacility | None:
    return db_session.get(HostFacility, facility_id)


def facility_history(db_session: Session, host: HostFacility, number: int) -> Page[Placement]:
    """The facility's placements, latest first, with each trainee, cohort and practicum."""
    return paginate(db_session, select(Placement)
                    .join(Enrollment, Enrollment.id == Placement.enrollment_id)
                    .join(User, User.id == Enrollment.user_id)
                    .options(contains_eager(Placement.enrollment).contains_eager(Enrollment.user)
                             .lazyload(User.role_grants),
                             contains_eager(Placement.enrollment)
                             .joinedload(Enrollment.cohort),
                             joinedload(Placement.module))
                    .where(Placement.facility_id == host.id)
                    .order_by(Placement.starts_on.desc(), Placement.id.desc()), number)


# The placement board ----------------------------------------------------------------------------


class BoardWarning(enum.Enum):
    NOT_PLACED = "not_placed"
    OVERLAPS = "overlaps"
    #: A check still to do before a placement that has not ended.
    NOT_READY = "not_ready"


@dataclass(frozen=True)
class Practicum:
    """A practicum module of the cohort's course, with the days the course gives it: from its
    opening to the day before the next module opens (or the cohort's last day)."""

    module: Module
    first_day: dt.date
    last_day: dt.date


@dataclass
class BoardCell:
    practicum: Practicum
    placement: BoardPlacement | None
    #: The other modules whose days the placement reaches into.
    overlaps: list[Module] = field(default_factory=list)
    #: The placement has not ended yet.
    ahead: bool = False

    @property
    def warnings(self) -> list[BoardWarning]:
        if self.placement is None:
            return [BoardWarning.NOT_PLACED]
        warnings = [BoardWarning.OVERLAPS] if self.overlaps else []
        if self.ahead and self.placement.checks_missing:
            warnings.append(BoardWarning.NOT_READY)
        return warnings


class BoardTrainee(NamedTuple):
    enrollment_id: int
    display_name: str


@dataclass
class BoardRow:
    trainee: BoardTrainee
    cells: list[BoardCell]


@dataclass
class PlacementBoard:
    cohort: Cohort
    practicums: list[Practicum]
    page: Page[BoardRow]
    #: How many warnings its cells give (BoardCell.warnings), counted as they are made.
    warnings_on_page: int = 0


def practicums_of(cohort: Cohort) -> tuple[list[Practicum], list[tuple[Module, dt.date,
                                                                         dt.date]]]:
    """The cohort's practicums, and every module with its days (to find overlaps)."""
    if cohort.course is None:
        return [], []
    modules = sorted(course_content(cohort.course).modules, key=lambda module: module.opens_day)
    spans = []
    for index, module in enumerate(modules):
        first = cohort.date_of_day(module.opens_day)
        last = (cohort.date_of_day(modules[index + 1].opens_day) - dt.timedelta(days=1)
                if index + 1 < len(modules) else cohort.ends_on)
        spans.append((module, first, max(first, last)))
    return [Practicum(module, first, last) for module, first, last in spans
            if module.practicum], spans


def placement_board(db_session: Session, cohort: Cohort, number: int) -> PlacementBoard:
    """A page of the cohort's trainees by its practicums: two queries whatever their number
    (three for a page past the last)."""
    practicums, spans = practicums_of(cohort)
    page = _trainees_page(db_session, cohort.id, number)
    trainees = page.items
    placements = placements_of_trainees(
        db_session, [trainee.enrollment_id for trainee in trainees])
    today = utcnow().astimezone(cohort.zone).date()
    # The modules' ids read once, not once a cell and module; and the modules a placement's
    # days reach into found once for the placements of the same days and practicum.
    spans_by_id = [(module.id, module, first, last) for module, first, last in spans]
    practicum_ids = [(practicum, practicum.module.id) for practicum in practicums]
    overlapping: dict[tuple[dt.date, dt.date, int], list[Module]] = {}
    rows = []
    warnings = 0
    for trainee in trainees:
        cells = []
        for practicum, practicum_id in practicum_ids:
            placement = placements.get((trainee.enrollment_id, practicum_id))
            if placement is None:
                cells.append(BoardCell(practicum, None, []))
                warnings += 1  # not placed
                continue
            starts_on, ends_on = placement.starts_on, placement.ends_on
            overlaps = overlapping.get((starts_on, ends_on, practicum_id))
            if overlaps is None:
                overlaps = overlapping[starts_on, ends_on, practicum_id] = [
                    module for module_id, module, first, last in spans_by_id
                    if module_id != practicum_id and starts_on <= last and first <= ends_on]
            ahead = ends_on >= today
            cells.append(BoardCell(practicum, placement, overlaps, ahead=ahead))
            # Its warnings counted here, not by a list of them a cell: it overlaps, and a
            # check is still to do before it ends.
            warnings += bool(overlaps) + bool(ahead and placement.checks_missing)
        rows.append(BoardRow(trainee, cells))
    return PlacementBoard(cohort, practicums, Page(rows, page.number, page.per_page,
                                                   page.total), warnings)


def _trainees(cohort: Cohort | None = None) -> Select[tuple[Enrollment]]:
    """The cohort's trainees in the board's order (``cohort_id`` bound when none is given)."""
    cohort_id = bindparam("cohort_id") if cohort is None else cohort.id
    return (select(Enrollment).join(User, User.id == Enrollment.user_id)
            .options(contains_eager(Enrollment.user).lazyload(User.role_grants))
            .where(*_trainee_of_cohort(cohort_id))
            .order_by(Enrollment.sort_name, Enrollment.id))


def _trainee_of_cohort(cohort_id: Any) -> tuple[ColumnElement[bool], ...]:
    return (Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.TRAINEE,
            Enrollment.status != EnrollmentStatus.WITHDRAWN)


def _trainees_page(db_session: Session, cohort_id: int, number: int) -> Page[BoardTrainee]:
    """Page ``number`` of the cohort's trainees, as lms.pagination.paginate pages a list but
    with their count read by the query of the page, as plain rows without the ORM: the two
    queries and their results cost more in SQLAlchemy than the rest of the board's reading.
    A page past the last (no row to carry the count) is counted, then the last one read."""
    connection = db_session.connection()
    statement = prebuilt(_board_trainees)
    values = {"cohort_id": cohort_id, "page_limit": TRAINEES_PER_PAGE}
    rows = connection.execute(statement, {**values, "page_offset": (number - 1)
                                          * TRAINEES_PER_PAGE}).all()
    if rows:
        total = rows[0][2]
    elif number == 1:
        total = 0
    else:
        total = connection.execute(prebuilt(_board_count), values).scalar_one()
        number = max(1, math.ceil(total / TRAINEES_PER_PAGE))
        rows = connection.execute(statement, {**values, "page_offset": (number - 1)
                                              * TRAINEES_PER_PAGE}).all() if total else []
    return Page([BoardTrainee(enrollment_id, name) for enrollment_id, name, _total in rows],
                number, TRAINEES_PER_PAGE, total)


def _board_count() -> Select[tuple[int]]:
    """How many trainees the cohort (``cohort_id``) has on its board (``count(*)``: SQLite
    counts the index's entries faster than their ids)."""
    return (select(func.count()).select_from(Enrollment)
            .where(*_trainee_of_cohort(bindparam("cohort_id"))))


def _board_trainees() -> Select[Any]:
    """A page of the board (``page_limit`` and ``page_offset``), built once an app
    (lms.db.prebuilt), the cohort bound at each visit: building it cost more than SQLite took
    to answer. Her enrollment's id and name as plain values (entities cost more than the rest
    of the board's queries), and how many trainees the cohort has, counted without the names
    (by a subquery of nothing outside, which SQLite runs once a query)."""
    # In the order of the names kept on the enrollments (lms.programs.name_order), on their
    # index: only the page's trainees are read, not every one of the cohort to sort them.
    return (select(Enrollment.id, User.display_name,
                   _board_count().correlate(None).scalar_subquery())
            .join(User, User.id == Enrollment.user_id)
            .where(*_trainee_of_cohort(bindparam("cohort_id")))
            .order_by(Enrollment.sort_name, Enrollment.id)
            .limit(bindparam("page_limit")).offset(bindparam("page_offset")))


def trainee_in(db_session: Session, cohort: Cohort, enrollment_id: int) -> Enrollment | None:
    return db_session.scalar(_trainees(cohort).where(Enrollment.id == enrollment_id))


def practicum_in(cohort: Cohort, slug: str) -> Practicum | None:
    practicums, _spans = practicums_of(cohort)
    return next((practicum for practicum in practicums if practicum.module.slug == slug), None)


def placement_of(db_session: Session, enrollment: Enrollment, module: Module) -> Placement | None:
    return db_session.scalar(select(Placement).where(Placement.enrollment_id == enrollment.id,
                                                     Placement.module_id == module.id))


# Her own placements ---------------------------------------------------------------------------


def her_placements_statement() -> Select[tuple[Placement]]:
    """Placements in the cohorts the person is a trainee of now (``user_id`` is hers)."""
    return (select(Placement).join(Enrollment, Enrollment.id == Placement.enrollment_id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .where(Enrollment.role == EnrollmentRole.TRAINEE,
                   Enrollment.status == EnrollmentStatus.ACTIVE,
                   Cohort.status.in_([CohortStatus.PLANNED, CohortStatus.ACTIVE])))


def is_placed_condition(asked: facts.Asked) -> Any:
    """Whether the person has a placement now (the fact her home asks before reading them)."""
    return her_placements_statement().where(Enrollment.user_id == asked.user_id).exists()


def placements_of(db_session: Session, user: User) -> list[Placement]:
    """Her placements in the cohorts she is a trainee of now, in date order, with their
    facility, practicum, cohort, checks and evaluations: her home page and her calendar show
    them."""
    return list(db_session.scalars(prebuilt(_her_placements_statement),
                                   {"user_id": user.id}).unique())


def _her_placements_statement() -> Select[tuple[Placement]]:
    """Built once an app (lms.db.prebuilt): building it cost her home more than running it.
    Her checks and evaluations are joined: a trainee has two placements of a handful of rows
    each, where a query of their own each cost more than the rows."""
    return (her_placements_statement()
            .options(joinedload(Placement.facility), joinedload(Placement.module),
                     contains_eager(Placement.enrollment).contains_eager(Enrollment.cohort),
                     # What her home shows of them: an evaluation's scores and answers
                     # (JSON, decoded for each joined row) load only if read.
                     joinedload(Placement.readiness).load_only(
                         ReadinessItem.kind, ReadinessItem.needed, ReadinessItem.done_on),
                     joinedload(Placement.evaluations).load_only(
                         Evaluation.kind, Evaluation.submitted_at, Evaluation.acknowledged_at))
            .where(Enrollment.user_id == bindparam("user_id"))
            .order_by(Placement.starts_on, Placement.id))


def placements_of_enrollment(db_session: Session, enrollment_id: int) -> list[Placement]:
    """One trainee's placements in date order, with facility, practicum and evaluations: her
    grades page shows them to her mentor and staff (the caller has checked they may see it)."""
    return list(db_session.scalars(
        select(Placement).options(joinedload(Placement.facility), joinedload(Placement.module),
                                  selectinload(Placement.evaluations))
        .where(Placement.enrollment_id == enrollment_id)
        .order_by(Placement.starts_on, Placement.id)))


# The completion rule ----------------------------------------------------------------------------


def final_evaluations_done(db_session: Session, enrollment_ids: list[int]) -> dict[int, set[int]]:
    """The practicum modules of each trainee whose supervisor has submitted her final
    evaluation, whether she has read it yet or not: what the completion rule asks of a course
    that says so (lms.certificates.rule). One query for a page of trainees."""
    done: dict[int, set[int]] = defaultdict(set)
    if enrollment_ids:
        # Plain columns on the connection, flushed first as the session would: the ORM's
        # handling of the statement cost more than the database took to answer it.
        db_session.flush()
        for enrollment_id, module_id in db_session.connection().execute(
                prebuilt(_final_evaluations_done), {"enrollment_ids": enrollment_ids}):
            done[enrollment_id].add(module_id)
    return done


def final_evaluations_statement() -> Select[tuple[int, int]]:
    """:func:`final_evaluations_done`'s rows of (enrollment id, module id), ``enrollment_ids``
    bound: for a page that asks them in one query with others."""
    return _final_evaluations_done()


def her_final_evaluations(user_id: ColumnElement[int]) -> Select[tuple[int, int]]:
    """:func:`final_evaluations_done`'s rows for every enrollment of the person ``user_id``
    (a bound parameter): for her home, which asks them with its other lines."""
    return (select(Placement.enrollment_id, Placement.module_id)
            .join(Evaluation, Evaluation.placement_id == Placement.id)
            .join(Enrollment, Enrollment.id == Placement.enrollment_id)
            .where(Enrollment.user_id == user_id, Evaluation.kind == EvaluationKind.FINAL,
                   Evaluation.submitted_at.is_not(None)))


def _final_evaluations_done() -> Select[tuple[int, int]]:
    return (select(Placement.enrollment_id, Placement.module_id)
            .join(Evaluation, Evaluation.placement_id == Placement.id)
            .where(Placement.enrollment_id.in_(bindparam("enrollment_ids", expanding=True)),
                   Evaluation.kind == EvaluationKind.FINAL,
                   Evaluation.submitted_at.is_not(None)))
