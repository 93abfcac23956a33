"""Simultaneous requests, each in its own thread, app context and database session, as two
gunicorn workers would run them. Runs on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.assignments import grading, services
from lms.assignments.models import Grade, Submission
from lms.curriculum.models import Item
from lms.programs.models import Enrollment
from tests.concurrency import run_together


def test_a_double_submit_gives_one_attempt(app, db, year):
    enrollment_id, item_id = year["trainee"].id, year["items"]["visit-note"].id

    def submit(own: Session) -> int:
        enrollment = own.get(Enrollment, enrollment_id)
        return services.submit(own, enrollment.user, enrollment, own.get(Item, item_id), 1,
                               "My note").id

    results = run_together(app, [submit, submit, submit])
    assert all(isinstance(result, int) for result in results), results
    assert len(set(results)) == 1
    assert db.scalar(select(func.count()).select_from(Submission)) == 1


def test_two_graders_give_one_grade_and_one_conflict(app, db, year):
    trainee = year["trainee"]
    submission = services.submit(db, trainee.user, trainee, year["items"]["visit-note"], 1,
                                 "My note")
    db.commit()
    submission_id = submission.id
    mentor_id = year["mentor"].user_id
    from lms.accounts.models import User
    from tests.factories import staff

    staff_id = staff(db).id
    db.commit()

    def grader(user_id: int, feedback: str) -> Callable[[Session], Any]:
        def grade(own: Session) -> Any:
            return grading.grade(own, own.get(User, user_id), own.get(Submission, submission_id),
                                 grading.Assessment({"Observation": 4, "Reflection": 6},
                                                    feedback, False), 0).feedback
        return grade

    results = run_together(app, [grader(mentor_id, "first"), grader(staff_id, "second")])
    conflicts = [r for r in results if isinstance(r, grading.GradeConflict)]
    saved = [r for r in results if isinstance(r, str)]
    assert len(conflicts) == 1 and len(saved) == 1, results
    assert conflicts[0].current.feedback == saved[0]
    assert db.scalar(select(func.count()).select_from(Grade)) == 1
