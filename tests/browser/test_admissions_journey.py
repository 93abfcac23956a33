"""Admissions in a real browser, from the public call to a place in the cohort.

A social worker finds the call on the public calls page, creates an account from the call and
confirms her address through the mailed link, which brings her back to the call signed in. She
fills the application in without JavaScript's help, chooses to be nominated by email, uploads
her CV but not her passport and submits: every problem is listed at the top and stands beside
its field. She uploads the passport and invites her nominator, who opens the mailed link in a
browser of his own, without an account, and confirms; the link then works no more. She submits.
Staff find the application eligible and ask a committee member to review it; the member scores
every criterion and recommends her; staff select her with a message. She confirms her place and
is a trainee of the cohort, with the steps before arrival in front of her. Every page passes
axe, the main ones in Japanese too.

The call and its cohort are made here, through the services, so no other test meets them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.locate import fact, flash, mail_link, path_of

pytestmark = pytest.mark.browser

CALL_TITLE = "Browser admissions: call for the 47th cohort"
COHORT_TITLE = "47th cohort (browser admissions)"
COHORT_NUMBER = 47

APPLICANT_NAME = "Rosalinda Dela Cruz"
APPLICANT_EMAIL = "rosalinda@admissions.browser.kakehashi.example"
# Not the seeded people's password: it is typed into the registration form, whose policy
# judges it afresh.
APPLICANT_PASSWORD = "amber-kettle-monsoon-77"
NOMINATOR_NAME = "Eduardo Villanueva"
NOMINATOR_EMAIL = "eduardo.villanueva@nominator.browser.kakehashi.example"
DECISION_MESSAGE = "Congratulations: the committee was struck by your home-care work in Pasig."

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MOTIVATION = " ".join(
    ["I coordinate home care for older people in Pasig City and want to learn how Japanese "
     "community care links hospitals, families and neighbourhood volunteers."] * 8)
REVISED_MOTIVATION = MOTIVATION + " Pasig's barangay health workers would carry it on."
CV = "Curriculum vitae"
PASSPORT = "Passport (the page with your photo)"
CRITERIA = (
    "Experience in social welfare practice",
    "Motivation and learning goals",
    "Use of the training at home",
    "Language and readiness for a year in Japan",
)


def _open_call(server: Any) -> tuple[int, int]:
    """A planned cohort of the year-long program, on the test course, and its call, open from
    yesterday for four weeks: a CV and the passport page to send, English at an advanced level
    and three years in social welfare asked."""
    from sqlalchemy import select

    from lms.accounts.models import User
    from lms.admissions import services as admissions
    from lms.admissions.models import DocumentKind, LanguageLevel
    from lms.curriculum.models import Course
    from lms.db import session
    from lms.programs import services as programs
    from lms.programs.models import Program

    with server.app.app_context():
        staff = session.scalars(select(User).where(User.email.startswith("staff@"))).one()
        program = session.scalars(select(Program).where(Program.slug == "aswwtp")).one()
        course = session.scalars(select(Course).where(Course.slug == "year-course")).one()
        today = dt.date.today()
        starts_on = today + dt.timedelta(days=200)
        cohort = programs.create_cohort(session, staff, program, programs.CohortDetails(
            number=COHORT_NUMBER, fiscal_year=starts_on.year, title=COHORT_TITLE,
            starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=347),
            timezone="Asia/Tokyo", capacity=6, course_id=course.id))
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        call = admissions.create_call(session, staff, admissions.CallInput(
            cohort_id=cohort.id, title=CALL_TITLE, timezone="UTC",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=28),
            capacity=6, country_quota=2, min_years_in_welfare=3,
            required_language="en", required_language_level=int(LanguageLevel.ADVANCED),
            required_documents=[DocumentKind.CV.value, DocumentKind.PASSPORT.value],
            eligibility="Social workers in public or private welfare services.",
            guidance="The program pays **travel, housing and a monthly allowance**."))
        session.commit()
        return call.id, cohort.id


def _trainee_emails(server: Any, cohort_id: int) -> list[str]:
    """The email addresses of the cohort's active trainees."""
    from sqlalchemy import select

    from lms.accounts.models import User
    from lms.db import session
    from lms.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus

    with server.app.app_context():
        return list(session.scalars(
            select(User.email).join(Enrollment, Enrollment.user_id == User.id)
            .where(Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.TRAINEE,
                   Enrollment.status == EnrollmentStatus.ACTIVE)))


def _saved_motivation(server: Any, application_id: int) -> str:
    """The motivation the server holds for the application, whatever the page shows."""
    from lms.admissions.models import AdmissionApplication
    from lms.db import session

    with server.app.app_context():
        return session.get(AdmissionApplication, application_id).motivation


def _pdf(name: str) -> dict[str, Any]:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_a_social_worker_applies_is_nominated_reviewed_selected_and_joins_the_cohort(
    new_page: Callable[..., Page],
    accounts: Any,
    server: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    call_id, cohort_id = _open_call(server)

    # The public calls page, then the call, to anyone.
    applicant = new_page()
    applicant.goto("/admissions/")
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Calls for applications")
    assert_accessible(applicant, "public calls")
    assert_accessible_in_japanese(applicant, "public calls")
    applicant.get_by_role("link", name=CALL_TITLE, exact=True).click()
    assert path_of(applicant) == f"/admissions/calls/{call_id}"
    expect(applicant.get_by_role("heading", level=1)).to_have_text(CALL_TITLE)
    documents = applicant.get_by_role("region", name="Documents to send")
    expect(documents).to_contain_text(CV)
    expect(documents).to_contain_text(PASSPORT)
    assert_accessible(applicant, "call page")
    assert_accessible_in_japanese(applicant, "call page")

    # She creates an account from the call.
    applicant.get_by_role("link", name="Create an account to apply").click()
    assert path_of(applicant) == "/register"
    assert_accessible(applicant, "registration form")
    assert_accessible_in_japanese(applicant, "registration form")
    applicant.get_by_label("Your name", exact=True).fill(APPLICANT_NAME)
    applicant.get_by_label("Email address", exact=True).fill(APPLICANT_EMAIL)
    applicant.get_by_label("Password", exact=True).fill(APPLICANT_PASSWORD)
    applicant.get_by_label("Password again", exact=True).fill(APPLICANT_PASSWORD)
    applicant.get_by_label("Country where you work", exact=True).select_option("PH")
    applicant.get_by_label("Time zone", exact=True).select_option("Asia/Manila")
    applicant.get_by_role("button", name="Create account").click()
    assert path_of(applicant) == "/register/sent"
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(applicant, "registration sent")

    # The mailed link brings her back to the call, signed in.
    applicant.goto(mail_link(server, APPLICANT_EMAIL, "Confirm your email address"))
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert_accessible(applicant, "email confirmation")
    applicant.get_by_role("button", name="Confirm and sign in").click()
    expect(applicant).to_have_url(re.compile(rf"/admissions/calls/{call_id}$"))
    expect(flash(applicant, "Your email address is confirmed")).to_be_visible()
    assert_accessible(applicant, "call page, signed in")

    # She starts her application and fills it in.
    applicant.get_by_role("region", name="Apply").get_by_role("button", name="Apply").click()
    expect(applicant).to_have_url(re.compile(r"/admissions/applications/\d+/edit$"))
    application_id = int(re.search(r"/applications/(\d+)/", applicant.url).group(1))
    edit_path = f"/admissions/applications/{application_id}/edit"
    # Filled in from her account.
    expect(applicant.get_by_label("Full name, as in your passport")).to_have_value(APPLICANT_NAME)
    expect(applicant.get_by_label("Country you live and work in")).to_have_value("PH")
    assert_accessible(applicant, "application form")
    assert_accessible_in_japanese(applicant, "application form")

    applicant.get_by_label("Date of birth", exact=True).fill("1988-09-14")
    applicant.get_by_label("Gender", exact=True).select_option("female")
    applicant.get_by_label("Phone number", exact=True).fill("+63 2 8641 1906")
    applicant.get_by_label("Organization you work for", exact=True).fill(
        "Pasig City Social Welfare and Development Office")
    applicant.get_by_label("Your position there", exact=True).fill("Senior social worker")
    applicant.get_by_label("Profession", exact=True).fill("Social worker")
    applicant.get_by_label("Years worked in social welfare", exact=True).fill("9")
    applicant.get_by_label("Language 1", exact=True).select_option("en")
    applicant.get_by_label("Level of language 1", exact=True).select_option("4")
    applicant.get_by_label("Language 2", exact=True).select_option("fil")
    applicant.get_by_label("Level of language 2", exact=True).select_option("4")
    applicant.get_by_label("Why you apply", exact=True).fill(MOTIVATION)
    applicant.get_by_label("I ask my nominator to confirm by email", exact=True).check()
    applicant.get_by_role("button", name="Save draft").first.click()
    expect(flash(applicant, "Your draft has been saved.")).to_be_visible()
    assert path_of(applicant) == edit_path
    assert_accessible(applicant, "application form, draft saved")

    # The CV, but not the passport, uploaded in the middle of typing: the sentence she adds
    # and does not save goes with the upload, which is part of the application's form.
    applicant.get_by_label("Why you apply", exact=True).fill(REVISED_MOTIVATION)
    applicant.get_by_label(f"Upload: {CV}", exact=True).set_input_files(_pdf("cv.pdf"))
    applicant.get_by_role("button", name=f"Upload {CV}").click()
    expect(flash(applicant, f"{CV} has been uploaded.")).to_be_visible()
    expect(applicant.get_by_role("link", name="cv.pdf")).to_be_visible()
    expect(applicant.get_by_label("Why you apply", exact=True)).to_have_value(REVISED_MOTIVATION)
    assert _saved_motivation(server, application_id) == REVISED_MOTIVATION
    assert_accessible(applicant, "application form with a document")

    # Submitting too early: every problem at the top, and each beside its field.
    applicant.get_by_role("button", name="Submit", exact=True).first.click()
    summary = applicant.locator("main .error-summary")
    expect(summary).to_contain_text("Your draft is saved, but it could not be submitted yet")
    passport_problem = f"Upload this document: {PASSPORT}."
    expect(summary.get_by_role("link", name=f"{PASSPORT}: {passport_problem}")).to_have_attribute(
        "href", "#document-passport")
    expect(summary.get_by_role("link", name="Nominator: Invite your nominator.")).to_have_attribute(
        "href", "#nominator_name")
    expect(summary.get_by_role("listitem")).to_have_count(2)
    passport = applicant.get_by_label(f"Upload: {PASSPORT}", exact=True)
    expect(passport).to_have_attribute("aria-invalid", "true")
    described_by = (passport.get_attribute("aria-describedby") or "").split()
    expect(applicant.locator(", ".join(f"[id='{name}']" for name in described_by))
           .filter(has_text=passport_problem)).to_have_count(1)
    nominator_name = applicant.get_by_label("Nominator's name", exact=True)
    expect(nominator_name).to_have_attribute("aria-invalid", "true")
    # What she typed is kept, and the CV is not required again.
    expect(applicant.get_by_label("Why you apply", exact=True)).to_have_value(REVISED_MOTIVATION)
    expect(applicant.get_by_label(f"Upload: {CV}", exact=True)).to_have_count(0)
    assert_accessible(applicant, "application form with problems")

    # The passport, then her nominator.
    passport.set_input_files(_pdf("passport.pdf"))
    applicant.get_by_role("button", name=f"Upload {PASSPORT}").click()
    expect(flash(applicant, f"{PASSPORT} has been uploaded.")).to_be_visible()
    expect(applicant.locator("main .error-summary")).to_have_count(0)
    assert_accessible(applicant, "application form with both documents")
    applicant.get_by_label("Nominator's name", exact=True).fill(NOMINATOR_NAME)
    applicant.get_by_label("Nominator's email address", exact=True).fill(NOMINATOR_EMAIL)
    applicant.get_by_label("Nominator's organization", exact=True).fill(
        "Pasig City Social Welfare and Development Office")
    applicant.get_by_label("Nominator's position", exact=True).fill("Head of office")
    applicant.get_by_role("button", name="Invite the nominator").click()
    expect(flash(applicant, f"We have emailed {NOMINATOR_NAME} a link")).to_be_visible()
    nominator_section = applicant.get_by_role("region", name="Nominator", exact=True)
    expect(nominator_section).to_contain_text("not answered yet")
    assert_accessible(applicant, "application form, nominator invited")

    # The nominator, without an account, in a browser of his own.
    nomination_link = mail_link(server, NOMINATOR_EMAIL, "asks you to nominate them")
    nominator = new_page()
    nominator.goto(nomination_link)
    expect(nominator.get_by_role("heading", level=1)).to_have_text(f"Nominate {APPLICANT_NAME}")
    expect(fact(nominator, "Call")).to_have_text(CALL_TITLE)
    # Only who asks and for what: nothing she wrote.
    expect(nominator.locator("main")).not_to_contain_text("Pasig City and want to learn")
    assert_accessible(nominator, "nominator page")
    assert_accessible_in_japanese(nominator, "nominator page")
    nominator.get_by_label("Your statement", exact=True).fill(
        "I have supervised Rosalinda for six years; she built our home-care visiting team.")
    nominator.get_by_role("button", name="Confirm the nomination").click()
    expect(nominator.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(nominator.locator("main")).to_contain_text(
        f"You have confirmed the nomination of {APPLICANT_NAME}")
    assert_accessible(nominator, "nomination confirmed")

    # The link works once.
    response = nominator.goto(nomination_link)
    assert response is not None and response.status == 410
    expect(nominator.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    expect(nominator.locator("main")).to_contain_text(
        "This link has expired or has already been used.")
    expect(nominator.get_by_role("button", name="Confirm the nomination")).to_have_count(0)
    assert_accessible(nominator, "nomination link used")

    # She submits.
    applicant.goto(edit_path)
    expect(applicant.get_by_role("region", name="Nominator", exact=True)).to_contain_text(
        "confirmed your nomination")
    assert_accessible(applicant, "application form, nomination confirmed")
    applicant.get_by_role("button", name="Submit", exact=True).first.click()
    expect(applicant).to_have_url(re.compile(rf"/admissions/applications/{application_id}$"))
    expect(flash(applicant, "Your application has been sent.")).to_be_visible()
    expect(fact(applicant, "State")).to_have_text("submitted, waiting for screening")
    assert_accessible(applicant, "application sent")
    assert_accessible_in_japanese(applicant, "application sent")

    # Staff screen it and ask the committee member to review it.
    staff = new_page()
    sign_in(staff, accounts.staff)
    staff.goto("/admissions/staff/")
    assert_accessible(staff, "staff calls")
    staff.get_by_role("link", name=CALL_TITLE, exact=True).click()
    assert path_of(staff) == f"/admissions/staff/calls/{call_id}"
    assert_accessible(staff, "staff call page")
    staff.get_by_role("link", name=APPLICANT_NAME, exact=True).click()
    assert path_of(staff) == f"/admissions/staff/applications/{application_id}"
    expect(staff.get_by_role("heading", level=1)).to_have_text(APPLICANT_NAME)
    expect(staff.get_by_role("region", name="The application")).to_contain_text(
        "confirmed the nomination")
    assert_accessible(staff, "staff application page")
    staff.get_by_label("Eligible: send it to the selection committee", exact=True).check()
    staff.get_by_role("button", name="Record the screening").click()
    expect(flash(staff, "The application is eligible")).to_be_visible()
    assert_accessible(staff, "staff application page, eligible")
    staff.get_by_label("Committee member", exact=True).select_option(label=accounts.committee.name)
    staff.get_by_role("button", name="Ask to review").click()
    expect(flash(staff, f"{accounts.committee.name} is asked to review")).to_be_visible()
    expect(staff.get_by_role("region", name="Reviewers", exact=True).first).to_contain_text(
        accounts.committee.name)
    assert_accessible(staff, "staff application page with the committee")
    assert_accessible_in_japanese(staff, "staff application page with the committee")

    # The member scores it, from the mailed link.
    member = new_page()
    sign_in(member, accounts.committee)
    member.goto("/admissions/reviews/")
    expect(member.get_by_role("link", name=APPLICANT_NAME, exact=True)).to_be_visible()
    assert_accessible(member, "applicants to review")
    member.goto(mail_link(server, accounts.committee.email, "An application to review"))
    expect(member.get_by_role("heading", level=1)).to_have_text(f"Review: {APPLICANT_NAME}")
    assert_accessible(member, "review form")
    assert_accessible_in_japanese(member, "review form")
    for criterion in CRITERIA:
        member.get_by_role("group", name=criterion).get_by_label("4 – good", exact=True).check()
    member.get_by_label("Yes: select", exact=True).check()
    member.get_by_label("Comments", exact=True).fill("Long practice and a clear plan for home.")
    member.get_by_role("button", name="Submit review").click()
    expect(flash(member, "Your review is submitted.")).to_be_visible()
    expect(fact(member, "Weighted score")).to_have_text("4.00")
    expect(fact(member, "Recommendation")).to_have_text("Yes: select")
    assert_accessible(member, "submitted review")

    # Staff select her, with a message.
    staff.reload()
    expect(staff.get_by_role("region", name="Reviews", exact=True)).to_contain_text("4.00")
    assert_accessible(staff, "staff application page with the review")
    staff.get_by_label("Selected: offer a place", exact=True).check()
    staff.get_by_label("Message to the applicant", exact=True).fill(DECISION_MESSAGE)
    staff.get_by_role("button", name="Record the decision").click()
    expect(flash(staff, "The decision is recorded")).to_be_visible()
    expect(fact(staff, "State")).to_have_text("selected")
    expect(staff.get_by_role("region", name="Decision", exact=True)).to_contain_text(
        DECISION_MESSAGE)
    assert_accessible(staff, "staff application page, selected")

    # She reads the offer from the mailed link and confirms her place.
    applicant.goto(mail_link(server, APPLICANT_EMAIL, "You are selected"))
    assert path_of(applicant) == f"/admissions/applications/{application_id}"
    expect(fact(applicant, "State")).to_have_text("selected")
    expect(applicant.get_by_role("region", name="The selection committee's message")
           ).to_contain_text(DECISION_MESSAGE)
    expect(applicant.locator("main")).not_to_contain_text(accounts.committee.name)
    assert_accessible(applicant, "offer of a place")
    applicant.get_by_role("button", name="Confirm my place").click()
    expect(flash(applicant, f"Your place is confirmed. Welcome to {COHORT_TITLE}!")
           ).to_be_visible()
    expect(fact(applicant, "State")).to_have_text("place confirmed")
    checklist = applicant.get_by_role("table", name="Steps before arrival")
    for step in ("Passport and visa", "Health certificate", "Arrival date and flight"):
        expect(checklist.get_by_role("rowheader", name=step)).to_be_visible()
    assert_accessible(applicant, "place confirmed, with the checklist")
    assert_accessible_in_japanese(applicant, "place confirmed, with the checklist")
    assert _trainee_emails(server, cohort_id) == [APPLICANT_EMAIL]

    # On the same account, she is a trainee of the cohort.
    applicant.get_by_role("link", name=f"Go to {COHORT_TITLE}").click()
    assert path_of(applicant) == f"/cohorts/{cohort_id}/course"
    expect(applicant.locator("main")).to_contain_text(COHORT_TITLE)
    expect(applicant.locator("main")).to_contain_text("Your progress")
    assert_accessible(applicant, "the cohort's course")
