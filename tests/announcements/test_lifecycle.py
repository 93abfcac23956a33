"""Publishing now or later, telling the audience once, correcting, withdrawing, expiring and
dismissing; only staff write; the home section costs one query."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from sqlalchemy import func, select

from lms import homepage
from lms.announcements import services
from lms.announcements.home_sections import sections
from lms.announcements.models import Announcement, Audience
from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.facts import facts_of, forget
from lms.notifications.models import Notification
from tests import factories
from tests.admissions.conftest import PDF
from tests.announcements.conftest import announce, person
from tests.conftest import login, post
from tests.route_matrix_world import ACTOR_EMAILS, NOW


def _told(db: Any, announcement: Announcement) -> int:
    return db.scalar(select(func.count()).select_from(Notification).where(
        Notification.kind == "announcement",
        Notification.link.endswith(f"/announcements/{announcement.id}"))) or 0


def _home(app: Any, who: str) -> str:
    client = app.test_client()
    login(client, ACTOR_EMAILS[who])
    return client.get("/").get_data(as_text=True)


def test_only_staff_write_correct_and_withdraw(db: Any, world: dict[str, Any]) -> None:
    trainee = person(db, "trainee")
    data = services.AnnouncementInput(title="Mine", body="Hello", audience=Audience.COMMITTEE)
    with pytest.raises(NotAllowed):
        services.create(db, trainee, data)
    announcement = db.get(Announcement, world["announcement"])
    with pytest.raises(NotAllowed):
        services.correct(db, trainee, announcement, data)
    with pytest.raises(NotAllowed):
        services.withdraw(db, trainee, announcement)


def test_published_now_the_audience_is_told_once_with_mail(db: Any, world: dict[str, Any]
                                                             ) -> None:
    announcement = announce(db, Audience.COMMITTEE)
    assert announcement.notified_at == NOW
    assert _told(db, announcement) == 2
    assert services.publish_due(db) == 0
    assert _told(db, announcement) == 2


def test_a_scheduled_one_waits_and_the_command_tells_its_audience_once(
        app: Any, db: Any, world: dict[str, Any]) -> None:
    announcement = announce(db, Audience.COMMITTEE, publish_at=NOW + dt.timedelta(hours=2))
    db.commit()
    assert _told(db, announcement) == 0
    assert announcement.title not in _home(app, "member")
    assert services.publish_due(db) == 0
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        result = app.test_cli_runner().invoke(args=["lms", "announcements", "publish"])
        assert "published 1 announcement(s)" in result.output, result.output
        again = app.test_cli_runner().invoke(args=["lms", "announcements", "publish"])
        assert "published 0 announcement(s)" in again.output
        assert announcement.title in _home(app, "member")
    assert _told(db, announcement) == 2


def test_a_claim_taken_by_another_run_is_not_told_again(app: Any, db: Any,
                                                        world: dict[str, Any]) -> None:
    announcement = announce(db, Audience.COMMITTEE, publish_at=NOW + dt.timedelta(hours=2))
    db.commit()
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        # Another run claimed it after this one read it.
        with app.extensions["lms"].engine.begin() as other:
            other.execute(Announcement.__table__.update().where(
                Announcement.__table__.c.id == announcement.id).values(notified_at=NOW))
        assert announcement.notified_at is None  # what this run still believes
        assert services._tell_if_due(db, announcement, NOW + dt.timedelta(hours=3)) is False
    assert _told(db, announcement) == 0


def test_a_withdrawn_scheduled_one_is_never_told(db: Any, world: dict[str, Any]) -> None:
    announcement = announce(db, Audience.COMMITTEE, publish_at=NOW + dt.timedelta(hours=2))
    services.withdraw(db, factories.staff(db), announcement)
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        assert services.publish_due(db) == 0
    with pytest.raises(ServiceError):
        services.withdraw(db, factories.staff(db), announcement)


def test_a_correction_shows_as_edited_and_keeps_the_audience(app: Any, db: Any,
                                                             world: dict[str, Any]) -> None:
    announcement = db.get(Announcement, world["announcement"])
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        services.correct(db, factories.staff(db), announcement, services.AnnouncementInput(
            title="News, corrected", body="The library opens at **10**.",
            audience=Audience.COMMITTEE))
        db.commit()
        assert announcement.audience is Audience.COHORT
        assert announcement.edited_at == NOW + dt.timedelta(hours=1)
        home = _home(app, "trainee")
        assert "News, corrected" in home and "edited" in home
        assert "News, corrected" not in _home(app, "member")
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "announcement_changed"))
    told_before = _told(db, announcement)
    # trainee, classmate and their two mentors, told once when it was published, not again
    assert told_before == 4 and announcement.notified_at == NOW


def test_a_scheduled_one_may_change_its_audience(db: Any, world: dict[str, Any]) -> None:
    announcement = announce(db, Audience.COMMITTEE, publish_at=NOW + dt.timedelta(hours=2))
    services.correct(db, factories.staff(db), announcement, services.AnnouncementInput(
        title="For alumni", body="Hello", audience=Audience.ALUMNI,
        publish_at=NOW + dt.timedelta(hours=2)))
    assert announcement.audience is Audience.ALUMNI and announcement.edited_at is None


def test_expired_and_withdrawn_ones_leave_the_home_page(app: Any, db: Any,
                                                        world: dict[str, Any]) -> None:
    expiring = announce(db, Audience.COMMITTEE, title="Expiring soon",
                        expires_at=NOW + dt.timedelta(hours=1))
    withdrawn = announce(db, Audience.COMMITTEE, title="Taken back")
    services.withdraw(db, factories.staff(db), withdrawn)
    db.commit()
    home = _home(app, "member")
    assert "Expiring soon" in home and "Taken back" not in home
    client = app.test_client()
    login(client, ACTOR_EMAILS["member"])
    assert client.get(f"/announcements/{withdrawn.id}").status_code == 404
    assert client.get(f"/announcements/{withdrawn.id}/attachment").status_code == 404
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        assert "Expiring soon" not in _home(app, "member")
        assert client.get(f"/announcements/{expiring.id}").status_code == 200


def test_dismissing_hides_it_for_that_person_only(app: Any, db: Any,
                                                  world: dict[str, Any]) -> None:
    client = app.test_client()
    login(client, ACTOR_EMAILS["trainee"])
    title = db.get(Announcement, world["announcement"]).title
    assert title in client.get("/").get_data(as_text=True)
    assert post(client, f"/announcements/{world['announcement']}/dismiss").status_code == 302
    assert title not in client.get("/").get_data(as_text=True)
    assert client.get(f"/announcements/{world['announcement']}").status_code == 200
    assert post(client, f"/announcements/{world['announcement']}/dismiss").status_code == 302
    assert title in _home(app, "mentor")


def test_markdown_is_sanitized(app: Any, db: Any, world: dict[str, Any]) -> None:
    announce(db, Audience.COMMITTEE, title="Safe")
    db.commit()
    home = _home(app, "member")
    assert "<strong>safe</strong>" in home and "<script>alert" not in home


def test_the_section_costs_one_query_however_many_there_are(
        app: Any, db: Any, world: dict[str, Any], count_queries: Any) -> None:
    member = person(db, "member")

    def section_queries() -> tuple[int, int | None]:
        with app.test_request_context(), count_queries() as counter:
            shown = [section for section in homepage.sections(db, member)
                     if section.key == "announcements"]
            forget(member)
        assert shown[0].position == 5
        return counter.count, shown[0].count

    # Nothing for her: once her facts are known, the section asks nothing and shows nothing.
    with app.test_request_context():
        facts_of(db, member)
        with count_queries() as counter:
            assert sections(db, member) == []
        forget(member)  # the test's app context outlives the request, and so would the facts
    assert counter.count == 0
    announce(db, Audience.COMMITTEE, attach=True)
    db.commit()
    few = section_queries()
    for number in range(4):
        announce(db, Audience.COMMITTEE, title=f"More {number}", attach=True)
    db.commit()
    many = section_queries()
    assert (few[1], many[1]) == (1, 5)
    assert few[0] == many[0]
    # The section's one query, after the person's facts (asked once a request for every
    # section) say there is something to show.
    with app.test_request_context(), count_queries() as counter:
        sections(db, member)
    assert counter.count == 2
    with app.test_request_context():
        facts_of(db, member)
        with count_queries() as counter:
            sections(db, member)
        forget(member)
    assert counter.count == 1


def test_refusals_stand_beside_their_field(db: Any, world: dict[str, Any]) -> None:
    staff = factories.staff(db)
    cases = [
        (dict(audience=Audience.COHORT), "cohort_id"),
        (dict(audience=Audience.SEMINAR, seminar_id=world["cohort"]), "seminar_id"),
        (dict(audience=Audience.CALL, call_id=999_999), "call_id"),
        (dict(audience=Audience.ALUMNI_OF_COUNTRY, country="XX1"), "country"),
        (dict(audience=None), "audience"),
        (dict(audience=Audience.ALUMNI, publish_at=NOW - dt.timedelta(hours=1)), "publish_at"),
        (dict(audience=Audience.ALUMNI, expires_at=NOW - dt.timedelta(hours=1)), "expires_at"),
        (dict(audience=Audience.ALUMNI, title=" "), "title"),
    ]
    for fields, field in cases:
        values = {"title": "T", "body": "B", **fields}
        with pytest.raises(ServiceError) as refused:
            services.create(db, staff, services.AnnouncementInput(**values))
        assert refused.value.field == field, fields


def test_staff_write_one_through_the_form_and_list_it(app: Any, db: Any,
                                                       world: dict[str, Any]) -> None:
    client = app.test_client()
    login(client, ACTOR_EMAILS["staff"])
    response = post(client, "/announcements/new", {
        "title": "Welcome week", "body": "See the *plan*.", "audience": "cohort",
        "cohort_id": str(world["cohort"]), "publish": "now",
        "attachment": (io.BytesIO(PDF), "plan.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    created = db.scalar(select(Announcement).where(Announcement.title == "Welcome week"))
    assert created.attachment.filename == "plan.pdf" and _told(db, created) >= 3
    listing = client.get("/announcements").get_data(as_text=True)
    assert "Welcome week" in listing and "Published" in listing
    refused = post(client, "/announcements/new", {
        "title": "Later", "body": "x", "audience": "cohort", "publish": "later"})
    assert refused.status_code == 200
    assert "Choose the cohort." in refused.get_data(as_text=True) or \
        "publishing time" in refused.get_data(as_text=True)
    assert client.get(f"/announcements/{created.id}/edit").status_code == 200
    assert post(client, f"/announcements/{created.id}/edit", {
        "title": "Welcome week!", "body": "See the *plan*.", "remove_attachment": "y"},
    ).status_code == 302
    db.expire_all()
    assert db.get(Announcement, created.id).attachment is None
    assert post(client, f"/announcements/{created.id}/withdraw").status_code == 302
    assert "Withdrawn" in client.get("/announcements").get_data(as_text=True)
