"""What each person may see of reviews: a reviewer their own, and the others' only once theirs
is submitted; staff all; the person reviewed never the reviewers' names or scores."""

from __future__ import annotations

import datetime as dt
import functools
import math
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    case,
    func,
    not_,
    select,
    true,
)
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import Role, RoleGrant, User
from lms.pagination import Listing, Page, paginate
from lms.reviews import tally
from lms.reviews.due import Due, due
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
    counts = (select(func.count(case((and_(active, waiting), 1))),
                     func.count(case((and_(active, not_(waiting)), 1))),
                     func.count(case((ReviewAssignment.status == AssignmentStatus.CONFLICT, 1))))
              .where(ReviewAssignment.reviewer_id == bindparam("reviewer_id"),
                     ReviewAssignment.desk == desk))
    rows = (_mine(listed, AssignmentStatus.ACTIVE)
            .add_columns(listed.c.title, listed.c.country, listed.c.group_title,
                         Review.id, Review.submitted_at, ReviewAssignment.assigned_at,
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
        history=Listing(rows.where(not_(waiting)).order_by(
            ReviewAssignment.assigned_at.desc(), ReviewAssignment.id.desc())),
        conflicts=Listing(conflicts))


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
    to_do_count, history_count, conflict_count = db_session.execute(
        _member_lists(subjects, desk).counts, {"reviewer_id": actor.id}).one()
    return MyCounts(int(to_do_count), int(history_count), int(conflict_count))


def my_assignments(db_session: Session, actor: User, subjects: Subjects, desk: str,
                   page_number: int, counts: MyCounts, *,
                   history: bool = False) -> Page[AssignmentRow]:
    """The reviews the actor is actively asked for that are still to do, the one due soonest
    first; or, with ``history``, the others (submitted, or no longer wanted), latest first.
    ``counts`` are :func:`my_assignment_counts`."""
    lists = _member_lists(subjects, desk)
    page = paginate(db_session, lists.history if history else lists.to_do, page_number,
                    total=counts.history if history else counts.to_do,
                    values={"reviewer_id": actor.id})
    # Rows due the same day in the same zone share one Due, which words its day once.
    dues: dict[tuple[dt.date | None, str | None], Due] = {}
    return Page(items=[AssignmentRow(
        assignment_id=row[0], title=row[1], country=row[2], group_title=row[3],
        review_started=row[4] is not None, review_submitted=row[5] is not None,
        assigned_at=row[6], due=dues.get((row[7], row[8])) or dues.setdefault(
            (row[7], row[8]), due(row[7], row[8]))) for row in page.items],
        number=page.number, per_page=page.per_page, total=page.total)


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
