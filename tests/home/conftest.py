from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from sqlalchemy import select

from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.curriculum.models import Item
from lms.programs import services as program_services
from lms.programs.models import Enrollment, EnrollmentRole
from tests import factories
from tests.conftest import login

# The 36th cohort starts 14 March 2019; the visit note is due on day 40 (22 April 2019) and
# the presentation on day 45 (27 April).
NOW = dt.datetime(2019, 4, 25, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def during_care():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def year(db, tmp_path):
    """A cohort whose visit note was due three days ago: a mentor with one trainee, a
    classmate followed by another mentor, and a trainee of another cohort."""
    course = factories.synced_course(db, tmp_path)
    cohort = factories.cohort(db, course)
    other_cohort = factories.cohort(db, course, number=37)
    trainee = factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
    classmate = factories.enroll(db, cohort, "siriporn@example.org", name="Siriporn K")
    mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR,
                              name="Tanaka Hiroko")
    other_mentor = factories.enroll(db, cohort, "mentor2@example.org", EnrollmentRole.MENTOR,
                                    name="Suzuki Kenta")
    program_services.assign_mentor(db, factories.staff(db), mentor, trainee)
    program_services.assign_mentor(db, factories.staff(db), other_mentor, classmate)
    outsider = factories.enroll(db, other_cohort, "other@example.org", name="Other Person")
    db.commit()
    items = {item.slug: item for item in db.scalars(select(Item))}
    return {"cohort": cohort, "other_cohort": other_cohort, "trainee": trainee,
            "classmate": classmate, "mentor": mentor, "other_mentor": other_mentor,
            "outsider": outsider, "items": items}


def hand_in(db, enrollment: Enrollment, item: Item, *, days_ago: float = 1,
            status: SubmissionStatus = SubmissionStatus.SUBMITTED, attempt: int = 1,
            graded_days_ago: float | None = None) -> Submission:
    submission = Submission(enrollment_id=enrollment.id, item_id=item.id, attempt=attempt,
                            status=status, text="Work",
                            submitted_at=NOW - dt.timedelta(days=days_ago))
    db.add(submission)
    db.flush()
    if status in (SubmissionStatus.GRADED, SubmissionStatus.RETURNED):
        db.add(Grade(submission_id=submission.id, total=5, scores={},
                     returned=status == SubmissionStatus.RETURNED,
                     graded_at=NOW - dt.timedelta(days=graded_days_ago or 0)))
        db.flush()
    return submission


def home(client, email: str) -> str:
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    assert login(client, email).status_code == 302, email
    return client.get("/").get_data(as_text=True)


def section_of(page: str, key: str) -> str:
    match = re.search(rf'<section[^>]*aria-labelledby="{key}-heading">(.*?)</section>', page,
                      re.DOTALL)
    assert match, key
    return match.group(1)


def queries_of(client, count_queries) -> int:
    with count_queries() as counter:
        assert client.get("/").status_code == 200
    return counter.count
