"""Grading a submission, by the trainee's current mentor, her cohort's Japanese teacher (for
language-track work) or program staff: rubric scores or a
score, feedback, and graded or returned for revision. A grade carries a version; a grader who
saved over a grade they had not seen would silently overwrite it, so the save is conditional
on the version the grader saw and a GradeConflict shows them the other grade instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.assignments.language_grading import may_grade
from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.assignments.services import check_transition
from lms.clock import utcnow
from lms.curriculum.models import Item
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l
from lms.notifications import services as notifications
from lms.urls import external_url


@dataclass(frozen=True)
class SavedGrade:
    """The grade someone else saved, as plain values that outlive the failed transaction."""

    total: int
    feedback: str
    returned: bool
    version: int
    grader_name: str | None


class GradeConflict(ServiceError):
    """Someone else saved a grade since this grader opened the page."""

    def __init__(self, current: Grade) -> None:
        super().__init__(_l("Someone else saved a grade for this submission while you were "
                            "grading. Their grade is shown below; nothing of yours was saved."))
        self.current = SavedGrade(current.total, current.feedback, current.returned,
                                  current.version,
                                  current.graded_by.display_name if current.graded_by else None)


@dataclass(frozen=True)
class Assessment:
    scores: dict[str, int]
    feedback: str
    returned: bool


def _check_scores(item: Item, scores: dict[str, int]) -> int:
    points = item.points or 0
    if item.rubric:
        expected = {criterion["criterion"]: {level["points"] for level in criterion["levels"]}
                    for criterion in item.rubric}
        if set(scores) != set(expected):
            raise ServiceError(_l("Score every criterion of the rubric."), field="scores")
        for criterion, value in scores.items():
            if value not in expected[criterion]:
                raise ServiceError(_l("Choose one of the rubric's levels for %(criterion)s.",
                                      criterion=criterion), field="scores")
    elif set(scores) != {"score"} or not 0 <= scores["score"] <= points:
        raise ServiceError(_l("The score must be between 0 and %(points)d.", points=points),
                           field="scores")
    total = sum(scores.values())
    if total > points:  # a rubric whose levels exceed the points was refused by the checker
        raise ServiceError(_l("The scores add up to more than %(points)d.", points=points),
                           field="scores")
    return total


def grade(db_session: Session, actor: User, submission: Submission, assessment: Assessment,
          expected_version: int) -> Grade:
    """Grade or return ``submission``; ``expected_version`` is the grade version the grader
    saw (0 for none). If it is no longer current, nothing is saved: GradeConflict."""
    trainee = submission.enrollment
    if not may_grade(db_session, actor, submission):
        raise NotAllowed(_l("Only the trainee's mentor, her Japanese teacher for language work, "
                            "or program staff can grade this."))
    wanted = SubmissionStatus.RETURNED if assessment.returned else SubmissionStatus.GRADED
    check_transition(submission.status, wanted)
    item = submission.item
    if assessment.returned and not item.allow_revision:
        raise ServiceError(_l("This assignment does not allow revisions."), field="outcome")
    later = db_session.scalar(select(func.max(Submission.attempt)).where(
        Submission.enrollment_id == trainee.id, Submission.item_id == item.id))
    if later is not None and later > submission.attempt:
        raise ServiceError(_l("A later attempt exists; grade that one instead."))
    total = _check_scores(item, assessment.scores)
    values = {"scores": assessment.scores, "total": total,
              "feedback": assessment.feedback.strip(), "returned": assessment.returned,
              "graded_by_id": actor.id, "graded_at": utcnow()}
    current = submission.grade
    before = _grade_snapshot(current) if current else None
    if current is None:
        if expected_version != 0:
            raise GradeConflict(_reload_grade(db_session, submission))
        new_grade = Grade(version=1, **values)
        try:
            with db_session.begin_nested():
                new_grade.submission = submission
                db_session.add(new_grade)
        except IntegrityError:  # another grader inserted the first grade a moment ago
            raise GradeConflict(_reload_grade(db_session, submission)) from None
        saved = new_grade
    else:
        result = db_session.execute(
            update(Grade).where(Grade.id == current.id, Grade.version == expected_version)
            .values(version=Grade.version + 1, **values)
            .execution_options(synchronize_session=False))
        if result.rowcount == 0:
            raise GradeConflict(_reload_grade(db_session, submission))
        db_session.refresh(current)
        saved = current
    submission.status = wanted
    db_session.flush()
    audit.record(db_session, actor, "grade_saved", submission, before=before,
                 after=_grade_snapshot(saved))
    notifications.notify(
        db_session, trainee.user, "work_graded",
        _l("Returned for revision: %(title)s", title=item.title) if assessment.returned
        else _l("Graded: %(title)s", title=item.title),
        "lms/assignments/mail/graded.txt", item=item, grade=saved, cohort=trainee.cohort,
        link=external_url("lms.assignments.work", cohort_id=trainee.cohort_id, slug=item.slug))
    return saved


def _reload_grade(db_session: Session, submission: Submission) -> Grade:
    db_session.expire(submission)
    return db_session.scalars(select(Grade).where(
        Grade.submission_id == submission.id).execution_options(populate_existing=True)).one()


def _grade_snapshot(saved: Grade) -> dict[str, Any]:
    return {"scores": dict(saved.scores), "total": saved.total, "feedback": saved.feedback,
            "returned": saved.returned, "version": saved.version,
            "graded_by_id": saved.graded_by_id}
