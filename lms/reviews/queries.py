"""What each person may see of reviews: a reviewer their own, and the others' only once theirs
is submitted; staff all; the person reviewed never the reviewers' names or scores."""

from __future__ import annotations

import datetime as dt
import statistics
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, case, func, not_, select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import Role, RoleGrant, User
from lms.pagination import Page, paginate
from lms.reviews.due import Due, due
from lms.reviews.models import (
    AssignmentStatus,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewScheme,
    ReviewSubject,
)
from lms.reviews.services import today_in, weighted_score


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


# A reviewer's own lists ----------------------------------------------------------------------


@dataclass
class AssignmentRow:
    """One subject a reviewer is asked to review, named as its domain names it."""

    assignment_id: int
    title: str
    country: str | None
    group_title: str
    review_started: bool
    review_submitted: bool
    assigned_at: dt.datetime
    due: Due


def _mine(actor: User, listed: Any) -> Select[Any]:
    return (select(ReviewAssignment.id).select_from(ReviewAssignment)
            .join(listed, listed.c.subject_id == ReviewAssignment.subject_id)
            .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
            .where(ReviewAssignment.reviewer_id == actor.id,
                   ReviewAssignment.status == AssignmentStatus.ACTIVE))


def _to_do(listed: Any) -> Any:
    """A review still to write: not submitted, of a subject still with the committee (one
    decided without it is history, like every submitted review)."""
    return and_(Review.submitted_at.is_(None), listed.c.under_review)


def my_assignments(db_session: Session, actor: User, subjects: Select[Any],
                   page_number: int, *, history: bool = False) -> Page[AssignmentRow]:
    """The reviews the actor is actively asked for that are still to do, the one due soonest
    first; or, with ``history``, the others (submitted, or no longer wanted), latest first.

    ``subjects`` is the domain's catalogue of reviewed things: a select of ``subject_id``,
    ``title``, ``country``, ``group_title`` (the round or call it belongs to), ``timezone``
    (the group's, where due days are) and ``under_review``."""
    listed = subjects.subquery()
    statement = (
        _mine(actor, listed)
        .add_columns(listed.c.title, listed.c.country, listed.c.group_title,
                     Review.id, Review.submitted_at, ReviewAssignment.assigned_at,
                     ReviewAssignment.due_on, listed.c.timezone))
    if history:
        statement = statement.where(not_(_to_do(listed))).order_by(
            ReviewAssignment.assigned_at.desc(), ReviewAssignment.id.desc())
    else:
        statement = statement.where(_to_do(listed)).order_by(
            ReviewAssignment.due_on.is_(None), ReviewAssignment.due_on,
            ReviewAssignment.assigned_at, ReviewAssignment.id)
    page = paginate(db_session, statement, page_number)
    return Page(items=[AssignmentRow(
        assignment_id=row[0], title=row[1], country=row[2], group_title=row[3],
        review_started=row[4] is not None, review_submitted=row[5] is not None,
        assigned_at=row[6], due=due(row[7], row[8])) for row in page.items],
        number=page.number, per_page=page.per_page, total=page.total)


def my_assignment_counts(db_session: Session, actor: User,
                         subjects: Select[Any]) -> tuple[int, int]:
    """How many of the actor's reviews are to do, and how many are history, in one query."""
    listed = subjects.subquery()
    to_do = _to_do(listed)
    counted = _mine(actor, listed).with_only_columns(
        func.count(case((to_do, 1))), func.count(case((not_(to_do), 1))))
    to_do_count, history_count = db_session.execute(counted).one()
    return int(to_do_count), int(history_count)


@dataclass
class DeclaredConflictRow:
    title: str
    group_title: str
    reason: str
    declared_at: dt.datetime | None


def my_conflicts(db_session: Session, actor: User, subjects: Select[Any],
                 page_number: int) -> Page[DeclaredConflictRow]:
    """The subjects the actor stepped aside from, with their reasons, latest first."""
    listed = subjects.subquery()
    statement = (
        select(listed.c.title, listed.c.group_title, ReviewAssignment.conflict_reason,
               ReviewAssignment.conflict_declared_at)
        .select_from(ReviewAssignment)
        .join(listed, listed.c.subject_id == ReviewAssignment.subject_id)
        .where(ReviewAssignment.reviewer_id == actor.id,
               ReviewAssignment.status == AssignmentStatus.CONFLICT)
        .order_by(ReviewAssignment.conflict_declared_at.desc(), ReviewAssignment.id.desc()))
    page = paginate(db_session, statement, page_number)
    return Page(items=[DeclaredConflictRow(title, group_title, reason or "", declared_at)
                       for title, group_title, reason, declared_at in page.items],
                number=page.number, per_page=page.per_page, total=page.total)


# Staff pages -----------------------------------------------------------------------------------


def assignments_of(db_session: Session, subject_id: int | None) -> list[ReviewAssignment]:
    """Everyone asked to review the subject: active ones with their review (draft or
    submitted), and those who declared a conflict."""
    if subject_id is None:
        return []
    return list(db_session.scalars(
        select(ReviewAssignment)
        .options(joinedload(ReviewAssignment.reviewer), joinedload(ReviewAssignment.review))
        .where(ReviewAssignment.subject_id == subject_id)
        .order_by(ReviewAssignment.assigned_at, ReviewAssignment.id)))


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
    already = select(ReviewAssignment.reviewer_id).where(
        ReviewAssignment.subject_id == subject.id)
    members = select(RoleGrant.user_id).where(RoleGrant.role == Role.COMMITTEE_MEMBER)
    return list(db_session.scalars(
        select(User).where(User.is_active, User.id.in_(members), User.id != subject.owner_id,
                           User.id.not_in(already))
        .order_by(User.display_name, User.id)))


def active_reviewer_counts(db_session: Session, subject_ids: list[int]) -> dict[int, int]:
    """How many members are asked to review each subject (a declared conflict does not count),
    for a whole page of subjects in one query; a subject nobody was asked is absent."""
    if not subject_ids:
        return {}
    return {subject_id: count for subject_id, count in db_session.execute(
        select(ReviewAssignment.subject_id, func.count())
        .where(ReviewAssignment.subject_id.in_(subject_ids),
               ReviewAssignment.status == AssignmentStatus.ACTIVE)
        .group_by(ReviewAssignment.subject_id))}


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
    reviews = reviews_visible_to(db_session, viewer, subject) if subject else []
    return ReviewPanel(
        criteria=scheme.criteria,
        assignments=assignments_of(db_session, subject.id if subject else None),
        reviews=[(review, weighted_score(scheme, review.scores)) for review in reviews],
        summary=summaries(db_session, [subject.id]).get(subject.id) if subject else None,
        assignable=assignable_reviewers(db_session, subject) if with_committee else [],
        today=today_in(zone))
