"""The reviews outstanding per round and call, kept on their ``ReviewScheme``.

A review is outstanding while its assignment is active, the review is not submitted and the
thing reviewed is still under review (each domain's catalogue says when: its desk's
``subjects``). The staff's home lists them per round and call; counting them over every
assignment at each visit cost more than the rest of the page, so each service that changes one
of these (an assignment made or stepped aside from, a review submitted, an application moved
in or out of review, its reviews deleted) recounts its scheme in the same transaction.

It also keeps each subject's summary of what its reviewers said (``ReviewSubject.points`` and
the columns beside it), which the staff's list of a round's thousands of applications reads
rather than adding up every review of the page's rows at each visit.

The same recount keeps each assignment's ``desk``, ``waiting`` and ``review_submitted_at``
(lms.reviews.models) first, and then counts the scheme's waiting reviews from them; a member's
lists and home read their counts and the reviews due soonest from one index, rather than
joining thousands of assignments to the catalogues at each visit."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import Select, and_, case, exists, func, literal_column, or_, select, update
from sqlalchemy.orm import Session, aliased

from lms.db import lock_row
from lms.reviews.models import (
    AssignmentStatus,
    Recommendation,
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


#: The stored summary's columns, in the order summary_columns gives them.
SUMMARY = ("reviews_asked", "reviews_counted", "points", "squared_points", "highest_points",
           "lowest_points", "recommended_yes", "recommended_maybe", "recommended_no")
RECOMMENDATIONS = (Recommendation.YES, Recommendation.MAYBE, Recommendation.NO)

Criteria = tuple[tuple[str, int], ...]


def summary_columns(criteria: Criteria) -> list[Any]:
    """What the reviewers of one subject said, as aggregates over its active assignments
    joined to their reviews (in the order of SUMMARY), for a scheme's weighted criteria."""
    submitted = Review.submitted_at.is_not(None)
    # services.weighted_points in SQL: each criterion's score (0 if not given) times its
    # weight, added up, for submitted reviews only. The whole numbers are written into the
    # statement rather than bound: binding sixty of them again at each visit cost more than
    # the database took to add them up.
    zero = literal_column("0")
    points = case((submitted, sum(
        (func.coalesce(Review.scores[key].as_integer(), zero) * literal_column(str(int(weight)))
         for key, weight in criteria), zero)))
    return [func.count(ReviewAssignment.id), func.count(Review.submitted_at),
            func.coalesce(func.sum(points), zero), func.coalesce(func.sum(points * points), zero),
            func.coalesce(func.max(points), zero), func.coalesce(func.min(points), zero),
            *(func.count(case((and_(submitted, Review.recommendation == recommendation),
                               literal_column("1")))) for recommendation in RECOMMENDATIONS)]


def criteria_of(scheme: ReviewScheme) -> Criteria:
    return tuple((criterion["key"], criterion["weight"]) for criterion in scheme.criteria)


def _keep_summaries(db_session: Session, scheme: ReviewScheme,
                    subject_id: int | None = None) -> None:
    """Write the summary of each subject of ``scheme`` (or of ``subject_id`` alone) whose
    reviews say something else now."""
    subject = aliased(ReviewSubject)
    one = ([] if subject_id is None else [subject.id == subject_id])
    only = ([] if subject_id is None else [ReviewSubject.id == subject_id])
    live = (select(ReviewAssignment.subject_id.label("subject_id"),
                   *(column.label(name) for name, column
                     in zip(SUMMARY, summary_columns(criteria_of(scheme)), strict=True)))
            .select_from(ReviewAssignment)
            .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
            .join(subject, subject.id == ReviewAssignment.subject_id)
            .where(subject.scheme_id == scheme.id, *one,
                   ReviewAssignment.status == AssignmentStatus.ACTIVE)
            .group_by(ReviewAssignment.subject_id)).subquery()
    stored = ReviewSubject.__table__.c
    db_session.execute(
        update(ReviewSubject)
        .where(ReviewSubject.id == live.c.subject_id,
               or_(*(stored[name].is_distinct_from(live.c[name]) for name in SUMMARY)))
        .values({name: live.c[name] for name in SUMMARY})
        .execution_options(synchronize_session=False))
    # A subject nobody is actively asked about any more says nothing.
    db_session.execute(
        update(ReviewSubject)
        .where(ReviewSubject.scheme_id == scheme.id, *only, ReviewSubject.reviews_asked != 0,
               ~exists().where(ReviewAssignment.subject_id == ReviewSubject.id,
                               ReviewAssignment.status == AssignmentStatus.ACTIVE))
        .values({name: 0 for name in SUMMARY})
        .execution_options(synchronize_session=False))


def _waiting_per_scheme() -> Select[Any]:
    """Per scheme: its assignments stored as waiting (see _keep_assignments) and when the
    oldest was assigned."""
    return (select(ReviewSubject.scheme_id, func.count(ReviewAssignment.id),
                   func.min(ReviewAssignment.assigned_at))
            .join(ReviewSubject, ReviewSubject.id == ReviewAssignment.subject_id)
            .where(ReviewAssignment.waiting)
            .group_by(ReviewSubject.scheme_id))


def recount(db_session: Session, scheme_id: int, subject_id: int | None = None) -> None:
    """Count ``scheme_id``'s reviews outstanding again, after the caller's change is flushed,
    and sum up again what the reviewers said of ``subject_id`` (of every subject of the
    scheme if None: a change that touched no review or assignment leaves them as they are).
    Writers of the same scheme take turns, so none keeps a count that misses another's."""
    lock_row(db_session, ReviewScheme, scheme_id)
    _keep_assignments(db_session, scheme_id)
    scheme = db_session.get(ReviewScheme, scheme_id)
    if scheme is not None:
        _keep_summaries(db_session, scheme, subject_id)
    found = {scheme: (count, oldest) for scheme, count, oldest in db_session.execute(
        _waiting_per_scheme().where(ReviewSubject.scheme_id == scheme_id))}
    count, oldest = found.get(scheme_id, (0, None))
    db_session.execute(update(ReviewScheme).where(ReviewScheme.id == scheme_id)
                       .values(outstanding=count, oldest_outstanding_at=oldest))


def recount_all(db_session: Session) -> None:
    """Count every scheme again: after rows were written other than by the services (the
    bench's bulk seeding)."""
    _keep_assignments(db_session, None)
    for scheme in db_session.scalars(select(ReviewScheme)):
        _keep_summaries(db_session, scheme)
    found = db_session.execute(_waiting_per_scheme()).all()
    db_session.execute(update(ReviewScheme).values(outstanding=0, oldest_outstanding_at=None))
    for scheme_id, count, oldest in found:
        db_session.execute(update(ReviewScheme).where(ReviewScheme.id == scheme_id)
                           .values(outstanding=count, oldest_outstanding_at=oldest))
