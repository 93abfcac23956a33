"""The completion rule: every required lesson done, every required assignment graded at or
above the course's pass mark. Pure functions over plain values the caller gathered, so the
screen, the completion service and the trainee's standing judge by the same code; its words
(shortfalls) are the curriculum's, so that the course pages can show them
(lms.curriculum.standing)."""

from __future__ import annotations

from dataclasses import dataclass

from lms.assignments.models import Submission, SubmissionStatus
from lms.assignments.services import reaches_pass_mark
from lms.curriculum.models import Item
from lms.curriculum.standing import Assessment, MissingAssignment, Shortfall

__all__ = ["Assessment", "LatestWork", "MissingAssignment", "Shortfall", "assess"]


@dataclass(frozen=True)
class LatestWork:
    """A trainee's latest handed-in attempt at one assignment, as the rule reads it."""

    #: Sent back for revision, by its status or by its grade.
    returned: bool
    #: The grade's points; None while it waits for a grade.
    points: int | None

    @classmethod
    def of(cls, submission: Submission) -> LatestWork:
        """From an attempt loaded with its grade."""
        grade = submission.grade
        return cls(submission.status == SubmissionStatus.RETURNED
                   or (grade is not None and grade.returned),
                   grade.total if grade is not None else None)


def assess(lessons: list[Item], assignments: list[Item], lessons_done: set[int],
           latest: dict[int, LatestWork], pass_mark: int,
           language: str | None = None) -> Assessment:
    """What one trainee still lacks. ``latest`` maps an assignment id to her latest handed-in
    attempt; ``language`` is the course's, which the titles of what she lacks are in."""
    assessment = Assessment(language=language)
    for lesson in lessons:
        if lesson.required and lesson.id not in lessons_done:
            assessment.missing_lessons.append(lesson)
    for item in assignments:
        if not item.required:
            continue
        work = latest.get(item.id)
        if work is None:
            assessment.missing_assignments.append(
                MissingAssignment(item, Shortfall.NOT_HANDED_IN))
        elif work.returned:
            assessment.missing_assignments.append(MissingAssignment(item, Shortfall.RETURNED))
        elif work.points is None:
            assessment.missing_assignments.append(
                MissingAssignment(item, Shortfall.WAITING_FOR_GRADE))
        elif not reaches_pass_mark(item, work.points, pass_mark):
            assessment.missing_assignments.append(
                MissingAssignment(item, Shortfall.BELOW_PASS_MARK, work.points))
    return assessment
