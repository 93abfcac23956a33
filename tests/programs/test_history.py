"""History as it was: cohorts cancelled or replaced by another cohort (of any program), and the
program's own numbering, in which a cancelled year may have no number."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Role
from lms.audit import AuditEvent
from lms.certificates.services import serial_for
from lms.errors import NotAllowed, ServiceError
from lms.programs import services
from lms.programs.models import CohortStatus, Enrollment, Program, ProgramKind
from lms.programs.numbering import ordinal
from lms.programs.replacing import replace_cohort
from tests import factories
from tests.conftest import csrf_token
from tests.factories import enroll, person, staff


def _unnumbered(db, year, title=""):
    details = services.CohortDetails(
        number=None, fiscal_year=year, title=title, starts_on=dt.date(year, 3, 12),
        ends_on=dt.date(year + 1, 2, 24), timezone="Asia/Tokyo", capacity=6, course_id=None)
    return services.create_cohort(db, staff(db), factories.program(db), details)


def _seminar(db):
    program = Program(slug="asw-seminar", kind=ProgramKind.SEMINAR, code="ASWS",
                      title="Asian Social Welfare Seminar")
    db.add(program)
    db.flush()
    details = services.CohortDetails(
        number=7, fiscal_year=2019, title="7th Asian Social Welfare Seminar",
        starts_on=dt.date(2019, 12, 2), ends_on=dt.date(2019, 12, 7), timezone="Asia/Tokyo",
        capacity=80, course_id=None)
    return services.create_cohort(db, staff(db), program, details)


@pytest.fixture
def follow_up(db):
    return factories.cohort(db, number=36, active=False)


def test_a_replaced_cohort_is_cancelled_names_its_replacement_and_is_audited(db, follow_up):
    seminar = _seminar(db)
    enroll(db, follow_up, "a@example.org")
    replace_cohort(db, staff(db), follow_up, seminar,
                            " Replaced by the 7th Asian Social Welfare Seminar ")
    assert follow_up.status == CohortStatus.CANCELLED
    assert follow_up.replaced_by is seminar and follow_up.replaced_by_id == seminar.id
    assert follow_up.cancellation_reason == "Replaced by the 7th Asian Social Welfare Seminar"
    assert db.scalar(select(func.count()).select_from(Enrollment)) == 1  # kept
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "cohort_replaced"))
    assert event.before == {"status": "planned"}
    assert event.after == {"status": "cancelled", "replaced_by_id": seminar.id,
                           "reason": "Replaced by the 7th Asian Social Welfare Seminar"}


@pytest.mark.parametrize("start,allowed", [
    (CohortStatus.PLANNED, True), (CohortStatus.ACTIVE, True),
    (CohortStatus.COMPLETED, False), (CohortStatus.CANCELLED, False)])
def test_only_a_planned_or_active_cohort_can_be_replaced(db, follow_up, start, allowed):
    seminar = _seminar(db)
    follow_up.status = start
    if allowed:
        replace_cohort(db, staff(db), follow_up, seminar, "Held instead")
        assert follow_up.replaced_by_id == seminar.id
    else:
        with pytest.raises(ServiceError, match="cannot be replaced"):
            replace_cohort(db, staff(db), follow_up, seminar, "Held instead")
        assert (follow_up.status, follow_up.replaced_by_id) == (start, None)


def test_a_replacement_needs_a_reason_another_cohort_and_one_not_cancelled(db, follow_up):
    seminar = _seminar(db)
    with pytest.raises(ServiceError) as refused:
        replace_cohort(db, staff(db), follow_up, seminar, "  ")
    assert refused.value.field == "reason"
    with pytest.raises(ServiceError) as refused:
        replace_cohort(db, staff(db), follow_up, follow_up, "x")
    assert refused.value.field == "replacement_id"
    services.change_cohort_status(db, staff(db), seminar, CohortStatus.CANCELLED, "COVID-19")
    with pytest.raises(ServiceError) as refused:
        replace_cohort(db, staff(db), follow_up, seminar, "x")
    assert refused.value.field == "replacement_id"
    assert (follow_up.status, follow_up.replaced_by_id) == (CohortStatus.PLANNED, None)


def test_only_staff_replace_a_cohort(db, follow_up):
    seminar = _seminar(db)
    with pytest.raises(NotAllowed):
        replace_cohort(db, person(db, "t@example.org"), follow_up, seminar, "x")
    assert follow_up.replaced_by_id is None


def test_a_replaced_cohort_takes_no_enrollments_and_says_what_was_held_instead(db, follow_up):
    seminar = _seminar(db)
    replace_cohort(db, staff(db), follow_up, seminar, "Held instead")
    with pytest.raises(ServiceError, match="replaced by 7th Asian Social Welfare Seminar"):
        enroll(db, follow_up, "a@example.org")
    preview = services.read_roster(db, staff(db), follow_up,
                                   "email,name,role\nb@example.org,B,trainee\n")
    assert not preview.ok


def test_numbers_follow_the_programs_own_count_and_cancelled_years_have_none(db):
    factories.cohort(db, number=36, starts_on=dt.date(2019, 3, 14))
    cancelled = [_unnumbered(db, year) for year in (2020, 2021, 2022)]
    for cohort in cancelled:
        services.change_cohort_status(db, staff(db), cohort, CohortStatus.CANCELLED, "COVID-19")
    # Three unnumbered cohorts in one program are no clash; the next number is the 37th.
    later = factories.cohort(db, number=37, starts_on=dt.date(2023, 3, 16))
    assert [cohort.number for cohort in cancelled] == [None, None, None]
    assert later.number == 37
    with pytest.raises(ServiceError) as refused:
        factories.cohort(db, number=37, starts_on=dt.date(2024, 3, 14))
    assert refused.value.field == "number"


def test_a_cohort_without_a_title_is_named_by_its_number_or_its_fiscal_year(db):
    unnumbered = _unnumbered(db, 2021)
    assert (unnumbered.name, unnumbered.name_ja) == ("Fiscal 2021 cohort", "2021年度研修期")
    numbered = services.create_cohort(db, staff(db), factories.program(db), services.CohortDetails(
        number=37, fiscal_year=2023, title=" ", starts_on=dt.date(2023, 3, 16),
        ends_on=dt.date(2024, 2, 27), timezone="Asia/Tokyo", capacity=6, course_id=None,
        name_ja="第37期"))
    assert (numbered.name, numbered.name_ja) == ("37th cohort (fiscal 2023)", "第37期")
    given = _unnumbered(db, 2026, title="Fiscal 2026 cohort (our own)")
    assert given.name == "Fiscal 2026 cohort (our own)"


@pytest.mark.parametrize("number,expected", [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
    (21, "21st"), (37, "37th"), (112, "112th"), (123, "123rd")])
def test_ordinals(number, expected):
    assert ordinal(number) == expected


def test_a_certificate_of_an_unnumbered_cohort_carries_its_fiscal_year(db):
    assert serial_for(_unnumbered(db, 2026), 3) == "ASWWTP-FY2026-003"


# Pages --------------------------------------------------------------------------------------


def _post(client, path, data):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def test_staff_replace_a_cohort_from_its_page_and_both_lists_say_so(client, db, follow_up,
                                                                    logged_in):
    seminar = _seminar(db)
    enroll(db, follow_up, "amihan@example.org", name="Amihan Reyes")
    db.commit()
    logged_in(Role.STAFF)
    path = f"/cohorts/{follow_up.id}/replace"
    page = client.get(path).get_data(as_text=True)
    assert "Amihan Reyes" in page and "7th Asian Social Welfare Seminar" in page
    assert f'value="{follow_up.id}"' not in page  # not offered as its own replacement
    response = _post(client, path, {"replacement_id": seminar.id, "reason": "Held instead"})
    assert response.status_code == 302
    db.expire_all()
    assert follow_up.replaced_by_id == seminar.id
    link = f'href="/cohorts/{seminar.id}"'
    shown = client.get(f"/cohorts/{follow_up.id}").get_data(as_text=True)
    assert "Replaced by" in shown and link in shown
    assert "Replace by another cohort" not in shown  # nothing left to do to it
    listed = client.get("/cohorts").get_data(as_text=True)
    assert "Replaced by" in listed and link in listed


def test_a_cancelled_cohort_says_why_in_the_list(client, db, logged_in):
    cohort = _unnumbered(db, 2021)
    services.change_cohort_status(db, staff(db), cohort, CohortStatus.CANCELLED, "COVID-19")
    db.commit()
    logged_in(Role.STAFF)
    listed = client.get("/cohorts").get_data(as_text=True)
    assert "Fiscal 2021 cohort" in listed and "Cancelled: COVID-19" in listed
    shown = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Cancelled: COVID-19" in shown and "Cohort number" not in shown


def test_the_replace_form_refuses_a_cohort_it_does_not_offer(client, db, follow_up, logged_in):
    seminar = _seminar(db)
    services.change_cohort_status(db, staff(db), seminar, CohortStatus.CANCELLED, "COVID-19")
    db.commit()
    logged_in(Role.STAFF)
    path = f"/cohorts/{follow_up.id}/replace"
    for other in (seminar.id, follow_up.id, 999_999, 0):
        response = _post(client, path, {"replacement_id": other, "reason": "x"})
        assert response.status_code == 200
        db.expire_all()
        assert follow_up.replaced_by_id is None and follow_up.status == CohortStatus.PLANNED
    assert client.get("/cohorts/999999/replace").status_code == 404


@pytest.mark.parametrize("role", [(), (Role.COMMITTEE_MEMBER,)])
def test_people_who_are_not_staff_cannot_replace(client, db, follow_up, logged_in, role):
    seminar = _seminar(db)
    db.commit()
    logged_in(*role)
    path = f"/cohorts/{follow_up.id}/replace"
    assert client.get(path).status_code in (403, 404)
    assert client.post(path, data={"csrf_token": csrf_token(client, "/"),
                                   "replacement_id": seminar.id,
                                   "reason": "x"}).status_code in (403, 404)
    db.expire_all()
    assert follow_up.replaced_by_id is None
