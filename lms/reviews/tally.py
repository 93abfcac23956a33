"""The reviews outstanding per round and call, kept on their ``ReviewScheme``.

A review is outstanding while its assignment is active, the review is not submitted and the
thing reviewed is still under review (each domain's catalogue says when: its desk's
``subjects``). The staff's home lists them per round and call; counting them over every
assignment at each visit cost more than the rest of the page, so each service that changes one
of these (an assignment made or stepped aside from, a review submitted, an application moved
in or out of review, its reviews deleted) recounts its scheme in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select, update
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


def _catalogues() -> list[Select[Any]]:
    return [desk.subjects() for desk in current_app.extensions.get(DESKS_KEY, [])]


def outstanding(subjects: Select[Any]) -> Select[Any]:
    """Per scheme: the reviews outstanding on ``subjects`` (a desk's catalogue) and when the
    oldest was assigned."""
    listed = subjects.where(subjects.selected_columns.under_review).subquery()
    return (select(ReviewSubject.scheme_id, func.count(ReviewAssignment.id),
                   func.min(ReviewAssignment.assigned_at))
            .select_from(ReviewAssignment)
            .join(listed, listed.c.subject_id == ReviewAssignment.subject_id)
            .join(ReviewSubject, ReviewSubject.id == ReviewAssignment.subject_id)
            .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
            .where(ReviewAssignment.status == AssignmentStatus.ACTIVE,
                   Review.submitted_at.is_(None))
            .group_by(ReviewSubject.scheme_id))


def counted(db_session: Session, scheme_id: int | None = None
            ) -> dict[int, tuple[int, dt.datetime | None]]:
    """The reviews outstanding and the oldest's assignment, counted now, per scheme that has
    any (only ``scheme_id``'s if given)."""
    found: dict[int, tuple[int, dt.datetime | None]] = {}
    for subjects in _catalogues():
        statement = outstanding(subjects)
        if scheme_id is not None:
            statement = statement.where(ReviewSubject.scheme_id == scheme_id)
        for scheme, count, oldest in db_session.execute(statement):
            had, had_oldest = found.get(scheme, (0, None))
            found[scheme] = (had + count, min((at for at in (had_oldest, oldest) if at),
                                              default=None))
    return found


def recount(db_session: Session, scheme_id: int) -> None:
    """Count ``scheme_id``'s reviews outstanding again, after the caller's change is flushed.
    Writers of the same scheme take turns, so none keeps a count that misses another's."""
    lock_row(db_session, ReviewScheme, scheme_id)
    count, oldest = counted(db_session, scheme_id).get(scheme_id, (0, None))
    db_session.execute(update(ReviewScheme).where(ReviewScheme.id == scheme_id)
                       .values(outstanding=count, oldest_outstanding_at=oldest))


def recount_all(db_session: Session) -> None:
    """Count every scheme again: after rows were written other than by the services (the
    bench's bulk seeding)."""
    found = counted(db_session)
    db_session.execute(update(ReviewScheme).values(outstanding=0, oldest_outstanding_at=None))
    for scheme_id, (count, oldest) in found.items():
        db_session.execute(update(ReviewScheme).where(ReviewScheme.id == scheme_id)
                           .values(outstanding=count, oldest_outstanding_at=oldest))
