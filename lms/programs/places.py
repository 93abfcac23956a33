"""The one answer to "how many places of this cohort are taken", for every page and every
check: the cohorts list and page, the seminars list and page, the follow-up pages, an
admissions call's pages and the decisions that give a place.

A place is held by a person, whichever way they came: a trainee enrollment not withdrawn (a
roster, staff, a follow-up selection or a confirmed admission), a seminar registration, or an
admission offer not yet answered. Each domain that hands out places registers a query of its
holders (``cohort_id``, ``user_id``) here when its models are loaded, so this module knows no
domain above it; one person holding a place two ways (registered, then enrolled) is counted
once, since the holders are a UNION of people per cohort.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, func, select, union
from sqlalchemy.orm import Session

from lms.programs.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus

#: Each gives a SELECT of (cohort_id, user_id) of the people holding a place. Module-level, as
#: the tables they read are: registered once when each domain's models are imported.
_HOLDERS: list[Callable[[], Select[tuple[int, int]]]] = []


def holds_places(holders: Callable[[], Select[tuple[int, int]]]) -> None:
    """Count the people ``holders`` selects as taking places of their cohorts. Its statement
    is built once and kept, so it may depend on the tables alone (not on the time or a
    person)."""
    if holders not in _HOLDERS:
        _HOLDERS.append(holders)


def _enrolled_trainees() -> Select[tuple[int, int]]:
    return select(Enrollment.cohort_id, Enrollment.user_id).where(
        Enrollment.role == EnrollmentRole.TRAINEE, Enrollment.status != EnrollmentStatus.WITHDRAWN)


holds_places(_enrolled_trainees)


def taken_counts(db_session: Session, cohort_ids: Iterable[int], *,
                 besides: int | None = None) -> dict[int, int]:
    """Places taken in each of ``cohort_ids``, in one query (cohorts with none are left out).
    ``besides`` leaves one person out: the one about to take a place counts for nothing yet,
    even if they already hold it another way (an offer they are now confirming)."""
    ids = list(cohort_ids)
    if not ids:
        return {}
    values: dict[str, object] = {"cohort_ids": ids}
    if besides is not None:
        values["besides"] = besides
    statement = _taken_statement(tuple(_HOLDERS), besides is not None)
    return {row[0]: row[1] for row in db_session.execute(statement, values)}


@functools.cache
def _taken_statement(holders: tuple[Callable[[], Select[tuple[int, int]]], ...],
                     leaving_out: bool) -> Select[tuple[int, int]]:
    """The count of ``taken_counts``, built once for the holders registered (the cohorts, and
    the person left out, are its parameters): building the union on every page cost more than
    the database took to answer it."""
    parts = []
    for make in holders:
        part = make()
        parts.append(part.where(part.selected_columns[0].in_(
            bindparam("cohort_ids", expanding=True))))
    # UNION, not UNION ALL: a person is one place however many ways they hold it.
    cohort_id, user_id = union(*parts).subquery().c
    statement = select(cohort_id, func.count()).group_by(cohort_id)
    if leaving_out:
        statement = statement.where(user_id != bindparam("besides"))
    return statement


def registered_holders() -> tuple[Callable[[], Select[tuple[int, int]]], ...]:
    """The holders registered so far: the key of a kept statement that counts with
    :func:`taken_in`, as ``taken_counts`` keys its own."""
    return tuple(_HOLDERS)


def taken_in(holders: tuple[Callable[[], Select[tuple[int, int]]], ...],
             cohort_id: ColumnElement[int]) -> ScalarSelect[int]:
    """``taken`` as a column of another query (a page's one query of its cohort): the places
    taken in the cohort ``cohort_id``, counted as ``taken_counts`` counts them."""
    parts = []
    for make in holders:
        part = make()
        parts.append(part.where(part.selected_columns[0] == cohort_id))
    counted = union(*parts).subquery()
    return select(func.count()).select_from(counted).correlate(None).scalar_subquery()


def taken(db_session: Session, cohort: Cohort, *, besides: int | None = None) -> int:
    return taken_counts(db_session, [cohort.id], besides=besides).get(cohort.id, 0)



# The places a call gave ---------------------------------------------------------------------

#: Each gives a SELECT of (cohort_id, places) for cohorts filled through a call that gave a
#: number of places (an admissions call may give fewer than the cohort has).
_CALLS: list[Callable[[], Select[tuple[int, int]]]] = []


def gives_places(calls: Callable[[], Select[tuple[int, int]]]) -> None:
    """Warn when a cohort fills past the places ``calls`` says its call gave."""
    if calls not in _CALLS:
        _CALLS.append(calls)


def past_call(db_session: Session, cohort: Cohort, adding: int = 0) -> tuple[int, int] | None:
    """How far past its call's places the cohort is, once ``adding`` more people take one, and
    the call's places; None when no call gave places, or the cohort stays within them. Staff
    may fill a cohort past its call (the cohort's own capacity is the limit), but not
    unawares."""
    given = []
    for make in _CALLS:
        part = make()
        given += [row[1] for row in db_session.execute(
            part.where(part.selected_columns[0] == cohort.id))]
    call_places = min(given, default=None)
    if call_places is None:
        return None
    past = taken(db_session, cohort) + adding - call_places
    return (past, call_places) if past > 0 else None
