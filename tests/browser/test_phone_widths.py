"""No page is wider than a phone (issue 17, item 10).

The demo (`lms demo`) is seeded once for this module on a server of its own: it gives every
role pages with realistic content (long budget lines, wide grade tables, real names). Each role
(nobody signed in, trainee, mentor, staff, committee member, alumna, applicant) gets one
browser context per language at 360 × 740 and walks its pages: the home, every link on it
(the navigation among them), and every link on those: two levels of links. Each page is
loaded once per endpoint of the URL map and role, in English and again in Japanese, and fails
if ``document.documentElement.scrollWidth`` is wider than the viewport; the message names the
role, the language, the page and what sticks out.

So that a new page is not silently left out, the walk's endpoints are compared with the URL
map's GET rules: a rule that is neither reached nor listed below (as a download, or as a page
no link leads to) fails the test.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.browser.conftest import browser_app, serving

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
COURSES = Path(__file__).resolve().parents[2] / "courses"
DEMO_PASSWORD = "bridge-of-practice-2026"  # lms.demo's, public on purpose

#: Each role the walk takes, with the demo account it signs in as (None: nobody).
ROLES = {
    "staff": "staff@kakehashi.example",
    "trainee": "trainee@kakehashi.example",
    "mentor": "mentor@kakehashi.example",
    "committee member": "committee@kakehashi.example",
    "alumna": "alumna@kakehashi.example",
    "applicant": "applicant@kakehashi.example",
    "anonymous": None,
}
LANGUAGES = {"English": "en-GB", "Japanese": "ja-JP"}
DEPTH = 2

#: GET rules that answer with a file or data, not a page a person reads on a phone, or only
#: redirect (a notification to the address it was written with, the demo's own).
NOT_PAGES = frozenset({
    "healthz", "lms.notifications.open_one",
    "lms.admissions.document", "lms.admissions.interview_invitation",
    "lms.admissions_review.document", "lms.admissions_staff.document",
    "lms.admissions_staff.statistics_csv", "lms.alumni.picture", "lms.announcements.attachment",
    "lms.assignments.download", "lms.assignments.gradebook_csv", "lms.calendar.feed",
    "lms.certificates.pdf", "lms.certificates.credential", "lms.certificates.issuer",
    "lms.certificates.key", "lms.certificates.status_list", "lms.curriculum.matrix_csv",
    "lms.grants.attachment", "lms.grants_staff.report_attachment",
    "lms.grants_staff.export_applications", "lms.grants_staff.export_reviews",
    "lms.messages.download", "lms.seminars.attendance_csv", "lms.accounts.my_data",
})

#: Pages no link leads to within two levels of a role's home in the demo, and why. Walking
#: three levels reaches most of the last group, but takes twice as long.
NOT_LINKED = {
    "lms.admissions.nominate": "reached from the nominator's mail, with its token",
    "lms.accounts.confirm_email": "reached from the confirmation mail, with its token",
    "lms.accounts.set_password": "reached from the invitation or reset mail, with its token",
    "lms.accounts.registration_sent": "shown after registering (a POST)",
    "lms.accounts.resend_confirmation": "linked from the page shown after registering",
    "lms.certificates.verify_code": "reached from a certificate's QR code or printed address",
    "lms.messages.with_mentor": "only redirects to the conversation with the mentor",
    **dict.fromkeys((
        "lms.admissions.decline", "lms.admissions.withdraw", "lms.admissions_staff.review_due",
        "lms.alumni.edit_report", "lms.alumni.person", "lms.announcements.edit",
        "lms.announcements.withdraw", "lms.assignments.deadlines",
        "lms.assignments.extension_for", "lms.certificates.completion",
        "lms.certificates.confirm_completion", "lms.certificates.override",
        "lms.certificates.revoke", "lms.curriculum.matrix", "lms.grants.mine",
        "lms.grants.report", "lms.grants_staff.review_due", "lms.programs.cancel",
        "lms.programs.edit", "lms.programs.enroll", "lms.programs.enrollment_country",
        "lms.programs.mentors", "lms.programs.roster", "lms.programs.withdraw",
        "lms.seminars.add_session", "lms.seminars.attendance", "lms.seminars.details",
        "lms.seminars.edit_session",
    ), "three or more links from the home"),
}

#: Finds what makes the page wider than the viewport: the elements sticking out whose parent
#: does not, outside any element that scrolls or clips on its own.
MEASURE = """() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const links = Array.from(document.querySelectorAll('a[href]'), a => a.href);
  if (scrollWidth <= width) return {scrollWidth, links, culprits: []};
  const clipped = element => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const describe = element => {
    const classes = Array.from(element.classList, name => '.' + name).join('');
    const text = (element.textContent || element.value || '').trim().replace(/\\s+/g, ' ');
    return `<${element.localName}${classes}> "${text.slice(0, 30)}"`
      + ` to ${Math.round(element.getBoundingClientRect().right)} px`;
  };
  const culprits = Array.from(document.body.querySelectorAll('*')).filter(element =>
    element.getBoundingClientRect().right > width + 0.5
    && element.parentElement.getBoundingClientRect().right <= width + 0.5
    && !clipped(element)).slice(0, 3).map(describe);
  return {scrollWidth, links, culprits};
}"""


@dataclass
class Walk:
    """One role's pages: the first address found for each endpoint, in the order found."""

    pages: dict[str, str] = field(default_factory=dict)  # endpoint: path
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def demo_server() -> Iterator[tuple[str, Any]]:
    """A server of its own with the demo seeded, every account's language left to the
    browser (so the context's locale chooses it)."""
    from sqlalchemy import update

    from lms.accounts.models import User
    from lms.db import session

    with tempfile.TemporaryDirectory(prefix="lms-phones-") as tmp:
        app = browser_app(tmp, LMS_COURSES_DIR=str(COURSES), LMS_UPLOAD_DIR=f"{tmp}/uploads")
        result = app.test_cli_runner().invoke(args=["lms", "demo"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            session.execute(update(User).values(locale=None))
            session.commit()
        with serving(app) as url:
            yield url, app


def _context(browser: Browser, url: str, language: str, email: str | None) -> BrowserContext:
    context = browser.new_context(base_url=url, locale=LANGUAGES[language], viewport=PHONE)
    context.set_default_timeout(15_000)
    if email is not None:
        page = context.new_page()
        page.goto("/login")
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(lambda address: "/login" not in address)
        page.close()
    return context


def _endpoint(adapter: Any, address: str, origin: str) -> tuple[str, str] | None:
    """The endpoint a link leads to and its path (with the query), or None when it leaves
    the site or leads to no page."""
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    parts = urlsplit(address)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    try:
        endpoint, _arguments = adapter.match(parts.path, method="GET")
    except (HTTPException, RequestRedirect):
        return None
    if endpoint in NOT_PAGES or endpoint.endswith("static"):
        return None
    return str(endpoint), parts.path + (f"?{parts.query}" if parts.query else "")


def _check(context: BrowserContext, path: str, where: str, walk: Walk) -> list[str]:
    """Load the page, note what is wrong with it, and return the addresses it links to."""
    page = context.pages[0] if context.pages else context.new_page()
    response = page.goto(path)
    if response is not None and response.status >= 500:
        walk.problems.append(f"{where}: {path} answered {response.status}")
        return []
    found = page.evaluate(MEASURE)
    if found["scrollWidth"] > PHONE["width"]:
        walk.problems.append(
            f"{where}: {path} is {found['scrollWidth']} px wide on a {PHONE['width']} px "
            f"screen; sticking out: {'; '.join(found['culprits']) or 'nothing found'}")
    return list(found["links"])


def _walk(context: BrowserContext, adapter: Any, origin: str, where: str) -> Walk:
    """From the home, DEPTH levels of links, one address per endpoint."""
    walk = Walk({"lms.home.index": "/"})
    level = ["lms.home.index"]
    for depth in range(DEPTH + 1):
        following = []
        for endpoint in level:
            for address in _check(context, walk.pages[endpoint], f"{where}, {endpoint}", walk):
                found = _endpoint(adapter, address, origin)
                if found and depth < DEPTH and found[0] not in walk.pages:
                    walk.pages[found[0]] = found[1]
                    following.append(found[0])
        level = following
    return walk


def test_no_page_is_wider_than_a_phone(browser: Browser,
                                       demo_server: tuple[str, Any]) -> None:
    url, app = demo_server
    adapter = app.url_map.bind(urlsplit(url).netloc)
    problems, reached = [], set()
    for role, email in ROLES.items():
        with _context(browser, url, "English", email) as english:
            walk = _walk(english, adapter, url, f"{role}, English")
        reached.update(walk.pages)
        with _context(browser, url, "Japanese", email) as japanese:
            for endpoint, path in walk.pages.items():
                _check(japanese, path, f"{role}, Japanese, {endpoint}", walk)
        problems += walk.problems
    pages = {rule.endpoint for rule in app.url_map.iter_rules()
             if "GET" in (rule.methods or ()) and not rule.endpoint.endswith("static")}
    left_out = sorted(pages - reached - NOT_PAGES - set(NOT_LINKED))
    message = "Pages wider than a phone:\n" + "\n".join(problems) if problems else ""
    if left_out:
        message += ("\nGET rules no role's walk reached (link them from a page of their role, or "
                    "list them in NOT_PAGES or NOT_LINKED with the reason):\n"
                    + "\n".join(left_out))
    assert not message, message
