from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.mail import OutboxMessage
from lms.programs import services
from lms.programs.models import CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from tests import factories
from tests.factories import enroll, person, staff

TRAINEE, MENTOR = EnrollmentRole.TRAINEE, EnrollmentRole.MENTOR


def test_a_cohort_day_ends_at_midnight_in_its_zone(db):
    cohort = factories.cohort(db)
    assert cohort.date_of_day(1) == dt.date(2019, 3, 14)
    # Day 7 of the 36th cohort: 20 March 2019, 23:59:59 in Tokyo is 14:59:59 UTC.
    assert cohort.due_time(7) == dt.datetime(2019, 3, 20, 14, 59, 59, tzinfo=dt.UTC)
    assert cohort.opening_time(1) == dt.datetime(2019, 3, 13, 15, 0, tzinfo=dt.UTC)
    assert cohort.day_at(dt.datetime(2019, 3, 13, 15, 0, tzinfo=dt.UTC)) == 1
    assert cohort.day_at(dt.datetime(2019, 3, 13, 14, 59, tzinfo=dt.UTC)) == 0


def test_number_and_fiscal_year_are_separate(db):
    cohort = factories.cohort(db, number=36, starts_on=dt.date(2019, 3, 14))
    assert (cohort.number, cohort.fiscal_year) == (36, 2019)
    with pytest.raises(ServiceError) as refused:
        factories.cohort(db, number=36, starts_on=dt.date(2020, 3, 14))
    assert refused.value.field == "number"


def test_cohort_details_are_checked(db):
    base = dict(number=1, fiscal_year=2026, title="x", starts_on=dt.date(2026, 3, 1),
                ends_on=dt.date(2026, 2, 1), timezone="Asia/Tokyo", capacity=5, course_id=None)
    with pytest.raises(ServiceError) as refused:
        services.create_cohort(db, staff(db), factories.program(db),
                               services.CohortDetails(**base))
    assert refused.value.field == "ends_on"
    base["ends_on"] = dt.date(2027, 2, 1)
    base["timezone"] = "Asia/Atlantis"
    with pytest.raises(ServiceError):
        services.create_cohort(db, staff(db), factories.program(db),
                               services.CohortDetails(**base))


def test_only_staff_create_cohorts(db):
    trainee = person(db, "t@example.org")
    details = services.CohortDetails(1, 2026, "x", dt.date(2026, 3, 1), dt.date(2027, 2, 1),
                                     "Asia/Tokyo", 5, None)
    with pytest.raises(NotAllowed):
        services.create_cohort(db, trainee, factories.program(db), details)


@pytest.mark.parametrize("start,target,allowed", [
    (CohortStatus.PLANNED, CohortStatus.ACTIVE, True),
    (CohortStatus.PLANNED, CohortStatus.CANCELLED, True),
    (CohortStatus.ACTIVE, CohortStatus.CANCELLED, True),
    (CohortStatus.ACTIVE, CohortStatus.PLANNED, False),
    (CohortStatus.CANCELLED, CohortStatus.ACTIVE, False),
    (CohortStatus.CANCELLED, CohortStatus.PLANNED, False),
    (CohortStatus.COMPLETED, CohortStatus.ACTIVE, False),
    (CohortStatus.COMPLETED, CohortStatus.CANCELLED, False),
    (CohortStatus.PLANNED, CohortStatus.COMPLETED, False),
])
def test_the_cohort_workflow_table(db, start, target, allowed):
    cohort = factories.cohort(db, active=False)
    cohort.status = start
    if allowed:
        services.change_cohort_status(db, staff(db), cohort, target, reason="COVID-19")
        assert cohort.status == target
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "cohort_status_changed")
                          .order_by(AuditEvent.id.desc()))
        assert event.before == {"status": str(start)}
        assert event.after["status"] == str(target)
    else:
        with pytest.raises(ServiceError):
            services.change_cohort_status(db, staff(db), cohort, target, reason="x")
        assert cohort.status == start


def test_cancelling_needs_a_reason_and_keeps_enrollments(db):
    cohort = factories.cohort(db, active=False)
    enroll(db, cohort, "a@example.org")
    with pytest.raises(ServiceError) as refused:
        services.change_cohort_status(db, staff(db), cohort, CohortStatus.CANCELLED, "  ")
    assert refused.value.field == "reason"
    services.change_cohort_status(db, staff(db), cohort, CohortStatus.CANCELLED,
                                  "Cancelled because of the COVID-19 pandemic")
    assert cohort.cancellation_reason == "Cancelled because of the COVID-19 pandemic"
    assert db.scalar(select(func.count()).select_from(Enrollment)) == 1


def test_completing_is_not_done_by_a_bare_status_change(db):
    cohort = factories.cohort(db)
    with pytest.raises(ServiceError):
        services.change_cohort_status(db, staff(db), cohort, CohortStatus.COMPLETED)


def test_capacity_holds_for_trainees_not_mentors(db):
    cohort = factories.cohort(db, capacity=2)
    enroll(db, cohort, "a@example.org")
    enroll(db, cohort, "b@example.org")
    with pytest.raises(ServiceError, match="full"):
        enroll(db, cohort, "c@example.org")
    enroll(db, cohort, "mentor@example.org", MENTOR)


def test_a_withdrawn_trainee_frees_a_place_and_is_kept(db):
    cohort = factories.cohort(db, capacity=1)
    first = enroll(db, cohort, "a@example.org")
    services.withdraw(db, staff(db), first, dt.date(2019, 6, 1), "Family reasons")
    assert (first.status, first.withdrawn_on, first.withdrawal_reason) == (
        EnrollmentStatus.WITHDRAWN, dt.date(2019, 6, 1), "Family reasons")
    enroll(db, cohort, "b@example.org")
    with pytest.raises(ServiceError):
        services.withdraw(db, staff(db), first, dt.date(2019, 6, 2), "again")
    with pytest.raises(ServiceError) as refused:
        services.withdraw(db, staff(db), enroll(db, cohort, "m@example.org", MENTOR),
                          dt.date(2019, 6, 1), " ")
    assert refused.value.field == "reason"


def test_nobody_is_enrolled_twice_in_the_same_role(db):
    cohort = factories.cohort(db)
    enroll(db, cohort, "a@example.org")
    with pytest.raises(ServiceError, match="already enrolled"):
        enroll(db, cohort, "a@example.org")
    enroll(db, cohort, "a@example.org", MENTOR)  # another role is another enrollment


def test_no_enrollment_in_a_cancelled_cohort(db):
    cohort = factories.cohort(db, active=False)
    services.change_cohort_status(db, staff(db), cohort, CohortStatus.CANCELLED, "COVID-19")
    with pytest.raises(ServiceError):
        enroll(db, cohort, "a@example.org")


def test_mentorships_stay_within_a_cohort(db):
    first = factories.cohort(db, number=36)
    second = factories.cohort(db, number=37, starts_on=dt.date(2020, 3, 14))
    mentor = enroll(db, first, "m@example.org", MENTOR)
    trainee = enroll(db, first, "t@example.org")
    other = enroll(db, second, "o@example.org")
    services.assign_mentor(db, staff(db), mentor, trainee)
    assert services.assign_mentor(db, staff(db), mentor, trainee).id  # twice: one row
    with pytest.raises(ServiceError):
        services.assign_mentor(db, staff(db), mentor, other)
    with pytest.raises(ServiceError):
        services.assign_mentor(db, staff(db), trainee, mentor)


ROSTER = """email,name,role,country,affiliation
amihan.reyes@example.org,Amihan Reyes,trainee,PH,Quezon City Social Welfare Office
siriporn.k@example.org,Siriporn Kaewmanee,trainee,TH,Bangkok Metropolitan Administration
tanaka.mentor@example.org,Tanaka Hiroko,mentor,JP,Special nursing home Sakura-en
"""


def test_roster_preview_then_import(app, db):
    cohort = factories.cohort(db)
    existing = person(db, "siriporn.k@example.org", "Siriporn")
    preview = services.read_roster(db, staff(db), cohort, ROSTER)
    assert preview.ok and [row.line for row in preview.rows] == [2, 3, 4]
    assert preview.rows[1].existing_user.id == existing.id
    assert db.scalar(select(func.count()).select_from(Enrollment)) == 0  # a preview writes nothing
    services.import_roster(db, staff(db), cohort, "\ufeff" + ROSTER, "en")
    db.commit()
    assert db.scalar(select(func.count()).select_from(Enrollment)) == 3
    invited = {mail.to_address for mail in db.scalars(select(OutboxMessage))}
    assert invited == {"amihan.reyes@example.org", "tanaka.mentor@example.org"}


def test_a_roster_with_a_bad_row_imports_nothing(db):
    cohort = factories.cohort(db)
    broken = ROSTER + "not-an-email,Someone,trainee,PH,\nx@example.org,X,boss,PH,\n" \
                      "y@example.org,Y,trainee,ZZZ,\namihan.reyes@example.org,Again,trainee,PH,\n"
    preview = services.import_roster(db, staff(db), cohort, broken, "en")
    problems = {row.line: row.problems for row in preview.rows if row.problems}
    assert set(problems) == {5, 6, 7, 8}
    assert "is not an email address" in problems[5][0]
    assert "trainee, mentor or teacher" in problems[6][0]
    assert "two-letter country code" in problems[7][0]
    assert "same person and role are on line 2" in problems[8][0]
    assert not preview.ok
    assert db.scalar(select(func.count()).select_from(Enrollment)) == 0
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_roster_over_capacity_imports_nothing(db):
    cohort = factories.cohort(db, capacity=1)
    preview = services.import_roster(db, staff(db), cohort, ROSTER, "en")
    assert not preview.ok and "2 trainees" in preview.problems[0]
    assert db.scalar(select(func.count()).select_from(Enrollment)) == 0


def test_a_roster_without_the_header_is_refused(db):
    cohort = factories.cohort(db)
    preview = services.read_roster(db, staff(db), cohort, "a@example.org,A,trainee\n")
    assert not preview.ok and preview.problems[0].startswith("Line 1:")
