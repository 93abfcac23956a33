from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.certificates.queries import (
    TraineeOutcome,
    completion_screen,
    outcomes_for,
    requirements_of,
)
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType, LessonProgress
from lms.curriculum.standing_lines import missing_count
from lms.programs.models import Cohort, Enrollment
from tests import factories


def meet_rule(db, enrollment: Enrollment, *, skip: str | None = None,
              points: dict[str, int] | None = None) -> None:
    """Mark every required lesson done and grade every required assignment at full points,
    except the item ``skip``; ``points`` gives other totals by slug."""
    items = db.scalars(select(Item).where(Item.course_id == enrollment.cohort.course_id,
                                          Item.required.is_(True))).all()
    for item in items:
        if item.slug == skip:
            continue
        if item.type == ItemType.LESSON:
            db.add(LessonProgress(enrollment_id=enrollment.id, item_id=item.id))
        else:
            submission = Submission(enrollment_id=enrollment.id, item_id=item.id, attempt=1,
                                    status=SubmissionStatus.GRADED, submitted_at=utcnow())
            db.add(submission)
            db.flush()
            db.add(Grade(submission_id=submission.id,
                         total=(points or {}).get(item.slug, item.points or 0)))
    db.flush()


def screen_outcomes(db, cohort: Cohort) -> list[TraineeOutcome]:
    """The completion screen's first page of ``cohort``, each trainee with her whole outcome
    (outcomes_for): the screen counts what she lacks from her work summary, and the count,
    the outcome shown, her override and her certificate must be the assessment's."""
    db.flush()
    rows = completion_screen(db, cohort, 1).page.items
    outcomes = outcomes_for(db, [db.get(Enrollment, row.enrollment_id) for row in rows],
                            requirements_of(db, cohort))
    for row, outcome in zip(rows, outcomes, strict=True):
        assert row.missing == missing_count(outcome.assessment)
        assert row.meets_rule == outcome.assessment.meets_rule
        assert row.decided == outcome.decided
        assert row.override == (outcome.override.outcome if outcome.override else None)
        assert row.certificate_id == (outcome.certificate.id if outcome.certificate else None)
    return outcomes


@pytest.fixture
def year(db, tmp_path):
    """An active 36th cohort of three trainees: one meets the rule, one lacks the
    presentation, one has nothing; a trainee of another cohort; a withdrawn trainee."""
    course = factories.synced_course(db, tmp_path)
    cohort = factories.cohort(db, course)
    done = factories.enroll(db, cohort, "putri@example.org", name="Putri Handayani")
    short = factories.enroll(db, cohort, "rodel@example.org", name="Rodel Bautista")
    idle = factories.enroll(db, cohort, "siriporn@example.org", name="Siriporn Kaewmanee")
    other_cohort = factories.cohort(db, course, number=37)
    outsider = factories.enroll(db, other_cohort, "other@example.org", name="Other Person")
    meet_rule(db, done)
    meet_rule(db, short, skip="presentation")
    db.commit()
    return {"cohort": cohort, "done": done, "short": short, "idle": idle,
            "other_cohort": other_cohort, "outsider": outsider,
            "staff": factories.staff(db)}
