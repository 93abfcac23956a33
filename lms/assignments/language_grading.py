"""The Japanese teacher's part in grading: she sees and grades the language-track work
(``track = "japanese"``) of the trainees of the cohorts she teaches now, and nothing else.

A trainee's mentor keeps every right she had, language work included: a cohort may have no
teacher, or one who is away, and the work must still be graded. The teacher's queue is the
mentor's queue (lms.assignments.grading_queries) with her language work added to it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.assignments.models import Submission
from lms.curriculum.models import Item
from lms.language.models import JAPANESE_TRACK
from lms.programs.queries import current_teachings, is_current_mentor_of


def language_items() -> Any:
    """The ids of every language-track item, for ``Submission.item_id.in_(...)``."""
    return select(Item.id).where(Item.track == JAPANESE_TRACK)


def taught_work(teacher_user_id: Any, *, submission: Any = Submission) -> Any:
    """A condition on ``submission`` (the entity or an alias): language-track work of a trainee
    of a cohort that ``teacher_user_id`` teaches now."""
    return and_(submission.item_id.in_(language_items()),
                submission.enrollment_id.in_(current_teachings(
                    "trainee", teacher_user_id=teacher_user_id)))


def taught_submissions(teacher_user_id: Any) -> Any:
    """The ids of the submissions :func:`taught_work` allows, for an IN filter or a union."""
    return select(Submission.id).where(taught_work(teacher_user_id))


def may_grade(db_session: Session, actor: User, submission: Submission) -> bool:
    """Staff; the trainee's current mentor; or, for language-track work, the current teacher
    of her cohort."""
    if actor.has_role(Role.STAFF) or is_current_mentor_of(db_session, actor,
                                                          submission.enrollment):
        return True
    return db_session.scalar(taught_submissions(actor.id).where(
        Submission.id == submission.id).limit(1)) is not None
