from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.alumni.models import AlumniProfile, AlumniReport, ReportPicture, ReportStatus
from lms.alumni.pictures import picture_type
from lms.audit import AuditEvent
from lms.demo import DEMO_PASSWORD
from lms.demo.alumni import seed_alumni
from lms.mail import OutboxMessage
from lms.programs.standing import alumni_user_ids
from tests.conftest import login
from tests.demo.conftest import demo

COURSES = Path(__file__).resolve().parents[2] / "courses"


@pytest.fixture
def config_overrides(tmp_path):
    return {"LMS_COURSES_DIR": str(COURSES), "LMS_UPLOAD_DIR": str(tmp_path / "uploads")}


@pytest.fixture
def seeded(app, db, snapshots):
    result = snapshots.seed_once("demo", app, lambda: demo(app))
    seed_alumni(db)
    db.commit()
    return result


def test_most_alumni_keep_a_profile_and_a_few_are_not_listed(db, seeded):
    alumni = db.scalar(select(func.count()).select_from(alumni_user_ids().subquery()))
    profiles = list(db.scalars(select(AlumniProfile)))
    assert alumni >= 25 and alumni - 6 <= len(profiles) < alumni
    unlisted = [profile for profile in profiles if not profile.listed]
    assert 2 <= len(unlisted) <= 4
    assert all(profile.organization and profile.fields for profile in profiles)


def test_reports_in_every_state_with_a_picture(app, db, seeded):
    by_status = dict(db.execute(select(AlumniReport.status, func.count())
                                .group_by(AlumniReport.status)).all())
    assert by_status == {ReportStatus.APPROVED: 4, ReportStatus.SUBMITTED: 1,
                         ReportStatus.RETURNED: 1}
    titles = set(db.scalars(select(AlumniReport.title).where(
        AlumniReport.status == ReportStatus.APPROVED)))
    assert "How our barangay kept older people fed during the 2020 lockdown" in titles
    assert {report.country for report in db.scalars(select(AlumniReport))} >= {
        "PH", "TH", "ID"}
    returned = db.scalar(select(AlumniReport).where(
        AlumniReport.status == ReportStatus.RETURNED))
    assert returned.author.email == "alumna@kakehashi.example" and returned.staff_note
    picture = db.scalars(select(ReportPicture)).one()
    assert picture.alt_text.startswith("Bar chart") and picture.content_type == "image/png"
    from lms import uploads

    with app.test_request_context():
        assert picture_type(uploads.path_of(picture.stored_name).read_bytes()) == "image/png"
    # The review mail of 2020 is history: nothing is waiting to be sent for these reports.
    assert db.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.subject.like("%report%"))) == 0


def test_the_demo_alumna_and_staff_see_the_alumni_pages(app, client, seeded):
    assert login(client, "alumna@kakehashi.example", DEMO_PASSWORD).status_code == 302
    directory = client.get("/alumni/directory").get_data(as_text=True)
    assert "Rodel Bautista" in directory and "Rina Wulandari" not in directory  # unlisted
    mine = client.get("/alumni/reports/mine").get_data(as_text=True)
    assert "Returned to the author" in mine and "Published" in mine
    reports = client.get("/alumni/reports").get_data(as_text=True)
    assert "Village health volunteers" in reports and "Typhoon Odette" not in reports
    staff = app.test_client()
    assert login(staff, "staff@kakehashi.example", DEMO_PASSWORD).status_code == 302
    assert "Typhoon Odette" in staff.get("/alumni/review").get_data(as_text=True)


def test_seeding_the_alumni_twice_changes_nothing(db, seeded):
    def counts():
        return [db.scalar(select(func.count()).select_from(model))
                for model in (AlumniProfile, AlumniReport, ReportPicture, AuditEvent,
                              OutboxMessage)]

    before = counts()
    seed_alumni(db)
    db.commit()
    assert counts() == before
