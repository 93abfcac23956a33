from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType, LessonProgress
from lms.programs.models import Enrollment
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
