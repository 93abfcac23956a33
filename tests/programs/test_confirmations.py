"""Irreversible staff actions on a cohort go through a page that says what will happen and to
whom (GET), and only its button does it (POST)."""

from __future__ import annotations

import datetime as dt

import pytest

from lms.accounts.models import Role
from lms.programs.models import CohortStatus, EnrollmentRole, EnrollmentStatus
from tests import factories
from tests.conftest import csrf_token


@pytest.fixture
def cohort(db):
    cohort = factories.cohort(db)
    factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
    factories.enroll(db, cohort, "siriporn@example.org", name="Siriporn K")
    factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR, name="Tanaka H")
    db.commit()
    return cohort


def _post(client, path, data):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def test_the_cancel_page_names_everyone_enrolled_and_only_its_button_cancels(client, db, cohort,
                                                                             logged_in):
    logged_in(Role.STAFF)
    path = f"/cohorts/{cohort.id}/cancel"
    page = client.get(path).get_data(as_text=True)
    assert "2 trainees and 1 mentors are enrolled" in page
    assert "Amihan Reyes" in page and "Siriporn K" in page and "Tanaka H" in page
    assert "This cannot be undone." in page
    db.expire_all()
    assert cohort.status == CohortStatus.ACTIVE
    assert _post(client, path, {"reason": "The venue closed."}).status_code == 302
    db.expire_all()
    assert cohort.status == CohortStatus.CANCELLED


def test_the_withdraw_page_names_the_person_and_only_its_button_withdraws(client, db, cohort,
                                                                          logged_in):
    logged_in(Role.STAFF)
    trainee = next(each for each in cohort.enrollments if each.user.display_name == "Siriporn K")
    path = f"/cohorts/{cohort.id}/enrollments/{trainee.id}/withdraw"
    page = client.get(path).get_data(as_text=True)
    assert "Withdraw Siriporn K" in page
    db.expire_all()
    assert trainee.status == EnrollmentStatus.ACTIVE
    response = _post(client, path, {"withdrawn_on": dt.date(2019, 6, 1).isoformat(),
                                    "reason": "Went home."})
    assert response.status_code == 302
    db.expire_all()
    assert trainee.status == EnrollmentStatus.WITHDRAWN


@pytest.mark.parametrize("role", [(), (Role.COMMITTEE_MEMBER,)])
def test_people_who_are_not_staff_reach_neither_page(client, db, cohort, logged_in, role):
    logged_in(*role)
    trainee = cohort.enrollments[0]
    for path in (f"/cohorts/{cohort.id}/cancel",
                 f"/cohorts/{cohort.id}/enrollments/{trainee.id}/withdraw"):
        assert client.get(path).status_code in (403, 404)
        assert client.post(path, data={"csrf_token": csrf_token(client, "/"),
                                       "reason": "x"}).status_code in (403, 404)
    db.expire_all()
    assert cohort.status == CohortStatus.ACTIVE
    assert trainee.status == EnrollmentStatus.ACTIVE
