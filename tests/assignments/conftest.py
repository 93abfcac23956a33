from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from lms.curriculum.models import Item
from lms.programs import services as program_services
from lms.programs.models import EnrollmentRole
from tests import factories

# The 36th cohort starts 14 March 2019; the "care" module opens on day 30 (12 April) and the
# visit note is due on day 40: 22 April 2019, 23:59:59 in Tokyo, 14:59:59 UTC.
DURING_CARE = dt.datetime(2019, 4, 15, 3, 0, tzinfo=dt.UTC)
VISIT_NOTE_DUE = dt.datetime(2019, 4, 22, 14, 59, 59, tzinfo=dt.UTC)


@pytest.fixture
def year(db, tmp_path):
    """A cohort in its care module: a trainee with a mentor, a classmate without that mentor,
    another mentor, and a trainee of another cohort."""
    with time_machine.travel(DURING_CARE, tick=False):
        course = factories.synced_course(db, tmp_path)
        cohort = factories.cohort(db, course)
        other_cohort = factories.cohort(db, course, number=37, starts_on=dt.date(2019, 3, 14))
        trainee = factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
        classmate = factories.enroll(db, cohort, "siriporn@example.org", name="Siriporn K")
        mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR,
                                  name="Tanaka Hiroko")
        other_mentor = factories.enroll(db, cohort, "mentor2@example.org",
                                        EnrollmentRole.MENTOR, name="Suzuki Kenta")
        program_services.assign_mentor(db, factories.staff(db), mentor, trainee)
        program_services.assign_mentor(db, factories.staff(db), other_mentor, classmate)
        outsider = factories.enroll(db, other_cohort, "other@example.org", name="Other")
        db.commit()
        items = {item.slug: item for item in db.scalars(select(Item))}
        yield {"cohort": cohort, "trainee": trainee, "classmate": classmate, "mentor": mentor,
               "other_mentor": other_mentor, "outsider": outsider, "items": items}


@pytest.fixture(autouse=True)
def _during_care(year):
    with time_machine.travel(DURING_CARE, tick=False):
        yield
