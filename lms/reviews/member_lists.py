"""A committee member's own lists over one domain's subjects: the reviews to do, the others
(submitted, or no longer wanted), and the subjects they stepped aside from. Only the member's
own assignments are read: the reviewer is every statement's parameter."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import Select, bindparam, false, func, select, true
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.pagination import Listing, Page, paginate
from lms.prepared import prepared_rows
from lms.reviews.due import Due, due
from lms.reviews.models import AssignmentStatus, Review, ReviewAssignment


class AssignmentRow(NamedTuple):
    """One subject a reviewer is asked to review, named as its domain names it (a tuple: a
    page makes fifty of them)."""

    assignment_id: int
    title: str
    country: str | None
    group_title: str
    review_started: bool
    review_submitted: bool
    assigned_at: dt.datetime
    due: Due


#: A domain's catalogue of reviewed things: a select of ``subject_id``, ``title``,
#: ``country``, ``group_title`` (the round or call it belongs to), ``timezone`` (the group's,
#: where due days are) and ``under_review`` (whether reviews are still wanted).
Subjects = Callable[[], Select[Any]]


def _mine(listed: Any, status: AssignmentStatus | None) -> Select[Any]:
    """The assignments of the reviewer given as the parameter ``reviewer_id``, of the
    domain's subjects (of one status, if given)."""
    statement = (select(ReviewAssignment.id).select_from(ReviewAssignment)
                 .join(listed, listed.c.subject_id == ReviewAssignment.subject_id)
                 .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
                 .where(ReviewAssignment.reviewer_id == bindparam("reviewer_id")))
    return statement if status is None else statement.where(ReviewAssignment.status == status)


@dataclass(frozen=True)
class _MemberLists:
    """A member's counts and lists over one domain's subjects, the reviewer a parameter."""

    counts: Select[Any]
    to_do: Listing
    history: Listing
    conflicts: Listing


@functools.cache
def _member_lists(subjects: Subjects, desk: str) -> _MemberLists:
    """Built once for each domain: building them (a domain's catalogue joined four ways)
    cost more on each visit than the database took to answer them.

    A review still to write (active, not submitted, of a subject still with the committee)
    is ``waiting``, as the services keep it (lms.reviews.tally); every other active one is
    history. The counts and the order of the list to do come from the desk's index alone,
    and only the page shown is joined to the catalogue."""
    listed = subjects().subquery()
    active = ReviewAssignment.status == AssignmentStatus.ACTIVE
    waiting = ReviewAssignment.waiting == true()

    def counted(*conditions: Any) -> Any:
        # Each count one range of the desk's index (reviewer, desk, status, waiting): a count
        # of CASEs over all the member's rows took three times as long.
        return (select(func.count()).select_from(ReviewAssignment)
                .where(ReviewAssignment.reviewer_id == bindparam("reviewer_id"),
                       ReviewAssignment.desk == desk, *conditions).scalar_subquery())

    counts = select(counted(active, waiting), counted(active, ReviewAssignment.waiting == false()),
                    counted(ReviewAssignment.status == AssignmentStatus.CONFLICT))
    rows = (_mine(listed, AssignmentStatus.ACTIVE)
            .add_columns(listed.c.title, listed.c.country, listed.c.group_title,
                         # Whether there is a review and whether it is submitted is all a
                         # row says of it: no moment to read for each row.
                         Review.id.is_not(None), Review.submitted_at.is_not(None),
                         ReviewAssignment.assigned_at,
                         ReviewAssignment.due_on, listed.c.timezone)
            .where(ReviewAssignment.desk == desk))
    conflicts = (
        select(listed.c.title, listed.c.group_title, ReviewAssignment.conflict_reason,
               ReviewAssignment.conflict_declared_at)
        .select_from(ReviewAssignment)
        .join(listed, listed.c.subject_id == ReviewAssignment.subject_id)
        .where(ReviewAssignment.reviewer_id == bindparam("reviewer_id"),
               ReviewAssignment.status == AssignmentStatus.CONFLICT)
        .order_by(ReviewAssignment.conflict_declared_at.desc(), ReviewAssignment.id.desc()))
    return _MemberLists(
        counts=counts,
        to_do=Listing(rows.where(waiting).order_by(
            ReviewAssignment.due_on.asc().nulls_last(), ReviewAssignment.assigned_at,
            ReviewAssignment.id)),
        history=Listing(rows.where(ReviewAssignment.waiting == false()).order_by(
            ReviewAssignment.assigned_at.desc(), ReviewAssignment.id.desc())),
        conflicts=Listing(conflicts))


def _rows(db_session: Session, subjects: Subjects, desk: str, kind: str,
          values: dict[str, Any]) -> list[list[Any]]:
    """The rows of the member's counts or of a page of a list (``kind``), made ready for the
    driver at their first run in the app (lms.prepared.prepared_rows): through the session,
    SQLAlchemy's handling of each statement cost more than the database took to answer."""
    return prepared_rows(db_session.connection(), ("member lists", subjects, desk, kind),
                         lambda: _statement(_member_lists(subjects, desk), kind), values)


def _statement(lists: _MemberLists, kind: str) -> Select[Any]:
    return lists.counts if kind == "counts" else getattr(lists, kind).page


@dataclass(frozen=True)
class MyCounts:
    """How many of a member's reviews are to do and how many are history (submitted, or no
    longer wanted), and how many subjects they stepped aside from."""

    to_do: int
    history: int
    conflicts: int


def my_assignment_counts(db_session: Session, actor: User, subjects: Subjects,
                         desk: str) -> MyCounts:
    """The member's three counts, in one query; the lists take their totals from it."""
    to_do_count, history_count, conflict_count = _rows(
        db_session, subjects, desk, "counts", {"reviewer_id": actor.id})[0]
    return MyCounts(int(to_do_count), int(history_count), int(conflict_count))


def my_assignments(db_session: Session, actor: User, subjects: Subjects, desk: str,
                   page_number: int, counts: MyCounts, *,
                   history: bool = False) -> Page[AssignmentRow]:
    """The reviews the actor is actively asked for that are still to do, the one due soonest
    first; or, with ``history``, the others (submitted, or no longer wanted), latest first.
    ``counts`` are :func:`my_assignment_counts`."""
    per_page = current_app.config["LMS_PAGE_SIZE"]
    total = counts.history if history else counts.to_do
    if not total:
        return Page(items=[], number=1, per_page=per_page, total=0)
    number = min(page_number, max(1, math.ceil(total / per_page)))
    rows = _rows(db_session, subjects, desk, "history" if history else "to_do", {
        "reviewer_id": actor.id, "page_limit": per_page, "page_offset": (number - 1) * per_page})
    # Rows due the same day in the same zone share one Due, which words its day once.
    dues: dict[tuple[dt.date | None, str | None], Due] = {}
    return Page(items=[AssignmentRow(
        assignment_id, title, country, group_title, bool(started), bool(submitted), assigned_at,
        dues.get((due_on, zone)) or dues.setdefault((due_on, zone), due(due_on, zone)))
        for (assignment_id, title, country, group_title, started, submitted, assigned_at,
             due_on, zone) in rows], number=number, per_page=per_page, total=total)


@dataclass
class DeclaredConflictRow:
    title: str
    group_title: str
    reason: str
    declared_at: dt.datetime | None


def my_conflicts(db_session: Session, actor: User, subjects: Subjects, desk: str,
                 page_number: int, counts: MyCounts) -> Page[DeclaredConflictRow]:
    """The subjects the actor stepped aside from, with their reasons, latest first (no query
    when ``counts`` say there are none)."""
    page = paginate(db_session, _member_lists(subjects, desk).conflicts, page_number,
                    total=counts.conflicts, values={"reviewer_id": actor.id})
    return Page(items=[DeclaredConflictRow(title, group_title, reason or "", declared_at)
                       for title, group_title, reason, declared_at in page.items],
                number=page.number, per_page=page.per_page, total=page.total)
