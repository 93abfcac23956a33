"""Each trainee's attempts as her work summary keeps them (lms.curriculum.work_summary): for
every assignment she handed in, her latest handed-in attempt, and the assignments she has a
draft of. Kept as attempts and grades are written: after each flush that adds, deletes or
changes what is kept of one (its status, lateness, points, whether the grade returned it), and
after each INSERT, UPDATE or DELETE statement on them run by a session (the services' guarded
UPDATEs, a benchmark's bulk INSERTs), for the trainees whose rows it wrote. A write on a bare
connection calls :func:`recount` afterwards.

The packed value is a JSON list ``[handed_in, drafts]``: ``handed_in`` a list of ``[item id,
attempt id, status, late, points, grade returned]`` (points null while it waits for a grade),
``drafts`` the ids of the assignments she has a draft of. Read by :func:`latest_of` and
:func:`handed_in_rows`."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, event, inspect, select, type_coerce
from sqlalchemy.engine import Connection, Result
from sqlalchemy.orm import ORMExecuteState, Session

from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.curriculum import work_summary
from lms.curriculum.work_summary import (
    LESSONS,
    Packer,
    enrollments_of_rows,
    keep,
    keep_bulk,
    owners,
    touched_by,
)

if TYPE_CHECKING:
    from lms.assignments.queries import LatestAttempt

#: What a submission's or a grade's row keeps in the summary: a flush changing only others
#: (a draft's text saved every few seconds) recounts nothing.
_KEPT: dict[type, tuple[str, ...]] = {
    Submission: ("enrollment_id", "item_id", "attempt", "status", "is_late"),
    Grade: ("submission_id", "total", "returned"),
}


def pack_work(connection: Connection, enrollment_ids: list[int]) -> dict[int, str]:
    """Each trainee's attempts as the summary's ``work`` keeps them."""
    # Here, not above: the queries import the services, which keep the summary.
    from lms.assignments.queries import latest_attempts_of

    handed_in: dict[int, list[list[Any]]] = defaultdict(list)
    drafts: dict[int, list[int]] = defaultdict(list)
    latest = latest_attempts_of(enrollment_ids)
    for enrollment_id, item_id, attempt_id, status, late, points, returned in connection.execute(
            select(latest.c.enrollment_id, latest.c.item_id, latest.c.id,
                   type_coerce(latest.c.status, String), latest.c.is_late, latest.c.points,
                   latest.c.grade_returned).order_by(latest.c.enrollment_id, latest.c.item_id)):
        handed_in[enrollment_id].append([item_id, attempt_id, status, bool(late), points,
                                         bool(returned)])
    for enrollment_id, item_id in connection.execute(
            select(Submission.enrollment_id, Submission.item_id).distinct()
            .where(Submission.enrollment_id.in_(enrollment_ids),
                   Submission.status == SubmissionStatus.DRAFT)
            .order_by(Submission.enrollment_id, Submission.item_id)):
        drafts[enrollment_id].append(item_id)
    return {enrollment_id: json.dumps([handed_in.get(enrollment_id, []),
                                       drafts.get(enrollment_id, [])], separators=(",", ":"))
            for enrollment_id in set(handed_in) | set(drafts)}


WORK: dict[str, Packer] = {"work": pack_work}


def recount(db_session: Session, enrollment_ids: Iterable[int]) -> None:
    """Recount these trainees' summaries, lessons and attempts: after a write that bypassed
    the ORM (an UPDATE statement of a service, a benchmark's bulk INSERT)."""
    keep(db_session.connection(), enrollment_ids, {**LESSONS, **WORK})


def recount_all(db_session: Session) -> None:
    """Every trainee's summary, again."""
    from lms.programs.models import Enrollment

    ids = list(db_session.scalars(select(Enrollment.id).order_by(Enrollment.id)))
    for start in range(0, len(ids), 500):
        recount(db_session, ids[start:start + 500])


# Reading -------------------------------------------------------------------------------------

#: Each status by its value: a dictionary's lookup costs a fraction of the enum type's
#: conversion, which a page made a thousand times.
STATUS_OF = {status.value: status for status in SubmissionStatus}


def handed_in_rows(packed: str | None) -> tuple[list[list[Any]], list[int]]:
    """The summary's ``work``: her latest handed-in attempts as plain lists (see above) and
    the assignments she has a draft of."""
    if not packed or packed == work_summary.EMPTY:
        return [], []
    handed_in, drafts = json.loads(packed)
    return handed_in, drafts


def latest_of(packed: str | None) -> dict[int, LatestAttempt]:
    """Her latest handed-in attempt per assignment id, as the gradebook reads them."""
    from lms.assignments.queries import LatestAttempt

    status_of, make = STATUS_OF, tuple.__new__
    # Made as the tuple it is: its generated __new__ cost more than the rest of a cell.
    return {item_id: make(LatestAttempt, (attempt_id, status_of[status], late, points, returned))
            for item_id, attempt_id, status, late, points, returned
            in handed_in_rows(packed)[0]}


# Keeping -------------------------------------------------------------------------------------

_PENDING = "lms.assignments.summary"


def _changed(instance: Any) -> bool:
    state = inspect(instance)
    if state.pending or state.deleted or instance in state.session.deleted:
        return True
    attributes = state.attrs
    return any(attributes[name].history.has_changes() for name in _KEPT[type(instance)])


@event.listens_for(Session, "before_flush")
def _before_flush(db_session: Session, _context: Any, _instances: Any) -> None:
    touched = [instance for instance in touched_by(db_session, (Submission, Grade))
               if _changed(instance)]
    if not touched:
        return
    # Before the flush: a deleted row's trainee, a moved row's former one.
    before = {each for instance in touched for each in _former_owners(instance)}
    db_session.info.setdefault(_PENDING, []).append((touched, before))


def _former_owners(instance: Any) -> list[int]:
    if isinstance(instance, Submission):
        return [each for each in [instance.enrollment_id,
                                  *inspect(instance).attrs.enrollment_id.history.deleted]
                if each is not None]
    submission_ids = [each for each in [instance.submission_id,
                                        *inspect(instance).attrs.submission_id.history.deleted]
                      if each is not None]
    if not submission_ids:
        return []
    session = inspect(instance).session
    return list(session.connection().scalars(select(Submission.enrollment_id).where(
        Submission.id.in_(submission_ids))))


@event.listens_for(Session, "after_flush")
def _after_flush(db_session: Session, _context: Any) -> None:
    pending = db_session.info.pop(_PENDING, None)
    if not pending:
        return
    connection = db_session.connection()
    found: set[int] = set()
    for touched, before in pending:
        found |= before
        found |= owners([each for each in touched if isinstance(each, Submission)],
                        lambda submission: [submission.enrollment_id])
        submission_ids = [grade.submission_id for grade in touched if isinstance(grade, Grade)
                          and grade.submission_id is not None]
        if submission_ids:
            found.update(connection.scalars(select(Submission.enrollment_id).where(
                Submission.id.in_(submission_ids))))
    keep(connection, found, WORK)


@event.listens_for(Session, "after_rollback")
def _forget(db_session: Session) -> None:
    db_session.info.pop(_PENDING, None)


def _submission_owners_where(where: Any) -> Any:
    statement = select(Submission.enrollment_id).distinct()
    return statement if where is None else statement.where(where)


def _grade_owners_where(where: Any) -> Any:
    statement = (select(Submission.enrollment_id).distinct()
                 .join(Grade, Grade.submission_id == Submission.id))
    return statement if where is None else statement.where(where)


def _grade_owners_of_rows(connection: Connection, rows: list[dict[str, Any]]) -> list[int]:
    return list(connection.scalars(select(Submission.enrollment_id).distinct().where(
        Submission.id.in_({row["submission_id"] for row in rows}))))


@event.listens_for(Session, "do_orm_execute")
def _bulk_work(state: ORMExecuteState) -> Result[Any] | None:
    return keep_bulk(state, {Submission: (_submission_owners_where, enrollments_of_rows),
                             Grade: (_grade_owners_where, _grade_owners_of_rows)}, WORK)
