"""The seminars a home lists (events.home_sections.shown_seminars) are those
queries.open_seminars_for finds, each with the same standing, though asked as plain values."""

from __future__ import annotations

import datetime as dt

import time_machine

from lms.events import home_sections, queries
from tests.events.conftest import make_seminar, user
from tests.events.test_services import register

PEOPLE = ("alumna@example.org", "alumnus@example.org", "trainee@example.org",
          "kittipong@example.org", "plain@example.org", "notdone@example.org")


def _standing(found) -> list[tuple[int, bool, bool]]:
    return [(item.cohort.id, item.is_registered, item.registration_open) for item in found]


def _agree(db, world) -> int:
    """How many seminars the people's homes list in all, having checked each home."""
    listed = 0
    for email in (*PEOPLE, world["staff"].email):
        person = user(db, email)
        expected = _standing(queries.open_seminars_for(db, person))
        shown = home_sections.shown_seminars(db, person)
        assert _standing(shown) == expected, email
        for item, found in zip(shown, queries.open_seminars_for(db, person), strict=True):
            assert (item.cohort.name, item.cohort.name_ja, item.cohort.starts_on,
                    item.cohort.ends_on) == (found.cohort.name, found.cohort.name_ja,
                                             found.cohort.starts_on, found.cohort.ends_on)
        listed += len(shown)
    return listed


def test_a_home_lists_the_seminars_open_to_each_person_with_her_standing(db, world,
                                                                        count_queries):
    make_seminar(db, number=9, starts_on=dt.date(2027, 1, 18), details=False)
    db.commit()
    alumna = user(db, "alumna@example.org")
    with count_queries() as counter:
        home_sections.shown_seminars(db, alumna)
    assert counter.count == 1
    assert _agree(db, world) > 0
    register(db, "alumna@example.org", world["seminar"])
    register(db, "kittipong@example.org", world["seminar"])
    assert _agree(db, world) > 0
    # Registration closes at the end of 30 November in Tokyo; the seminar ends on 11 December.
    for moment in (dt.datetime(2026, 11, 30, 14, 59), dt.datetime(2026, 11, 30, 15, 0),
                   dt.datetime(2026, 12, 11, 14, 59), dt.datetime(2026, 12, 11, 15, 0)):
        with time_machine.travel(moment.replace(tzinfo=dt.UTC), tick=False):
            _agree(db, world)


def test_the_seminars_made_for_a_home_stay_out_of_the_session(db, world):
    home_sections.shown_seminars(db, user(db, "alumna@example.org"))
    assert not db.new and not db.dirty
