"""Nothing private is cached: every response but the public assets says ``no-store``, whatever
its kind (page, CSV, PDF, credential, uploaded file, calendar feed). Production sends HSTS."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import Role
from lms.assignments import services as assignment_services
from lms.calendar import services as calendar_services
from lms.certificates import services as certificate_services
from lms.curriculum.models import Item
from lms.programs.models import EnrollmentStatus
from tests import factories
from tests.conftest import login

# The cohort starts 14 March 2019; the visit note's module opens on day 30.
DURING_CARE = dt.datetime(2019, 4, 15, 3, 0, tzinfo=dt.UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def records(db, tmp_path):
    """A trainee with an uploaded file, a certificate and a calendar address; and staff."""
    with time_machine.travel(DURING_CARE, tick=False):
        cohort = factories.cohort(db, factories.synced_course(db, tmp_path))
        enrollment = factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
        trainee = enrollment.user
        visit_note = db.scalar(select(Item).where(Item.slug == "visit-note"))
        attachment = assignment_services.attach(db, trainee, enrollment, visit_note, 1,
                                                "note.pdf", io.BytesIO(PDF))
        feed = calendar_services.create_feed(db, trainee)
        enrollment.status = EnrollmentStatus.COMPLETED
        [certificate] = certificate_services.issue_certificates(
            db, factories.staff(db), cohort, [enrollment], notify=False)
        db.commit()
        return {"cohort": cohort.id, "attachment": attachment.id, "feed": feed.token,
                "certificate": certificate.id}


def test_every_private_download_says_no_store(client, records):
    assert login(client, "amihan@example.org").status_code == 302
    private = [
        f"/attachments/{records['attachment']}",
        f"/certificates/{records['certificate']}/certificate.pdf",
        f"/certificates/{records['certificate']}/credential.json",
        f"/calendar/{records['feed']}.ics",
        "/",
    ]
    for path in private:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.cache_control.no_store, path


def test_staff_exports_say_no_store(client, records, logged_in):
    logged_in(Role.STAFF)
    response = client.get(f"/cohorts/{records['cohort']}/matrix.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.cache_control.no_store


def test_errors_and_redirects_say_no_store(client):
    assert client.get("/no/such/page").cache_control.no_store
    assert client.get("/settings").cache_control.no_store  # a redirect to sign in


def test_public_assets_stay_cacheable(client):
    for path in ("/assets/lms/style.css", "/credentials/issuer.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cache_control.no_store, path


@pytest.mark.parametrize("config_overrides", [{"LMS_ENV": "production"}])
def test_production_sends_hsts_with_the_configured_age(app, client, config_overrides):
    assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"
    app.config["LMS_HSTS_SECONDS"] = 600
    assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=600"
    app.config["LMS_HSTS_SECONDS"] = 0
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_development_and_testing_send_no_hsts(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["LMS_ENV"] = "development"
    assert "Strict-Transport-Security" not in client.get("/login").headers
