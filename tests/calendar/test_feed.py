from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from lms.programs.models import EnrollmentRole
from tests import factories
from tests.conftest import login, post


def _feed_path(client) -> str:
    post(client, "/calendar/new", token_from="/calendar")
    page = client.get("/calendar").get_data(as_text=True)
    start = page.index("http://kakehashi.test/calendar/")
    return page[start:page.index('"', start)].removeprefix("http://kakehashi.test")


def test_the_feed_has_openings_and_deadlines_in_the_cohorts_zone(app, client, db, tmp_path):
    course = factories.synced_course(db, tmp_path)
    cohort = factories.cohort(db, course)
    factories.enroll(db, cohort, "amihan@example.org")
    db.commit()
    login(client, "amihan@example.org")
    path = _feed_path(client)
    anonymous = app.test_client()
    response = anonymous.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    due = next(event for event in events.values() if str(event["summary"]) == "Due: Visit note")
    # Day 40 of a cohort starting 14 March 2019 is 22 April 2019, due 23:59:59 Tokyo time.
    assert due.decoded("dtstart") == dt.datetime(2019, 4, 22, 23, 59, 59,
                                                 tzinfo=cohort.zone)
    assert str(due["dtstart"].params["TZID"]) == "Asia/Tokyo"
    assert any(component.name == "VTIMEZONE" for component in calendar.walk())
    opening = next(event for event in events.values()
                   if str(event["summary"]) == "Module opens: Long-term care")
    assert opening.decoded("dtstart") == dt.date(2019, 4, 12)
    # Stable ids: the same feed twice has the same events.
    again = Calendar.from_ical(anonymous.get(path).get_data())
    assert {str(event["uid"]) for event in again.walk("VEVENT")} == set(events)


def test_the_owner_can_revoke_the_feed(app, client, db, tmp_path):
    course = factories.synced_course(db, tmp_path)
    cohort = factories.cohort(db, course)
    factories.enroll(db, cohort, "amihan@example.org")
    db.commit()
    login(client, "amihan@example.org")
    first = _feed_path(client)
    second = _feed_path(client)  # a new address replaces the old one
    assert app.test_client().get(first).status_code == 404
    post(client, "/calendar/revoke", token_from="/calendar")
    assert app.test_client().get(second).status_code == 404


def test_a_feed_shows_only_its_owners_cohorts(app, client, db, tmp_path):
    course = factories.synced_course(db, tmp_path)
    mine = factories.cohort(db, course)
    theirs = factories.cohort(db, course, number=37, starts_on=dt.date(2020, 3, 14))
    factories.enroll(db, mine, "amihan@example.org")
    factories.enroll(db, theirs, "other@example.org", EnrollmentRole.TRAINEE)
    db.commit()
    login(client, "amihan@example.org")
    calendar = Calendar.from_ical(app.test_client().get(_feed_path(client)).get_data())
    assert all(f"cohort-{mine.id}-" in str(event["uid"]) for event in calendar.walk("VEVENT"))
