"""The alumni pages in a real browser: the alumni home, the directory with an opt-in profile, and
a report from home with a picture, from writing through staff approval to another alumna
reading it. A current trainee who has not completed is refused. Every page passes axe, the main
ones in Japanese too.

The alumni are the conftest's: Kim Ji-yeon (Korea) writes and lists herself, Bayarmaa Dorj
(Mongolia) finds and reads her; both completed the 35th cohort. The server fixture forgets the
profiles and reports of earlier tests, so each test starts with none.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.locate import autosave_status, fact, flash, kept_drafts, path_of

pytestmark = pytest.mark.browser

ORGANIZATION = "Mapo-gu Senior Welfare Centre"
ROLE = "Head of community care"
FIELDS = ("Older people", "Community development")
BIO = "I coordinate home visits for older people living alone."

REPORT_TITLE = "How Seoul's neighbourhoods met the heat wave"
REPORT_BODY = (
    "Volunteers called **every older person living alone** twice a day.\n\n"
    "- cooling shelters in community centres\n- home visits by social workers"
)
ALT_TEXT = "Volunteers handing out bottles of water at a community centre"
CAPTION = "The Mapo-gu cooling shelter in August"


def directory_row(page: Page, name: str) -> Locator:
    return page.locator("main table tbody tr").filter(has=page.get_by_role("link", name=name))


def png(width: int = 6, height: int = 4) -> bytes:
    """A small, valid PNG picture (one colour), made here so the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x2a\x7f\xc0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def alumni_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Alumni", exact=True)


def test_an_alumna_lists_herself_and_another_alumna_finds_her(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    alumna, fellow = accounts.alumna, accounts.fellow_alumna

    # The alumna finds the alumni pages from the main navigation.
    page = new_page()
    sign_in(page, alumna)
    expect(page.get_by_role("region", name="Alumni")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alumni").click()
    expect(page).to_have_url(re.compile(r"/alumni/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alumni")
    expect(page.get_by_role("region", name="Your certificates")).to_contain_text(
        "You have no certificate here."
    )
    follow_up = page.get_by_role("region", name="Follow-up training")
    expect(follow_up.get_by_role("link", name=seeded.follow_up_cohort_title)).to_be_visible()
    expect(follow_up).to_contain_text("open for applications")
    seminars = page.get_by_role("region", name="Seminars and other events")
    expect(seminars.get_by_role("link", name=seeded.seminar_title)).to_be_visible()
    expect(seminars).to_contain_text("registration open")
    assert_accessible(page, "alumni home")
    assert_accessible_in_japanese(page, "alumni home")

    # Nobody has listed themselves yet: other alumni see nobody.
    alumni_nav(page).get_by_role("link", name="Alumni directory").click()
    expect(page).to_have_url(re.compile(r"/alumni/directory$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alumni directory")
    expect(page.locator("main")).to_contain_text("Nobody in the directory matches this search.")
    assert_accessible(page, "empty alumni directory")

    # Her profile: listed, with fields of practice, sharing organization and role, not email.
    page.get_by_role("link", name="Edit your own profile").click()
    expect(page).to_have_url(re.compile(r"/alumni/profile$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your alumni profile")
    expect(page.get_by_label("Country where you work")).to_have_value("KR")
    assert_accessible(page, "profile form")
    assert_accessible_in_japanese(page, "profile form")
    page.get_by_label("List me in the alumni directory").check()
    page.get_by_role("textbox", name="Organization").fill(ORGANIZATION)
    page.get_by_role("textbox", name="Current role").fill(ROLE)
    fields = page.get_by_role("group", name="Fields of practice")
    for name in FIELDS:
        fields.get_by_label(name, exact=True).check()
    page.get_by_role("textbox", name="Short bio").fill(BIO)
    shared = page.get_by_role("group", name="Share with other alumni")
    shared.get_by_label("Organization", exact=True).check()
    shared.get_by_label("Current role", exact=True).check()
    page.get_by_role("button", name="Save profile").click()

    # She lands on her own page, as other alumni will see it (and her email, which only she
    # and staff see).
    expect(page).to_have_url(re.compile(r"/alumni/people/\d+$"))
    person_address = path_of(page)
    expect(flash(page, "Your profile has been saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(alumna.name)
    expect(fact(page, "Country")).to_have_text("South Korea")
    expect(fact(page, "Cohort")).to_have_text(seeded.alumni_cohort_title)
    expect(fact(page, "Fields of practice")).to_have_text(", ".join(FIELDS))
    expect(fact(page, "Organization")).to_have_text(ORGANIZATION)
    expect(fact(page, "Current role")).to_have_text(ROLE)
    expect(page.get_by_role("link", name="Edit your profile")).to_be_visible()
    assert_accessible(page, "her own alumni page")

    # The form keeps what she saved.
    page.get_by_role("link", name="Edit your profile").click()
    expect(page.get_by_label("List me in the alumni directory")).to_be_checked()
    expect(page.get_by_role("textbox", name="Organization")).to_have_value(ORGANIZATION)
    expect(shared.get_by_label("Email address")).not_to_be_checked()
    expect(shared.get_by_label("Current role", exact=True)).to_be_checked()

    # Another alumna finds her in the directory, searching by country, cohort and field.
    other = new_page()
    sign_in(other, fellow)
    other.goto("/alumni/directory")
    expect(other.get_by_role("heading", level=1)).to_have_text("Alumni directory")
    row = directory_row(other, alumna.name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("South Korea")
    expect(row).to_contain_text(seeded.alumni_cohort_title)
    expect(row).to_contain_text(ORGANIZATION)
    expect(row).to_contain_text(ROLE)
    assert_accessible(other, "alumni directory")
    assert_accessible_in_japanese(other, "alumni directory")

    search = other.get_by_role("search", name="Search the directory")
    search.get_by_label("Country").select_option("KR")
    search.get_by_label("Cohort").select_option(label=seeded.alumni_cohort_title)
    search.get_by_label("Field of practice").select_option(label=FIELDS[0])
    search.get_by_role("button", name="Search").click()
    expect(other).to_have_url(re.compile(r"/alumni/directory\?.*country=KR"))
    expect(directory_row(other, alumna.name)).to_have_count(1)
    expect(other.locator("main table tbody tr")).to_have_count(1)
    assert_accessible(other, "filtered alumni directory")

    # Where she is not, the search says so.
    search.get_by_label("Country").select_option("MN")
    search.get_by_role("button", name="Search").click()
    expect(other.locator("main")).to_contain_text("Nobody in the directory matches this search.")
    expect(other.locator("main table")).to_have_count(0)

    # Her page, as another alumna sees it: what she shared, not her email.
    other.goto("/alumni/directory")
    directory_row(other, alumna.name).get_by_role("link", name=alumna.name).click()
    expect(other).to_have_url(re.compile(rf"{re.escape(person_address)}$"))
    expect(other.get_by_role("heading", level=1)).to_have_text(alumna.name)
    expect(fact(other, "Organization")).to_have_text(ORGANIZATION)
    expect(fact(other, "Email address")).to_have_count(0)
    expect(other.locator("main")).not_to_contain_text(alumna.email)
    expect(other.get_by_role("link", name="Edit your profile")).to_have_count(0)
    assert_accessible(other, "an alumna's page")
    assert_accessible_in_japanese(other, "an alumna's page")

    # The other alumna, who has not listed herself, is not in the directory, and her page is
    # not found by others.
    page.goto("/alumni/directory")
    expect(directory_row(page, fellow.name)).to_have_count(0)


def test_a_report_from_home_is_approved_and_read_by_other_alumni(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    alumna, fellow = accounts.alumna, accounts.fellow_alumna

    # The alumna starts a report from the alumni home.
    author = new_page()
    sign_in(author, alumna)
    author.goto("/alumni/")
    author.get_by_role("region", name="Your reports from home").get_by_role(
        "link", name="Write a report"
    ).click()
    expect(author).to_have_url(re.compile(r"/alumni/reports/new$"))
    expect(author.get_by_role("heading", level=1)).to_have_text("Write a report")
    expect(author.get_by_label("Country the report is about")).to_have_value("KR")
    assert_accessible(author, "new report form")
    assert_accessible_in_japanese(author, "new report form")

    # Preview shows the Markdown as it will look, and saves nothing.
    author.get_by_label("Title").fill(REPORT_TITLE)
    author.get_by_label("Report", exact=True).fill(REPORT_BODY)
    author.get_by_role("button", name="Preview").click()
    preview = author.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("every older person living alone")
    expect(preview.locator("li")).to_have_count(2)
    expect(author.get_by_label("Title")).to_have_value(REPORT_TITLE)
    assert_accessible(author, "report form with a preview")

    # A picture without its description is refused, beside the field.
    picture = {"name": "shelter.png", "mimeType": "image/png", "buffer": png()}
    author.get_by_label("Picture file").set_input_files(picture)
    author.get_by_role("button", name="Save", exact=True).click()
    alt_field = author.get_by_label("Description of the picture")
    expect(alt_field).to_have_attribute("aria-invalid", "true")
    expect(author.locator("#alt_text-error")).to_have_text(
        "Describe the picture for people who cannot see it."
    )
    expect(author.locator("main .error-summary").get_by_role("link")).to_have_text(
        "Description of the picture: Describe the picture for people who cannot see it."
    )
    assert_accessible(author, "report form with an error")

    # With its description it is saved, and the report stays a private draft.
    author.get_by_label("Picture file").set_input_files(picture)
    alt_field.fill(ALT_TEXT)
    author.get_by_label("Caption").fill(CAPTION)
    author.get_by_role("button", name="Save", exact=True).click()
    expect(author).to_have_url(re.compile(r"/alumni/reports/\d+/edit$"))
    expect(flash(author, "Your report has been saved.")).to_be_visible()
    expect(author.get_by_role("heading", level=1)).to_have_text("Edit your report")
    expect(fact(author, "Status")).to_have_text("Draft")
    expect(author.get_by_role("img", name=ALT_TEXT)).to_be_visible()
    expect(author.get_by_role("button", name="Remove picture 1")).to_be_visible()
    assert_accessible(author, "draft report with a picture")

    # Sent to staff: she sees where it stands.
    author.get_by_role("button", name="Send to staff for approval").click()
    expect(author).to_have_url(re.compile(r"/alumni/reports/\d+$"))
    report_address = path_of(author)
    expect(flash(author, "Your report has been sent to the program staff.")).to_be_visible()
    expect(author.get_by_role("heading", level=1)).to_have_text(REPORT_TITLE)
    expect(fact(author, "Status")).to_have_text("Waiting for staff approval")
    assert_accessible(author, "report waiting for approval, to its author")
    alumni_nav(author).get_by_role("link", name="Your reports").click()
    expect(author).to_have_url(re.compile(r"/alumni/reports/mine$"))
    mine = author.locator("main table tbody tr").filter(has_text=REPORT_TITLE)
    expect(mine).to_contain_text("Waiting for staff approval")
    assert_accessible(author, "her reports")
    assert_accessible_in_japanese(author, "her reports")

    # Other alumni cannot read it before staff approve it.
    reader = new_page()
    sign_in(reader, fellow)
    response = reader.goto(report_address)
    assert response is not None and response.status == 404
    reader.goto("/alumni/reports")
    expect(reader.get_by_role("link", name=REPORT_TITLE)).to_have_count(0)

    # Staff find it in the review queue and approve it.
    staff = new_page()
    sign_in(staff, accounts.staff)
    staff.goto("/alumni/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Alumni")
    # Staff who are not alumni have no applications of their own to look at.
    expect(staff.get_by_role("link", name="Your applications")).to_have_count(0)
    assert_accessible(staff, "alumni home for staff")
    alumni_nav(staff).get_by_role("link", name="Reports to review").click()
    expect(staff).to_have_url(re.compile(r"/alumni/review$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text("Reports to review")
    queued = staff.locator("main table tbody tr").filter(has_text=REPORT_TITLE)
    expect(queued).to_contain_text(alumna.name)
    expect(queued).to_contain_text("South Korea")
    assert_accessible(staff, "review queue")
    assert_accessible_in_japanese(staff, "review queue")
    queued.get_by_role("link", name=REPORT_TITLE).click()
    expect(staff).to_have_url(re.compile(rf"{re.escape(report_address)}/review$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Review: {REPORT_TITLE}")
    expect(staff.get_by_role("img", name=ALT_TEXT)).to_be_visible()
    assert_accessible(staff, "review page")
    assert_accessible_in_japanese(staff, "review page")
    staff.get_by_role("button", name="Approve and publish").click()
    expect(staff).to_have_url(re.compile(r"/alumni/review$"))
    expect(flash(staff, "The report is published and its author has been told.")).to_be_visible()
    expect(staff.locator("main")).to_contain_text("No report is waiting for approval.")
    assert_accessible(staff, "empty review queue")

    # The other alumna reads it, with its picture and the picture's description.
    reader.goto("/alumni/reports")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Reports from alumni")
    listed = reader.locator("main table tbody tr").filter(has_text=REPORT_TITLE)
    expect(listed).to_contain_text(alumna.name)
    assert_accessible(reader, "published reports")
    assert_accessible_in_japanese(reader, "published reports")
    listed.get_by_role("link", name=REPORT_TITLE).click()
    expect(reader).to_have_url(re.compile(rf"{re.escape(report_address)}$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(REPORT_TITLE)
    expect(fact(reader, "Author")).to_have_text(alumna.name)
    expect(fact(reader, "Status")).to_have_count(0)  # only the author and staff see it
    article = reader.get_by_role("article", name="Report")
    expect(article.locator("strong")).to_have_text("every older person living alone")
    image = article.get_by_role("img", name=ALT_TEXT)
    expect(image).to_be_visible()
    expect(image).to_have_attribute("alt", ALT_TEXT)
    expect(article.locator("figcaption")).to_have_text(CAPTION)
    # The picture really loaded, from the guarded address.
    assert image.evaluate("img => img.complete && img.naturalWidth") == 6
    source = image.get_attribute("src")
    assert source is not None
    served = reader.request.get(source)
    assert served.ok
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert_accessible(reader, "published report")
    assert_accessible_in_japanese(reader, "published report")

    # The author sees it published.
    author.reload()
    expect(mine).to_contain_text("Published")


def test_a_trainee_who_has_not_completed_is_refused_the_alumni_pages(
    page: Page,
    accounts: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    sign_in(page, accounts.trainee)
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Alumni")).to_have_count(0)
    expect(page.get_by_role("region", name="Alumni")).to_have_count(0)

    response = page.goto("/alumni/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    expect(page.locator("main")).to_contain_text(
        "The alumni pages are open to people who completed the year-long training program"
    )
    expect(page.locator("main table")).to_have_count(0)
    assert_accessible(page, "alumni home refused to a trainee")
    assert_accessible_in_japanese(page, "alumni home refused to a trainee")

    for address in ("/alumni/directory", "/alumni/profile", "/alumni/reports/new", "/follow-up"):
        response = page.goto(address)
        assert response is not None and response.status == 403, address


def test_an_unsaved_report_comes_back_to_its_author_and_to_no_one_else(
    new_page: Callable[..., Page], accounts: Any, seeded: Any, sign_in: Callable
) -> None:
    page = new_page()  # one browser, shared by two alumnae
    sign_in(page, accounts.alumna)
    page.goto("/alumni/reports/new")
    body = page.get_by_label("Report", exact=True)
    body.fill(REPORT_BODY)

    # The connection drops as she saves.
    page.route("**/alumni/reports/new", lambda route: route.abort()
               if route.request.method == "POST" else route.continue_())
    page.get_by_label("Title").fill(REPORT_TITLE)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(lambda url: not url.startswith("http"))  # the browser's error page
    page.unroute("**/alumni/reports/new")

    page.goto("/alumni/reports/new")
    expect(body).to_have_value(REPORT_BODY)
    expect(autosave_status(page)).to_have_text(
        "Unsaved text kept in this browser has been put back.")

    # Another alumna signing in on the same computer never meets it.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, accounts.fellow_alumna)
    page.goto("/alumni/reports/new")
    expect(body).to_have_value("")
    expect(autosave_status(page)).to_have_text("")
    page.get_by_role("button", name="Sign out").click()

    # Its author finds it again; once saved, no copy stays in the browser.
    sign_in(page, accounts.alumna)
    page.goto("/alumni/reports/new")
    expect(body).to_have_value(REPORT_BODY)
    page.get_by_label("Title").fill(REPORT_TITLE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/alumni/reports/\d+/edit$"))
    expect(body).to_have_value(REPORT_BODY)
    assert kept_drafts(page) == []
