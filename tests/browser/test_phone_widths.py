"""No page is wider than a phone (issue 17, item 10).

The demo (`lms demo`) is seeded once for this module on a server of its own: it gives every
role pages with realistic content (long budget lines, wide grade tables, real names). Each role
(nobody signed in, trainee, mentor, staff, committee member, alumna, applicant, and a few
demo people in a state those are not in) gets one browser context at 360 × 740 and visits its
pages: the home, every link on it, and every link on those (two levels of links), then the
pages further away, addressed from the demo's data (ADDRESSES) and from links mailed with a
token the fixture issues. Each endpoint is visited once per role (a page that shows everyone
the same, once in all), in English and then, the context asking for Japanese, again in
Japanese; a page fails if ``document.documentElement.scrollWidth`` is wider than the
viewport, and the message names the role, the language, the page and what sticks out.

The roles are visited WORKERS at a time, each browser in a thread of its own, and pages wait
for the DOM only (see Visitor.measure): the test measures some 330 pages in about a minute.

So that a new page is not silently left out, the visited endpoints are compared with the URL
map's GET rules: a rule neither visited nor listed in NOT_PAGES (a download, a redirect) fails
the test. An address that does not show its page (an error, or a redirect elsewhere) fails it
too, so a change in the demo cannot quietly leave a page unmeasured.
"""

from __future__ import annotations

import datetime as dt
import queue
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.conftest import CHROMIUM_ARGS, browser_app, serving

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
COURSES = Path(__file__).resolve().parents[2] / "courses"
DEMO_PASSWORD = "bridge-of-practice-2026"  # lms.demo's, public on purpose
NEWCOMER = "newcomer@phones.example"  # registers in the fixture; never confirms the address

#: Each role, with the demo account it signs in as (None: nobody). The demo people after the
#: applicant are found in the seeded data (see _people): their pages are in ADDRESSES only.
ROLES = {
    "staff": "staff@kakehashi.example",
    "trainee": "trainee@kakehashi.example",
    "mentor": "mentor@kakehashi.example",
    "committee member": "committee@kakehashi.example",
    "alumna": "alumna@kakehashi.example",
    "applicant": "applicant@kakehashi.example",
    "facility supervisor": "supervisor@kakehashi.example",
    "anonymous": None,
}
DEPTH = 2
#: Browsers visiting at once (each a thread with its own Playwright).
WORKERS = 3

#: GET rules that answer with a file or data, not a page a person reads on a phone, or only
#: redirect (a notification to the address it was written with, a trainee to the
#: conversation with the mentor).
NOT_PAGES = frozenset({
    "healthz", "lms.notifications.open_one", "lms.messages.with_mentor",
    "lms.admissions.document", "lms.admissions.interview_invitation",
    "lms.admissions_review.document", "lms.admissions_staff.document",
    "lms.admissions_staff.statistics_csv", "lms.alumni.picture", "lms.announcements.attachment",
    "lms.assignments.download", "lms.assignments.gradebook_csv", "lms.calendar.feed",
    "lms.certificates.pdf", "lms.certificates.credential", "lms.certificates.issuer",
    "lms.certificates.key", "lms.certificates.status_list", "lms.curriculum.matrix_csv",
    "lms.grants.attachment", "lms.grants_staff.report_attachment",
    "lms.grants_staff.export_applications", "lms.grants_staff.export_reviews",
    "lms.messages.download", "lms.events.attendance_csv", "lms.accounts.my_data",
    "lms.placements.facilities_csv", "lms.event_delegations.roster_csv",
    "lms.events.report_pdf_file",
    "lms.seminars_moved.seminar_page_moved", "lms.events.public_calendar",
})

#: Pages that show everyone the same content (the header, which is each role's own, is
#: measured on every home): measured for the first role that reaches them only.
SAME_FOR_EVERYONE = frozenset({
    "lms.accounts.change_password", "lms.certificates.verify",
    "lms.certificates.check_credential", "lms.messages.new_office",
    "lms.notifications.choices", "lms.admissions.calls", "lms.admissions.call",
    "lms.events.public_index", "lms.events.public_show",
})

#: Finds what makes the page wider than the viewport: the elements sticking out whose parent
#: does not, outside any element that scrolls or clips on its own.
MEASURE = """() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const links = Array.from(document.querySelectorAll('a[href]'), a => a.href);
  const lang = document.documentElement.lang;
  if (scrollWidth <= width) return {scrollWidth, links, lang, culprits: []};
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
  return {scrollWidth, links, lang, culprits};
}"""


#: The pages no link leads to within two levels of a role's home, by role: each endpoint with
#: the address (made from the demo's data by _addresses) of a page that shows what it can.
#: A role that is not in ROLES signs in as the demo person _people finds for it.
ADDRESSES: dict[str, dict[str, str]] = {
    "staff": {
        "lms.programs.roster": "/cohorts/{cohort}/roster",
        "lms.programs.mentors": "/cohorts/{cohort}/mentors",
        "lms.language.index": "/japanese/",
        "lms.language.levels": "/japanese/cohorts/{cohort}",
        "lms.language.history": "/japanese/cohorts/{cohort}/trainees/{trainee}",
        "lms.programs.edit": "/cohorts/{cohort}/edit",
        "lms.programs.cancel": "/cohorts/{cohort}/cancel",
        "lms.programs.replace": "/cohorts/{cohort}/replace",
        "lms.programs.enroll": "/cohorts/{cohort}/enroll",
        "lms.programs.enrollment_country": "/cohorts/{cohort}/enrollments/{trainee}/country",
        "lms.programs.withdraw": "/cohorts/{cohort}/enrollments/{trainee}/withdraw",
        "lms.assignments.deadlines": "/cohorts/{cohort}/deadlines",
        "lms.assignments.extension_for":
            "/cohorts/{cohort}/trainees/{trainee}/extension/{assignment}",
        "lms.assignments.grade": "/submissions/{graded}/grade",
        "lms.curriculum.matrix": "/cohorts/{cohort}/matrix",
        "lms.placements.board": "/cohorts/{cohort}/placements",
        "lms.placements.place": "/cohorts/{cohort}/placements/{trainee}/facility-practicum-ii",
        "lms.placements.edit_facility": "/placements/facilities/{facility}/edit",
        "lms.placements.readiness":
            "/cohorts/{cohort}/placements/{trainee}/facility-practicum-ii/readiness",
        "lms.safety.close": "/safety/checks/{open_safety_check}/close",
        "lms.concerns.case": "/concerns/{concern}",
        "lms.certificates.completion": "/cohorts/{cohort}/completion",
        "lms.certificates.confirm_completion": "/cohorts/{cohort}/completion/confirm",
        "lms.certificates.override": "/cohorts/{cohort}/completion/{trainee}",
        "lms.certificates.revoke": "/certificates/{certificate}/revoke",
        "lms.announcements.edit": "/announcements/{announcement}/edit",
        "lms.announcements.withdraw": "/announcements/{announcement}/withdraw",
        "lms.events.details": "/events/{seminar}/details",
        "lms.events.add_session": "/events/{seminar}/sessions/new",
        "lms.events.edit_session": "/events/{seminar}/sessions/{session}/edit",
        "lms.events.attendance": "/events/{seminar}/attendance",
        "lms.event_delegations.index": "/events/{seminar}/delegations",
        "lms.event_invitations.index": "/events/{seminar}/invitations",
        "lms.program_catalog.create": "/programs/new",
        "lms.event_delegations.new": "/events/{seminar}/delegations/new",
        "lms.event_delegations.show": "/events/{seminar}/delegations/{delegation}",
        "lms.event_delegations.edit": "/events/{seminar}/delegations/{delegation}/edit",
        "lms.event_delegations.roster": "/events/{seminar}/delegations/roster",
        "lms.event_delegations.add_member":
            "/events/{seminar}/delegations/{delegation}/members/new",
        "lms.event_delegations.edit_member":
            "/events/{seminar}/delegations/{delegation}/members/{delegation_member}/edit",
        "lms.event_delegations.add_visit": "/events/{seminar}/delegations/{delegation}/visits/new",
        "lms.event_delegations.edit_visit":
            "/events/{seminar}/delegations/{delegation}/visits/{delegation_visit}/edit",
        "lms.events.program": "/events/{seminar}/program",
        "lms.events.report": "/events/{seminar}/report",
        # The demo publishes no report: staff read the public page as it will be.
        "lms.events.public_report": "/events/{seminar}/report/public",
        "lms.events.session_attendance": "/events/{seminar}/sessions/{session}/attendance",
        "lms.events.import_attendance":
            "/events/{seminar}/sessions/{session}/attendance/import",
        "lms.admissions_staff.review_due":
            "/admissions/staff/applications/{admission_reviewed}/reviewers/"
            "{admission_review}/due",
        "lms.grants_staff.review_due":
            "/grants/staff/applications/{grant_reviewed}/reviewers/{grant_review}/due",
    },
    "trainee": {"lms.curriculum.item": "/cohorts/{cohort}/course/{assignment}"},
    "alumna": {
        "lms.alumni.edit_report": "/alumni/reports/{returned_report}/edit",
        "lms.alumni.person": "/alumni/people/{listed_alumnus}",
        "lms.grants.mine": "/grants/mine",
        "lms.event_delegations.show": "/events/{seminar}/delegations/{delegation}",
        "lms.grants.report": "/grants/applications/{reported_grant}/reports/{report_kind}",
    },
    "applicant": {"lms.admissions.withdraw": "/admissions/applications/{draft}/withdraw"},
    # The demo's administrator: only the page no other role reaches.
    "administrator": {"lms.concerns.handlers": "/concerns/handlers"},
    "selected applicant": {"lms.admissions.decline": "/admissions/applications/{offer}/decline"},
    "anonymous": {
        "lms.accounts.registration_sent": "/register/sent",
        "lms.accounts.resend_confirmation": "/confirm/resend",
        "lms.accounts.confirm_email": "/confirm/{confirmation_token}",
        "lms.accounts.set_password": "/password/set/{reset_token}",
        "lms.admissions.nominate": "/admissions/nominate/{nomination_token}",
        "lms.certificates.verify_code": "/verify/{verification_code}",
        "lms.safety.answer": "/safety/answer/{safety_token}",
        "lms.events.public_index": "/events/public",
        "lms.events.public_show": "/events/public/{seminar}",
    },
}


@dataclass(frozen=True)
class Demo:
    url: str
    app: Any
    logins: dict[str, str | None]  # role: email
    values: dict[str, Any]  # what ADDRESSES' addresses are made of


@dataclass
class Visits:
    """One role's visits: the endpoints measured (shared by all roles) and the problems."""

    measured: set[str]
    problems: list[str] = field(default_factory=list)


def _addresses(db: Any) -> dict[str, Any]:
    """The ids, slugs and codes ADDRESSES needs, found in the seeded demo."""
    from sqlalchemy import func, select

    from lms.admissions.models import AdmissionApplication
    from lms.admissions.models import ApplicationStatus as Admission
    from lms.alumni.models import AlumniProfile, AlumniReport, ReportStatus
    from lms.announcements.models import Announcement
    from lms.assignments.models import Grade, Submission
    from lms.certificates.models import Certificate
    from lms.concerns.models import Concern
    from lms.curriculum.models import Item, ItemType
    from lms.events.models import EventSession, Registration
    from lms.grants.models import GrantApplication, GrantReport
    from lms.placements.models import HostFacility
    from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole

    alumna = _user(db, ROLES["alumna"])
    applicant = _user(db, ROLES["applicant"])
    trainee = db.scalars(select(Enrollment).join(Cohort).where(
        Cohort.status == CohortStatus.ACTIVE, Enrollment.role == EnrollmentRole.TRAINEE,
        Enrollment.user_id == _user(db, ROLES["trainee"]).id)).first()
    assignment = db.scalars(select(Item).where(
        Item.course_id == trainee.cohort.course_id, Item.type == ItemType.ASSIGNMENT,
        Item.rubric.is_not(None)).order_by(Item.id)).first()
    graded = db.scalars(select(Submission).join(Grade).where(
        Submission.enrollment_id == trainee.id).order_by(Submission.id)).first()
    seminar = db.scalars(select(Registration.cohort_id).group_by(
        Registration.cohort_id).order_by(func.count().desc())).first()
    seminar_session = db.scalars(select(EventSession).where(
        EventSession.cohort_id == seminar).order_by(EventSession.id)).first()
    admission_reviewed, admission_review = _review_under_way(db, AdmissionApplication)
    grant_reviewed, grant_review = _review_under_way(db, GrantApplication)
    grant_report = db.scalars(select(GrantReport).join(GrantApplication).where(
        GrantApplication.applicant_id == alumna.id)).first()
    return {
        "cohort": trainee.cohort_id,
        "trainee": trainee.id,
        "facility": db.scalars(select(HostFacility.id).order_by(HostFacility.id)).first(),
        "concern": db.scalars(select(Concern.id).order_by(Concern.id)).first(),
        "assignment": assignment.slug,
        "graded": graded.id,
        "certificate": db.scalars(select(Certificate.id).where(
            Certificate.revoked_at.is_(None))).first(),
        "verification_code": db.scalars(select(Certificate.verification_code).where(
            Certificate.revoked_at.is_(None))).first(),
        "announcement": db.scalars(select(Announcement.id).where(
            Announcement.withdrawn_at.is_(None)).order_by(Announcement.id)).first(),
        "seminar": seminar,
        "session": seminar_session.id,
        "admission_review": admission_review,
        "admission_reviewed": admission_reviewed,
        "grant_review": grant_review,
        "grant_reviewed": grant_reviewed,
        "returned_report": db.scalars(select(AlumniReport.id).where(
            AlumniReport.author_id == alumna.id,
            AlumniReport.status == ReportStatus.RETURNED)).first(),
        "listed_alumnus": db.scalars(select(AlumniProfile.user_id).where(
            AlumniProfile.listed.is_(True), AlumniProfile.user_id != alumna.id)).first(),
        "reported_grant": grant_report.application_id,
        "report_kind": grant_report.kind.value,
        "draft": db.scalars(select(AdmissionApplication.id).where(
            AdmissionApplication.applicant_id == applicant.id,
            AdmissionApplication.status == Admission.DRAFT)).first(),
        "offer": db.scalars(select(AdmissionApplication.id).where(
            AdmissionApplication.status == Admission.SELECTED).order_by(
            AdmissionApplication.id)).first(),
    }


def _review_under_way(db: Any, model: Any) -> tuple[int, int]:
    """An application with the committee and a reviewer still to review it: its id and the
    reviewer's assignment's (whose due day staff may change)."""
    from sqlalchemy import select

    from lms.reviews.models import AssignmentStatus, ReviewAssignment

    pairs = db.execute(select(model, ReviewAssignment).join(
        ReviewAssignment, model.review_subject_id == ReviewAssignment.subject_id).where(
        ReviewAssignment.status == AssignmentStatus.ACTIVE).order_by(ReviewAssignment.id))
    return next((application.id, assignment.id) for application, assignment in pairs
                if application.is_with_committee
                and (assignment.review is None or not assignment.review.is_submitted))


def _user(db: Any, email: str | None) -> Any:
    from lms.accounts.queries import user_by_email

    return user_by_email(db, email or "")


def _tokens(db: Any, values: dict[str, Any]) -> dict[str, str]:
    """Links a mail would carry, issued as the services issue them: a password reset for the
    applicant, an address confirmation for a newcomer, and a nomination of the applicant's
    draft (whose link the service mails, so its secret is replaced by one known here)."""
    import secrets

    from lms.accounts import tokens
    from lms.accounts.models import TokenPurpose
    from lms.accounts.services import create_user
    from lms.admissions import nominations
    from lms.admissions.models import AdmissionApplication
    from lms.programs.models import Enrollment
    from lms.safety import links
    from lms.safety import services as safety
    from lms.safety.models import SafetyAudience

    applicant = _user(db, ROLES["applicant"])
    newcomer = create_user(db, NEWCOMER, "Ana Lima", DEMO_PASSWORD, country="PH")
    newcomer.email_confirmed_at = None
    hour = dt.timedelta(hours=1)
    nomination = nominations.invite_nominator(
        db, applicant, db.get(AdmissionApplication, values["draft"]),
        nominations.NominatorInput("Maria Santos", "maria.santos@phones.example"))
    nomination_token = secrets.token_urlsafe(32)
    nomination.token_hash = tokens.digest(nomination_token)
    # An open safety check for the trainee's cohort (the demo's drill is closed): its close
    # page for staff, and the answer page a trainee opens from her mail.
    trainee = db.get(Enrollment, values["trainee"])
    check = safety.start(db, _user(db, ROLES["staff"]), safety.CheckInput(
        "An earthquake struck the Tokyo area at 16:10. Are you safe?", SafetyAudience.COHORT,
        cohort_id=trainee.cohort_id))
    delegation, member, visit = _delegation(db, values)
    return {
        "delegation": delegation,
        "delegation_member": member,
        "delegation_visit": visit,
        "open_safety_check": check.id,
        "safety_token": links.token_for(check.id, trainee.user_id),
        "reset_token": tokens.issue_token(db, applicant, TokenPurpose.PASSWORD_RESET, hour),
        "confirmation_token": tokens.issue_token(
            db, newcomer, TokenPurpose.EMAIL_CONFIRMATION, hour),
        "nomination_token": nomination_token,
    }


def _delegation(db: Any, values: dict[str, Any]) -> tuple[int, int, int]:
    """A delegation at the seminar, led by the alumna, with a member who has no account (long
    names, a long lodging) and a visit to a facility of the register: its id, the member's
    and the visit's."""
    from lms.events import delegations
    from lms.events.delegation_models import DelegationDirection, MemberRole
    from lms.programs.models import Cohort

    staff, seminar = _user(db, ROLES["staff"]), db.get(Cohort, values["seminar"])
    delegation = delegations.create_delegation(db, staff, seminar, delegations.DelegationDetails(
        name="Delegation from the Taiwan Fund for Children and Families",
        direction=DelegationDirection.INBOUND, country="TW"))
    delegations.add_member(db, staff, seminar, delegation, delegations.MemberDetails(
        email=ROLES["alumna"] or "", name="", role=MemberRole.LEADER,
        arrives=dt.datetime.combine(seminar.starts_on, dt.time(15, 40)), arrival_by="CI 100",
        lodging="Hotel Grand Arc Hanzomon, 1-1 Hayabusacho, Chiyoda-ku, Tokyo 102-0092"))
    member = delegations.add_member(db, staff, seminar, delegation, delegations.MemberDetails(
        email="", name="Lin Mei-hua Chen-Wang", role=MemberRole.INTERPRETER,
        organization="Taiwan Fund for Children and Families, Taipei Branch Office"))
    visit = delegations.add_visit(db, staff, seminar, delegation, delegations.VisitDetails(
        visited_on=seminar.starts_on, facility_id=values["facility"]))
    return delegation.id, member.id, visit.id


@pytest.fixture(scope="module")
def demo() -> Iterator[Demo]:
    """A server of its own with the demo seeded, every account's language left to the
    browser (so what the context asks for chooses it), and the addresses of ADDRESSES.

    Static files are cached for the hour, as a deployment's web server would: each visit
    then costs one request, not three more to revalidate the style sheet, script and icon."""
    from sqlalchemy import update

    from lms.accounts.models import User
    from lms.admissions.models import AdmissionApplication
    from lms.db import session

    with tempfile.TemporaryDirectory(prefix="lms-phones-") as tmp:
        app = browser_app(tmp, LMS_COURSES_DIR=str(COURSES), LMS_UPLOAD_DIR=f"{tmp}/uploads",
                          SEND_FILE_MAX_AGE_DEFAULT=3600)
        result = app.test_cli_runner().invoke(args=["lms", "demo"])
        assert result.exit_code == 0, result.output
        with app.test_request_context():
            values = _addresses(session)
            values |= _tokens(session, values)
            offer = session.get(AdmissionApplication, values["offer"])
            logins = {**ROLES, "selected applicant": offer.applicant.email,
                      "administrator": "admin@kakehashi.example"}
            session.execute(update(User).values(locale=None))
            session.commit()
        with serving(app) as url:
            yield Demo(url, app, logins, values)


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


@dataclass
class Visitor:
    """One role's page in one browser context, measuring what it loads."""

    page: Page
    adapter: Any
    origin: str
    role: str
    visits: Visits
    language: str = "en"

    def measure(self, endpoint: str, path: str) -> list[str]:
        """Load the page, note what is wrong with it, and return the addresses it links to.
        Waiting for the DOM is enough: the deferred site script runs after the style sheet
        has loaded, and images never widen a page (style.css caps them at its width)."""
        where = f"{self.role}, {self.language}, {endpoint}: {path}"
        response = self.page.goto(path, wait_until="domcontentloaded")
        found = self.page.evaluate(MEASURE)
        shown = _endpoint(self.adapter, self.page.url, self.origin)
        status = response.status if response is not None else 0
        if status >= 400 or shown is None or shown[0] != endpoint:
            self.visits.problems.append(
                f"{where} did not show its page: {status} at {self.page.url}")
        elif found["lang"] != self.language:
            self.visits.problems.append(f"{where} is in {found['lang']!r}")
        if found["scrollWidth"] > PHONE["width"]:
            self.visits.problems.append(
                f"{where} is {found['scrollWidth']} px wide on a {PHONE['width']} px screen; "
                f"sticking out: {'; '.join(found['culprits']) or 'nothing found'}")
        self.visits.measured.add(endpoint)
        return list(found["links"])

    def walk(self, addresses: dict[str, str]) -> list[tuple[str, str]]:
        """From the home, DEPTH levels of links, one address per endpoint, then the given
        addresses: every page measured, in the order measured."""
        pages = [("lms.home.index", "/")]
        seen = {"lms.home.index"}
        level = list(pages)
        for depth in range(DEPTH + 1):
            following = []
            for endpoint, path in level:
                for address in self.measure(endpoint, path):
                    found = _endpoint(self.adapter, address, self.origin)
                    if (depth == DEPTH or found is None or found[0] in seen
                            or (found[0] in SAME_FOR_EVERYONE
                                and found[0] in self.visits.measured)):
                        continue
                    seen.add(found[0])
                    following.append(found)
            pages += following
            level = following
        for endpoint, path in addresses.items():
            self.measure(endpoint, path)
            pages.append((endpoint, path))
        return pages


def _sign_in(page: Page, email: str) -> None:
    page.goto("/login", wait_until="domcontentloaded")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda address: "/login" not in address, wait_until="domcontentloaded")


def _switch_to_japanese(page: Page) -> None:
    """With the header's language form, as a person would (saved on a signed-in account, in
    the session for nobody): the context's Accept-Language cannot be changed once open."""
    form = page.locator("header form").filter(has=page.locator("select[name=locale]"))
    form.locator("select[name=locale]").select_option("ja")
    with page.expect_navigation(wait_until="domcontentloaded"):
        form.get_by_role("button").click()


def _visit_as(browser: Browser, demo: Demo, role: str, visits: Visits) -> None:
    """Every page of the role in English, then the same pages in Japanese."""
    context: BrowserContext = browser.new_context(
        base_url=demo.url, locale="en-GB", viewport=PHONE)
    context.set_default_timeout(15_000)
    with context:
        visitor = Visitor(context.new_page(), demo.app.url_map.bind(urlsplit(demo.url).netloc),
                          demo.url, role, visits)
        email = demo.logins[role]
        if email is not None:
            _sign_in(visitor.page, email)
        addresses = {endpoint: address.format(**demo.values)
                     for endpoint, address in ADDRESSES.get(role, {}).items()}
        if role in ROLES:
            pages = visitor.walk(addresses)
        else:
            pages = list(addresses.items())
            for endpoint, path in pages:
                visitor.measure(endpoint, path)
        _switch_to_japanese(visitor.page)
        visitor.language = "ja"
        for endpoint, path in pages:
            visitor.measure(endpoint, path)


def _worker(chromium_path: str, demo: Demo, roles: queue.SimpleQueue[str],
            visits: dict[str, Visits], measured: set[str]) -> None:
    """Visit as the roles left in the queue, with a browser of the thread's own (Playwright's
    synchronous API belongs to the thread that started it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            while True:
                try:
                    role = roles.get_nowait()
                except queue.Empty:
                    return
                visits[role] = Visits(measured)
                _visit_as(browser, demo, role, visits[role])
        finally:
            browser.close()


def test_no_page_is_wider_than_a_phone(chromium_path: str, demo: Demo) -> None:
    """The roles are visited WORKERS at a time: while one browser lays a page out, the server
    renders another's."""
    roles: queue.SimpleQueue[str] = queue.SimpleQueue()
    for role in demo.logins:  # the role with the most pages first
        roles.put(role)
    visits: dict[str, Visits] = {}
    measured: set[str] = set()
    with ThreadPoolExecutor(WORKERS) as pool:
        for worker in [pool.submit(_worker, chromium_path, demo, roles, visits, measured)
                       for _ in range(WORKERS)]:
            worker.result()
    pages = {rule.endpoint for rule in demo.app.url_map.iter_rules()
             if "GET" in (rule.methods or ()) and not rule.endpoint.endswith("static")}
    left_out = sorted(pages - measured - NOT_PAGES)
    message = "\n".join(problem for role in demo.logins for problem in visits[role].problems)
    if left_out:
        message += ("\nGET rules no role visited (link them from a page of their role, give "
                    "their address in ADDRESSES, or list them in NOT_PAGES with the reason):\n"
                    + "\n".join(left_out))
    assert not message, message
