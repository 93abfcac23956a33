"""Accounts in a real browser: signing in and out, the language switch, and accessibility."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.locate import html_lang, path_of

pytestmark = pytest.mark.browser

WRONG_LOGIN = "The email address or password is not right."

# WCAG 2.2 A and AA only; best-practice rules are advice, not the bar these tests hold.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}


def sign_out_button(page: Page) -> Any:
    # Found by the form's action rather than by its label, which changes with the language.
    return page.locator("header form[action$='/logout']").get_by_role("button")


# The journey -----------------------------------------------------------------------------------


def test_staff_journey(page: Page, accounts: Any, switch_language: Callable) -> None:
    staff = accounts.staff

    page.goto("/")
    # A visitor's home: what this is, with sign-in at the side.
    expect(page.locator("aside form[action$='/login']")).to_be_visible()
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password", exact=True).fill(staff.password)
    page.get_by_role("button", name="Sign in").click()

    # Home, with the staff section and the People link in the main navigation.
    expect(page).to_have_url(re.compile(r"/$"))
    welcome = page.get_by_role("heading", level=1)
    expect(welcome).to_have_text(f"Welcome, {staff.name}")
    staff_section = page.get_by_role("region", name="Program staff")
    expect(staff_section).to_be_visible()
    expect(staff_section.get_by_role("link", name="People and accounts")).to_be_visible()
    main_nav = page.get_by_role("navigation", name="Main")
    people_link = main_nav.get_by_role("link", name="People", exact=True)
    expect(people_link).to_be_visible()
    assert html_lang(page) == "en"

    # The People page lists the seeded accounts.
    people_link.click()
    expect(page).to_have_url(re.compile(r"/people$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(main_nav.get_by_role("link", name="People", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name=staff.name)).to_be_visible()
    expect(table.get_by_role("link", name=accounts.plain.name)).to_be_visible()

    # Japanese, from the header's language form; it brings us back to the same page.
    switch_language(page, "日本語")
    expect(page).to_have_url(re.compile(r"/people$"))
    assert html_lang(page) == "ja"
    expect(page.get_by_role("heading", level=1)).not_to_have_text("People")

    page.goto("/")
    assert html_lang(page) == "ja"
    welcome = page.get_by_role("heading", level=1)
    expect(welcome).to_contain_text(staff.name)
    expect(welcome).not_to_have_text(f"Welcome, {staff.name}")
    expect(page.get_by_role("region", name="Program staff")).to_have_count(0)

    # Signing out lands on the login page, and the home page is closed again.
    sign_out_button(page).click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("input[name=email]")).to_be_visible()
    expect(sign_out_button(page)).to_have_count(0)
    expect(page.locator(".flash-success")).to_be_visible()

    page.goto("/")
    # A visitor's home: what this is, with sign-in at the side.
    expect(page.locator("aside form[action$='/login']")).to_be_visible()
    page.goto("/people")
    assert path_of(page) == "/login"


def test_wrong_password_gives_nothing_away(page: Page, accounts: Any) -> None:
    def try_login(email: str, password: str) -> str:
        page.goto("/login")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(r"/login$"))
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text(WRONG_LOGIN)
        # The password is never sent back; nobody is signed in.
        expect(page.get_by_label("Password", exact=True)).to_have_value("")
        expect(sign_out_button(page)).to_have_count(0)
        return alert.inner_text()

    wrong_password = try_login(accounts.staff.email, "not-the-right-password-at-all")
    unknown_person = try_login("nobody@browser.kakehashi.example", "not-the-right-password-at-all")
    # The same words whether or not the account exists.
    assert wrong_password == unknown_person

    page.goto("/")
    # A visitor's home: what this is, with sign-in at the side.
    expect(page.locator("aside form[action$='/login']")).to_be_visible()


@pytest.mark.parametrize("who", ["committee", "plain"])
def test_home_shows_only_what_the_roles_allow(
    page: Page, accounts: Any, sign_in: Callable, who: str
) -> None:
    person = getattr(accounts, who)
    sign_in(page, person)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {person.name}")
    expect(page.get_by_role("region", name="Program staff")).to_have_count(0)
    expect(page.get_by_role("link", name="People", exact=True)).to_have_count(0)
    expect(page.get_by_role("region", name="Reviews to do")).to_have_count(
        1 if who == "committee" else 0
    )
    response = page.goto("/people")
    assert response is not None and response.status == 403
    expect(page.get_by_role("table")).to_have_count(0)


# Accessibility ---------------------------------------------------------------------------------

A11Y_PAGES = {
    # name: (who signs in, or None; the address)
    "login": (None, "/login"),
    "login-with-errors": (None, "/login"),
    "forgot-password": (None, "/password/forgot"),
    "home-staff": ("staff", "/"),
    "home-admin": ("admin", "/"),
    "change-password": ("staff", "/password"),
    "settings": ("staff", "/settings"),
    "people": ("staff", "/people"),
}


@pytest.mark.parametrize("language", ["English", "日本語"])
@pytest.mark.parametrize("name", list(A11Y_PAGES))
def test_accessibility(
    new_page: Callable[..., Page],
    accounts: Any,
    sign_in: Callable,
    switch_language: Callable,
    name: str,
    language: str,
) -> None:
    who, address = A11Y_PAGES[name]
    # axe-core is injected with page.evaluate(), which runs through the DevTools protocol and
    # is not subject to the pages' Content-Security-Policy (script-src 'self'), so these
    # contexts keep the CSP on: axe sees the pages exactly as people get them.
    page = new_page()
    if who is not None:
        sign_in(page, getattr(accounts, who))
    response = page.goto(address)
    assert response is not None and response.status == 200
    assert path_of(page) == address
    if language != "English":
        switch_language(page, language)
        assert path_of(page) == address
        assert html_lang(page) == "ja"
    else:
        assert html_lang(page) == "en"
    if name == "login-with-errors":
        page.locator("main form button[type=submit]").click()
        expect(page.get_by_role("alert")).to_be_visible()
        expect(page.locator("input[aria-invalid=true]")).to_have_count(2)

    results = Axe().run(page, options=AXE_OPTIONS)

    report = results.generate_report()
    if results.violations_count:
        print(report)
    assert results.violations_count == 0, f"{name} in {language}:\n{report}"
