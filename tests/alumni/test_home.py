"""The alumni home: the certificate, what is open, and one's reports, for alumni and staff."""

from __future__ import annotations

from sqlalchemy import select

from lms.certificates import services as certificate_services
from lms.certificates.models import Certificate
from lms.programs.models import EnrollmentStatus
from tests import factories
from tests.conftest import login


def _completed_trainee(db, tmp_path):
    course = factories.synced_course(db, tmp_path)
    cohort = factories.cohort(db, course)
    enrollment = factories.enroll(db, cohort, "putri@example.org", name="Putri Handayani")
    enrollment.status = EnrollmentStatus.COMPLETED
    certificate_services.issue_certificates(db, factories.staff(db), cohort, [enrollment])
    current = factories.cohort(db, course, number=40)
    factories.enroll(db, current, "amihan@example.org", name="Amihan Reyes")
    db.commit()
    return db.scalar(select(Certificate))


def test_an_alumna_sees_her_certificate_and_what_is_open(client, db, tmp_path):
    certificate = _completed_trainee(db, tmp_path)
    login(client, "putri@example.org")
    page = client.get("/alumni/").get_data(as_text=True)
    assert f"/certificates/{certificate.id}" in page and certificate.serial in page
    assert "Follow-up training" in page and "Seminars and other events" in page
    assert "/alumni/reports/new" in page
    home = client.get("/").get_data(as_text=True)
    assert 'href="/alumni/"' in home


def test_a_trainee_who_has_not_completed_is_told_why(client, db, tmp_path):
    _completed_trainee(db, tmp_path)
    login(client, "amihan@example.org")
    response = client.get("/alumni/")
    assert response.status_code == 403
    assert "completed the year-long training" in response.get_data(as_text=True)
    assert 'href="/alumni/"' not in client.get("/").get_data(as_text=True)


def test_staff_see_the_alumni_home_without_a_certificate(client, db, tmp_path):
    _completed_trainee(db, tmp_path)
    login(client, "staff@example.org")
    page = client.get("/alumni/").get_data(as_text=True)
    assert "You have no certificate here." in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/alumni/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
