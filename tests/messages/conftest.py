from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from sqlalchemy import select

from lms.assignments import services as assignment_services
from lms.curriculum.models import Item
from lms.programs import services as program_services
from lms.programs.models import EnrollmentRole
from tests import factories
from tests.admissions.conftest import PDF

DURING_CARE = dt.datetime(2019, 4, 15, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def year(db, tmp_path):
    """A trainee with her mentor and handed-in work, a classmate with another mentor, and a
    trainee of another cohort."""
    with time_machine.travel(DURING_CARE, tick=False):
        course = factories.synced_course(db, tmp_path)
        cohort = factories.cohort(db, course)
        other_cohort = factories.cohort(db, course, number=37)
        trainee = factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
        classmate = factories.enroll(db, cohort, "siriporn@example.org", name="Siriporn K")
        mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR,
                                  name="Tanaka Hiroko")
        other_mentor = factories.enroll(db, cohort, "mentor2@example.org",
                                        EnrollmentRole.MENTOR, name="Suzuki Kenta")
        mentorship = program_services.assign_mentor(db, factories.staff(db), mentor, trainee)
        program_services.assign_mentor(db, factories.staff(db), other_mentor, classmate)
        outsider = factories.enroll(db, other_cohort, "other@example.org", name="Other")
        items = {item.slug: item for item in db.scalars(select(Item))}
        submission = assignment_services.submit(db, trainee.user, trainee, items["visit-note"],
                                                1, "I visited a day centre.")
        assignment_services.attach(db, classmate.user, classmate, items["visit-note"], 1,
                                   "note.pdf", io.BytesIO(PDF))
        other_submission = assignment_services.submit(
            db, classmate.user, classmate, items["visit-note"], 1, "Mine.")
        db.commit()
        yield {"cohort": cohort, "trainee": trainee, "classmate": classmate, "mentor": mentor,
               "other_mentor": other_mentor, "outsider": outsider, "items": items,
               "mentorship": mentorship, "submission": submission,
               "other_submission": other_submission, "staff": factories.staff(db)}


@pytest.fixture(autouse=True)
def _during_care(year):
    with time_machine.travel(DURING_CARE, tick=True):
        yield
