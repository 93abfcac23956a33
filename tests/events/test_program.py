"""The program of an edition: kinds of session, site visits at a facility of the register or a
free address, online sessions whose link shows only to registered participants (and staff)
from 30 minutes before the start, and the calendar feed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from lms.audit import AuditEvent
from lms.calendar.services import create_feed
from lms.errors import NotAllowed, ServiceError
from lms.events import program, services
from lms.events.models import SessionKind
from lms.events.program import LinkState
from lms.placements.models import HostFacility, PracticeField
from lms.programs.models import CohortStatus
from tests.conftest import post
from tests.events.conftest import as_user, make_seminar, user

# The seminar runs 7–11 December 2026 in Tokyo (UTC+9): 10:00–11:30 on 8 December is
# 01:00–02:30 UTC.
STARTS = dt.datetime(2026, 12, 8, 1, 0, tzinfo=dt.UTC)
ENDS = dt.datetime(2026, 12, 8, 2, 30, tzinfo=dt.UTC)
LINK = "https://meet.example.org/j/123"


def details(**change):
    return program.SessionDetails(**{
        "kind": SessionKind.LECTURE, "title": "Community-based care", "day": dt.date(2026, 12, 8),
        "starts": dt.time(10, 0), "ends": dt.time(11, 30), **change})


def facility(db, name="Sakura no Sato", name_ja="さくらの里"):
    host = HostFacility(name=name, name_ja=name_ja, field=PracticeField.OLDER_PEOPLE,
                        prefecture="13", city="Setagaya", address="Ikejiri 1-2-3")
    db.add(host)
    db.flush()
    return host


def online(db, world, **change):
    row = program.add_session(db, world["staff"], world["seminar"], details(**{
        "online": True, "meeting_url": LINK, "recording_url": "https://video.example.org/rec/1",
        "materials": "Slides: [part 1](https://example.org/p1.pdf)<script>alert(1)</script>",
        **change}))
    db.commit()
    return row


def register(db, email, cohort):
    registration = services.register(db, user(db, email), cohort)
    db.commit()
    return registration


# Kinds and places ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [SessionKind.LECTURE, SessionKind.SITE_VISIT,
                                  SessionKind.SUMMARY, SessionKind.MEETING, SessionKind.TRAVEL,
                                  SessionKind.OPENING, SessionKind.COUNTRY_REPORT])
def test_every_kind_of_session_is_kept(db, world, kind):
    row = program.add_session(db, world["staff"], world["seminar"], details(kind=kind))
    db.commit()
    db.expire_all()
    assert row.kind == kind
    assert str(services.SESSION_KIND_LABELS[kind])


def test_a_site_visit_at_a_facility_shows_its_name_in_the_readers_language_and_address(
        db, world):
    host = facility(db)
    row = program.add_session(db, world["staff"], world["seminar"], details(
        kind=SessionKind.SITE_VISIT, facility_id=host.id))
    assert row.facility_id == host.id and row.place is None
    assert program.place_of(row, "en") == "Sakura no Sato, Tokyo Setagaya Ikejiri 1-2-3"
    assert program.place_of(row, "ja").startswith("さくらの里, 東京都")


def test_a_site_visit_has_a_free_address_or_a_facility_never_both(db, world):
    row = program.add_session(db, world["staff"], world["seminar"], details(
        kind=SessionKind.SITE_VISIT, place="Minato Day Centre, Shiba 2-1"))
    assert program.place_of(row, "en") == "Minato Day Centre, Shiba 2-1"
    host = facility(db)
    with pytest.raises(ServiceError) as refused:
        program.add_session(db, world["staff"], world["seminar"], details(
            facility_id=host.id, place="Somewhere else"))
    assert refused.value.field == "place"
    with pytest.raises(ServiceError) as refused:
        program.add_session(db, world["staff"], world["seminar"], details(facility_id=999_999))
    assert refused.value.field == "facility_id"


def test_an_online_session_without_a_facility_or_address_is_online(db, world):
    row = online(db, world)
    assert program.place_of(row, "en") == "Online"
    assert program.place_of(program.add_session(db, world["staff"], world["seminar"],
                                                 details()), "en") == ""


@pytest.mark.parametrize("link", ["http://meet.example.org/j/1", "javascript:alert(1)",
                                  "meet.example.org/j/1", "https://", "https://a b.org/x",
                                  "https://example.org/" + "x" * 500])
@pytest.mark.parametrize("field", ["meeting_url", "recording_url"])
def test_links_must_be_whole_https_addresses(db, world, link, field):
    with pytest.raises(ServiceError) as refused:
        program.add_session(db, world["staff"], world["seminar"], details(
            online=True, **{field: link}))
    assert refused.value.field == field


def test_only_an_online_session_has_links(db, world):
    with pytest.raises(ServiceError) as refused:
        program.add_session(db, world["staff"], world["seminar"], details(meeting_url=LINK))
    assert refused.value.field == "online"


def test_after_the_edition_only_the_recording_and_materials_change(db, world):
    row = online(db, world, recording_url=None, materials="")
    world["seminar"].status = CohortStatus.COMPLETED
    program.update_session(db, world["staff"], world["seminar"], row, details(
        online=True, meeting_url=LINK, recording_url="https://video.example.org/rec/9",
        materials="The slides"))
    assert (row.recording_url, row.materials) == ("https://video.example.org/rec/9",
                                                 "The slides")
    with pytest.raises(ServiceError, match="completed or cancelled"):
        program.update_session(db, world["staff"], world["seminar"], row, details(
            title="Renamed", online=True, meeting_url=LINK))
    with pytest.raises(NotAllowed):
        program.update_session(db, user(db, "alumna@example.org"), world["seminar"], row,
                               details(online=True))
    changes = db.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "EventSession")).all()
    assert changes == ["seminar_session_added", "seminar_session_changed"]


# Who sees the link, and when ----------------------------------------------------------------


@pytest.mark.parametrize("moment,state", [
    (STARTS - dt.timedelta(minutes=30, seconds=1), LinkState.NOT_YET),
    (STARTS - dt.timedelta(minutes=30), LinkState.OPEN),
    (ENDS - dt.timedelta(seconds=1), LinkState.OPEN),
    (ENDS, LinkState.OVER),
])
def test_the_link_shows_from_thirty_minutes_before_the_start_until_the_end(db, world, moment,
                                                                           state):
    row = online(db, world)
    assert (row.starts_at, row.ends_at) == (STARTS, ENDS)
    with time_machine.travel(moment, tick=False):
        assert program.link_state(row, joins=True) == state
        assert program.link_state(row, joins=False) == LinkState.HIDDEN


def test_a_session_in_a_room_has_no_link_state(db, world):
    row = program.add_session(db, world["staff"], world["seminar"], details())
    assert program.link_state(row, joins=True, now=STARTS) == LinkState.HIDDEN


def test_who_may_join_registered_participants_and_staff(db, world):
    seminar = world["seminar"]
    registration = register(db, "alumna@example.org", seminar)
    assert program.may_join(db, seminar, user(db, "alumna@example.org"))
    assert program.may_join(db, seminar, world["staff"])
    assert not program.may_join(db, seminar, user(db, "trainee@example.org"))
    other = make_seminar(db, number=9, starts_on=dt.date(2027, 12, 6))
    assert not program.may_join(db, other, user(db, "alumna@example.org"))
    services.cancel_registration(db, user(db, "alumna@example.org"), seminar, registration)
    assert not program.may_join(db, seminar, user(db, "alumna@example.org"))


def _page(client, world, path=""):
    return client.get(f"/events/{world['seminar'].id}{path}").get_data(as_text=True)


@pytest.mark.parametrize("path", ["", "/program"])
def test_pages_show_the_link_only_to_participants_in_its_window(client, db, world, path):
    online(db, world)
    register(db, "alumna@example.org", world["seminar"])
    with time_machine.travel(STARTS - dt.timedelta(minutes=31), tick=False):
        as_user(client, "alumna@example.org")
        page = _page(client, world, path)
        assert LINK not in page
        assert "The link appears 30 minutes before the start." in page
    with time_machine.travel(STARTS - dt.timedelta(minutes=29), tick=False):
        page = _page(client, world, path)
        assert LINK in page and "recording" not in page.lower()
    with time_machine.travel(ENDS, tick=False):
        as_user(client, "alumna@example.org")
        page = _page(client, world, path)
        assert LINK not in page
        assert "https://video.example.org/rec/1" in page
        assert '<a href="https://example.org/p1.pdf"' in page and "<script>alert" not in page
    # A trainee who may register but did not sees that the session is online, never its links.
    for moment in (STARTS, ENDS):
        with time_machine.travel(moment, tick=False):
            as_user(client, "trainee@example.org")
            page = _page(client, world, path)
            assert "Online" in page and LINK not in page and "video.example.org" not in page


def test_staff_see_the_link_before_participants_do(client, db, world):
    online(db, world)
    as_user(client, "staff@example.org")
    page = _page(client, world, "/program")
    assert LINK in page and "The link appears 30 minutes before the start." in page


def test_the_printable_program_is_grouped_by_day_with_the_facility(client, db, world):
    host = facility(db)
    program.add_session(db, world["staff"], world["seminar"], details(
        kind=SessionKind.SITE_VISIT, title="Visit to a nursing home", facility_id=host.id,
        day=dt.date(2026, 12, 9)))
    program.add_session(db, world["staff"], world["seminar"], details(
        kind=SessionKind.TRAVEL, title="Bus to Kanagawa", place="Tokyo Station, north exit"))
    db.commit()
    register(db, "alumna@example.org", world["seminar"])
    as_user(client, "alumna@example.org")
    page = _page(client, world, "/program")
    assert page.index("Day 2 — Tuesday 8 December 2026") < page.index("Bus to Kanagawa") \
        < page.index("Day 3 — Wednesday 9 December 2026") < page.index("Sakura no Sato")
    assert "Tokyo Setagaya Ikejiri 1-2-3" in page and "Tokyo Station, north exit" in page
    assert "Travel" in page and "Site visit" in page
    assert "Edit Visit" not in page  # staff links are for staff
    assert "Printable program" in _page(client, world)


def test_the_program_page_is_for_whoever_may_see_the_edition(client, db, world):
    as_user(client, "plain@example.org")
    assert client.get(f"/events/{world['seminar'].id}/program").status_code == 403
    as_user(client, "trainee@example.org")
    assert client.get(f"/events/{world['current'].id}/program").status_code == 404


def test_staff_save_an_online_site_visit_from_the_form(client, db, world):
    host = facility(db)
    db.commit()
    as_user(client, "staff@example.org")
    address = f"/events/{world['seminar'].id}/sessions/new"
    form = {"kind": "site_visit", "title": "Visit", "day": "2026-12-08", "starts": "10:00",
            "ends": "11:30", "facility_id": str(host.id), "place": "", "online": "y",
            "meeting_url": "http://meet.example.org/x"}
    answer = post(client, address, form, token_from=address)
    assert answer.status_code == 200
    assert "Give a whole link starting with https://." in answer.get_data(as_text=True)
    answer = post(client, address, {**form, "meeting_url": LINK}, token_from=address)
    assert answer.status_code == 302
    row = db.scalar(select(program.EventSession).where(program.EventSession.title == "Visit"))
    assert (row.facility_id, row.online, row.meeting_url) == (host.id, True, LINK)
    edit = client.get(f"/events/{world['seminar'].id}/sessions/{row.id}/edit")
    assert LINK in edit.get_data(as_text=True)


# The calendar feed ---------------------------------------------------------------------------


def test_the_feed_holds_the_sessions_of_her_editions_with_their_place(client, db, world):
    host = facility(db)
    seminar = world["seminar"]
    program.add_session(db, world["staff"], seminar, details(
        kind=SessionKind.SITE_VISIT, title="Visit", facility_id=host.id))
    program.add_session(db, world["staff"], seminar, details(title="Free", place="Shiba 2-1"))
    online(db, world, title="Webinar")
    program.add_session(db, world["staff"], seminar, details(title="In the hall"))
    other = make_seminar(db, number=9, starts_on=dt.date(2026, 12, 14))
    program.add_session(db, world["staff"], other, details(title="Not hers",
                                                          day=dt.date(2026, 12, 14)))
    db.commit()
    register(db, "alumna@example.org", seminar)
    token = create_feed(db, user(db, "alumna@example.org")).token
    db.commit()
    feed = client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200
    text = feed.get_data(as_text=True).replace("\r\n ", "")
    assert "SUMMARY:Visit" in text and "LOCATION:Sakura no Sato\\, Tokyo Setagaya Ikejiri" in text
    assert "LOCATION:Shiba 2-1" in text and "LOCATION:Online" in text
    assert "LOCATION:Shin-Kasumigaseki Building\\, Tokyo" in text
    assert "DTSTART:20261208T010000Z" in text
    assert "Not hers" not in text and LINK not in text
