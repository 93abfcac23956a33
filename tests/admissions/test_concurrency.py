"""Two staff selecting at the same moment, and a decline moving the waiting list while staff
select, each in its own thread and session as two gunicorn workers would. Runs on SQLite and,
in CI, on PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.admissions import selection
from lms.admissions.models import AdmissionApplication, AdmissionCall, ApplicationStatus
from lms.errors import ServiceError
from tests.admissions.conftest import eligible
from tests.concurrency import run_together
from tests.conftest import PASSWORD

S = ApplicationStatus


@pytest.fixture(autouse=True)
def slow_counting(monkeypatch):
    """Hold each decision a moment after it has counted the places, so both requests have
    counted before either writes unless the call's lock makes them take turns."""
    count = selection.places_taken

    def counted_slowly(db_session, call):  # type: ignore[no-untyped-def]
        taken = count(db_session, call)
        time.sleep(0.2)
        return taken

    monkeypatch.setattr(selection, "places_taken", counted_slowly)


def _selecting(staff_id: int, application_id: int) -> Callable[[Session], Any]:
    def select_(own: Session) -> Any:
        selection.decide(own, own.get(User, staff_id), own.get(AdmissionApplication,
                                                               application_id),
                         S.SELECTED, "")
        return application_id
    return select_


def _holding(db, call_id: int, country: str | None = None) -> int:
    query = select(func.count()).select_from(AdmissionApplication).where(
        AdmissionApplication.call_id == call_id, AdmissionApplication.status.in_(
            (S.SELECTED, S.CONFIRMED)))
    if country is not None:
        query = query.where(AdmissionApplication.country == country)
    return db.scalar(query)


def _officer(db) -> User:
    return create_user(db, "officer@example.org", "Emi Kobayashi", PASSWORD, [Role.STAFF])


def test_two_staff_selecting_the_last_place_of_a_country(app, db, world):
    first = eligible(db, world["staff"], world["maria"], world["call"])
    second = eligible(db, world["staff"], world["jose"], world["call"])
    third = eligible(db, world["staff"], world["ana"], world["call"])
    selection.decide(db, world["staff"], first, S.SELECTED, "")
    officer = _officer(db)
    db.commit()
    call_id = world["call"].id

    results = run_together(app, [_selecting(world["staff"].id, second.id),
                                 _selecting(officer.id, third.id)])
    refused = [result for result in results if isinstance(result, ServiceError)]
    assert len(refused) == 1 and len(results) - len(refused) == 1, results
    assert "The quota for Philippines is full" in str(refused[0].message)
    db.expire_all()
    assert _holding(db, call_id, "PH") == 2


def test_two_staff_selecting_the_last_place_of_the_call(app, db, world):
    world["call"].capacity, world["call"].country_quota = 2, None
    first = eligible(db, world["staff"], world["maria"], world["call"])
    second = eligible(db, world["staff"], world["somchai"], world["call"])
    third = eligible(db, world["staff"], world["nimal"], world["call"])
    selection.decide(db, world["staff"], first, S.SELECTED, "")
    officer = _officer(db)
    db.commit()

    results = run_together(app, [_selecting(world["staff"].id, second.id),
                                 _selecting(officer.id, third.id)])
    refused = [result for result in results if isinstance(result, ServiceError)]
    assert len(refused) == 1, results
    assert "All 2 places are given" in str(refused[0].message)
    db.expire_all()
    assert _holding(db, world["call"].id) == 2


def test_a_decline_moving_the_waitlist_while_staff_select(app, db, world):
    """Somchai declines, which offers his place to Nimal on the waiting list, at the moment
    staff select Maria for the same last place: one of the two gets it, never both."""
    world["call"].capacity, world["call"].country_quota = 2, None
    somchai = eligible(db, world["staff"], world["somchai"], world["call"])
    jose = eligible(db, world["staff"], world["jose"], world["call"])
    nimal = eligible(db, world["staff"], world["nimal"], world["call"])
    maria = eligible(db, world["staff"], world["maria"], world["call"])
    selection.decide(db, world["staff"], somchai, S.SELECTED, "")
    selection.decide(db, world["staff"], jose, S.SELECTED, "")
    selection.decide(db, world["staff"], nimal, S.WAITLISTED, "")
    selection.decide(db, world["staff"], maria, S.WAITLISTED, "")
    db.commit()
    call_id, somchai_id, applicant_id = world["call"].id, somchai.id, world["somchai"].id

    def declining(own: Session) -> Any:
        selection.decline_place(own, own.get(User, applicant_id),
                                own.get(AdmissionApplication, somchai_id))
        return "declined"

    results = run_together(app, [declining, _selecting(world["staff"].id, maria.id)])
    db.expire_all()
    assert _holding(db, call_id) <= db.get(AdmissionCall, call_id).capacity, results
    assert _holding(db, call_id) == 2
