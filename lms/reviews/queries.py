"""What each person may see of reviews: a reviewer their own, and the others' only once theirs
is submitted; staff all; the person reviewed never the reviewers' names or scores."""

from __future__ import annotations

import datetime as dt
import functools
import math
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import Role, RoleGrant, User
from lms.reviews import tally
from lms.reviews.due import Due
from lms.reviews.models import (
    AssignmentStatus,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewScheme,
    ReviewSubject,
)
from lms.reviews.services import today_in, total_weight, weighted_points, weighted_score


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


@dataclass(frozen=True)
class ReviewSummary:
    """For staff: the reviewers' weighted scores of one subject, and how far apart they are.

    Kept as sums of each review's weighted points (``services.weighted_points``, a whole
    number), so SQL adds them up exactly for a whole page of subjects; the figures divide by
    the scheme's total weight only at the end."""

    count: int = 0
    points: int = 0
    squared_points: int = 0
    highest: int = 0
    lowest: int = 0
    total_weight: int = 1
    recommendations: dict[Recommendation, int] = field(default_factory=dict)
    #: Members actively asked to review (a declared conflict does not count), reviewed or not.
    asked: int = 0

    @classmethod
    def of(cls, scheme: ReviewScheme, reviews: list[Review], asked: int = 0) -> ReviewSummary:
        """The summary of reviews already loaded (one subject's page)."""
        points = [weighted_points(scheme, review.scores) for review in reviews]
        recommendations = Counter(review.recommendation for review in reviews
                                  if review.recommendation is not None)
        return cls(count=len(points), points=sum(points),
                   squared_points=sum(value * value for value in points),
                   highest=max(points, default=0), lowest=min(points, default=0),
                   total_weight=total_weight(scheme), recommendations=dict(recommendations),
                   asked=asked)

    @property
    def average(self) -> float | None:
        return self.points / (self.count * self.total_weight) if self.count else None

    @property
    def spread(self) -> float | None:
        """Highest minus lowest weighted score: 0 when reviewers agree."""
        return (self.highest - self.lowest) / self.total_weight if self.count else None

    @property
    def deviation(self) -> float | None:
        if not self.count:
            return None
        # n·Σx² − (Σx)² is n² times the variance, and a whole number here.
        return (math.sqrt(self.count * self.squared_points - self.points ** 2)
                / (self.count * self.total_weight))


def summaries(db_session: Session, scheme: ReviewScheme,
              subject_ids: list[int]) -> dict[int, ReviewSummary]:
    """Each subject's summary, for a whole page of subjects of ``scheme`` in one query, added
    up from the reviews now: a subject nobody is asked to review has the empty summary."""
    weight = total_weight(scheme)
    result: dict[int, ReviewSummary] = defaultdict(lambda: ReviewSummary(total_weight=weight))
    if not subject_ids:
        return result
    rows = db_session.execute(_summaries_statement(tally.criteria_of(scheme)),
                              {"subject_ids": subject_ids})
    for subject_id, *figures in rows:
        result[subject_id] = summary_of(figures, weight)
    return result


def summary_of(figures: Sequence[Any], weight: int) -> ReviewSummary:
    """The summary of figures in the order of ``tally.SUMMARY``, stored or added up now; a
    subject that has none (an outer join found no subject) has the empty summary."""
    if figures[0] is None:
        return ReviewSummary(total_weight=weight)
    asked, count, points, squares, highest, lowest, *by_recommendation = figures
    return ReviewSummary(
        count=count, points=int(points), squared_points=int(squares), highest=int(highest),
        lowest=int(lowest), total_weight=weight, asked=asked, recommendations={
            recommendation: number for recommendation, number
            in zip(tally.RECOMMENDATIONS, by_recommendation, strict=True) if number})


def stored_summary_columns() -> list[Any]:
    """A subject's stored summary (lms.reviews.tally keeps it), for summary_of."""
    return [ReviewSubject.__table__.c[name] for name in tally.SUMMARY]


@functools.lru_cache(maxsize=64)
def _summaries_statement(criteria: tally.Criteria) -> Select[Any]:
    """The summaries' query for one set of weighted criteria, built once: building it (and
    the key SQLAlchemy caches it under) cost several times what the database took to run it.
    The subjects are its one parameter."""
    return (select(ReviewAssignment.subject_id, *tally.summary_columns(criteria))
            .select_from(ReviewAssignment)
            .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
            .where(ReviewAssignment.subject_id.in_(bindparam("subject_ids", expanding=True)),
                   ReviewAssignment.status == AssignmentStatus.ACTIVE)
            .group_by(ReviewAssignment.subject_id))


# Staff pages -----------------------------------------------------------------------------------


def assignments_of(db_session: Session, subject_id: int | None) -> list[ReviewAssignment]:
    """Everyone asked to review the subject: active ones with their review (draft or
    submitted), and those who declared a conflict."""
    if subject_id is None:
        return []
    return list(db_session.scalars(_panel_statements()[0], {"subject_id": subject_id}))


def assignment_of_subject(db_session: Session, subject_id: int | None,
                          assignment_id: int) -> ReviewAssignment | None:
    """One reviewer of the subject, for staff; another subject's assignment finds nothing."""
    if subject_id is None:
        return None
    return db_session.scalar(
        select(ReviewAssignment)
        .options(joinedload(ReviewAssignment.reviewer), joinedload(ReviewAssignment.review))
        .where(ReviewAssignment.id == assignment_id, ReviewAssignment.subject_id == subject_id))


def assignable_reviewers(db_session: Session, subject: ReviewSubject | None) -> list[User]:
    """Active committee members who may still be asked: never the subject's owner, nobody
    already asked, nobody who declared a conflict."""
    if subject is None:
        return []
    return list(db_session.scalars(_panel_statements()[1], {"subject_id": subject.id,
                                                            "owner_id": subject.owner_id}))


@functools.cache
def _panel_statements() -> tuple[Select[tuple[ReviewAssignment]], Select[tuple[User]]]:
    """A subject's reviewers and the members who may still be asked, built once, the subject
    bound at each visit: building them cost more than the database took to answer."""
    subject_id = bindparam("subject_id")
    reviewers = (select(ReviewAssignment)
                 # Reviewers are named, never asked about their roles: a query more.
                 .options(joinedload(ReviewAssignment.reviewer).lazyload(User.role_grants),
                          joinedload(ReviewAssignment.review))
                 .where(ReviewAssignment.subject_id == subject_id)
                 .order_by(ReviewAssignment.assigned_at, ReviewAssignment.id))
    already = select(ReviewAssignment.reviewer_id).where(
        ReviewAssignment.subject_id == subject_id)
    members = select(RoleGrant.user_id).where(RoleGrant.role == Role.COMMITTEE_MEMBER)
    assignable = (select(User).where(User.is_active, User.id.in_(members),
                                     User.id != bindparam("owner_id"), User.id.not_in(already))
                  .order_by(User.display_name, User.id))
    return reviewers, assignable


@dataclass(frozen=True)
class ReviewPanel:
    """What staff see of one subject's review on its page: who was asked (and who stepped
    aside), the submitted reviews with their weighted scores, and whom they may still ask."""

    criteria: list[dict[str, Any]]
    assignments: list[ReviewAssignment]
    #: Each submitted review with its weighted score.
    reviews: list[tuple[Review, float]]
    summary: ReviewSummary | None
    #: Empty unless the subject is with the committee.
    assignable: list[User]
    #: The day it is in the round's or call's zone, against which reviews are overdue.
    today: dt.date = dt.date.min

    def due(self, assignment: ReviewAssignment) -> Due:
        return Due(day=assignment.due_on, today=self.today)


def review_panel(db_session: Session, viewer: User, scheme: ReviewScheme,
                 subject: ReviewSubject | None, *, with_committee: bool,
                 zone: zoneinfo.ZoneInfo | None = None) -> ReviewPanel:
    """The panel of a subject not yet opened for review (``subject`` None) is empty. ``zone``
    is the round's or call's, where reviews' due days are."""
    assignments = assignments_of(db_session, subject.id if subject else None)
    active = [assignment for assignment in assignments
              if assignment.status == AssignmentStatus.ACTIVE]
    # Staff read every submitted review, which the assignments already hold; anyone else
    # only what reviews_visible_to lets them.
    reviews = sorted((assignment.review for assignment in active if assignment.review is not None
                      and assignment.review.is_submitted),
                     key=lambda review: (review.submitted_at, review.id)) \
        if viewer.has_role(Role.STAFF) or subject is None \
        else reviews_visible_to(db_session, viewer, subject)
    return ReviewPanel(
        criteria=scheme.criteria,
        assignments=assignments,
        reviews=[(review, weighted_score(scheme, review.scores)) for review in reviews],
        summary=ReviewSummary.of(scheme, reviews, asked=len(active)) if subject else None,
        assignable=assignable_reviewers(db_session, subject) if with_committee else [],
        today=today_in(zone))
