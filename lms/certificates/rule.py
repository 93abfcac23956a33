"""The completion rule: every required lesson done, every required assignment graded at or
above the course's pass mark. Pure functions over rows loaded by the caller, so the screen and
the completion service judge by the same code; its words (shortfalls) are the curriculum's,
so that the course pages can show them (lms.curriculum.standing)."""

from __future__ import annotations

from lms.assignments.models import Submission, SubmissionStatus
from lms.assignments.services import passes
from lms.curriculum.models import Item
from lms.curriculum.standing import Assessment, MissingAssignment, Shortfall

__all__ = ["Assessment", "MissingAssignment", "Shortfall", "assess"]


def assess(lessons: list[Item], assignments: list[Item], lessons_done: set[int],
           latest: dict[int, Submission], pass_mark: int) -> Assessment:
    """What one trainee still lacks. ``latest`` maps an assignment id to the trainee's latest
    handed-in attempt (with its grade loaded)."""
    assessment = Assessment()
    for lesson in lessons:
        if lesson.required and lesson.id not in lessons_done:
            assessment.missing_lessons.append(lesson)
    for item in assignments:
        if not item.required:
            continue
        submission = latest.get(item.id)
        if submission is None:
            assessment.missing_assignments.append(
                MissingAssignment(item, Shortfall.NOT_HANDED_IN))
        elif submission.status == SubmissionStatus.RETURNED or (
                submission.grade is not None and submission.grade.returned):
            assessment.missing_assignments.append(MissingAssignment(item, Shortfall.RETURNED))
        elif submission.grade is None:
            assessment.missing_assignments.append(
                MissingAssignment(item, Shortfall.WAITING_FOR_GRADE))
        elif not passes(item, submission.grade, pass_mark):
            assessment.missing_assignments.append(
                MissingAssignment(item, Shortfall.BELOW_PASS_MARK, submission.grade.total))
    return assessment
