"""The demo's seminars: the 7th (December 2019) as history and the 8th open for registration,
with the Philippines' places already taken."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, select

from lms.demo import DEMO_PASSWORD
from lms.demo.data import load
from lms.demo.seminars import Seminars, seed_seminars
from lms.events.models import (
    Edition,
    EventSession,
    Registration,
    RegistrationStatus,
    SessionKind,
)
from lms.programs.models import Cohort, CohortStatus, Enrollment, Program, ProgramKind
from tests.conftest import login, post
from tests.demo.conftest import demo

COURSES = Path(__file__).resolve().parents[2] / "courses"
# The demo's present: the fiscal 2026 cohort is in Japan and the 8th seminar takes
# registrations.
DEMO_NOW = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def config_overrides():
    return {"LMS_COURSES_DIR": str(COURSES)}


@pytest.fixture
def seeded(app, db, snapshots):
    with time_machine.travel(DEMO_NOW, tick=False):
        snapshots.seed_once("demo at DEMO_NOW", app, lambda: demo(app))
        seed_seminars(db)  # a no-op once the lead's seed runs it too
        db.commit()
        yield


def _seminar(db, number):
    return db.scalar(select(Cohort).join(Program).where(Program.kind == ProgramKind.SEMINAR,
                                                        Cohort.number == number))


def _registered(db, cohort):
    return list(db.scalars(select(Registration).where(
        Registration.cohort_id == cohort.id,
        Registration.status == RegistrationStatus.REGISTERED)))


def test_the_seventh_seminar_took_six_days_in_kanagawa_then_tokyo_in_december_2019(db, seeded):
    seventh = _seminar(db, 7)
    assert (seventh.title, seventh.starts_on, seventh.ends_on, seventh.timezone) == (
        "7th Asian Social Welfare Seminar", dt.date(2019, 12, 2), dt.date(2019, 12, 7),
        "Asia/Tokyo")
    assert seventh.length_in_days == 6
    assert seventh.status == CohortStatus.COMPLETED
    details = db.scalar(select(Edition).where(Edition.cohort_id == seventh.id))
    assert details.per_country_cap is None  # the cap belongs to the exchange, not to it
    assert (details.host_country, details.host_organization) == (
        "JP", "Japan National Council of Social Welfare")
    assert "Kanagawa" in details.venue and "Tokyo" in details.venue
    sessions = list(db.scalars(select(EventSession).where(
        EventSession.cohort_id == seventh.id).order_by(EventSession.starts_at)))
    kinds = [row.kind for row in sessions]
    assert kinds[0] == SessionKind.OPENING and kinds[-1] == SessionKind.CLOSING
    assert kinds.count(SessionKind.COUNTRY_REPORT) == 7
    days = {seventh.day_at(row.starts_at) for row in sessions}
    assert days == {1, 2, 3, 4, 5, 6}
    # The first two days at the seminar house in Kanagawa, then Tokyo.
    assert all("Kanagawa" in (row.place or "") for row in sessions
               if seventh.day_at(row.starts_at) <= 2)
    assert not any("Kanagawa" in (row.place or "") for row in sessions
                   if seventh.day_at(row.starts_at) > 2)
    assert all("Tokyo" in (row.place or "") for row in sessions
               if seventh.day_at(row.starts_at) > 2)
    for index, kind in enumerate(kinds):
        if kind == SessionKind.SITE_VISIT:
            assert kinds[index + 1] == SessionKind.SUMMARY  # each visit is talked over


def test_the_seventh_seminars_registrations_follow_the_rules(db, seeded):
    seventh = _seminar(db, 7)
    everyone = _registered(db, seventh)
    assert len(everyone) <= seventh.capacity
    # Over 100 participants from Japanese institutions, registered as the public does: with
    # their declared organization, and neither alumni nor trainees.
    japanese = [registration for registration in everyone if registration.country == "JP"]
    assert len(japanese) > 100
    assert all(registration.organization for registration in japanese)
    assert {registration.user.country for registration in japanese} == {"JP"}
    assert any("Prefectural Council of Social Welfare" in registration.organization
               for registration in japanese)
    assert any("University" in registration.organization for registration in japanese)
    assert any("Social welfare corporation" in registration.organization
               for registration in japanese)
    assert db.scalar(select(func.count()).select_from(Enrollment).where(
        Enrollment.user_id.in_([registration.user_id for registration in japanese]))) == 0
    registrations = [registration for registration in everyone if registration.country != "JP"]
    by_country = Counter(registration.country for registration in registrations)
    # The record: 57 ex-trainees from 7 countries.
    assert by_country == {"KR": 6, "TW": 16, "PH": 4, "TH": 10, "MY": 3, "LK": 8, "ID": 10}
    assert len(registrations) == 57
    story = load("seminars.toml", Seminars)
    earlier = {ex_trainee.email for ex_trainee in story.ex_trainees}
    for registration in registrations:
        # Each an ex-trainee: an alumnus of a demo cohort that ended before the seminar, or of
        # an earlier cohort the demo does not hold; none of the 36th, then still in training.
        completed = db.scalar(select(func.count()).select_from(Enrollment).join(Cohort).join(
            Program).where(Enrollment.user_id == registration.user_id,
                           Program.kind == ProgramKind.YEAR_LONG,
                           Cohort.ends_on < seventh.starts_on))
        assert completed >= 1 or registration.user.email in earlier
        assert registration.registered_at.date() < dt.date(2019, 11, 1)


def test_staff_see_the_attendance_by_country(app, client, seeded):
    # The program officer reads English (the other staff login reads Japanese).
    assert login(client, "program.officer@kakehashi.example", DEMO_PASSWORD).status_code == 302
    with app.app_context():
        from lms.db import session

        seventh_id = _seminar(session, 7).id
    page = client.get(f"/events/{seventh_id}/attendance").get_data(as_text=True)
    # The 57 ex-trainees from 7 countries, and the 104 from Japanese institutions.
    assert "161 participants from 8 countries" in page
    assert "Japan (104)" in page
    assert "Taiwan (16)" in page and "Indonesia (10)" in page and "Chou Huei-wen" in page
    assert "Putri Handayani" not in page  # the 36th were trainees then, not ex-trainees


def test_the_eighth_seminar_refuses_the_filipino_trainee_and_takes_the_alumna(app, db,
                                                                               seeded):
    eighth = _seminar(db, 8)
    assert eighth.status == CohortStatus.PLANNED
    by_country = Counter(registration.country for registration in _registered(db, eighth))
    assert by_country["PH"] == 2 and by_country["ID"] == 0
    with time_machine.travel(DEMO_NOW, tick=False):
        trainee = app.test_client()
        assert login(trainee, "trainee@kakehashi.example", DEMO_PASSWORD).status_code == 302
        page = trainee.get(f"/events/{eighth.id}").get_data(as_text=True)
        assert "Register for the event" in page
        page = post(trainee, f"/events/{eighth.id}/register",
                    follow_redirects=True).get_data(as_text=True)
        assert ("The places for participants from Philippines are taken: up to 2 per "
                "country.") in page
        alumna = app.test_client()
        assert login(alumna, "alumna@kakehashi.example", DEMO_PASSWORD).status_code == 302
        page = post(alumna, f"/events/{eighth.id}/register",
                    follow_redirects=True).get_data(as_text=True)
        assert "You are registered for 8th Asian Social Welfare Seminar" in page


def test_seeding_the_seminars_twice_changes_nothing(db, seeded):
    def counts():
        return [db.scalar(select(func.count()).select_from(model))
                for model in (Cohort, Edition, EventSession, Registration)]

    before = counts()
    with time_machine.travel(DEMO_NOW, tick=False):
        seed_seminars(db)
        db.commit()
    assert counts() == before
