"""The assignments' part of a person's data: every attempt they made, with the names of its
files, the grade and feedback it got, and the extensions they were given."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from lms.accounts.models import User
from lms.assignments.models import Extension, Grade, Submission
from lms.curriculum.models import Item
from lms.personal_data import iso
from lms.programs.models import Enrollment


def parts(db_session: Session, user: User) -> dict[str, Any]:
    own_enrollments = select(Enrollment.id).where(Enrollment.user_id == user.id)
    submissions = db_session.scalars(
        select(Submission)
        .options(joinedload(Submission.item), joinedload(Submission.grade),
                 selectinload(Submission.attachments))
        .where(Submission.enrollment_id.in_(own_enrollments))
        .order_by(Submission.created_at, Submission.id))
    extensions = db_session.execute(
        select(Extension, Item.slug, Item.title)
        .join(Item, Item.id == Extension.item_id)
        .where(Extension.enrollment_id.in_(own_enrollments))
        .order_by(Extension.granted_at, Extension.id))
    return {
        "submissions": [_submission(submission) for submission in submissions],
        "extensions": [{
            "enrollment_id": extension.enrollment_id,
            "assignment": slug,
            "assignment_title": title,
            "due_at": iso(extension.due_at),
            "reason": extension.reason,
            "granted_at": iso(extension.granted_at),
        } for extension, slug, title in extensions],
    }


def _submission(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.id,
        "enrollment_id": submission.enrollment_id,
        "assignment": submission.item.slug,
        "assignment_title": submission.item.title,
        "attempt": submission.attempt,
        "status": submission.status.value,
        "text": submission.text,
        "created_at": iso(submission.created_at),
        "saved_at": iso(submission.saved_at),
        "submitted_at": iso(submission.submitted_at),
        "is_late": submission.is_late,
        "attachments": [{"name": attachment.original_name, "content_type": attachment.content_type,
                         "size": attachment.size, "uploaded_at": iso(attachment.uploaded_at)}
                        for attachment in submission.attachments],
        "grade": _grade(submission.grade, submission.item.points),
    }


def _grade(grade: Grade | None, points: int | None) -> dict[str, Any] | None:
    if grade is None:
        return None
    # Not who graded: that is the mentor's data, not the trainee's.
    return {"scores": grade.scores, "total": grade.total, "out_of": points,
            "feedback": grade.feedback, "returned_for_revision": grade.returned,
            "graded_at": iso(grade.graded_at)}
