"""Follow-up training and the Asian Social Welfare Seminar in a real browser.

Follow-up: an alumna applies to the conftest's follow-up cohort with a motivation (after an
empty and a too short one are refused beside the field), staff select her, and she sees it.
Edition: an alumnus registers for the conftest's seminar, which takes one participant per
country; a current trainee from the same country is refused; staff read the attendance by
country. Every page passes axe, the main ones in Japanese too.

The server fixture forgets applications (and the enrollments selecting made) and registrations
of earlier tests, so each test starts with none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.locate import fact, flash

pytestmark = pytest.mark.browser

TOO_SHORT = "I wish to learn more."
MOTIVATION = (
    "Since the training I run a home-visit program for older herders in Ulaanbaatar; I wish to "
    "compare it with Japanese community care and bring back ways to train volunteers."
)
SUBMITTED = "submitted, waiting for the selection"
MOTIVATION_HINT = "Why you wish to join"


def row_of(page: Page, header: str) -> Locator:
    """The table row whose row header is ``header``."""
    return page.locator("main table tbody tr").filter(
        has=page.get_by_role("rowheader", name=header)
    )


def test_an_alumna_applies_to_follow_up_training_and_staff_select_her(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    alumna = accounts.fellow_alumna
    title = seeded.follow_up_cohort_title

    # From the alumni home to the open follow-up training.
    page = new_page()
    sign_in(page, alumna)
    page.goto("/alumni/")
    page.get_by_role("region", name="Follow-up training").get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(r"/follow-up$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow-up trainings")
    offer = page.get_by_role("region", name=title)
    expect(fact(page, "Places")).to_have_text("3 of 3 places left")
    expect(offer.locator("strong")).to_have_text("lead a community care project")
    assert_accessible(page, "open follow-up trainings")
    assert_accessible_in_japanese(page, "open follow-up trainings")
    offer.get_by_role("link", name=f"Apply to {title}").click()
    expect(page).to_have_url(re.compile(rf"/follow-up/{seeded.follow_up_cohort_id}/apply$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Apply to {title}")
    assert_accessible(page, "follow-up application form")
    assert_accessible_in_japanese(page, "follow-up application form")

    # An empty motivation, then a too short one: the error is beside the field and in the
    # summary, whose link lands on the field.
    motivation = page.get_by_role("textbox", name="Your motivation")
    send = page.get_by_role("button", name="Send the application")
    for text, error in (
        ("", "Write why you wish to join."),
        (TOO_SHORT, "Write 50 to 2000 characters."),
    ):
        motivation.fill(text)
        send.click()
        expect(page).to_have_url(re.compile(rf"/follow-up/{seeded.follow_up_cohort_id}/apply$"))
        expect(page.locator("#motivation-error")).to_have_text(error)
        expect(motivation).to_have_attribute("aria-invalid", "true")
        expect(motivation).to_have_attribute("aria-describedby", "motivation-hint motivation-error")
        summary_link = page.locator("main .error-summary").get_by_role("link")
        expect(summary_link).to_have_text(f"Your motivation: {error}")
        expect(summary_link).to_have_attribute("href", "#motivation")
        expect(motivation).to_have_value(text)
        assert_accessible(page, f"follow-up application form with the error {error!r}")

    motivation.fill(MOTIVATION)
    send.click()
    expect(page).to_have_url(re.compile(r"/follow-up/applications$"))
    expect(flash(page, "Your application has been sent.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your applications to follow-up trainings"
    )
    expect(row_of(page, title).locator(".status")).to_have_text(SUBMITTED)
    expect(
        row_of(page, title).get_by_role("button", name=f"Withdraw the application to {title}")
    ).to_be_visible()
    assert_accessible(page, "her follow-up applications")
    assert_accessible_in_japanese(page, "her follow-up applications")

    # Staff: the follow-up cohorts, the call form, and the applications with the selection.
    staff = new_page()
    sign_in(staff, accounts.staff)
    staff.get_by_role("region", name="Program staff").get_by_role(
        "link", name="Follow-up training: calls and applications"
    ).click()
    expect(staff).to_have_url(re.compile(r"/follow-up/cohorts$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text("Follow-up cohorts")
    expect(row_of(staff, title)).to_contain_text(f"{SUBMITTED}: 1")
    assert_accessible(staff, "follow-up cohorts")
    assert_accessible_in_japanese(staff, "follow-up cohorts")
    staff.get_by_role("link", name=title).click()
    applications = f"/follow-up/cohorts/{seeded.follow_up_cohort_id}/applications"
    expect(staff).to_have_url(re.compile(rf"{applications}$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Selection: {title}")
    applicant = row_of(staff, alumna.name)
    expect(applicant).to_contain_text(MOTIVATION)
    expect(applicant).to_contain_text("Mongolia")
    expect(applicant).to_contain_text(seeded.alumni_cohort_title)
    assert_accessible(staff, "follow-up selection page")
    assert_accessible_in_japanese(staff, "follow-up selection page")

    staff.get_by_role("link", name="Change the call for applications").click()
    expect(staff).to_have_url(re.compile(rf"/follow-up/cohorts/{seeded.follow_up_cohort_id}/call$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Applications to {title}")
    expect(staff.get_by_role("textbox", name="Introduction for applicants")).to_have_value(
        re.compile("community care project")
    )
    assert_accessible(staff, "call for applications form")
    staff.go_back()

    # Nobody ticked: refused beside the list of applicants.
    staff.get_by_role("button", name="Select the ticked people").click()
    expect(staff.locator("#chosen-error")).to_have_text("Tick the people you select.")
    expect(staff.get_by_role("group", name="Applicants")).to_have_attribute(
        "aria-describedby", "chosen-error"
    )
    assert_accessible(staff, "follow-up selection page with an error")

    staff.get_by_role("checkbox", name=alumna.name).check()
    staff.get_by_role("button", name="Select the ticked people").click()
    expect(staff).to_have_url(re.compile(rf"{applications}(\?page=1)?$"))
    expect(flash(staff, "1 selected and enrolled, 0 put on the waitlist")).to_be_visible()
    expect(applicant.locator(".status")).to_have_text("selected")
    expect(staff.get_by_role("checkbox", name=alumna.name)).to_have_count(0)
    expect(fact(staff, "Places")).to_have_text("2 of 3 places left")
    assert_accessible(staff, "follow-up selection page after selecting")

    # She sees that she is selected, and can no longer withdraw here.
    page.reload()
    expect(row_of(page, title).locator(".status")).to_have_text("selected")
    expect(row_of(page, title).get_by_role("button")).to_have_count(0)
    page.goto("/alumni/")
    expect(page.get_by_role("region", name="Follow-up training")).to_contain_text("selected")


def test_an_alumnus_registers_for_the_seminar_within_the_cap_per_country(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    alumnus, trainee = accounts.seminar_alumnus, accounts.trainee
    title = seeded.seminar_title
    seminar = f"/events/{seeded.seminar_id}"

    # The list of seminars, then the seminar with its program.
    page = new_page()
    sign_in(page, alumnus)
    page.goto("/events")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    listed = page.locator("main table tbody tr").filter(has_text=title)
    expect(listed).to_contain_text("Tokyo")
    expect(listed).to_contain_text("0 of 60 places")
    expect(listed).to_contain_text("registration open")
    assert_accessible(page, "seminars")
    assert_accessible_in_japanese(page, "seminars")
    listed.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(rf"{seminar}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(fact(page, "Place")).to_have_text("Shin-Kasumigaseki Building, Tokyo")
    expect(fact(page, "Places per country")).to_have_text("Up to 1 participant from each country")
    expect(fact(page, "Places left for participants from Philippines")).to_have_text("1")
    program = page.get_by_role("region", name="Program of sessions")
    expect(program.get_by_role("region")).to_have_count(2)  # a section a day
    expect(program.get_by_role("heading", name="Country reports: ageing at home")).to_be_visible()
    visit = program.get_by_role("listitem").filter(has_text="Visit to a day-care centre")
    expect(visit).to_contain_text("Site visit")
    expect(visit).to_contain_text("Setagaya, Tokyo")
    expect(page.get_by_role("link", name="Attendance by country")).to_have_count(0)
    assert_accessible(page, "seminar page")
    assert_accessible_in_japanese(page, "seminar page")

    # He registers.
    registration = page.get_by_role("region", name="Your registration")
    registration.get_by_role("button", name="Register for the event").click()
    expect(page).to_have_url(re.compile(rf"{seminar}$"))
    expect(flash(page, f"You are registered for {title}.")).to_be_visible()
    expect(registration).to_contain_text("as a participant from Philippines")
    expect(registration.get_by_role("button", name="Cancel my registration")).to_be_visible()
    expect(fact(page, "Places left for participants from Philippines")).to_have_text("0")
    assert_accessible(page, "seminar page of a registrant")

    # A current trainee from the same country finds the country's place taken.
    other = new_page()
    sign_in(other, trainee)
    other.goto(seminar)
    expect(fact(other, "Places left for participants from Philippines")).to_have_text("0")
    other.get_by_role("button", name="Register for the event").click()
    expect(other).to_have_url(re.compile(rf"{seminar}$"))
    refused = flash(
        other,
        "The places for participants from Philippines are taken: up to 1 per country.",
    )
    expect(refused).to_be_visible()
    expect(refused.locator(".flash-error")).to_have_count(1)
    expect(other.get_by_role("button", name="Register for the event")).to_be_visible()
    expect(other.get_by_role("region", name="Your registration")).not_to_contain_text(
        "You are registered"
    )
    assert_accessible(other, "seminar page after a refused registration")

    # Staff: the details and session forms, and the attendance by country.
    staff = new_page()
    sign_in(staff, accounts.staff)
    staff.goto(seminar)
    staff.get_by_role("link", name="Edit the details").click()
    expect(staff).to_have_url(re.compile(rf"{seminar}/details$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text("Details of the event")
    expect(staff.get_by_role("spinbutton", name="Places per country")).to_have_value("1")
    assert_accessible(staff, "seminar details form")
    staff.goto(seminar)
    staff.get_by_role("link", name="Add a session").click()
    expect(staff).to_have_url(re.compile(rf"{seminar}/sessions/new$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text("New session")
    assert_accessible(staff, "new session form")
    staff.goto(seminar)
    staff.get_by_role("link", name="Edit Visit to a day-care centre").click()
    expect(staff).to_have_url(re.compile(rf"{seminar}/sessions/\d+/edit$"))
    expect(staff.get_by_role("textbox", name="Title")).to_have_value("Visit to a day-care centre")
    assert_accessible(staff, "session form")
    assert_accessible_in_japanese(staff, "session form")

    staff.goto(seminar)
    staff.get_by_role("link", name="Attendance by country").click()
    expect(staff).to_have_url(re.compile(rf"{seminar}/attendance$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text("Attendance by country")
    expect(staff.locator("main")).to_contain_text("1 participant from 1 country")
    expect(staff.locator("main")).to_contain_text("1 of 60 places taken.")
    by_country = staff.get_by_role("table", name="Participants per country")
    expect(by_country.get_by_role("row")).to_have_count(2)  # the header and the Philippines
    expect(row_of(staff, "Philippines").first).to_contain_text("1")
    people = staff.get_by_role("region", name="Philippines (1)")
    expect(people.get_by_role("rowheader", name=alumnus.name)).to_be_visible()
    expect(people).not_to_contain_text(trainee.name)
    assert_accessible(staff, "attendance by country")
    assert_accessible_in_japanese(staff, "attendance by country")
