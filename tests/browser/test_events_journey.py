"""An exchange edition from its creation to its published report, in a real browser.

Staff create the next edition of the Korea–Japan exchange, hosted in Korea, open to anyone
with a confirmed address and with up to 10 participants from each country; they add a
lecture and an online briefing happening now. A Japanese practitioner finds it on the public
events page without signing in, creates an account there, confirms her address through the
mailed link and registers, declaring her country and organization. Only she, registered, is
given the briefing's link; someone signed in but not registered is not. She reads the program
on a phone. Staff then read the report (attendance by country) and publish it, and anyone
reads it. Every page passes axe, the main ones in Japanese too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.locate import fact, flash, mail_link, path_of

pytestmark = pytest.mark.browser

SEOUL = ZoneInfo("Asia/Seoul")
PROGRAM_NAME = "Korea–Japan Exchange of Hearts"
TITLE = "Exchange of Hearts in Seoul"
BRIEFING = "Briefing before the visits"
LECTURE = "Community care in Korean cities"
MEETING_URL = "https://meet.example.org/exchange-briefing"
PRACTITIONER = ("Yui Nakamura", "yui.nakamura@setagaya-welfare.example",
                "a-long-and-private-passphrase-2026")
ORGANIZATION = "Setagaya Council of Social Welfare"
PHONE = {"width": 360, "height": 740}
JOIN = re.compile(rf"^Join the session\s*:\s*{BRIEFING}$")


def _exchange_program(server: Any) -> None:
    """The exchange's program, which staff pick when they create the edition."""
    from sqlalchemy import select

    from lms.db import session
    from lms.programs.models import Program, ProgramKind

    with server.app.app_context():
        if session.scalar(select(Program.id).where(Program.slug == "kj-exchange")) is None:
            session.add(Program(slug="kj-exchange", kind=ProgramKind.EXCHANGE, code="KJX",
                                title=PROGRAM_NAME, name_ja="日韓社会福祉交流「心の交流」"))
            session.commit()


def _briefing_times(now: dt.datetime) -> tuple[dt.time, dt.time]:
    """A briefing of half an hour whose link shows now: it starts within 30 minutes (or has
    started) and has not ended, on today's date in Seoul."""
    start = (now + dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    if start.date() != now.date() or start.time() > dt.time(23, 20):
        start = now.replace(hour=23, minute=0, second=0, microsecond=0)
        return start.time(), dt.time(23, 59)
    return start.time(), (start + dt.timedelta(minutes=30)).time()


def test_staff_open_an_exchange_in_korea_a_practitioner_registers_and_the_report_is_published(
    new_page: Callable[..., Page],
    server: Any,
    accounts: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    _exchange_program(server)
    now = dt.datetime.now(SEOUL)
    today = now.date()

    # Staff create the edition: the exchange's cohort, then its details.
    staff = new_page()
    sign_in(staff, accounts.staff)
    staff.goto("/cohorts/new")
    staff.get_by_label("Program", exact=True).select_option(label=PROGRAM_NAME)
    staff.get_by_label("Fiscal year", exact=True).fill(str(today.year))
    staff.get_by_label("Title", exact=True).fill(TITLE)
    staff.get_by_label("First day", exact=True).fill(today.isoformat())
    staff.get_by_label("Last day", exact=True).fill((today + dt.timedelta(days=5)).isoformat())
    staff.get_by_label("Time zone", exact=True).select_option("Asia/Seoul")
    staff.get_by_label("Places for trainees", exact=True).fill("20")
    staff.get_by_role("button", name="Save cohort").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)
    cohort_id = int(re.search(r"/cohorts/(\d+)", staff.url).group(1))
    edition = f"/events/{cohort_id}"

    staff.goto(f"{edition}/details")
    staff.get_by_label("Host organization", exact=True).fill("Seoul Council on Social Welfare")
    staff.get_by_label("Host country", exact=True).select_option("KR")
    staff.get_by_label("Venue", exact=True).fill("Seoul Welfare Hall")
    staff.get_by_label("City", exact=True).fill("Seoul")
    staff.get_by_label(re.compile("^Anyone with an account and a confirmed")).check()
    staff.get_by_label("Places for named countries", exact=True).fill("KR 10\nJP 10")
    staff.get_by_label("Last day to register", exact=True).fill(
        (today + dt.timedelta(days=3)).isoformat())
    assert_accessible(staff, "details form of an exchange")
    staff.get_by_role("button", name=re.compile("^Save")).click()
    expect(staff).to_have_url(re.compile(rf"{edition}$"))
    expect(fact(staff, "Host")).to_have_text("Seoul Council on Social Welfare, South Korea")
    caps = fact(staff, "Places per country")
    expect(caps).to_contain_text("Up to 10 participants from South Korea")
    expect(caps).to_contain_text("Up to 10 participants from Japan")

    starts, ends = _briefing_times(now)
    for kind, title, day, start, end, online in (
        ("lecture", LECTURE, today + dt.timedelta(days=1), dt.time(10), dt.time(12), False),
        ("meeting", BRIEFING, today, starts, ends, True),
    ):
        staff.goto(f"{edition}/sessions/new")
        staff.get_by_label("Kind of session", exact=True).select_option(kind)
        staff.get_by_label("Title", exact=True).fill(title)
        staff.get_by_label("Date of the session", exact=True).fill(day.isoformat())
        staff.get_by_label("Starts at", exact=True).fill(start.strftime("%H:%M"))
        staff.get_by_label("Ends at", exact=True).fill(end.strftime("%H:%M"))
        if online:
            staff.get_by_label("Online session", exact=True).check()
            staff.get_by_label("Meeting link", exact=True).fill(MEETING_URL)
        staff.get_by_role("button", name=re.compile("^(Add|Save)")).click()
        expect(staff).to_have_url(re.compile(rf"{edition}$"))

    # A practitioner who is neither alumna nor trainee finds it without signing in.
    name, email, password = PRACTITIONER
    visitor = new_page()
    visitor.goto("/events/public")
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_role("heading", name=LECTURE)).to_be_visible()
    expect(visitor.locator(f"a[href='{MEETING_URL}']")).to_have_count(0)
    assert_accessible(visitor, "public page of an edition")
    assert_accessible_in_japanese(visitor, "public page of an edition")
    visitor.get_by_role("link", name="Create an account").click()
    assert path_of(visitor) == "/register"
    visitor.get_by_label("Your name", exact=True).fill(name)
    visitor.get_by_label("Email address", exact=True).fill(email)
    visitor.get_by_label("Password", exact=True).fill(password)
    visitor.get_by_label("Password again", exact=True).fill(password)
    visitor.get_by_label("Country where you work", exact=True).select_option("JP")
    visitor.get_by_label("Time zone", exact=True).select_option("Asia/Tokyo")
    visitor.get_by_role("button", name="Create account").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Check your email")
    visitor.goto(mail_link(server, email, "Confirm your email address"))
    visitor.get_by_role("button", name="Confirm and sign in").click()
    expect(visitor).to_have_url(re.compile(rf"{edition}$"))

    # She registers, declaring where she comes from; the briefing's link is hers now.
    registration = visitor.get_by_role("region", name="Your registration")
    expect(visitor.locator(f"a[href='{MEETING_URL}']")).to_have_count(0)
    registration.get_by_label("Country you come from", exact=True).select_option("JP")
    registration.get_by_label("Organization you work for", exact=True).fill(ORGANIZATION)
    registration.get_by_role("button", name="Register for the event").click()
    expect(flash(visitor, f"You are registered for {TITLE}.")).to_be_visible()
    expect(registration).to_contain_text("as a participant from Japan")
    expect(fact(visitor, "Places left for participants from Japan")).to_have_text("9")
    expect(visitor.get_by_role("link", name=JOIN)).to_have_attribute(
        "href", MEETING_URL)
    assert_accessible(visitor, "edition page of a registered practitioner")
    assert_accessible_in_japanese(visitor, "edition page of a registered practitioner")

    # Signed in but not registered: the page, not the link.
    outsider = new_page()
    sign_in(outsider, accounts.plain)
    outsider.goto(edition)
    expect(outsider.get_by_role("heading", name=BRIEFING)).to_be_visible()
    expect(outsider.locator(f"a[href='{MEETING_URL}']")).to_have_count(0)

    # On a phone she reads the printable program, nothing wider than the screen.
    phone = new_page(viewport=PHONE)
    phone.goto("/login")
    phone.get_by_label("Email address").fill(email)
    phone.get_by_label("Password").fill(password)
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url("**/")
    phone.goto(f"{edition}/program")
    expect(phone.get_by_role("heading", name=LECTURE)).to_be_visible()
    expect(phone.get_by_role("link", name=JOIN)).to_be_visible()
    assert phone.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    ) <= 0
    assert_accessible(phone, "printable program on a phone")

    # Staff read the report and publish it; anyone then reads it.
    staff.goto(f"{edition}/report")
    by_country = staff.get_by_role("region", name="Attendance")
    expect(by_country.get_by_role("row").filter(has_text="Japan")).to_contain_text("1")
    assert_accessible(staff, "report of an exchange")
    assert_accessible_in_japanese(staff, "report of an exchange")
    staff.get_by_role("button", name="Publish the report").click()
    expect(flash(staff, "The report is published: anyone can read it now.")).to_be_visible()

    reader = new_page()
    reader.goto("/events/public")
    reader.get_by_role("link", name=TITLE).click()
    reader.get_by_role("link", name=f"Read the report of {TITLE}").click()
    expect(reader).to_have_url(re.compile(rf"{edition}/report/public$"))
    expect(reader.get_by_role("row").filter(has_text="Japan").first).to_be_visible()
    expect(reader.get_by_text(name)).to_have_count(0)  # she allowed no quoting
    assert_accessible(reader, "published report")
    assert_accessible_in_japanese(reader, "published report")
