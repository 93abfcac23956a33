"""The demo's other events, true to the record: the Korea–Japan exchange as a series whose
editions alternate hosts, the study tours to Mongolia (11) and from Taiwan, and a partner
council's online workshop with its recording and the attendance recorded."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import time_machine
from sqlalchemy import func, select

from lms.demo import DEMO_PASSWORD
from lms.demo.events import seed_events
from lms.events.delegation_models import (
    Delegation,
    DelegationDirection,
    DelegationMember,
    DelegationVisit,
    MemberRole,
)
from lms.events.models import (
    CountryCap,
    Edition,
    EventSession,
    Registration,
    SessionAttendance,
    SessionKind,
    TourDirection,
)
from lms.programs.models import Cohort, CohortStatus, Program, ProgramKind
from tests.conftest import login
from tests.demo.conftest import demo
from tests.demo.test_seminars_demo import DEMO_NOW, config_overrides  # noqa: F401


@pytest.fixture
def seeded(app, db, snapshots):
    """The demo as seeded on the seminars' test day (one snapshot with theirs)."""
    with time_machine.travel(DEMO_NOW, tick=False):
        snapshots.seed_once("demo at DEMO_NOW", app, lambda: demo(app))
        yield


def _editions(db, kind):
    return list(db.scalars(select(Cohort).join(Program).where(Program.kind == kind)
                           .order_by(Cohort.starts_on)))


def _edition(db, cohort):
    return db.scalar(select(Edition).where(Edition.cohort_id == cohort.id))


def test_the_exchange_alternates_hosts_with_ten_places_for_each_country(db, seeded):
    in_japan, in_korea = _editions(db, ProgramKind.EXCHANGE)
    assert in_japan.program_id == in_korea.program_id  # one series
    assert in_japan.length_in_days == 6 and in_korea.length_in_days == 6
    assert in_japan.starts_on < in_korea.starts_on
    assert (_edition(db, in_japan).host_country, _edition(db, in_korea).host_country) == (
        "JP", "KR")
    assert "Korea" in _edition(db, in_korea).organizing_partner
    for cohort in (in_japan, in_korea):
        caps = dict(db.execute(select(CountryCap.country, CountryCap.cap).where(
            CountryCap.cohort_id == cohort.id)).all())
        assert caps == {"KR": 10, "JP": 10}
    registered = Counter(db.scalars(select(Registration.country).where(
        Registration.cohort_id == in_japan.id)))
    assert registered == {"KR": 10, "JP": 10}
    kinds = {row.kind for row in db.scalars(select(EventSession).where(
        EventSession.cohort_id == in_japan.id))}
    assert {SessionKind.LECTURE, SessionKind.SITE_VISIT, SessionKind.SUMMARY} <= kinds
    visits = list(db.scalars(select(EventSession).where(
        EventSession.cohort_id == in_japan.id, EventSession.kind == SessionKind.SITE_VISIT)))
    assert visits and all(row.facility_id is not None for row in visits)  # the register's
    # The next edition, in Korea, receives participants sent from Japan.
    [sent] = db.scalars(select(Delegation).where(Delegation.cohort_id == in_korea.id))
    assert (sent.direction, sent.country) == (DelegationDirection.OUTBOUND, "KR")
    assert in_japan.status == CohortStatus.COMPLETED and in_korea.status == CohortStatus.PLANNED


def _delegation(db, name):
    delegation = db.scalar(select(Delegation).where(Delegation.name == name))
    members = list(db.scalars(select(DelegationMember).where(
        DelegationMember.delegation_id == delegation.id)))
    visits = list(db.scalars(select(DelegationVisit).where(
        DelegationVisit.delegation_id == delegation.id)))
    return delegation, members, visits


def test_the_study_tour_to_mongolia_is_a_delegation_of_eleven(db, seeded):
    delegation, members, visits = _delegation(db, "Study tour to Mongolia")
    assert (delegation.direction, delegation.country) == (DelegationDirection.OUTBOUND, "MN")
    assert len(members) == 11
    roles = Counter(member.role for member in members)
    assert roles == {MemberRole.LEADER: 1, MemberRole.INTERPRETER: 1,
                     MemberRole.PARTICIPANT: 9}
    assert all(member.arrives_at and member.departs_at and member.lodging
               for member in members)
    assert visits
    edition = _edition(db, db.get(Cohort, delegation.cohort_id))
    assert edition.direction == TourDirection.OUTBOUND and edition.host_country == "MN"


def test_the_group_from_taiwan_is_received_with_visits_to_facilities(db, seeded):
    delegation, members, visits = _delegation(db, "Study group from Taiwan")
    assert (delegation.direction, delegation.country) == (DelegationDirection.INBOUND, "TW")
    assert len(members) == 26
    assert len({member.name for member in members}) == 26
    assert visits and all(visit.facility_id is not None for visit in visits)
    edition = _edition(db, db.get(Cohort, delegation.cohort_id))
    assert edition.direction == TourDirection.INBOUND and edition.host_country == "JP"


def test_the_online_workshop_has_its_recording_and_attendance(app, db, seeded):
    [workshop] = _editions(db, ProgramKind.ONLINE_SESSION)
    assert _edition(db, workshop).online
    [session] = db.scalars(select(EventSession).where(EventSession.cohort_id == workshop.id))
    assert session.online and session.recording_url.startswith("https://")
    assert session.materials
    registered = db.scalar(select(func.count()).select_from(Registration).where(
        Registration.cohort_id == workshop.id))
    present = db.scalar(select(func.count()).select_from(SessionAttendance).where(
        SessionAttendance.session_id == session.id))
    assert 0 < present < registered  # some, not all, were there
    with time_machine.travel(DEMO_NOW, tick=False):
        client = app.test_client()
        # A registered alumna who attended reads the recording after the session.
        assert login(client, "supaporn.t@example.org", DEMO_PASSWORD).status_code == 302
        page = client.get(f"/events/{workshop.id}/program").get_data(as_text=True)
        assert session.recording_url in page


def test_seeding_the_events_twice_changes_nothing(db, seeded):
    def counts():
        return [db.scalar(select(func.count()).select_from(model))
                for model in (Cohort, Edition, EventSession, Registration, DelegationMember)]

    before = counts()
    with time_machine.travel(DEMO_NOW, tick=False):
        seed_events(db)
        db.commit()
    assert counts() == before


def test_the_demo_stays_in_its_fiscal_year(db, seeded):
    """Every event edition of fiscal 2026 lies in it (April 2026 – March 2027)."""
    for kind in (ProgramKind.EXCHANGE, ProgramKind.STUDY_TOUR, ProgramKind.ONLINE_SESSION):
        for cohort in _editions(db, kind):
            if cohort.fiscal_year == 2026:
                assert dt.date(2026, 4, 1) <= cohort.starts_on <= dt.date(2027, 3, 31)


def test_the_tour_leader_signs_in_and_sees_only_her_tour(app, db, seeded):
    """The Mongolia tour's leader is neither an alumna nor a trainee: her delegation lets her
    read her tour's page and program, and no other edition."""
    delegation, members, _ = _delegation(db, "Study tour to Mongolia")
    [leader] = [member for member in members if member.role == MemberRole.LEADER]
    assert leader.user is not None and leader.user.email == "delegation@kakehashi.example"
    tour = delegation.cohort_id
    [taiwan] = [cohort.id for cohort in _editions(db, ProgramKind.STUDY_TOUR) if cohort.id != tour]
    with time_machine.travel(DEMO_NOW, tick=False):
        client = app.test_client()
        assert login(client, "delegation@kakehashi.example", DEMO_PASSWORD).status_code == 302
        assert client.get(f"/events/{tour}").status_code == 200
        assert client.get(f"/events/{tour}/program").status_code == 200
        assert client.get(f"/events/{taiwan}").status_code == 404
        listed = client.get("/events").get_data(as_text=True)
        assert f'/events/{tour}"' in listed and f'/events/{taiwan}"' not in listed


def test_the_7th_seminars_published_report_gives_the_records_figures(db, seeded):
    from lms.events import reports

    seminar = db.scalar(select(Cohort).where(
        Cohort.title == "7th Asian Social Welfare Seminar"))
    assert reports.published_report(db, seminar.id) is not None
    figures = reports.figures(db, seminar)
    by_country = {row.key: row.registered for row in figures.by_country}
    assert by_country == {"KR": 6, "TW": 16, "PH": 4, "TH": 10, "MY": 3, "LK": 8, "ID": 10,
                          "JP": 104}
    assert {row.key: row.registered for row in figures.by_kind} == {"alumnus": 57,
                                                                    "public": 104}
    assert figures.attended == 159  # two of the Japanese participants missed the first day
    quoted = [quote.name for quote in reports.quotes(db, seminar)]
    assert quoted == ["Kim Ji-hye", "Wang Shu-ling"]  # the third did not allow quoting


def test_a_public_symposium_takes_registrations_from_anyone(db, seeded):
    from lms.events import services

    symposium = db.scalar(select(Cohort).where(Cohort.title.startswith("Symposium:")))
    edition = services.seminar_of(db, symposium)
    assert edition.open_to_public and symposium.capacity == 300
