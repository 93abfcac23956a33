"""Communication and the homes in a real browser (issue 16's journey).

Staff post an announcement to a cohort of the current fiscal year; the trainee reads it on her
home, dismisses it and writes to her mentor; the mentor sees the unread count in the header and
on his home, and answers. The trainee asks the program office a question; a staff member
assigns it to a colleague, who answers and closes it. Then the homes: the committee member's
lists the three reviews waiting for her, and the trainee's dashboard says she is at risk and
why. Every new page passes axe on the way; the homes, a conversation and the notifications in
Japanese too, and at a phone's 360 px without scrolling sideways.

The trainee is the conftest's second cohort's (day 36: its assignment "Visit note" is open, so
work on it can have been graded), followed by the seeded mentor. Announcements, conversations
and notifications are wiped before and after each test here, so no other test meets them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.locate import fact, flash, path_of

pytestmark = pytest.mark.browser

ANNOUNCEMENT = "Study visit moved to Thursday"
ANNOUNCEMENT_BODY = ("The visit to the **day-care centre** in Setagaya moves to Thursday.\n\n"
                     "Meet at the station at 9:00.")
TO_MENTOR = "Could we talk about my visit note before Friday? I am unsure about the reflection."
MENTOR_ANSWER = "Of course. Come to room 3 on Thursday after the visit."
OFFICE_SUBJECT = "Travel allowance for the study visit"
OFFICE_QUESTION = "Is the train fare to Setagaya paid back, and which form do I use?"
OFFICE_ANSWER = "Yes: fill in form T-2 and hand it in with the ticket by the end of the month."
GRANT_ROUND = "Community projects 2026"
REVIEWED_PROJECTS = (
    ("A carers' café in Mapo district", "KR"),
    ("Mobile day care for herders' elders in Arkhangai", "MN"),
    ("Home visits for older people living alone in Cebu", "PH"),
)
PHONE = {"width": 360, "height": 740}


# The world around the journey ------------------------------------------------------------------


class World:
    """Seeding and wiping through the app, for what the journey needs ready."""

    def __init__(self, server: Any, seeded: Any, accounts: Any) -> None:
        self.app, self.seeded, self.accounts = server.app, seeded, accounts

    @contextmanager
    def db(self) -> Iterator[Any]:
        from lms.db import session

        with self.app.app_context():
            yield session
            session.commit()

    @staticmethod
    def user(db: Any, person: Any) -> Any:
        from sqlalchemy import select

        from lms.accounts.models import User

        return db.scalars(select(User).where(User.email == person.email)).one()

    def forget_communication(self) -> None:
        """Every announcement, conversation and notification, so counts start from nothing."""
        from sqlalchemy import delete

        from lms.announcements.models import (
            Announcement,
            AnnouncementAttachment,
            AnnouncementDismissal,
        )
        from lms.messages.models import Conversation, Message, MessageAttachment, ReadMarker
        from lms.notifications.models import Notification

        with self.db() as db:
            for model in (ReadMarker, MessageAttachment, Message, Conversation,
                          AnnouncementDismissal, AnnouncementAttachment, Announcement,
                          Notification):
                db.execute(delete(model))

    def work_below_the_pass_mark(self) -> None:
        """The trainee handed in her visit note and the mentor graded it 3 of 10 (the pass
        mark is 60 %)."""
        from lms.assignments import grading, queries, services
        from lms.programs.models import Enrollment

        with self.db() as db:
            trainee = self.user(db, self.accounts.care_trainee)
            enrollment = db.get(Enrollment, self.seeded.care_enrollment_id)
            item = queries.assignment_in(db, enrollment.cohort, "visit-note")
            submission = services.submit(db, trainee, enrollment, item, 1,
                                         "I visited Mrs Sato. She lives alone.")
            grading.grade(db, self.user(db, self.accounts.mentor), submission,
                          grading.Assessment({"Observation": 0, "Reflection": 3},
                                             "Describe what you saw, room by room.", False), 0)

    def three_reviews_for_the_committee(self) -> None:
        """A grant round that closed yesterday, with one application from each alumna or
        alumnus, found eligible and given to the committee member to review."""
        from lms.clock import utcnow
        from lms.grants import applying, services
        from lms.grants.models import BudgetCategory, GrantRound

        with self.db() as db:
            staff = self.user(db, self.accounts.staff)
            member = self.user(db, self.accounts.committee)
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
            grant_round = services.create_round(db, staff, services.RoundInput(
                fiscal_year=2026, title=GRANT_ROUND, timezone="UTC",
                opens_at=now - dt.timedelta(days=30), closes_at=now + dt.timedelta(days=1),
                budget=3_000_000, largest_award=1_000_000))
            applicants = (self.accounts.alumna, self.accounts.fellow_alumna,
                          self.accounts.seminar_alumnus)
            for (title, country), person in zip(REVIEWED_PROJECTS, applicants, strict=True):
                alumnus = self.user(db, person)
                application = applying.start_application(db, alumnus, grant_round)
                applying.save_draft(db, alumnus, application, applying.ApplicationInput(
                    title=title, country=country, organization="Community welfare centre",
                    applicant_role="Social worker", problem="Carers are alone.",
                    use_of_learning="Carers' cafés as seen in Yokohama.",
                    objectives="Forty carers meet monthly.", activities="Monthly meetings.",
                    beneficiaries="Family carers", beneficiary_count=40, local_currency="JPY",
                    exchange_rate=decimal.Decimal(1), stated_total=500_000,
                    indicators="Carers attending.", risks="Leaders leave: two for each.",
                    budget_lines=[applying.BudgetLineInput(BudgetCategory.TRAINING,
                                                           "Training", 500_000)]))
                applying.submit(db, alumnus, application)
                services.screen(db, staff, application, eligible=True, reason="")
                services.assign_reviewer(db, staff, application, member)
            # Closed since, as rounds are while the committee reviews; then no alumna meets
            # it among the open rounds of another test.
            db.get(GrantRound, grant_round.id).closes_at = utcnow() - dt.timedelta(days=1)
            db.flush()


@pytest.fixture
def world(server: Any, seeded: Any, accounts: Any) -> Iterator[World]:
    made = World(server, seeded, accounts)
    made.forget_communication()
    try:
        yield made
    finally:
        made.forget_communication()


# Looking at pages ------------------------------------------------------------------------------


def section(page: Page, heading: str | re.Pattern[str]) -> Locator:
    """A home page's section, found by its heading (the heading may end with a count)."""
    name = heading if isinstance(heading, re.Pattern) else re.compile(rf"^{re.escape(heading)}")
    return page.locator("main section").filter(
        has=page.get_by_role("heading", level=2, name=name))


def notifications_link(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name=re.compile(r"^Notifications"))


def main_nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def assert_fits_a_phone(page: Page, what: str) -> None:
    """At 360 px wide nothing sticks out sideways (the page does not scroll horizontally)."""
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        # What sticks out, for the message; a table in its own scrolling box may.
        wider = page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
                const inScrollingBox = e => {
                    let up = e.parentElement;
                    for (; up && up !== document.body; up = up.parentElement)
                        if (scrolls(up)) return true;
                    return false;
                };
                return [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width + 1 && !inScrollingBox(e))
                    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                              + ' ' + Math.round(e.getBoundingClientRect().right))
                    .slice(0, 10);
            }""")
        if os.environ.get("LMS_BROWSER_SHOTS"):
            page.screenshot(path=f"{os.environ['LMS_BROWSER_SHOTS']}/{what}.png", full_page=True)
        scroll = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert scroll <= 0 and not wider, f"{what} is wider than 360 px: {wider}"
    finally:
        if size is not None:
            page.set_viewport_size(size)


@pytest.fixture
def check_in_japanese_on_a_phone(
    switch_language: Callable[[Page, str], None], assert_accessible: Callable[[Page, str], None]
) -> Callable[[Page, str], None]:
    """axe and the 360 px check in English, then both again in Japanese; back to English."""

    def check(page: Page, what: str) -> None:
        address = path_of(page)
        assert_fits_a_phone(page, what)
        switch_language(page, "日本語")
        assert path_of(page) == address
        assert page.locator("html").get_attribute("lang") == "ja"
        assert_accessible(page, f"{what} in Japanese")
        assert_fits_a_phone(page, f"{what} in Japanese")
        switch_language(page, "English")
        assert page.locator("html").get_attribute("lang") == "en"

    return check


# The journeys ----------------------------------------------------------------------------------


def test_an_announcement_a_message_to_the_mentor_and_a_question_to_the_office(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    world: World,
    sign_in: Callable,
    assert_accessible: Callable,
    check_in_japanese_on_a_phone: Callable,
) -> None:
    cohort = seeded.care_cohort_title
    trainee_person, mentor_person = accounts.care_trainee, accounts.mentor

    # Staff write an announcement to the trainee's cohort; the form says what is missing first.
    staff = new_page()
    sign_in(staff, accounts.staff)
    main_nav(staff, "Announcements").click()
    expect(staff).to_have_url(re.compile(r"/announcements$"))
    expect(staff.get_by_text("No announcement has been written yet.")).to_be_visible()
    assert_accessible(staff, "announcements, none yet")
    staff.get_by_role("link", name="New announcement").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("New announcement")
    assert_accessible(staff, "new announcement form")
    staff.get_by_role("button", name="Save the announcement").click()
    expect(staff.get_by_label("Title", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(staff, "announcement form with errors")
    staff.get_by_label("Title", exact=True).fill(ANNOUNCEMENT)
    staff.get_by_label("Text", exact=True).fill(ANNOUNCEMENT_BODY)
    staff.get_by_label("A cohort: its trainees and mentors", exact=True).check()
    staff.get_by_label("Cohort", exact=True).select_option(label=cohort)
    expect(staff.get_by_label("Now", exact=True)).to_be_checked()
    staff.get_by_role("button", name="Save the announcement").click()
    expect(staff).to_have_url(re.compile(r"/announcements/\d+$"))
    expect(flash(staff, "The announcement is saved.")).to_be_visible()
    expect(staff.get_by_role("heading", level=1)).to_have_text(ANNOUNCEMENT)
    expect(fact(staff, "Status")).to_have_text("Published")
    expect(fact(staff, "Who it is for")).to_have_text(
        f"A cohort: its trainees and mentors: {cohort}")
    expect(fact(staff, "People it reaches now")).to_have_text("2")  # she and her mentor
    assert_accessible(staff, "announcement, as staff see it")
    staff.get_by_role("link", name="All announcements").click()
    expect(staff.get_by_role("table").get_by_role("link", name=ANNOUNCEMENT)).to_be_visible()
    assert_accessible(staff, "announcements list")
    assert_fits_a_phone(staff, "announcements list")

    # The trainee finds it on her home, with a notification; she reads it, then puts it away.
    trainee = new_page()
    sign_in(trainee, trainee_person)
    expect(notifications_link(trainee)).to_have_text("Notifications 1 unread")
    news = section(trainee, "Announcements")
    expect(news.get_by_role("heading", level=3)).to_have_text(ANNOUNCEMENT)
    expect(news.locator("strong", has_text="day-care centre")).to_be_visible()  # Markdown
    assert_accessible(trainee, "trainee's home with an announcement")
    news.get_by_role("link", name=ANNOUNCEMENT).click()
    expect(trainee.get_by_role("heading", level=1)).to_have_text(ANNOUNCEMENT)
    expect(trainee.get_by_text("People it reaches now")).to_have_count(0)  # staff's only
    assert_accessible(trainee, "announcement, as its audience sees it")
    trainee.get_by_role("button", name="Dismiss from my home page").click()
    expect(trainee).to_have_url(re.compile(r"/$"))
    expect(flash(trainee, "The announcement is off your home page.")).to_be_visible()
    expect(section(trainee, "Announcements")).to_have_count(0)

    # Her notifications: the announcement's, unread until she marks them all read.
    notifications_link(trainee).click()
    expect(trainee).to_have_url(re.compile(r"/notifications$"))
    listed = trainee.locator("main .notification")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(f"Announcement: {ANNOUNCEMENT}")
    expect(listed).to_contain_text("Unread")
    assert_accessible(trainee, "notifications")
    trainee.get_by_role("link", name="Choose how each kind of notification reaches you").click()
    expect(trainee).to_have_url(re.compile(r"/notifications/choices$"))
    assert_accessible(trainee, "notification choices")
    trainee.go_back()
    trainee.get_by_role("button", name="Mark all read").click()
    expect(flash(trainee, "All your notifications are marked read.")).to_be_visible()
    expect(notifications_link(trainee)).to_have_text("Notifications 0 unread")

    # She writes to her mentor from Messages.
    main_nav(trainee, "Messages").click()
    expect(trainee).to_have_url(re.compile(r"/messages$"))
    assert_accessible(trainee, "messages, none yet")
    trainee.get_by_role("link", name=f"To your mentors in {cohort}").click()
    expect(trainee.get_by_role("heading", level=1)).to_have_text("Write to your mentor")
    expect(trainee.locator("main")).to_contain_text(
        f"Your mentors read this: {mentor_person.name}.")
    assert_accessible(trainee, "first message to the mentor")
    trainee.get_by_label("Your message", exact=True).fill(TO_MENTOR)
    trainee.get_by_role("button", name="Send", exact=True).click()
    expect(trainee).to_have_url(re.compile(r"/messages/\d+(#latest)?$"))
    expect(trainee.get_by_role("heading", level=1)).to_have_text("With your mentors")
    expect(trainee.locator("main .message-list")).to_contain_text(TO_MENTOR)
    mentor_conversation = path_of(trainee)

    # The mentor sees it waiting: the header's count and his home's messages.
    mentor = new_page()
    sign_in(mentor, mentor_person)
    expect(notifications_link(mentor)).to_have_text("Notifications 2 unread")  # + announcement
    messages = section(mentor, "Messages")
    expect(messages.get_by_role("heading", level=2)).to_have_text("Messages 1")
    expect(messages.get_by_role("listitem")).to_have_text(
        f"With {trainee_person.name} · 1 new message")
    assert_accessible(mentor, "mentor's home with a new message")
    messages.get_by_role("link", name=f"With {trainee_person.name}").click()
    assert path_of(mentor) == mentor_conversation
    new = mentor.locator("main .message-new")
    expect(new).to_contain_text(TO_MENTOR)
    expect(new.get_by_text("New", exact=True)).to_be_visible()
    assert_accessible(mentor, "conversation with a new message")
    mentor.get_by_label("Your message", exact=True).fill(MENTOR_ANSWER)
    mentor.get_by_role("button", name="Send", exact=True).click()
    expect(mentor.locator("main .message").last).to_contain_text(MENTOR_ANSWER)
    expect(mentor.locator("main .message-new")).to_have_count(0)  # read now
    mentor.goto("/")
    expect(section(mentor, "Messages")).to_contain_text("No new messages.")

    # The trainee reads the answer, in both languages and on a phone.
    trainee.goto("/")
    expect(notifications_link(trainee)).to_have_text("Notifications 1 unread")
    section(trainee, "Messages").get_by_role("link", name="With your mentors").click()
    assert path_of(trainee) == mentor_conversation
    expect(trainee.locator("main .message-new")).to_contain_text(MENTOR_ANSWER)
    check_in_japanese_on_a_phone(trainee, "conversation with the mentor")
    trainee.goto("/notifications")
    check_in_japanese_on_a_phone(trainee, "notifications")

    # She asks the program office a question.
    trainee.goto("/messages")
    trainee.get_by_role("link", name="To the program office").click()
    expect(trainee.get_by_role("heading", level=1)).to_have_text("Write to the program office")
    assert_accessible(trainee, "question to the program office")
    trainee.get_by_label("What is it about?", exact=True).fill(OFFICE_SUBJECT)
    trainee.get_by_label("Your message", exact=True).fill(OFFICE_QUESTION)
    trainee.get_by_role("button", name="Send", exact=True).click()
    expect(trainee.get_by_role("heading", level=1)).to_have_text(
        f"Program office: {OFFICE_SUBJECT}")
    expect(fact(trainee, "Assigned to")).to_have_text("Nobody yet")
    office_conversation = path_of(trainee)

    # Staff see it unassigned on their home and give it to a colleague.
    staff.goto("/")
    inbox = section(staff, "The program office's inbox")
    expect(inbox).to_contain_text("1 open conversation is waiting for an answer")
    expect(inbox).to_contain_text("1 is not assigned to anyone.")
    assert_accessible(staff, "staff home with an unassigned question")
    inbox.get_by_role("link", name="Not assigned to anyone").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("The program office's inbox")
    row = staff.get_by_role("row").filter(has_text=OFFICE_SUBJECT)
    expect(row).to_contain_text(trainee_person.name)
    expect(row).to_contain_text("Waiting for an answer")
    assert_accessible(staff, "office inbox")
    assert_fits_a_phone(staff, "office inbox")
    row.get_by_role("link", name=OFFICE_SUBJECT).click()
    assert path_of(staff) == office_conversation
    assert_accessible(staff, "office conversation, as staff see it")
    handling = staff.get_by_role("region", name="Handling")
    handling.get_by_label("Assigned to", exact=True).select_option(label=accounts.admin.name)
    handling.get_by_role("button", name="Assign").click()
    expect(flash(staff, "The assignment has been saved.")).to_be_visible()
    expect(fact(staff, "Assigned to")).to_have_text(accounts.admin.name)

    # The colleague is told, answers and closes it (without JavaScript, as a page must work).
    colleague = new_page(java_script_enabled=False)
    sign_in(colleague, accounts.admin)
    expect(notifications_link(colleague)).to_have_text("Notifications 1 unread")
    notifications_link(colleague).click()
    colleague.get_by_role("link", name=(
        f"A question to the program office is yours: {OFFICE_SUBJECT}")).click()
    assert path_of(colleague) == office_conversation
    colleague.get_by_label("Your message", exact=True).fill(OFFICE_ANSWER)
    colleague.get_by_role("button", name="Send", exact=True).click()
    expect(colleague.locator("main .message").last).to_contain_text(OFFICE_ANSWER)
    colleague.get_by_role("button", name="Close the conversation").click()
    expect(flash(colleague, "The conversation is closed.")).to_be_visible()
    expect(fact(colleague, "Status")).to_have_text("Closed")
    colleague.goto("/messages/inbox?status=closed")
    expect(colleague.get_by_role("row").filter(has_text=OFFICE_SUBJECT)).to_contain_text(
        accounts.admin.name)

    # The trainee has her answer; the question is closed.
    trainee.goto("/messages")
    row = trainee.get_by_role("row").filter(has_text=OFFICE_SUBJECT)
    expect(row).to_contain_text("(closed)")
    expect(row).to_contain_text("1 new")
    assert_accessible(trainee, "messages with conversations")
    assert_fits_a_phone(trainee, "messages with conversations")
    row.get_by_role("link").click()
    expect(trainee.locator("main .message-new")).to_contain_text(OFFICE_ANSWER)
    expect(fact(trainee, "Status")).to_have_text("Closed")
    expect(trainee.get_by_text("This conversation was closed. Writing again opens it again.")
           ).to_be_visible()
    assert_accessible(trainee, "closed office conversation, as the trainee sees it")


def test_the_homes_say_what_waits_reviews_for_the_committee_and_a_trainee_at_risk(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    world: World,
    sign_in: Callable,
    assert_accessible: Callable,
    check_in_japanese_on_a_phone: Callable,
) -> None:
    world.three_reviews_for_the_committee()
    world.work_below_the_pass_mark()

    # The committee member's home lists the three reviews, oldest first, each a link to it.
    member = new_page()
    sign_in(member, accounts.committee)
    reviews = section(member, "Reviews to do")
    expect(reviews.get_by_role("heading", level=2)).to_have_text("Reviews to do 3")
    grants = reviews.locator("ol").filter(has_text=REVIEWED_PROJECTS[0][0])
    expect(grants.get_by_role("link")).to_have_text([title for title, _ in REVIEWED_PROJECTS])
    expect(reviews).to_contain_text("3 reviews to do.")
    expect(grants.get_by_role("listitem").first).to_contain_text(GRANT_ROUND)
    assert_accessible(member, "committee member's home")
    check_in_japanese_on_a_phone(member, "committee member's home")
    grants.get_by_role("link", name=REVIEWED_PROJECTS[0][0]).click()
    expect(member).to_have_url(re.compile(r"/grants/reviews/\d+$"))

    # The trainee's home says she is at risk, and why, in the staff screen's words.
    trainee = new_page()
    sign_in(trainee, accounts.care_trainee)
    dashboard = section(trainee, seeded.care_cohort_title)
    standing = dashboard.locator("div").filter(
        has=trainee.get_by_role("heading", level=3, name="Your standing"))
    expect(standing.locator("strong.status")).to_have_text("At risk")
    why = "Below the pass mark: Visit note (3 of 10 points)"
    expect(standing.get_by_role("listitem").filter(has_text=why)).to_have_count(1)
    assert_accessible(trainee, "trainee's home, at risk")
    check_in_japanese_on_a_phone(trainee, "trainee's home")

    # Her grades page says the same, with all the rule still asks open.
    dashboard.get_by_role("link", name="Your grades").click()
    expect(trainee).to_have_url(re.compile(rf"/cohorts/{seeded.care_cohort_id}/grades$"))
    grades_standing = trainee.get_by_role("region", name="Your standing")
    expect(grades_standing.locator("strong.status")).to_have_text("At risk")
    expect(grades_standing).to_contain_text(why)
    expect(grades_standing.locator("details")).to_have_attribute("open", "")

    # Her mentor reads the same on his trainees' progress; his home and staff's, on a phone.
    mentor = new_page()
    sign_in(mentor, accounts.mentor)
    mentoring = section(mentor, "Your trainees")
    assert_accessible(mentor, "mentor's home")
    check_in_japanese_on_a_phone(mentor, "mentor's home")
    mentoring.get_by_role(
        "link", name=f"Progress of your trainees in {seeded.care_cohort_title}").click()
    row = mentor.get_by_role("row").filter(has_text=accounts.care_trainee.name)
    expect(row.locator("strong.status")).to_have_text("At risk")
    expect(row).to_contain_text(why)
    staff = new_page()
    sign_in(staff, accounts.staff)
    assert_accessible(staff, "staff home")
    check_in_japanese_on_a_phone(staff, "staff home")


def test_the_mentors_home_names_the_trainee_his_progress_page_finds_at_risk(
    new_page: Callable[..., Page], accounts: Any, world: World, sign_in: Callable
) -> None:
    """One function decides the standing: work below the pass mark puts the trainee at risk on
    her mentor's home as on his progress page, with the same reason."""
    world.work_below_the_pass_mark()
    mentor = new_page()
    sign_in(mentor, accounts.mentor)
    at_risk = section(mentor, "Trainees at risk")
    expect(at_risk.get_by_role("link", name=accounts.care_trainee.name)).to_be_visible(
        timeout=2_000)
    expect(at_risk).to_contain_text("Below the pass mark: Visit note (3 of 10 points)")
