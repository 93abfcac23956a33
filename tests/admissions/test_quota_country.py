"""The quota per country counts the country of the applicant's year-program enrollment,
otherwise that of the sent application; never the account's, which its owner edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.services import update_profile
from lms.admissions import queries, selection
from lms.admissions.models import ApplicationStatus
from lms.errors import ServiceError
from lms.programs.models import Enrollment
from tests.admissions.conftest import eligible
from tests.conftest import login

S = ApplicationStatus
FULL = "The quota for Philippines is full: 2 of 2"


def _moved(db, person, country: str) -> None:
    update_profile(db, person, person.display_name, country, "en", "Asia/Manila")
    db.commit()


def _philippines_full(db, world) -> None:
    for name in ("maria", "jose"):
        selection.decide(db, world["staff"], eligible(db, world["staff"], world[name],
                                                      world["call"]), S.SELECTED, "")
    db.commit()


def test_refused_by_the_quota_a_new_account_country_changes_nothing(db, world):
    _philippines_full(db, world)
    ana = eligible(db, world["staff"], world["ana"], world["call"])
    db.commit()
    with pytest.raises(ServiceError, match=FULL):
        selection.decide(db, world["staff"], ana, S.SELECTED, "")
    db.rollback()
    _moved(db, world["ana"], "TH")
    with pytest.raises(ServiceError, match=FULL):
        selection.decide(db, world["staff"], ana, S.SELECTED, "")


def test_a_trainee_counts_for_the_country_of_their_enrollment_not_their_application(db, world):
    """The trainee changes the account's country before applying, so the application says
    Thailand; the quota still counts the Philippines of their enrollment."""
    _philippines_full(db, world)
    _moved(db, world["trainee"], "TH")
    application = eligible(db, world["staff"], world["trainee"], world["call"])
    db.commit()
    assert application.country == "TH"
    with pytest.raises(ServiceError, match=FULL):
        selection.decide(db, world["staff"], application, S.SELECTED, "")
    db.rollback()
    places = {row.country: row.taken for row in queries.call_overview(db, world["call"]).countries}
    assert places == {"PH": 2}
    assert selection.places_taken(db, world["call"]).by_country["TH"] == 0


def test_the_waiting_list_skips_a_trainee_whose_enrollments_country_is_full(db, world):
    _philippines_full(db, world)
    world["call"].capacity = 3
    somchai = eligible(db, world["staff"], world["somchai"], world["call"])
    selection.decide(db, world["staff"], somchai, S.SELECTED, "")
    _moved(db, world["trainee"], "TH")
    trainee = eligible(db, world["staff"], world["trainee"], world["call"])
    selection.decide(db, world["staff"], trainee, S.WAITLISTED, "")
    db.commit()
    selection.decline_place(db, world["somchai"], somchai)
    assert trainee.status == S.WAITLISTED


def test_the_enrollment_keeps_the_country_the_place_was_given_for(db, world):
    maria = eligible(db, world["staff"], world["maria"], world["call"])
    selection.decide(db, world["staff"], maria, S.SELECTED, "")
    db.commit()
    _moved(db, world["maria"], "JP")
    selection.confirm_place(db, world["maria"], maria)
    db.commit()
    assert db.scalar(select(Enrollment.country).where(
        Enrollment.id == maria.enrollment_id)) == "PH"


def test_the_decision_panel_names_the_country_that_counts(client, db, world):
    _philippines_full(db, world)
    _moved(db, world["trainee"], "TH")
    application = eligible(db, world["staff"], world["trainee"], world["call"])
    db.commit()
    assert login(client, world["staff"].email).status_code == 302
    page = client.get(f"/admissions/staff/applications/{application.id}").get_data(as_text=True)
    assert "From Philippines: 2 of 2." in page
