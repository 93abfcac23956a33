"""The reviews outstanding kept on each scheme, and each assignment's desk, review submitted
and whether it waits (lms.reviews.tally), beside a fresh count."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from lms.reviews import queries, tally
from lms.reviews.models import (
    AssignmentStatus,
    Review,
    ReviewAssignment,
    ReviewScheme,
    ReviewSubject,
)


def kept(db) -> dict[int, tuple[int, object]]:
    return {scheme_id: (count, oldest) for scheme_id, count, oldest in db.execute(
        select(ReviewScheme.id, ReviewScheme.outstanding, ReviewScheme.oldest_outstanding_at)
        .where(ReviewScheme.outstanding != 0))}


def kept_assignments(db) -> dict[int, tuple[str | None, bool, object]]:
    """Each assignment's stored desk, whether it waits and when its review was submitted."""
    return {row.id: (row.desk, bool(row.waiting), row.review_submitted_at) for row in db.execute(
        select(ReviewAssignment.id, ReviewAssignment.desk, ReviewAssignment.waiting,
               ReviewAssignment.review_submitted_at))}


def live_assignments(db) -> dict[int, tuple[str | None, bool, object]]:
    """The same, worked out now from the reviews and each desk's catalogue."""
    desk_of: dict[int, str] = {}
    under_review: set[int] = set()
    for desk in current_app.extensions.get(tally.DESKS_KEY, []):
        subjects = desk.subjects()
        columns = subjects.selected_columns
        for subject_id, wanted in db.execute(
                subjects.with_only_columns(columns.subject_id, columns.under_review)):
            desk_of[subject_id] = desk.endpoints
            if wanted:
                under_review.add(subject_id)
    found = {}
    for assignment_id, subject_id, status, submitted_at in db.execute(
            select(ReviewAssignment.id, ReviewAssignment.subject_id, ReviewAssignment.status,
                   Review.submitted_at)
            .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)):
        waiting = (status == AssignmentStatus.ACTIVE and submitted_at is None
                   and subject_id in under_review)
        found[assignment_id] = (desk_of.get(subject_id), waiting, submitted_at)
    return found


def live_outstanding(db) -> dict[int, tuple[int, object]]:
    """Per scheme with any: the reviews waiting now (live_assignments) and the oldest's
    assignment."""
    waiting = {assignment_id for assignment_id, (_desk, waits, _submitted)
               in live_assignments(db).items() if waits}
    found: dict[int, tuple[int, object]] = {}
    for assignment_id, scheme_id, assigned_at in db.execute(
            select(ReviewAssignment.id, ReviewSubject.scheme_id, ReviewAssignment.assigned_at)
            .join(ReviewSubject, ReviewSubject.id == ReviewAssignment.subject_id)):
        if assignment_id in waiting:
            count, oldest = found.get(scheme_id, (0, None))
            found[scheme_id] = (count + 1, assigned_at if oldest is None
                                else min(oldest, assigned_at))
    return found


def kept_summaries(db) -> dict[int, queries.ReviewSummary]:
    """Each subject's stored summary of what its reviewers said."""
    found = {}
    for scheme in db.scalars(select(ReviewScheme)):
        weight = queries.total_weight(scheme)
        for subject_id, *figures in db.execute(
                select(ReviewSubject.id, *queries.stored_summary_columns())
                .where(ReviewSubject.scheme_id == scheme.id)):
            found[subject_id] = queries.summary_of(figures, weight)
    return found


def live_summaries(db) -> dict[int, queries.ReviewSummary]:
    """The same, added up now from the reviews."""
    found = {}
    for scheme in db.scalars(select(ReviewScheme)):
        subject_ids = list(db.scalars(select(ReviewSubject.id)
                                      .where(ReviewSubject.scheme_id == scheme.id)))
        summaries = queries.summaries(db, scheme, subject_ids)
        found.update({subject_id: summaries[subject_id] for subject_id in subject_ids})
    return found


def assert_kept(db) -> None:
    """Every scheme's stored tally, every assignment's stored state and every subject's
    stored summary is what counting its reviews now gives."""
    assert kept(db) == live_outstanding(db)
    assert kept_assignments(db) == live_assignments(db)
    assert kept_summaries(db) == live_summaries(db)
