"""The reviews outstanding per round and call, kept on their ``ReviewScheme``.

A review is outstanding while its assignment is active, the review is not submitted and the
thing reviewed is still under review (each domain's catalogue says when: its desk's
``subjects``). The staff's home lists them per round and call; counting them over every
assignment at each visit cost more than the rest of the page, so each service that changes one
of these (an assignment made or stepped aside from, a review submitted, an application moved
in or out of review, its reviews deleted) recounts its scheme in the same transaction.

The same recount keeps each assignment's ``desk``, ``waiting`` and ``review_submitted_at``
(lms.reviews.models) first, and then counts the scheme's waiting reviews from them; a member's
lists and home read their counts and the reviews due soonest from one index, rather than
joining thousands of assignments to the catalogues at each visit."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import Select, and_, case, exists, func, or_, select, update
from sqlalchemy.orm import Session

from lms.db import lock_row
from lms.reviews.models import (
    AssignmentStatus,
    Review,
    ReviewAssignment,
    ReviewScheme,
    ReviewSubject,
)

#: Where the domains' committee desks are listed on the app (home_sections.register_desk).
DESKS_KEY = "lms_review_desks"


def _desk_catalogues() -> list[tuple[str, Select[Any]]]:
    return [(desk.endpoints, desk.subjects()) for desk in current_app.extensions.get(DESKS_KEY, [])]


def _keep_assignments(db_session: Session, scheme_id: int | None) -> None:
    """Write each assignment's stored desk, review submitted and whether it waits (of
    ``scheme_id``, or of every scheme), only where one of them changed."""
    assignment = ReviewAssignment
    catalogues = _desk_catalogues()

    def holding(subjects: Select[Any], *where: Any) -> Any:
        columns = subjects.selected_columns
        return exists(subjects.where(columns.subject_id == assignment.subject_id, *where))

    submitted_at = (select(Review.submitted_at).where(Review.assignment_id == assignment.id)
                    .scalar_subquery())
    desk = func.coalesce(assignment.desk, case(
        *((holding(subjects), key) for key, subjects in catalogues), else_=None)
        if catalogues else None)
    under_review = or_(*(holding(subjects, subjects.selected_columns.under_review)
                         for _, subjects in catalogues)) if catalogues else False
    waiting = and_(assignment.status == AssignmentStatus.ACTIVE, submitted_at.is_(None),
                   under_review)
    statement = (update(assignment)
                 .values(desk=desk, review_submitted_at=submitted_at, waiting=waiting)
                 .where(or_(assignment.desk.is_(None),
                            assignment.review_submitted_at.is_distinct_from(submitted_at),
                            assignment.waiting.is_distinct_from(waiting)))
                 .execution_options(synchronize_session=False))
    if scheme_id is not None:
        statement = statement.where(assignment.subject_id.in_(
            select(ReviewSubject.id).where(ReviewSubject.scheme_id == scheme_id)))
    db_session.execute(statement)


def _waiting_per_scheme() -> Select[Any]:
    """Per scheme: its assignments stored as waiting (see _keep_assignments) and when the
    oldest was assigned."""
    return (select(ReviewSubject.scheme_id, func.count(ReviewAssignment.id),
                   func.min(ReviewAssignment.assigned_at))
            .join(ReviewSubject, ReviewSubject.id == ReviewAssignment.subject_id)
            .where(ReviewAssignment.waiting)
            .group_by(ReviewSubject.scheme_id))


def recount(db_session: Session, scheme_id: int) -> None:
    """Count ``scheme_id``'s reviews outstanding again, after the caller's change is flushed.
    Writers of the same scheme take turns, so none keeps a count that misses another's."""
    lock_row(db_session, ReviewScheme, scheme_id)
    _keep_assignments(db_session, scheme_id)
    found = {scheme: (count, oldest) for scheme, count, oldest in db_session.execute(
        _waiting_per_scheme().where(ReviewSubject.scheme_id == scheme_id))}
    count, oldest = found.get(scheme_id, (0, None))
    db_session.execute(update(ReviewScheme).where(ReviewScheme.id == scheme_id)
                       .values(outstanding=count, oldest_outstanding_at=oldest))


def recount_all(db_session: Session) -> None:
    """Count every scheme again: after rows were written other than by the services (the
    bench's bulk seeding)."""
    _keep_assignments(db_session, None)
    found = db_session.execute(_waiting_per_scheme()).all()
    db_session.execute(update(ReviewScheme).values(outstanding=0, oldest_outstanding_at=None))
    for scheme_id, count, oldest in found:
        db_session.execute(update(ReviewScheme).where(ReviewScheme.id == scheme_id)
                           .values(outstanding=count, oldest_outstanding_at=oldest))
