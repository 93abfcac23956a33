"""Where the focus goes after a form is sent (lms/focus.js): a refused form's summary takes it,
a saved draft gives it back to the button pressed and says so through a live region, and a
message with no button to go back to (signed out) takes it itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.locate import flash

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const element = document.activeElement;
  return {tag: element.tagName.toLowerCase(), classes: [...element.classList],
          text: element.textContent.replace(/\\s+/g, ' ').trim()};
}"""
ANNOUNCED = "() => document.querySelector('[data-announcer]').textContent"


def test_a_refused_sign_in_puts_the_focus_on_its_summary(page: Page, accounts: Any) -> None:
    page.goto("/login")
    page.get_by_label("Email address").fill(accounts.care_trainee.email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator("main > .narrow:first-child > .error-summary")
    expect(summary).to_contain_text("The email address or password is not right.")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")


def test_save_draft_gives_the_focus_back_and_says_the_draft_is_saved(
    page: Page, accounts: Any, seeded: Any, sign_in: Callable
) -> None:
    sign_in(page, accounts.care_trainee)
    page.goto(f"/cohorts/{seeded.care_cohort_id}/work/visit-note")
    page.get_by_role("textbox", name="Your answer").fill("A first line of my visit note.")
    save = page.locator("main").get_by_role("button", name="Save draft", exact=True)
    save.click()
    expect(flash(page, "Draft saved")).to_be_visible()
    expect(save).to_be_focused()
    focused = page.evaluate(FOCUSED)
    assert (focused["tag"], focused["text"]) == ("button", "Save draft")
    # Said once the page is shown, through a region that was empty at load.
    page.wait_for_function(
        "() => document.querySelector('[data-announcer]').textContent.includes('Draft saved')")
    expect(page.locator("main .flashes")).not_to_have_attribute("role", "status")


def test_signing_out_puts_the_focus_on_the_message(page: Page, accounts: Any,
                                                  sign_in: Callable) -> None:
    sign_in(page, accounts.care_trainee)
    page.get_by_role("button", name="Sign out").click()
    message = page.locator("main .flashes")
    expect(message).to_contain_text("You have signed out.")
    expect(message).to_be_focused()
    assert page.evaluate(ANNOUNCED) == ""  # focus reads it: not said twice
