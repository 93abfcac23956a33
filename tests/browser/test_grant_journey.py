"""The grant program in a real browser, from application to closed grant.

An alumna starts an application to a round open now, fills it in without JavaScript's help,
submits a budget whose lines do not add up (the problem is listed at the top and stands beside
the total), corrects it and submits. Staff find it eligible and ask a committee member to
review it; the member scores it and recommends it; staff approve it within the budget. The
alumna reads the decision, accepts the terms and files the final report; staff accept it and
the grant is closed. Every page passes axe, the main ones in Japanese too.

The round is made here, through the services, so no other test meets it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.locate import autosave_status, fact, kept_drafts, path_of

pytestmark = pytest.mark.browser

ROUND_TITLE = "Browser grants 2026"
AUTOSAVE_TIMEOUT = 10_000  # the page saves 3 seconds after the last key press
PROJECT = "Peer support for family caregivers in Seoul"
CRITERIA = (
    "Need and who benefits",
    "Use of what was learned in Japan",
    "Feasibility of the plan and timeline",
    "Budget: realistic and good value",
    "Sustainability after the grant",
)


def _open_round(server: Any, title: str = ROUND_TITLE) -> int:
    from sqlalchemy import select

    from lms.accounts.models import User
    from lms.db import session
    from lms.grants import services

    with server.app.app_context():
        staff = session.scalars(select(User).where(User.email.startswith("staff@"))).one()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        grant_round = services.create_round(session, staff, services.RoundInput(
            fiscal_year=2026, title=title, timezone="UTC",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30),
            budget=3_000_000, largest_award=1_000_000,
            progress_report_due_on=(now + dt.timedelta(days=150)).date(),
            final_report_due_on=(now + dt.timedelta(days=300)).date()))
        session.commit()
        return grant_round.id


def test_an_alumna_applies_the_committee_scores_staff_approve_and_she_reports(
    new_page: Callable[..., Page],
    accounts: Any,
    server: Any,
    sign_in: Callable,
    assert_accessible: Callable,
    assert_accessible_in_japanese: Callable,
) -> None:
    round_id = _open_round(server)

    # The alumna finds the round and starts an application.
    alumna = new_page()
    sign_in(alumna, accounts.alumna)
    alumna.goto("/grants/")
    expect(alumna.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(alumna, "grant rounds")
    assert_accessible_in_japanese(alumna, "grant rounds")
    alumna.get_by_role("region", name=ROUND_TITLE).get_by_role(
        "button", name="Start an application").click()
    expect(alumna).to_have_url(re.compile(r"/grants/applications/\d+/edit$"))
    application_id = int(re.search(r"/applications/(\d+)/", alumna.url).group(1))

    # Everything, with a total that is not the sum of the lines.
    alumna.get_by_label("Title of the project", exact=True).fill(PROJECT)
    alumna.get_by_label("Country where the project takes place", exact=True).select_option("KR")
    alumna.get_by_label("Organization that runs the project", exact=True).fill(
        "Seoul Community Welfare Centre")
    alumna.get_by_label("Your role in the organization", exact=True).fill("Team leader")
    for label, text in (
        ("The problem the project addresses", "Family caregivers of older people in Mapo "
         "district carry the care alone and burn out."),
        ("How the project uses what you learned in Japan", "Caregivers' cafés as run by a "
         "community general support centre in Yokohama."),
        ("Objectives", "Forty caregivers meet monthly and know where to find respite care."),
        ("Activities and timeline", "Months 1-2 train peer leaders; months 3-12 monthly "
         "cafés and home visits."),
        ("Who benefits", "Family caregivers of older people living at home"),
        ("How you will measure success", "Caregivers attending; burden scores at start and "
         "end."),
        ("Risks and how you will handle them", "Leaders drop out: two are trained for each "
         "café."),
    ):
        alumna.get_by_label(label, exact=True).fill(text)
    alumna.get_by_label("Number of people the project will reach", exact=True).fill("40")
    alumna.get_by_label("Your currency", exact=True).fill("KRW")
    alumna.get_by_label("Exchange rate", exact=True).fill("0.11")
    alumna.get_by_label("Line 1: Category", exact=True).select_option("training")
    alumna.get_by_label("Line 1: What it pays for", exact=True).fill("Peer leader training, 4 days")
    alumna.get_by_label("Line 1: Amount in your currency", exact=True).fill("3000000")
    alumna.get_by_label("Line 2: Category", exact=True).select_option("venue")
    alumna.get_by_label("Line 2: What it pays for", exact=True).fill("Café room rent, 10 months")
    alumna.get_by_label("Line 2: Amount in your currency", exact=True).fill("2000000")
    alumna.get_by_label("Total requested, in your currency", exact=True).fill("6000000")
    alumna.get_by_role("button", name="Submit", exact=True).click()

    problem = "The budget lines add up to 5,000,000 KRW, not 6,000,000 KRW"
    expect(alumna.locator("main .error-summary, main [role=alert]").first).to_contain_text(
        problem)
    total = alumna.get_by_label("Total requested, in your currency", exact=True)
    expect(total).to_have_attribute("aria-invalid", "true")
    descriptions = (total.get_attribute("aria-describedby") or "").split()
    expect(alumna.locator(", ".join(f"[id='{name}']" for name in descriptions))
           .filter(has_text=problem)).to_have_count(1)
    expect(alumna.get_by_label("Title of the project", exact=True)).to_have_value(PROJECT)  # kept
    assert_accessible(alumna, "grant application form with a problem")

    total.fill("5000000")
    alumna.get_by_role("button", name="Submit", exact=True).click()
    expect(alumna).to_have_url(re.compile(rf"/grants/applications/{application_id}$"))
    expect(fact(alumna, "State")).to_have_text("submitted")
    expect(alumna.get_by_role("heading", level=1)).to_have_text(PROJECT)
    assert_accessible(alumna, "submitted grant application")
    assert_accessible_in_japanese(alumna, "submitted grant application")

    # Staff screen it and ask the committee member to review it.
    staff = new_page()
    sign_in(staff, accounts.staff)
    staff.goto(f"/grants/staff/rounds/{round_id}")
    assert_accessible(staff, "staff round page")
    staff.get_by_role("link", name=PROJECT).click()
    expect(staff).to_have_url(re.compile(rf"/grants/staff/applications/{application_id}$"))
    staff.get_by_label("Eligible: send it to the fund committee", exact=True).check()
    staff.get_by_role("button", name="Record the screening").click()
    staff.get_by_label("Committee member", exact=True).select_option(label=accounts.committee.name)
    staff.get_by_role("button", name="Ask to review").click()
    expect(staff.get_by_role("region", name="Reviewers", exact=True).first).to_contain_text(
        accounts.committee.name)
    assert_accessible(staff, "staff application page in review")
    assert_accessible_in_japanese(staff, "staff application page in review")

    # The member scores it.
    member = new_page()
    sign_in(member, accounts.committee)
    member.goto("/grants/reviews/")
    assert_accessible(member, "applications to review")
    member.get_by_role("link", name=PROJECT).click()
    for criterion in CRITERIA:
        scores = member.get_by_role("group", name=criterion)
        scores.get_by_label("4 – good", exact=True).check()
    member.get_by_label("Yes: fund it", exact=True).check()
    member.get_by_label("Comments", exact=True).fill(
        "A small, well-planned project with a clear need.")
    assert_accessible(member, "review form")
    member.get_by_role("button", name="Submit review").click()
    expect(fact(member, "Weighted score")).to_have_text("4.00")
    assert_accessible_in_japanese(member, "submitted review")

    # Staff approve it, then read the round's statistics.
    staff.reload()
    expect(staff.get_by_role("region", name="Reviews", exact=True).first).to_contain_text("4.00")
    staff.get_by_label("approved", exact=True).check()
    staff.get_by_label("Amount awarded", exact=True).fill("500000")
    staff.get_by_label("Message to the applicant", exact=True).fill(
        "Approved as asked. Congratulations.")
    staff.get_by_role("button", name="Record the decision").click()
    decided = staff.get_by_role("region", name="Decision", exact=True).first
    expect(decided).to_contain_text("¥500,000")
    staff.goto(f"/grants/staff/rounds/{round_id}/statistics")
    expect(staff.locator("main")).to_contain_text("1 program in 1 country")
    expect(staff.locator("main svg[role=img]")).to_be_visible()
    assert_accessible(staff, "round statistics")
    assert_accessible_in_japanese(staff, "round statistics")

    # The alumna reads the decision, accepts the terms and files the final report.
    alumna.reload()
    expect(fact(alumna, "State")).to_have_text("approved")
    decision = alumna.get_by_role("region", name="The committee's decision")
    expect(decision).to_contain_text("Approved as asked. Congratulations.")
    expect(decision).to_contain_text("¥500,000")
    expect(alumna.locator("main")).not_to_contain_text(accounts.committee.name)
    alumna.get_by_role("button", name="Accept the grant terms").click()
    expect(fact(alumna, "State")).to_have_text("project under way")
    alumna.goto(f"/grants/applications/{application_id}/reports/final")
    assert_accessible(alumna, "final report form")
    alumna.get_by_label("What the project did", exact=True).fill(
        "Ten peer leaders trained; 38 caregivers joined the monthly cafés.")
    alumna.get_by_label("Number of people reached so far", exact=True).fill("38")
    alumna.get_by_label("Spent on line 1: Peer leader training, 4 days", exact=True).fill("2950000")
    alumna.get_by_label("Spent on line 2: Café room rent, 10 months", exact=True).fill("2000000")
    alumna.get_by_role("button", name="Send to program staff").click()
    expect(alumna.locator("main")).to_contain_text("submitted, waiting for staff")
    assert_accessible_in_japanese(alumna, "submitted final report")

    # Staff accept it, and the grant is closed.
    staff.goto(f"/grants/staff/applications/{application_id}")
    final = staff.get_by_role("region", name="Final report")
    final.get_by_role("button", name="Accept the report").click()
    alumna.goto(f"/grants/applications/{application_id}")
    expect(fact(alumna, "State")).to_have_text("closed")
    assert path_of(alumna) == f"/grants/applications/{application_id}"


def _problem_written(server: Any, application_id: int) -> str:
    from lms.db import session
    from lms.grants.models import GrantApplication

    with server.app.app_context():
        return session.get(GrantApplication, application_id).problem


def test_the_applicant_s_text_outlives_a_dropped_connection(
    new_page: Callable[..., Page],
    accounts: Any,
    server: Any,
    sign_in: Callable,
    assert_accessible: Callable,
) -> None:
    from sqlalchemy import select

    from lms.accounts.models import User
    from lms.db import session
    from lms.grants import applying
    from lms.grants.models import GrantRound

    round_id = _open_round(server, "Browser grants 2026, autosave")
    with server.app.app_context():
        applicant = session.scalars(
            select(User).where(User.email == accounts.fellow_alumna.email)).one()
        application_id = applying.start_application(
            session, applicant, session.get(GrantRound, round_id)).id
        session.commit()
    page = new_page()
    sign_in(page, accounts.fellow_alumna)
    page.goto(f"/grants/applications/{application_id}/edit")
    problem = page.get_by_label("The problem the project addresses", exact=True)
    status = autosave_status(page)
    text = "Herders' children board in the aimag centre and see their families twice a year."

    # The connection drops: the page says the text is not saved, but keeps it.
    autosave = f"**/grants/applications/{application_id}/autosave"
    page.route(autosave, lambda route: route.abort())
    problem.fill(text)
    problem.blur()  # leaving the field saves at once rather than after a pause in typing
    expect(status).to_contain_text("Not saved", timeout=AUTOSAVE_TIMEOUT)
    assert _problem_written(server, application_id) == ""

    # The page is opened again: the text comes back from this browser, which says so and
    # offers to drop it.
    page.reload()
    expect(problem).to_have_value(text)
    expect(status).to_have_text("Unsaved text kept in this browser has been put back.")
    discard = page.get_by_role("button", name="Discard the text kept in this browser")
    assert_accessible(page, "grant application form with text put back")
    discard.click()
    expect(problem).to_have_value("")
    expect(discard).to_be_hidden()
    assert kept_drafts(page) == []

    # Back online, the draft saves itself, and this browser's copy goes.
    page.unroute(autosave)
    problem.fill(text)
    assert kept_drafts(page) != []
    problem.blur()
    expect(status).to_contain_text("Draft saved", timeout=AUTOSAVE_TIMEOUT)
    assert _problem_written(server, application_id) == text
    assert kept_drafts(page) == []
