"""What each person may see of reviews: a reviewer their own, and the others' only once theirs
is submitted; staff all; the person reviewed never the reviewers' names or scores."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import Role, User
from lms.reviews.models import (
    AssignmentStatus,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewSubject,
)
from lms.reviews.services import weighted_score


def assignment_for(db_session: Session, actor: User, assignment_id: int) -> ReviewAssignment | None:
    """The actor's own active assignment; anyone else's id, or one they stepped aside from,
    finds nothing."""
    return db_session.scalar(
        select(ReviewAssignment)
        .options(joinedload(ReviewAssignment.subject).joinedload(ReviewSubject.scheme),
                 joinedload(ReviewAssignment.review))
        .where(ReviewAssignment.id == assignment_id, ReviewAssignment.reviewer_id == actor.id,
               ReviewAssignment.status == AssignmentStatus.ACTIVE))


def _submitted_reviews(subject_ids: list[int]):  # type: ignore[no-untyped-def]
    return (select(Review).join(ReviewAssignment, ReviewAssignment.id == Review.assignment_id)
            .where(ReviewAssignment.subject_id.in_(subject_ids),
                   ReviewAssignment.status == AssignmentStatus.ACTIVE,
                   Review.submitted_at.is_not(None))
            .order_by(Review.submitted_at, Review.id))


def _with_reviewers(subject: ReviewSubject):  # type: ignore[no-untyped-def]
    return _submitted_reviews([subject.id]).options(
        joinedload(Review.assignment).joinedload(ReviewAssignment.reviewer))


def reviews_visible_to(db_session: Session, viewer: User, subject: ReviewSubject) -> list[Review]:
    if viewer.has_role(Role.STAFF):
        return list(db_session.scalars(_with_reviewers(subject)))
    if viewer.id == subject.owner_id:
        return []
    own_is_submitted = db_session.scalar(
        select(Review.id).join(ReviewAssignment, ReviewAssignment.id == Review.assignment_id)
        .where(ReviewAssignment.subject_id == subject.id,
               ReviewAssignment.reviewer_id == viewer.id,
               ReviewAssignment.status == AssignmentStatus.ACTIVE,
               Review.submitted_at.is_not(None))) is not None
    if not own_is_submitted:
        return []
    return list(db_session.scalars(_with_reviewers(subject)))


@dataclass
class ReviewSummary:
    """For staff: the reviewers' weighted scores of one subject, and how far apart they are."""

    weighted: list[float] = field(default_factory=list)
    recommendations: dict[Recommendation, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.weighted)

    @property
    def average(self) -> float | None:
        return statistics.fmean(self.weighted) if self.weighted else None

    @property
    def spread(self) -> float | None:
        """Highest minus lowest weighted score: 0 when reviewers agree."""
        return max(self.weighted) - min(self.weighted) if self.weighted else None

    @property
    def deviation(self) -> float | None:
        return statistics.pstdev(self.weighted) if self.weighted else None


def summaries(db_session: Session, subject_ids: list[int]) -> dict[int, ReviewSummary]:
    """Each subject's summary, for a whole page of subjects in one query."""
    result: dict[int, ReviewSummary] = defaultdict(ReviewSummary)
    if not subject_ids:
        return result
    rows = db_session.scalars(
        _submitted_reviews(subject_ids).options(
            joinedload(Review.assignment).joinedload(ReviewAssignment.subject)
            .joinedload(ReviewSubject.scheme)))
    for review in rows:
        subject = review.assignment.subject
        summary = result[subject.id]
        summary.weighted.append(weighted_score(subject.scheme, review.scores))
        if review.recommendation is not None:
            summary.recommendations[review.recommendation] = \
                summary.recommendations.get(review.recommendation, 0) + 1
    return result
