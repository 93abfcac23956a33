from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from lms.curriculum.models import Module
from lms.placements import services
from lms.placements.models import PracticeField
from lms.programs.models import EnrollmentRole
from tests import factories

#: The 36th cohort of the tests runs from 14 March 2019 to 24 February 2020; its course's
#: practicum module ("Practicum", 03-later) opens on day 200, 29 September 2019, and runs to
#: the cohort's last day.
PRACTICUM_OPENS = dt.date(2019, 9, 29)

SAKURA = services.FacilityDetails(
    name="Sakura no Sato", name_ja="さくらの里", kind="Special nursing home for the elderly",
    field=PracticeField.OLDER_PEOPLE, prefecture="17", city="Kanazawa",
    address="〒920-0000 石川県金沢市広坂1-1-1", contact_name="Mori Yuki",
    contact_email="mori@sakura.example", contact_phone="076-000-0000",
    languages="Japanese, English")


@pytest.fixture
def year(db, tmp_path):
    course = factories.synced_course(db, tmp_path)
    cohort = factories.cohort(db, course)
    other_cohort = factories.cohort(db, course, number=37)
    trainee = factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
    classmate = factories.enroll(db, cohort, "siriporn@example.org", name="Siriporn K")
    mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR,
                              name="Tanaka Hiroko")
    outsider = factories.enroll(db, other_cohort, "other@example.org", name="Other")
    staff = factories.staff(db)
    sakura = services.create_facility(db, staff, SAKURA)
    db.commit()
    modules = {module.slug: module for module in db.scalars(select(Module))}
    return {"cohort": cohort, "other_cohort": other_cohort, "trainee": trainee,
            "classmate": classmate, "mentor": mentor, "outsider": outsider, "staff": staff,
            "sakura": sakura, "practicum": modules["later"], "care": modules["care"]}


def placement_details(year, **changes):
    values = {"facility": year["sakura"], "starts_on": PRACTICUM_OPENS,
              "ends_on": PRACTICUM_OPENS + dt.timedelta(days=69),
              "field": PracticeField.OLDER_PEOPLE, "supervisor_name": "Mori Yuki",
              "lodging": "Dormitory of the facility", "commute": "10 minutes on foot"}
    return services.PlacementDetails(**{**values, **changes})


def place_more_trainees(db, year, number):
    """``number`` more trainees of the year's cohort, each placed at Sakura for the first
    practicum (for the board's paging and its queries as it grows)."""
    from lms.placements.models import Placement

    for enrollment in factories.bulk_trainees(db, year["cohort"], number):
        db.add(Placement(enrollment_id=enrollment.id, module_id=year["practicum"].id,
                         facility_id=year["sakura"].id, starts_on=PRACTICUM_OPENS,
                         ends_on=PRACTICUM_OPENS + dt.timedelta(days=60),
                         field=year["sakura"].field))
    db.commit()
