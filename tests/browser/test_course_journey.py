"""The cohort and its course in a real browser: a trainee studies, a mentor follows, staff run
the cohort; and every one of these pages passes axe, in English and in Japanese.

The seeded cohort (see conftest) is on its 20th day: the module "Arrival" (day 1) is open,
"Long-term care" (day 30) is still locked. The trainee is followed by the mentor; the
classmate is not. The pages have no JavaScript, and the journey proves they need none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.locate import html_lang, path_of

pytestmark = pytest.mark.browser

# Lessons of the test course (tests/factories.py), by slug.
OPEN_LESSON = "welcome"  # module "Arrival", opens on day 1
LOCKED_LESSON = "insurance"  # module "Long-term care", opens on day 30
ASSIGNMENT = "visit-note"  # module "Long-term care" too: staff only, for now

BROKEN_ROSTER = "email,name,role\nbad,X,trainee\n"


def progress_value(bar: Locator) -> int:
    value = bar.get_attribute("value")
    assert value is not None, "the <progress> element has no value attribute"
    return int(value)


def matrix_cell(table: Locator, trainee: str, module: str) -> Locator:
    """The cell of ``trainee``'s row under the column headed ``module``."""
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    column = headers.index(module)
    row = table.locator("tbody tr").filter(
        has=table.page.get_by_role("rowheader", name=trainee, exact=True)
    )
    expect(row).to_have_count(1)
    return row.locator("th, td").nth(column)


# The journeys ----------------------------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_trainee_marks_a_lesson_done_and_the_mentor_sees_it(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    sign_in: Callable,
    javascript: bool,
) -> None:
    trainee = accounts.trainee
    course = f"/cohorts/{seeded.cohort_id}/course"

    # The dashboard: one panel for the cohort, with the course progress bar.
    page = new_page(java_script_enabled=javascript)
    sign_in(page, trainee)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {trainee.name}")
    panel = page.get_by_role("region", name=seeded.cohort_title)
    bar = panel.locator("progress")
    expect(bar).to_have_count(1)
    expect(bar).to_have_attribute("max", "100")
    before = progress_value(bar)
    assert before == 0
    expect(panel.get_by_text("0 of 4 required lessons done")).to_be_visible()

    # The outline: the first module open, the second locked; its lessons are links all the
    # same, to a page that says when they open (never a refusal).
    panel.get_by_role("link", name="Go to the course").click()
    expect(page).to_have_url(re.compile(rf"{course}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(seeded.course_title)
    main = page.locator("main")
    locked_module = main.locator("li.module").filter(
        has=page.get_by_role("heading", name="Long-term care", exact=True)
    )
    expect(locked_module).to_contain_text("Locked")
    expect(locked_module).to_contain_text("Opens on")
    expect(main.get_by_text("Long-term care insurance")).to_be_visible()
    expect(main.get_by_role("link", name="Long-term care insurance")).to_have_count(1)

    # The lesson, marked done.
    main.get_by_role("link", name="Welcome", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{course}/{OPEN_LESSON}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    expect(page.get_by_text("About 15 minutes")).to_be_visible()
    progress = page.get_by_role("region", name="Your progress")
    progress.get_by_role("button", name="Mark as done").click()
    expect(page).to_have_url(re.compile(rf"{course}/{OPEN_LESSON}#progress$"))
    expect(progress.get_by_text("You have marked this lesson as done.")).to_be_visible()
    expect(progress.get_by_role("button", name="Mark as not done")).to_be_visible()
    expect(progress.get_by_role("button", name="Mark as done", exact=True)).to_have_count(0)

    # Home again: the bar has moved (one of the four required lessons).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(page).to_have_url(re.compile(r"/$"))
    bar = page.get_by_role("region", name=seeded.cohort_title).locator("progress")
    expect(bar).to_have_attribute("value", "25")
    assert progress_value(bar) > before

    # The mentor, in a browser of their own, follows the trainee, and only them.
    mentor_page = new_page(java_script_enabled=javascript)
    sign_in(mentor_page, accounts.mentor)
    mentoring = mentor_page.get_by_role("region", name="Your trainees")
    mentoring.get_by_role(
        "link", name=f"Progress of your trainees in {seeded.cohort_title}"
    ).click()
    expect(mentor_page).to_have_url(re.compile(rf"/cohorts/{seeded.cohort_id}/progress$"))
    expect(mentor_page.get_by_role("heading", level=1)).to_have_text("Your trainees' progress")
    table = mentor_page.get_by_role("table", name="Trainees and modules")
    expect(table.get_by_role("rowheader", name=trainee.name, exact=True)).to_be_visible()
    arrival = matrix_cell(table, trainee.name, "Arrival")
    expect(arrival).to_have_text("50%")  # Welcome, of Welcome and Rules (the reading is optional)
    assert arrival.inner_text().strip() != "0%"
    expect(matrix_cell(table, trainee.name, "Long-term care")).to_have_text("0%")
    expect(table.get_by_role("rowheader", name=accounts.classmate.name)).to_have_count(0)
    expect(mentor_page.get_by_text(accounts.classmate.name)).to_have_count(0)


def test_a_locked_lesson_says_when_it_opens(
    page: Page, accounts: Any, seeded: Any, sign_in: Callable
) -> None:
    opens_on = seeded.starts_on + dt.timedelta(days=29)  # day 30
    sign_in(page, accounts.trainee)
    for slug, title in ((LOCKED_LESSON, "Long-term care insurance"), (ASSIGNMENT, "Visit note")):
        response = page.goto(f"/cohorts/{seeded.cohort_id}/course/{slug}")
        assert response is not None and response.status == 200
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        message = page.locator("main").get_by_text("This part of the course opens on")
        expect(message).to_be_visible()
        expect(message).to_contain_text(str(opens_on.year))
        expect(message).to_contain_text(re.compile(rf"\b{opens_on.day}\b"))
        expect(page.get_by_role("button", name="Mark as done")).to_have_count(0)
        # The body stays hidden.
        expect(page.get_by_text("Write a note about the visit.")).to_have_count(0)

    page.get_by_role("link", name="Back to the course").click()
    expect(page).to_have_url(re.compile(rf"/cohorts/{seeded.cohort_id}/course$"))


def test_staff_see_the_cohort_and_its_progress(
    new_page: Callable[..., Page], accounts: Any, seeded: Any, sign_in: Callable
) -> None:
    trainee, classmate, mentor = accounts.trainee, accounts.classmate, accounts.mentor
    page = new_page(java_script_enabled=False)
    sign_in(page, accounts.staff)
    main = page.locator("main")

    page.get_by_role("region", name="Program staff").get_by_role("link", name="Cohorts").click()
    expect(page).to_have_url(re.compile(r"/cohorts$"))
    main.get_by_role("table").get_by_role("link", name=seeded.cohort_title).click()
    expect(page).to_have_url(re.compile(rf"/cohorts/{seeded.cohort_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(seeded.cohort_title)

    trainees = page.get_by_role("region", name="Trainees")
    for person in (trainee, classmate):
        expect(trainees.get_by_role("cell", name=person.name, exact=True)).to_be_visible()
    trainee_row = trainees.get_by_role("row").filter(has_text=trainee.name)
    expect(trainee_row).to_contain_text(mentor.name)
    expect(trainee_row).to_contain_text("Philippines")
    expect(trainees.get_by_role("row").filter(has_text=classmate.name)).not_to_contain_text(
        mentor.name
    )
    expect(page.get_by_role("region", name="Mentors")).to_contain_text(mentor.name)

    main.get_by_role("link", name="Progress", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/cohorts/{seeded.cohort_id}/matrix$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress of the cohort")
    table = page.get_by_role("table", name="Trainees and modules")
    for person in (trainee, classmate):
        expect(table.get_by_role("rowheader", name=person.name, exact=True)).to_be_visible()
        expect(matrix_cell(table, person.name, "Arrival")).to_have_text("0%")
    expect(table.get_by_role("rowheader", name=mentor.name)).to_have_count(0)
    expect(page.get_by_role("link", name="Download as CSV")).to_be_visible()

    # Staff asking for the mentors' page land on the whole matrix.
    page.goto(f"/cohorts/{seeded.cohort_id}/progress")
    expect(page).to_have_url(re.compile(rf"/cohorts/{seeded.cohort_id}/matrix$"))

    # And staff may read the assignment that is still locked for trainees.
    response = page.goto(f"/cohorts/{seeded.cohort_id}/course/{ASSIGNMENT}")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Visit note")
    expect(page.get_by_text("Write a note about the visit.")).to_be_visible()


# Accessibility ---------------------------------------------------------------------------------


def _mark_welcome_done(page: Page) -> None:
    page.locator(f"main form[action$='/{OPEN_LESSON}/done'] button").click()
    expect(page.locator(f"main form[action$='/{OPEN_LESSON}/undo']")).to_be_visible()


def _preview_broken_roster(page: Page) -> None:
    page.locator("main textarea[name=csv_text]").fill(BROKEN_ROSTER)
    # Found by its value rather than by its label, which changes with the language.
    page.locator("main button[name=action][value=preview]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("main tr.row-error")).to_have_count(1)


def _create_calendar_feed(page: Page) -> None:
    page.locator("main form[action$='/calendar/new'] button").click()
    expect(page.locator("#feed-url")).to_have_value(re.compile(r"/calendar/.+\.ics$"))


A11Y_PAGES: dict[str, tuple[str, str, int, Callable[[Page], None] | None]] = {
    # name: (who signs in, the address ({id}: the cohort), its status, what to do there first)
    "dashboard": ("trainee", "/", 200, None),
    "course-outline": ("trainee", "/cohorts/{id}/course", 200, None),
    "lesson": ("trainee", f"/cohorts/{{id}}/course/{OPEN_LESSON}", 200, None),
    "lesson-done": ("trainee", f"/cohorts/{{id}}/course/{OPEN_LESSON}", 200, _mark_welcome_done),
    "locked-lesson": ("trainee", f"/cohorts/{{id}}/course/{LOCKED_LESSON}", 200, None),
    "assignment": ("staff", f"/cohorts/{{id}}/course/{ASSIGNMENT}", 200, None),
    "mentor-progress": ("mentor", "/cohorts/{id}/progress", 200, None),
    "cohorts": ("staff", "/cohorts", 200, None),
    "cohort": ("staff", "/cohorts/{id}", 200, None),
    "cohort-edit": ("staff", "/cohorts/{id}/edit", 200, None),
    "roster": ("staff", "/cohorts/{id}/roster", 200, None),
    "roster-preview-with-errors": ("staff", "/cohorts/{id}/roster", 200, _preview_broken_roster),
    "mentors": ("staff", "/cohorts/{id}/mentors", 200, None),
    "progress-matrix": ("staff", "/cohorts/{id}/matrix", 200, None),
    "schedule": ("trainee", "/cohorts/{id}/schedule", 200, None),
    "calendar": ("trainee", "/calendar", 200, _create_calendar_feed),
}


@pytest.mark.parametrize("language", ["English", "日本語"])
@pytest.mark.parametrize("name", list(A11Y_PAGES))
def test_accessibility(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    sign_in: Callable,
    switch_language: Callable,
    assert_accessible: Callable,
    name: str,
    language: str,
) -> None:
    who, address, status, action = A11Y_PAGES[name]
    address = address.format(id=seeded.cohort_id)
    page = new_page()
    sign_in(page, getattr(accounts, who))
    response = page.goto(address)
    assert response is not None and response.status == status
    assert path_of(page) == address
    if language != "English":
        switch_language(page, language)
        assert path_of(page) == address
        assert html_lang(page) == "ja"
    else:
        assert html_lang(page) == "en"
    if action is not None:
        action(page)
        assert path_of(page) == address
        assert html_lang(page) == ("en" if language == "English" else "ja")

    assert_accessible(page, f"{name} in {language}")
