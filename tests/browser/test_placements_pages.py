"""Host facilities and placements in a real browser: staff add a facility to the register,
find it, and place the care cohort's trainee there for her practicum from the cohort's board;
the trainee then finds her placement on her home. Every page passes axe, in Japanese too."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.locate import fact, flash

pytestmark = pytest.mark.browser

FACILITY = "Aozora Day Centre"


def test_staff_register_a_facility_and_place_a_trainee_who_then_sees_it(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    page = new_page()
    sign_in(page, accounts.staff)
    page.get_by_role("link", name="Host facilities").click()
    assert_accessible_in_japanese(page, "the register of host facilities")
    page.get_by_role("link", name="Add a facility").click()
    page.get_by_label("Facility name").fill(FACILITY)
    page.get_by_label("Name in Japanese").fill("あおぞらデイセンター")
    page.get_by_label("Field of practice", exact=True).select_option(label="Older people")
    page.get_by_label("Prefecture").select_option(label="Ishikawa")
    page.get_by_label("Address", exact=True).fill("〒920-0000 石川県金沢市あおぞら1-2")
    assert_accessible(page, "the new facility's form")
    page.get_by_role("button", name="Save the facility").click()
    expect(flash(page, "The facility is in the register.")).to_be_visible()
    expect(fact(page, "Field of practice")).to_have_text("Older people")
    assert_accessible_in_japanese(page, "a facility's page")

    page.goto(f"/cohorts/{seeded.care_cohort_id}/placements")
    row = page.locator("main table tbody tr").filter(has_text="Dewi Lestari")
    expect(row).to_contain_text("Not placed")
    assert_accessible_in_japanese(page, "the placement board")
    row.get_by_role("link", name="Place Dewi Lestari").click()
    assert_accessible_in_japanese(page, "a placement's form")
    page.get_by_label("Host facility").select_option(label=f"{FACILITY} (Ishikawa)")
    page.get_by_label("On-site supervisor").fill("Mori Yuki")
    page.get_by_label("Lodging", exact=True).fill("Program dormitory")
    page.get_by_role("button", name="Save the placement").click()
    expect(flash(page, "Dewi Lestari is placed at Aozora Day Centre.")).to_be_visible()
    row = page.locator("main table tbody tr").filter(has_text="Dewi Lestari")
    expect(row).to_contain_text(FACILITY)
    row.get_by_role("link", name="Before it: 5 checks to do").click()
    assert_accessible_in_japanese(page, "what she must do before the placement")
    page.get_by_role("group", name="Stool test").get_by_label("Done on").fill("2026-01-05")
    page.get_by_role("group", name="Liability insurance").get_by_label(
        "The facility asks for it").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(flash(page, "What Dewi Lestari has done before the placement is recorded.")
           ).to_be_visible()

    trainee = new_page()
    sign_in(trainee, accounts.care_trainee)
    placements = trainee.get_by_role("region", name="Your placements")
    expect(placements).to_contain_text(FACILITY)
    expect(placements).to_contain_text("石川県金沢市あおぞら1-2")
    expect(placements).to_contain_text("Program dormitory")
    expect(placements).to_contain_text(
        "Still to do: Vaccinations, Tuberculosis screening, The facility's orientation")
    assert_accessible_in_japanese(trainee, "the trainee's home with her placement")
    expect(trainee).to_have_url(re.compile(r"/$"))
