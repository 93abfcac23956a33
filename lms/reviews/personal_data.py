"""The reviews' part of a person's data: what they were asked to review as a committee member,
and their own scores, recommendations and comments.

What was reviewed is the applicant's: neither its title (for admissions, the applicant's
name) nor its owner is given, only the criteria the scores answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.personal_data import iso
from lms.reviews.models import Review, ReviewAssignment, ReviewScheme, ReviewSubject


def parts(db_session: Session, user: User) -> dict[str, Any]:
    rows = db_session.execute(
        select(ReviewAssignment, ReviewScheme, Review)
        .join(ReviewSubject, ReviewSubject.id == ReviewAssignment.subject_id)
        .join(ReviewScheme, ReviewScheme.id == ReviewSubject.scheme_id)
        .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
        .where(ReviewAssignment.reviewer_id == user.id)
        .order_by(ReviewAssignment.assigned_at, ReviewAssignment.id))
    return {"reviews": [{
        "id": assignment.id,
        "criteria": scheme.title,
        "assigned_at": iso(assignment.assigned_at),
        "status": assignment.status.value,
        "conflict_reason": assignment.conflict_reason,
        "conflict_declared_at": iso(assignment.conflict_declared_at),
        "review": None if review is None else {
            "scores": review.scores,
            "recommendation": review.recommendation.value if review.recommendation else None,
            "comments": review.comments,
            "saved_at": iso(review.saved_at),
            "submitted_at": iso(review.submitted_at),
        },
    } for assignment, scheme, review in rows]}
