"""Each trainee's work, kept on one row per enrollment as it is written: the lessons she marked
done, and her latest attempt at each assignment as the judging domain packs it
(lms.assignments.summary). The wide pages of trainees (the progress matrix, the completion
screen, the gradebook) and the trainee's home read a page's rows by their keys, where finding
the latest of forty thousand attempts and every lesson done cost most of each visit.

What is stored follows the rows it is made from and nothing else (no course's rule, pass mark
or deadline: the readers judge with the course as it is), so a course sync leaves it right; an
item it no longer has is left out by the readers, who go through the course's items.

A row is written by recounting its trainee's rows, never by a relative change: a writer first
locks her row (inserted if missing), so two transactions writing the same trainee take turns
and the second recounts what the first committed. The lessons are recounted after each flush
that wrote a lesson's progress, and after each INSERT, UPDATE or DELETE statement on them run
by a session (a service's DELETE, a benchmark's bulk INSERT: :func:`keep_bulk`); a write on a
bare connection calls :func:`recount_lessons` or the judging domain's ``recount`` afterwards."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import chain
from typing import Any, NamedTuple

from sqlalchemy import ForeignKey, Text, bindparam, event, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Result
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from lms.curriculum.models import LessonProgress
from lms.db import Base, prebuilt


class WorkSummary(Base):
    """One trainee enrollment's work as plain values: ``lessons_done`` the ids of the lessons
    she marked done (a JSON list), ``work`` her attempts as the judging domain packs them."""

    __tablename__ = "lms_work_summaries"

    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("lms_enrollments.id", ondelete="CASCADE"), primary_key=True)
    lessons_done: Mapped[str] = mapped_column(Text, default="[]")
    work: Mapped[str] = mapped_column(Text, default="[]")


class Summary(NamedTuple):
    """One trainee's work as a page reads it."""

    #: The lessons she marked done (archived and optional ones too), by item id.
    lessons_done: set[int]
    #: Her attempts, packed by the judging domain (None: she has none).
    work: str | None
    #: Her deadlines that are not the course's (her extension, else her cohort's moved one),
    #: by item id; None when none moved.
    due: dict[int, dt.datetime] | None = None


#: What a column's recount writes: given the connection and the enrollment ids, each one's
#: packed value (an enrollment left out gets ``empty``).
Packer = Callable[[Connection, list[int]], Mapping[int, str]]

EMPTY = "[]"


def keep(connection: Connection, enrollment_ids: Iterable[int],
         packers: Mapping[str, Packer]) -> None:
    """Recount the columns named in ``packers`` for these trainees, their rows locked first
    (in the order of their ids, so that two writers never wait for each other)."""
    ids = sorted(set(enrollment_ids))
    if not ids:
        return
    table = WorkSummary.__table__
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[connection.dialect.name]
    connection.execute(dialect.insert(table).on_conflict_do_nothing(
        index_elements=["enrollment_id"]), [{"enrollment_id": each} for each in ids])
    # A no-op UPDATE: the rows' locks on PostgreSQL, the database's write lock on SQLite,
    # before anything is read.
    connection.execute(update(table).where(table.c.enrollment_id.in_(ids))
                       .values(enrollment_id=table.c.enrollment_id))
    values: dict[int, dict[str, str]] = {each: {} for each in ids}
    for column, packer in packers.items():
        packed = packer(connection, ids)
        for each in ids:
            values[each][column] = packed.get(each, EMPTY)
    names = list(packers)
    connection.execute(
        update(table).where(table.c.enrollment_id == bindparam("summary_id"))
        .values({name: bindparam(f"summary_{name}") for name in names}),
        [{"summary_id": each, **{f"summary_{name}": hers[name] for name in names}}
         for each, hers in values.items()])


def pack_lessons(connection: Connection, enrollment_ids: list[int]) -> dict[int, str]:
    """The lessons each trainee marked done, as ``lessons_done`` keeps them."""
    done: dict[int, list[int]] = defaultdict(list)
    for enrollment_id, item_id in connection.execute(
            select(LessonProgress.enrollment_id, LessonProgress.item_id)
            .where(LessonProgress.enrollment_id.in_(enrollment_ids))
            .order_by(LessonProgress.enrollment_id, LessonProgress.item_id)):
        done[enrollment_id].append(item_id)
    return {enrollment_id: json.dumps(items, separators=(",", ":"))
            for enrollment_id, items in done.items()}


LESSONS: dict[str, Packer] = {"lessons_done": pack_lessons}


def recount_lessons(db_session: Session, enrollment_ids: Iterable[int]) -> None:
    """Recount these trainees' lessons done, after a write that bypassed the ORM."""
    keep(db_session.connection(), enrollment_ids, LESSONS)


def stored(db_session: Session, enrollment_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each trainee's stored (lessons done, work), by enrollment id, where she has a row."""
    if not enrollment_ids:
        return {}
    return {enrollment_id: (lessons, work) for enrollment_id, lessons, work in db_session.execute(
        prebuilt(_stored), {"enrollment_ids": enrollment_ids})}


def _stored() -> Any:
    return select(WorkSummary.enrollment_id, WorkSummary.lessons_done, WorkSummary.work).where(
        WorkSummary.enrollment_id.in_(bindparam("enrollment_ids", expanding=True)))


def lessons_of(packed: str | None) -> set[int]:
    return set(json.loads(packed)) if packed else set()


_PENDING = "lms.curriculum.work_summary"


def touched_by(db_session: Session, kinds: tuple[type, ...]) -> list[Any]:
    """The instances of ``kinds`` the coming flush writes."""
    return [instance for instance in chain(db_session.new, db_session.dirty, db_session.deleted)
            if isinstance(instance, kinds)]


def owners(instances: Iterable[Any], owner: Callable[[Any], Iterable[int | None]]) -> set[int]:
    """The enrollments ``owner`` finds for each instance, after the flush (its ids set), its
    former ones too where a row moved to another trainee."""
    found: set[int] = set()
    for instance in instances:
        found.update(each for each in owner(instance) if each is not None)
    return found


def _lesson_owners(progress: LessonProgress) -> list[int | None]:
    history = inspect(progress).attrs.enrollment_id.history
    return [progress.enrollment_id, *history.deleted]


@event.listens_for(Session, "before_flush")
def _before_flush(db_session: Session, _context: Any, _instances: Any) -> None:
    touched = touched_by(db_session, (LessonProgress,))
    if touched:
        db_session.info.setdefault(_PENDING, []).extend(
            (progress, _lesson_owners(progress)) for progress in touched)


@event.listens_for(Session, "after_flush")
def _after_flush(db_session: Session, _context: Any) -> None:
    touched = db_session.info.pop(_PENDING, None)
    if touched:
        # The ids known before the flush (a deleted row's) and after it (a new row's).
        keep(db_session.connection(), owners(
            touched, lambda pair: [*pair[1], pair[0].enrollment_id]), LESSONS)


@event.listens_for(Session, "after_rollback")
def _forget(db_session: Session) -> None:
    db_session.info.pop(_PENDING, None)


#: For an UPDATE or DELETE statement on a kind of row: given its WHERE clause (None: every
#: row), a select of the enrollments whose rows it writes.
OwnersWhere = Callable[[Any], Any]
#: For an INSERT of rows of a kind, given the connection and their values: their enrollments.
OwnersOfRows = Callable[[Connection, list[dict[str, Any]]], Iterable[int]]


def keep_bulk(state: ORMExecuteState, kinds: Mapping[type, tuple[OwnersWhere, OwnersOfRows]],
              packers: Mapping[str, Packer]) -> Result[Any] | None:
    """Run an INSERT, UPDATE or DELETE statement that bypasses the flush (a service's guarded
    UPDATE, a benchmark's bulk INSERT) on one of ``kinds``, then recount the trainees whose
    rows it wrote; None for any other statement, which then runs as usual."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    found = kinds.get(mapper.class_) if mapper is not None else None
    if found is None:
        return None
    owners_where, owners_of_rows = found
    connection = state.session.connection()
    statement = state.statement
    if state.is_insert:
        result = state.invoke_statement()
        rows = state.parameters
        rows = [rows] if isinstance(rows, dict) else list(rows or [])
        if not rows:  # INSERT … SELECT, or values in the statement: whose is unknown
            keep(connection, connection.scalars(owners_where(None)), packers)
            return result
        keep(connection, owners_of_rows(connection, rows), packers)
        return result
    ids = set(connection.scalars(owners_where(statement.whereclause)))
    result = state.invoke_statement()
    if state.is_update and _moves_rows(statement):
        ids.update(connection.scalars(owners_where(None)))  # moved to whom: count everyone
    keep(connection, ids, packers)
    return result


def _moves_rows(statement: Any) -> bool:
    """An UPDATE that sets which row its rows belong to."""
    names = {getattr(column, "key", column) for column in
             getattr(statement, "_values", None) or {}}
    return bool(names & {"enrollment_id", "submission_id"})


def _lesson_owners_where(where: Any) -> Any:
    statement = select(LessonProgress.enrollment_id).distinct()
    return statement if where is None else statement.where(where)


def enrollments_of_rows(_connection: Connection, rows: list[dict[str, Any]]) -> set[int]:
    """The trainees of inserted rows that name their enrollment."""
    return {row["enrollment_id"] for row in rows}


@event.listens_for(Session, "do_orm_execute")
def _bulk_lessons(state: ORMExecuteState) -> Result[Any] | None:
    return keep_bulk(state, {LessonProgress: (_lesson_owners_where, enrollments_of_rows)},
                     LESSONS)
