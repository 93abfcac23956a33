"""Review due dates: LMS_REVIEW_DAYS from today in the round's or call's zone unless staff
choose a day (never a past one, refused beside the field), changed by staff on a page of its
own, and shown to the member (home, list) and to staff, overdue said in words."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from sqlalchemy import select

from lms.admissions import selection
from lms.admissions import services as admission_services
from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.grants import decisions, services
from lms.grants.decisions import DecisionInput
from lms.grants.models import DecisionOutcome
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation, ReviewAssignment
from tests import factories
from tests.admissions.conftest import call_input, eligible
from tests.grants.conftest import alumnus, in_review
from tests.grants.test_staff_views import SCORES, as_user, send, text
from tests.home.conftest import home, section_of

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def today() -> dt.date:
    return reviews.today_in(TOKYO)


def field_error(page: str, field_id: str) -> str:
    """The error shown beside one field (its own div), empty if none."""
    match = re.search(rf'<div class="field field-error">(?:(?!<div class="field).)*?'
                      rf'id="{field_id}"(?:(?!<div class="field).)*', page, re.DOTALL)
    return match.group(0) if match else ""


@pytest.fixture
def application(db, world):
    found = in_review(db, world["staff"], world["alumna"], world["round"])
    db.commit()
    return found


def test_a_reviewer_is_due_lms_review_days_after_today_by_default(app, db, world,
                                                                  application):
    assignment = services.assign_reviewer(db, world["staff"], application, world["member"])
    assert assignment.due_on == today() + dt.timedelta(days=14)
    app.config["LMS_REVIEW_DAYS"] = 5
    second = services.assign_reviewer(db, world["staff"], application, world["member2"])
    assert second.due_on == today() + dt.timedelta(days=5)


def test_the_service_refuses_a_past_day_beside_due_on(db, world, application):
    with pytest.raises(ServiceError) as refused:
        services.assign_reviewer(db, world["staff"], application, world["member"],
                                 due_on=today() - dt.timedelta(days=1))
    assert refused.value.field == "due_on"
    # Today is still allowed: the review is due by the end of it.
    assert services.assign_reviewer(db, world["staff"], application, world["member"],
                                    due_on=today()).due_on == today()


def test_staff_choose_the_due_day_when_they_ask(client, db, world, application):
    url = f"/grants/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    page = text(client.get(url))
    default = (today() + dt.timedelta(days=14)).isoformat()
    assert re.search(rf'id="reviewer-due_on"[^>]*value="{default}"', page) or \
        re.search(rf'value="{default}"[^>]*id="reviewer-due_on"', page)
    chosen = today() + dt.timedelta(days=30)
    response = send(client, f"{url}/reviewers", {"reviewer-reviewer": str(world["member"].id),
                                                 "reviewer-due_on": chosen.isoformat()}, url)
    assert response.status_code == 302
    assert db.scalar(select(ReviewAssignment.due_on)) == chosen


def test_a_past_day_is_refused_beside_the_field(client, db, world, application):
    url = f"/grants/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    past = today() - dt.timedelta(days=2)
    page = text(send(client, f"{url}/reviewers", {"reviewer-reviewer": str(world["member"].id),
                                                  "reviewer-due_on": past.isoformat()}, url))
    beside = field_error(page, "reviewer-due_on")
    assert "Choose today or a later day" in beside and f"{past.day} {past:%b} {past.year}" in beside
    assert db.scalar(select(ReviewAssignment)) is None


def test_staff_change_a_due_day_and_a_past_one_is_refused(client, db, world, application):
    assignment = services.assign_reviewer(db, world["staff"], application, world["member"])
    db.commit()
    url = f"/grants/staff/applications/{application.id}/reviewers/{assignment.id}/due"
    as_user(client, world["staff"].email)
    application_page = text(client.get(f"/grants/staff/applications/{application.id}"))
    assert url in application_page  # the reviewers table links to it
    page = text(client.get(url))
    assert "Member One" in page
    past = today() - dt.timedelta(days=1)
    refused = text(send(client, url, {"due_on": past.isoformat()}))
    assert "Choose today or a later day" in field_error(refused, "due_on")
    later = today() + dt.timedelta(days=40)
    assert send(client, url, {"due_on": later.isoformat()}).status_code == 302
    db.expire_all()
    assert db.get(ReviewAssignment, assignment.id).due_on == later
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "review_due_date_changed"))
    assert event is not None and event.after == {"due_on": later.isoformat()}


def test_another_application_s_reviewer_or_a_finished_review_finds_nothing(client, db, world,
                                                                            application):
    other = in_review(db, world["staff"], world["alumnus"], world["round"], title="Other",
                      country="KR", currency="KRW", rate="0.1", lines=(100_000,))
    theirs = services.assign_reviewer(db, world["staff"], other, world["member2"])
    mine = services.assign_reviewer(db, world["staff"], application, world["member"])
    reviews.save_review(db, world["member"], mine, reviews.ReviewInput(
        SCORES, Recommendation.YES, ""), submit=True)
    db.commit()
    as_user(client, world["staff"].email)
    base = f"/grants/staff/applications/{application.id}/reviewers"
    assert client.get(f"{base}/{theirs.id}/due").status_code == 404
    assert client.get(f"{base}/{mine.id}/due").status_code == 404
    assert send(client, f"{base}/{theirs.id}/due",
                {"due_on": today().isoformat()}, "/").status_code == 404
    as_user(client, world["member"].email)
    assert client.get(f"{base}/{mine.id}/due").status_code == 403


def test_an_application_no_longer_with_the_committee_has_no_due_day_to_change(
        client, db, world, application):
    assignment = services.assign_reviewer(db, world["staff"], application, world["member"])
    db.commit()
    as_user(client, world["staff"].email)
    page = f"/grants/staff/applications/{application.id}/reviewers/{assignment.id}/due"
    assert client.get(page).status_code == 200
    decisions.decide(db, world["staff"], application, DecisionInput(DecisionOutcome.REJECTED))
    db.commit()
    assert client.get(page).status_code == 404
    assert send(client, page, {"due_on": today().isoformat()}, "/").status_code == 404


def test_the_home_lists_the_soonest_due_first_and_says_overdue_in_words(client, db, world):
    applications = [in_review(db, world["staff"], alumnus(
        db, factories.cohort(db, number=30 + n, active=False), f"a{n}@example.org",
        f"Alum {n}", "ID"), world["round"], title=f"Project {n}") for n in range(3)]
    days = [today() + dt.timedelta(days=9), today() - dt.timedelta(days=3), today()]
    for application, day in zip(applications, days, strict=True):
        assignment = services.assign_reviewer(db, world["staff"], application,
                                              world["member"])
        assignment.due_on = day  # an overdue one cannot be made through the service
    db.commit()
    section = section_of(home(client, world["member"].email), "committee")
    order = [section.index(f"Project {n}") for n in (1, 2, 0)]
    assert order == sorted(order)
    overdue = re.search(r"Project 1.*?</li>", section, re.DOTALL).group(0)
    assert "<strong>overdue: was due" in overdue
    assert "due today" in re.search(r"Project 2.*?</li>", section, re.DOTALL).group(0)
    upcoming = re.search(r"Project 0.*?</li>", section, re.DOTALL).group(0)
    assert "overdue" not in upcoming and "due " in upcoming

    # The member's own list and the staff's reviewers table say the same.
    listed = text(client.get("/grants/reviews/"))
    assert listed.index("Project 1") < listed.index("Project 2") < listed.index("Project 0")
    assert "overdue: was due" in listed
    as_user(client, world["staff"].email)
    staff_page = text(client.get(f"/grants/staff/applications/{applications[1].id}"))
    assert "overdue: was due" in staff_page


def test_an_admissions_review_is_due_in_the_call_s_zone(db, world):
    call = admission_services.create_call(db, world["staff"], call_input(
        factories.cohort(db, number=52, active=False).id))
    applicant = factories.person(db, "maria@example.org", "Maria Santos", "PH")
    application = eligible(db, world["staff"], applicant, call)
    assignment = selection.assign_reviewer(db, world["staff"], application, world["member"])
    assert assignment.due_on == reviews.today_in(call.zone) + dt.timedelta(days=14)
    later = reviews.today_in(call.zone) + dt.timedelta(days=3)
    reviews.change_due_on(db, world["staff"], assignment, later, zone=call.zone)
    assert assignment.due_on == later
    with pytest.raises(NotAllowed):
        reviews.change_due_on(db, world["member"], assignment, later, zone=call.zone)
