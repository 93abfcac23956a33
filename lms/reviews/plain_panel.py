"""What staff see of one subject's review on its page (lms.reviews.queries.ReviewPanel), read
as plain rows: the reviewers with their names and reviews in one statement and the members
still to ask in another, on the session's connection. Loading them as the ORM's assignments,
users and reviews cost more than the database took to answer, and the page only reads them.

For staff only: they read every submitted review, which another viewer may not (see
lms.reviews.queries.reviews_visible_to); the domain's page checks the viewer first."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Row, Select, bindparam, select

from lms.accounts.models import Role, RoleGrant, User
from lms.reviews.due import Due
from lms.reviews.models import AssignmentStatus, Review, ReviewAssignment, ReviewScheme
from lms.reviews.queries import ReviewSummary
from lms.reviews.services import today_in, weighted_score


@dataclass(frozen=True)
class PlainPanel:
    """As ReviewPanel, of rows: each of ``assignments`` has the assignment's ``id``,
    ``status``, ``assigned_at``, ``due_on``, ``conflict_reason`` and ``conflict_declared_at``,
    the ``reviewer_name``, and its review's ``review_id`` (None if not started),
    ``submitted_at``, ``scores``, ``recommendation`` and ``comments``; each of ``assignable``
    a member's ``id`` and ``display_name``."""

    criteria: list[dict[str, Any]]
    assignments: list[Row[Any]]
    #: Each submitted review (an assignment's row) with its weighted score.
    reviews: list[tuple[Row[Any], float]]
    summary: ReviewSummary | None
    #: Empty unless the subject is with the committee.
    assignable: list[Row[Any]]
    #: The day it is in the round's or call's zone, against which reviews are overdue.
    today: dt.date = dt.date.min

    def due(self, assignment: Row[Any]) -> Due:
        return Due(day=assignment.due_on, today=self.today)


@dataclass(frozen=True)
class _Criteria:
    """The scheme as lms.reviews.services weighs scores with it: its criteria alone."""

    criteria: list[dict[str, Any]]


def plain_panel(connection: Connection, criteria: list[dict[str, Any]], subject_id: int | None,
                owner_id: int | None, *, with_committee: bool,
                zone: zoneinfo.ZoneInfo | None = None) -> PlainPanel:
    """The staff's panel of a subject of a scheme with ``criteria`` (empty while the subject
    is not yet opened for review, ``subject_id`` None), whose owner is ``owner_id``, read on
    ``connection`` (the session's, whatever the request changed flushed)."""
    assignments: list[Row[Any]] = []
    assignable: list[Row[Any]] = []
    if subject_id is not None:
        statements = _statements()
        assignments = list(connection.execute(statements[0], {"subject_id": subject_id}))
        if with_committee:
            assignable = list(connection.execute(statements[1], {"subject_id": subject_id,
                                                                 "owner_id": owner_id}))
    active = [row for row in assignments if row.status == AssignmentStatus.ACTIVE]
    reviews = sorted((row for row in active if row.submitted_at is not None),
                     key=lambda row: (row.submitted_at, row.review_id))
    scheme = cast(ReviewScheme, _Criteria(criteria))
    return PlainPanel(
        criteria=criteria, assignments=assignments,
        reviews=[(row, weighted_score(scheme, row.scores)) for row in reviews],
        summary=ReviewSummary.of(scheme, cast(list[Review], reviews), asked=len(active))
        if subject_id is not None else None,
        assignable=assignable, today=today_in(zone))


@functools.cache
def _statements() -> tuple[Select[Any], Select[Any]]:
    """A subject's reviewers and the members who may still be asked (as
    lms.reviews.queries.assignments_of and assignable_reviewers ask them), built once, the
    subject bound at each visit."""
    subject_id = bindparam("subject_id")
    reviewers = (select(ReviewAssignment.id, ReviewAssignment.status,
                        ReviewAssignment.assigned_at, ReviewAssignment.due_on,
                        ReviewAssignment.conflict_reason, ReviewAssignment.conflict_declared_at,
                        User.display_name.label("reviewer_name"), Review.id.label("review_id"),
                        Review.submitted_at, Review.scores, Review.recommendation,
                        Review.comments)
                 .join(User, User.id == ReviewAssignment.reviewer_id)
                 .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
                 .where(ReviewAssignment.subject_id == subject_id)
                 .order_by(ReviewAssignment.assigned_at, ReviewAssignment.id))
    already = select(ReviewAssignment.reviewer_id).where(
        ReviewAssignment.subject_id == subject_id)
    members = select(RoleGrant.user_id).where(RoleGrant.role == Role.COMMITTEE_MEMBER)
    assignable = (select(User.id, User.display_name)
                  .where(User.is_active, User.id.in_(members),
                         User.id != bindparam("owner_id"), User.id.not_in(already))
                  .order_by(User.display_name, User.id))
    return reviewers, assignable
