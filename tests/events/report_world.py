"""A small world for the event report: the seminar of tests/events/conftest.py opened to the
public, with participants of every kind, one cancelled, a delegation, one session with some
recorded present, and the clock on the seminar's second day."""

from __future__ import annotations

import datetime as dt

import time_machine

from lms.events import attendance, delegations, program, services
from lms.events.delegation_models import DelegationDirection, MemberRole
from lms.events.models import SessionKind
from lms.events.queries import registration_of
from tests import factories
from tests.events.conftest import user

#: The seminar's second day (8 December 2026 in Tokyo).
DURING = dt.datetime(2026, 12, 8, 3, 0, tzinfo=dt.UTC)
JAPANESE_NAME = "山田 花子"


def open_to_public(db, cohort, capacity=200):
    edition = services.seminar_of(db, cohort)
    edition.open_to_public = True
    edition.per_country_cap = None
    cohort.capacity = capacity
    db.flush()


def public_person(db, email, name, country="JP"):
    person = factories.person(db, email, name, country)
    person.email_confirmed_at = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    db.flush()
    return person


def populate(db, world):
    """Registered: the alumna (ID) and the alumnus (TH), the trainee (PH), a Japanese
    practitioner (JP, public) and Jerome (PH, an alumnus in the delegation); Kittipong
    (trainee, TH) cancelled. The delegation from Taiwan: Jerome, Maricel (an alumna who did not
    register) and Lin Mei-hua (no account). Present at the session: the alumna, the trainee,
    the practitioner and Jerome."""
    staff, seminar = world["staff"], world["seminar"]
    open_to_public(db, seminar)
    for email in ("alumna@example.org", "alumnus@example.org", "trainee@example.org",
                  "jerome@example.org", "kittipong@example.org"):
        services.register(db, user(db, email), seminar)
    hanako = public_person(db, "hanako@example.org", JAPANESE_NAME)
    services.register(db, hanako, seminar, services.Declaration(country="JP",
                                                                organization="Kobe"))
    kittipong = user(db, "kittipong@example.org")
    services.cancel_registration(db, kittipong, seminar,
                                 registration_of(db, seminar, kittipong))
    delegation = delegations.create_delegation(db, staff, seminar, delegations.DelegationDetails(
        name="Taiwan group", direction=DelegationDirection.INBOUND, country="TW"))
    for email, name in (("jerome@example.org", ""), ("maricel@example.org", ""),
                        ("", "Lin Mei-hua")):
        delegations.add_member(db, staff, seminar, delegation, delegations.MemberDetails(
            email=email, name=name, role=MemberRole.PARTICIPANT))
    row = program.add_session(db, staff, seminar, program.SessionDetails(
        kind=SessionKind.LECTURE, title="Community care in Japan", day=dt.date(2026, 12, 7),
        starts=dt.time(10, 0), ends=dt.time(11, 0)))
    attendance.save_attendance(db, staff, seminar, row, [
        user(db, email).id for email in ("alumna@example.org", "trainee@example.org",
                                         "hanako@example.org", "jerome@example.org")])
    db.commit()
    return row


def during():
    return time_machine.travel(DURING, tick=False)
