"""A facility supervisor and a safety check, in a real browser.

The supervisor signs in on a phone and reads Kakehashi in Japanese: she finds the trainee
placed with her, reads the journal the trainee shares with her and comments on it, and
submits the mid-placement review; the trainee then reads and acknowledges it. Staff start a
safety check for everyone placed in Ishikawa; two of the three answer from their mail's link
without signing in (one on a phone), the board shows who has not answered, and a reminder
goes out. Every page passes axe, in both languages where people read it in both.

The placements are made through the services before the pages are opened: the placement
pages themselves are driven in tests/browser/test_placements_pages.py."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, Person
from tests.browser.locate import flash

pytestmark = pytest.mark.browser

SUPERVISOR = Person("supervisor@browser.kakehashi.example", "Yuki Mori", ())
PHONE = {"width": 360, "height": 740}
JOURNAL_TEXT = "In my first week I followed the morning round and the care records."


def _placed_in_ishikawa(server: Any, accounts: Any) -> dict[str, Any]:
    """Three trainees placed at a home in Kanazawa now; the care cohort's trainee supervised
    by SUPERVISOR (invited), with her first journal handed in."""
    from sqlalchemy import select

    from lms.accounts.models import User
    from lms.accounts.services import create_user
    from lms.assignments.models import Submission, SubmissionStatus
    from lms.clock import utcnow
    from lms.curriculum.models import Item, Module
    from lms.db import session as db
    from lms.placements import queries, services
    from lms.placements.models import HostFacility, PracticeField
    from lms.programs.models import Enrollment

    with server.app.app_context():
        def user(email: str) -> Any:
            return db.scalars(select(User).where(User.email == email)).one_or_none()

        staff = user(accounts.staff.email)
        if user(SUPERVISOR.email) is None:
            create_user(db, SUPERVISOR.email, SUPERVISOR.name, PASSWORD, country="JP")
        home = db.scalars(select(HostFacility).where(HostFacility.name == "Kanazawa Care Home")
                          ).one_or_none() or services.create_facility(
            db, staff, services.FacilityDetails(
                name="Kanazawa Care Home", name_ja="金沢ケアホーム",
                field=PracticeField.OLDER_PEOPLE, prefecture="17", city="Kanazawa",
                address="〒920-0000 石川県金沢市本町1-1"))
        today = utcnow().date()
        placed = {}
        for person in (accounts.care_trainee, accounts.trainee, accounts.classmate):
            enrollment = db.scalars(select(Enrollment).where(
                Enrollment.user_id == user(person.email).id)).first()
            module = db.scalars(select(Module).where(
                Module.course_id == enrollment.cohort.course_id, Module.slug == "later")).one()
            supervised = person is accounts.care_trainee
            placement = services.place(db, staff, enrollment, module, services.PlacementDetails(
                facility=home, starts_on=today - dt.timedelta(days=5),
                ends_on=min(today + dt.timedelta(days=40), enrollment.cohort.ends_on),
                field=PracticeField.OLDER_PEOPLE, supervisor_name=SUPERVISOR.name,
                supervisor_email=SUPERVISOR.email if supervised else ""),
                queries.placement_of(db, enrollment, module))
            if supervised:
                services.invite_supervisor(db, staff, placement)
                journal = db.scalars(select(Item).where(Item.slug == "journal-week-1",
                                                        Item.course_id == module.course_id)).one()
                if db.scalars(select(Submission).where(
                        Submission.enrollment_id == enrollment.id,
                        Submission.item_id == journal.id)).first() is None:
                    db.add(Submission(enrollment_id=enrollment.id, item_id=journal.id,
                                      attempt=1, status=SubmissionStatus.SUBMITTED,
                                      text=JOURNAL_TEXT, submitted_at=utcnow()))
            placed[person.email] = placement.id
        db.commit()
        return placed


def _answer_links(server: Any, accounts: Any) -> dict[str, str]:
    """The safety check's link in each person's latest mail."""
    from sqlalchemy import select

    from lms.db import session as db
    from lms.mail import OutboxMessage

    links = {}
    with server.app.app_context():
        for person in (accounts.care_trainee, accounts.trainee, accounts.classmate):
            body = db.scalars(select(OutboxMessage.body).where(
                OutboxMessage.to_address == person.email).order_by(OutboxMessage.id.desc())
                .limit(5)).all()
            found = next(match.group(0) for text in body
                         if (match := re.search(r"/safety/answer/[^\s]+", text)))
            links[person.email] = found
    return links


def test_a_supervisor_comments_and_reviews_on_a_phone_in_japanese(
    new_page: Callable[..., Page],
    server: Any,
    accounts: Any,
    sign_in: Callable,
    switch_language: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    _placed_in_ishikawa(server, accounts)
    supervisor = new_page(viewport=PHONE)
    sign_in(supervisor, SUPERVISOR)
    switch_language(supervisor, "日本語")
    placed = supervisor.get_by_role("region", name="受け入れている研修生")
    placed.get_by_role("link", name="Dewi Lestari").click()
    expect(supervisor.get_by_role("heading", level=1)).to_have_text("Dewi Lestari")
    assert_accessible(supervisor, "the supervisor's page of a trainee, in Japanese")
    supervisor.get_by_role("link", name="Journal, week 1").click()
    expect(supervisor.get_by_text(JOURNAL_TEXT)).to_be_visible()
    supervisor.get_by_role("textbox", name="コメント").fill("記録がよく書けています。")
    assert_accessible(supervisor, "a shared journal, in Japanese")
    supervisor.get_by_role("button", name="コメントを書き込む").click()
    expect(flash(supervisor, "コメントを書き込みました。")).to_be_visible()
    supervisor.go_back()
    supervisor.go_back()
    supervisor.reload()
    supervisor.get_by_role("link", name="中間評価").click()
    expect(supervisor.get_by_role("heading", level=1)).to_have_text("中間評価")
    assert_accessible(supervisor, "the mid-placement review's form, in Japanese")
    for group in ("実習態度", "チームワーク"):
        supervisor.get_by_role("group", name=group).get_by_label("よい").check()
    supervisor.get_by_label("これまでのよい点").fill("利用者の話をよく聞いています。")
    supervisor.get_by_role("button", name="評価を提出する").click()
    expect(flash(supervisor, "評価を提出しました。")).to_be_visible()
    assert supervisor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    trainee = new_page()
    sign_in(trainee, accounts.care_trainee)
    trainee.get_by_role("link", name="Read it and acknowledge it").click()
    expect(trainee.get_by_text("利用者の話をよく聞いています。")).to_be_visible()
    assert_accessible_in_japanese(trainee, "the trainee's evaluation")
    trainee.get_by_role("button", name="I have read it").click()
    expect(flash(trainee, "your supervisor and the program office see that you have read it")
           ).to_be_visible()


def test_staff_check_the_safety_of_everyone_placed_in_ishikawa(
    new_page: Callable[..., Page],
    server: Any,
    accounts: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    _placed_in_ishikawa(server, accounts)
    staff = new_page()
    sign_in(staff, accounts.staff)
    staff.goto("/safety/checks/new")
    staff.get_by_label("Message", exact=True).fill(
        "An earthquake struck Ishikawa at 16:10. Are you safe?")
    staff.get_by_label("Everyone placed at a facility in one prefecture today").check()
    staff.get_by_label("Prefecture", exact=True).select_option(label="Ishikawa")
    assert_accessible(staff, "the safety check's form")
    staff.get_by_role("button", name="See whom it goes to").click()
    expect(staff.get_by_text("Dewi Lestari")).to_be_visible()
    assert_accessible(staff, "whom the safety check goes to")
    staff.get_by_role("button", name="Start the safety check").click()
    expect(flash(staff, "The safety check has started.")).to_be_visible()
    board = staff.url

    links = _answer_links(server, accounts)
    on_phone = new_page(viewport=PHONE)  # nobody signed in
    on_phone.goto(links[accounts.care_trainee.email])
    assert_accessible_in_japanese(on_phone, "the safety check's answer page")
    on_phone.get_by_label("I am safe", exact=True).check()
    on_phone.get_by_label("Where are you now? (optional)").fill("Kanazawa Care Home")
    on_phone.get_by_role("button", name="Send my answer").click()
    expect(on_phone.get_by_text("Thank you. Your answer is saved.")).to_be_visible()
    assert on_phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    other = new_page()
    other.goto(links[accounts.trainee.email])
    other.get_by_label("I am safe, but I need help").check()
    other.get_by_role("button", name="Send my answer").click()
    expect(other.get_by_text("Thank you. Your answer is saved.")).to_be_visible()

    staff.goto(board)
    expect(staff.get_by_role("link", name="Not answered yet: 1")).to_be_visible()
    expect(staff.get_by_text("Siriporn Kittisak")).to_be_visible()
    assert_accessible_in_japanese(staff, "the safety check's board")
    staff.get_by_role("button", name="Remind the 1 person who has not answered").click()
    expect(flash(staff, "The link was mailed again to everyone who has not answered.")
           ).to_be_visible()
    expect(staff).to_have_url(re.compile(r"/safety/checks/\d+$"))
