"""The demo's announcements: each reaches its audience's home page, the scheduled one waits."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.announcements.models import Announcement
from lms.demo import DEMO_PASSWORD
from lms.demo.announcements import seed_announcements
from tests.conftest import login


def _home(app, email):
    client = app.test_client()
    assert login(client, email, DEMO_PASSWORD).status_code == 302
    return client.get("/").get_data(as_text=True)


def test_each_audience_sees_its_announcements(app, db, seeded):
    trainee = _home(app, "trainee@kakehashi.example")
    assert "Winter schedule" in trainee and "Grant round 2027" not in trainee
    alumna = _home(app, "alumna@kakehashi.example")  # in Indonesia
    assert "Grant round 2027" in alumna and "Alumni meeting in Yogyakarta" in alumna
    assert "Winter schedule" not in alumna
    assert "Committee meeting moved" not in _home(app, "committee@kakehashi.example")


def test_staff_see_them_all_one_scheduled(app, seeded):
    client = app.test_client()
    login(client, "staff@kakehashi.example", DEMO_PASSWORD)
    listing = client.get("/announcements").get_data(as_text=True)
    # The demo's staff member reads Japanese: 公開予定 is "Scheduled".
    assert listing.count("公開予定") == 1 and "Committee meeting moved" in listing


def test_seeding_the_announcements_twice_changes_nothing(db, seeded):
    before = db.scalar(select(func.count()).select_from(Announcement))
    seed_announcements(db)
    assert db.scalar(select(func.count()).select_from(Announcement)) == before == 4
