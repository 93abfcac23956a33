from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Role, RoleGrant
from lms.curriculum.models import Course
from lms.grants import applying, projects, round_lists, services
from lms.grants.decisions import DecisionInput, decide
from lms.grants.models import (
    ApplicationStatus,
    Disbursement,
    GrantApplication,
    GrantDecision,
    GrantRound,
    ReportKind,
    ReportStatus,
)
from lms.grants.projects import ReportInput
from lms.programs.models import Cohort
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation, ReviewAssignment
from tests.conftest import csrf_token, login
from tests.grants.conftest import alumnus, complete_input, in_review, submitted
from tests.reviews.wide_lists import assert_pages_of_25

S = ApplicationStatus
SCORES = {"need": 4, "learning": 3, "feasibility": 4, "budget": 3, "sustainability": 2}


def text(response) -> str:
    return response.get_data(as_text=True)


def as_user(client, email: str) -> None:
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    response = login(client, email)
    assert response.status_code == 302, email


def send(client, url: str, data: dict | None = None, page: str | None = None):
    return client.post(url, data={"csrf_token": csrf_token(client, page or url),
                                  **(data or {})})


def approved(db, world, applicant=None, amount: int = 900_000, **changes) -> GrantApplication:
    application = in_review(db, world["staff"], applicant or world["alumna"], world["round"],
                            **changes)
    decide(db, world["staff"], application,
           DecisionInput(services.DecisionOutcome.APPROVED, amount=amount))
    return application


def reviewed(db, world, application, member, scores=None, recommendation="yes",
             comments="Strong local partner.") -> None:
    assignment = services.assign_reviewer(db, world["staff"], application, member)
    reviews.save_review(db, member, assignment, reviews.ReviewInput(
        scores or SCORES, Recommendation(recommendation), comments), submit=True)


def more_applicants(db, world, count: int, start: int = 0, countries=("PH", "TH", "VN")):
    """Alumni from several countries, each with an application with the committee."""
    cohort = db.scalar(select(Cohort).where(Cohort.number == 36))
    made = []
    for number in range(start, start + count):
        country = countries[number % len(countries)]
        person = alumnus(db, cohort, f"alum{number}@example.org", f"Alum {number:03}", country)
        made.append(in_review(db, world["staff"], person, world["round"],
                              title=f"Project {number:03}", country=country, currency="PHP",
                              rate="2.5", lines=(100_000,)))
    db.commit()
    return made


# Who may open what ------------------------------------------------------------------------------


@pytest.fixture
def scene(db, world):
    """An application with the committee, and drafts nobody but their authors should see."""
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    draft = applying.start_application(db, world["alumnus"], world["round"])
    cohort = db.scalar(select(Cohort).where(Cohort.number == 36))
    author = alumnus(db, cohort, "unsent@example.org", "Never Sent", "VN")
    withdrawn = applying.start_application(db, author, world["round"])
    applying.save_draft(db, author, withdrawn, complete_input(title="Unsent idea"))
    applying.withdraw(db, author, withdrawn)
    db.commit()
    return {"application": application.id, "draft": draft.id, "withdrawn": withdrawn.id,
            "round": world["round"].id}


def _get_routes(scene) -> list[str]:
    round_id, application_id = scene["round"], scene["application"]
    return ["/grants/staff/", "/grants/staff/rounds/new", f"/grants/staff/rounds/{round_id}",
            f"/grants/staff/rounds/{round_id}/edit", f"/grants/staff/rounds/{round_id}/decisions",
            f"/grants/staff/rounds/{round_id}/statistics",
            f"/grants/staff/rounds/{round_id}/applications.csv",
            f"/grants/staff/rounds/{round_id}/reviews.csv",
            f"/grants/staff/applications/{application_id}",
            f"/grants/staff/applications/{application_id}/versions/1"]


def _post_routes(scene) -> list[str]:
    round_id, application_id = scene["round"], scene["application"]
    base = f"/grants/staff/applications/{application_id}"
    return ["/grants/staff/rounds/new", f"/grants/staff/rounds/{round_id}/edit",
            f"/grants/staff/rounds/{round_id}/decisions",
            f"/grants/staff/rounds/{round_id}/decisions/confirm", f"{base}/screening",
            f"{base}/reviewers", f"{base}/decision", f"{base}/payments",
            f"{base}/reports/final"]


def test_staff_pages_send_visitors_to_sign_in(client, scene):
    for url in _get_routes(scene):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("who", ["alumna", "trainee", "member"])
def test_nobody_but_staff_opens_or_changes_anything(client, db, world, scene, who):
    as_user(client, world[who].email)
    for url in _get_routes(scene):
        response = client.get(url)
        assert response.status_code == 403, (who, url)
        assert "Only program staff can do this." in text(response), url
    token = csrf_token(client, "/")
    for url in _post_routes(scene):
        response = client.post(url, data={
            "csrf_token": token, "screening-eligible": "yes", "decision-outcome": "approved",
            "decision-amount": "900000", "reviewer-reviewer": str(world[who].id),
            "fiscal_year": "2030", "title": "Hijacked"})
        assert response.status_code == 403, (who, url)
    application = db.get(GrantApplication, scene["application"])
    assert application.status == S.IN_REVIEW and application.awarded_amount is None
    assert db.scalar(select(func.count()).select_from(ReviewAssignment)) == 0
    assert db.scalars(select(GrantRound.title)).all() == ["Fiscal 2026 grants"]


def test_unknown_ids_and_drafts_are_not_found_for_staff(client, world, scene):
    as_user(client, world["staff"].email)
    for url in _get_routes(scene):
        assert client.get(url).status_code == 200, url
    missing = ["/grants/staff/rounds/999", "/grants/staff/rounds/999/edit",
               "/grants/staff/rounds/999/decisions", "/grants/staff/rounds/999/statistics",
               "/grants/staff/rounds/999/applications.csv", "/grants/staff/rounds/999/reviews.csv",
               "/grants/staff/applications/999", "/grants/staff/attachments/999",
               f"/grants/staff/applications/{scene['application']}/versions/2",
               # A draft is its author's until sent, even one withdrawn unsent.
               f"/grants/staff/applications/{scene['draft']}",
               f"/grants/staff/applications/{scene['withdrawn']}"]
    for url in missing:
        assert client.get(url).status_code == 404, url
    for url in (f"/grants/staff/rounds/{scene['round']}",
                f"/grants/staff/rounds/{scene['round']}/applications.csv"):
        listed = text(client.get(url))
        assert "Job coaching" in listed and "Unsent idea" not in listed
    assert "withdrawn" not in text(client.get("/grants/staff/"))
    base = f"/grants/staff/applications/{scene['application']}"
    assert send(client, f"{base}/reports/final", page=base).status_code == 404
    assert send(client, f"{base}/reports/other", page=base).status_code == 404
    assert send(client, f"/grants/staff/applications/{scene['draft']}/screening",
                {"screening-eligible": "yes"}, page=base).status_code == 404


# Rounds -----------------------------------------------------------------------------------------


def test_create_a_round_with_times_in_its_zone_and_errors_beside_fields(client, db, world):
    db.add(Course(slug="grant-guide", title="Guide for grant applicants"))
    db.add(Course(slug="year-course", title="Year course"))
    db.commit()
    guide = db.scalar(select(Course.id).where(Course.slug == "grant-guide"))
    as_user(client, world["staff"].email)
    form = text(client.get("/grants/staff/rounds/new"))
    assert re.search(rf'<option selected value="{guide}">|<option value="{guide}" selected>',
                     form)
    assert re.search(r'<option selected value="Asia/Tokyo">|<option value="Asia/Tokyo" '
                     r'selected>', form)
    assert 'value="JPY"' in form and 'value="00:00"' in form and 'value="23:59"' in form
    assert re.search(r'id="opens_on-hint">In the round(&#39;|\')s time zone', form)
    fields = {"fiscal_year": "2027", "title": "Fiscal 2027 grants", "timezone": "Asia/Manila",
              "opens_on": "2027-04-01", "opens_time": "09:00", "closes_on": "2027-03-01",
              "closes_time": "17:00", "currency": "JPY", "budget": "8000000",
              "largest_award": "9000000", "guide_course_id": str(guide),
              "progress_report_due_on": "", "final_report_due_on": ""}
    refused = text(send(client, "/grants/staff/rounds/new", fields))
    assert re.search(r'id="largest_award-error">The largest award must be more than zero and '
                     r'within the budget', refused)
    fields["largest_award"] = "1500000"
    refused = text(send(client, "/grants/staff/rounds/new", fields))
    assert 'id="closes_on-error">The round must close after it opens.' in refused
    fields.update(closes_on="2027-05-31", allow_several="y")
    response = send(client, "/grants/staff/rounds/new", fields)
    assert response.status_code == 302
    made = db.scalar(select(GrantRound).where(GrantRound.fiscal_year == 2027))
    # 09:00 in Manila is 01:00 UTC; the round closes at the end of 17:00 there.
    assert made.opens_at == dt.datetime(2027, 4, 1, 1, 0, tzinfo=dt.UTC)
    assert made.closes_at == dt.datetime(2027, 5, 31, 9, 0, 59, tzinfo=dt.UTC)
    assert (made.guide_course_id, made.allow_several, made.budget) == (guide, True, 8_000_000)
    assert response.headers["Location"].endswith(f"/grants/staff/rounds/{made.id}")


def test_edit_a_round_shows_its_times_and_keeps_the_budget_above_awards(client, db, world):
    approved(db, world)
    db.commit()
    round_id = world["round"].id
    as_user(client, world["staff"].email)
    form = text(client.get(f"/grants/staff/rounds/{round_id}/edit"))
    opens = world["round"].opens_at.astimezone(world["round"].zone)
    assert f'value="{opens:%Y-%m-%d}"' in form and f'value="{opens:%H:%M}"' in form
    closes = world["round"].closes_at.astimezone(world["round"].zone)
    fields = {"fiscal_year": "2026", "title": "Fiscal 2026 grants (changed)",
              "timezone": "Asia/Tokyo", "opens_on": f"{opens:%Y-%m-%d}",
              "opens_time": f"{opens:%H:%M}", "closes_on": f"{closes:%Y-%m-%d}",
              "closes_time": f"{closes:%H:%M}", "currency": "JPY", "budget": "800000",
              "largest_award": "500000", "guide_course_id": ""}
    refused = text(send(client, f"/grants/staff/rounds/{round_id}/edit", fields))
    assert 'id="budget-error">¥900,000 is already awarded from this round' in refused
    fields["budget"] = "9000000"
    assert send(client, f"/grants/staff/rounds/{round_id}/edit", fields).status_code == 302
    db.refresh(world["round"])
    assert (world["round"].title, world["round"].budget) == ("Fiscal 2026 grants (changed)",
                                                             9_000_000)


def test_the_rounds_list_shows_money_and_counts(client, db, world):
    approved(db, world)
    submitted(db, world["alumnus"], world["round"], country="KR", currency="KRW", rate="0.11",
              lines=(5_000_000,))
    db.commit()
    as_user(client, world["staff"].email)
    page = text(client.get("/grants/staff/"))
    assert "Fiscal 2026 grants" in page and "¥10,000,000" in page and "¥900,000" in page
    assert "approved: 1" in page and "submitted: 1" in page and "open" in page
    assert 'href="/grants/staff/rounds/new"' in page


def test_the_round_page_lists_filters_and_shows_the_budget(client, db, world):
    first = approved(db, world)
    reviewed_one = in_review(db, world["staff"], world["alumnus"], world["round"],
                             title="Home care for older people", country="KR", currency="KRW",
                             rate="0.11", lines=(5_000_000,))
    reviewed(db, world, reviewed_one, world["member"],
             scores={key: 5 for key in SCORES})
    reviewed(db, world, reviewed_one, world["member2"],
             scores={key: 3 for key in SCORES}, recommendation="maybe")
    db.commit()
    as_user(client, world["staff"].email)
    page = text(client.get(f"/grants/staff/rounds/{world['round'].id}"))
    assert "¥900,000 awarded of ¥10,000,000 budget, ¥9,100,000 left" in page
    assert "Home care for older people" in page and first.title in page
    assert "Kim Min-jun" in page and "South Korea" in page
    assert "2 of 2" in page and "4.00" in page and "2.00" in page  # average, spread
    only = text(client.get(f"/grants/staff/rounds/{world['round'].id}?status=approved"))
    assert first.title in only and "Home care for older people" not in only
    # An unknown state shows everything rather than failing.
    assert client.get(f"/grants/staff/rounds/{world['round'].id}?status=bogus").status_code == 200


def test_the_round_page_costs_the_same_for_3_or_25_applications(app, client, db, world,
                                                                count_queries):
    app.config["LMS_PAGE_SIZE"] = 20
    made = more_applicants(db, world, 3)
    reviewed(db, world, made[0], world["member"])
    db.commit()
    as_user(client, world["staff"].email)
    url = f"/grants/staff/rounds/{world['round'].id}"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    made += more_applicants(db, world, 22, start=3)
    for application in made[1:]:
        reviewed(db, world, application, world["member"])
        reviewed(db, world, application, world["member2"], recommendation="no")
    db.commit()
    with count_queries() as many:
        page = text(client.get(url))
    # The same few queries, and few enough for a page (issue 18: at most 12).
    assert many.count == few.count <= 12, (few.statements, many.statements)
    assert "Page 1 of 2" in page


def test_the_round_list_shows_25_applications_a_page_at_most(app, client, db, world):
    """A wide list's page holds 25 rows even where the site's pages hold 50, and the pager
    reaches the rest."""
    app.config["LMS_PAGE_SIZE"] = 50
    more_applicants(db, world, 26)
    # A draft, and one withdrawn unsent, are never listed nor counted in the list's total.
    cohort = db.scalar(select(Cohort).where(Cohort.number == 36))
    for number, withdrawn in ((90, False), (91, True)):
        person = alumnus(db, cohort, f"alum{number}@example.org", f"Alum {number}", "PH")
        draft = applying.start_application(db, person, world["round"])
        if withdrawn:
            applying.withdraw(db, person, draft)
    db.commit()
    as_user(client, world["staff"].email)
    url = f"/grants/staff/rounds/{world['round'].id}"
    listed = db.scalar(select(func.count()).select_from(GrantApplication).where(
        GrantApplication.round_id == world["round"].id,
        GrantApplication.submitted_at.is_not(None)))
    assert_pages_of_25(client, url, "/grants/staff/applications/", listed)


# One application --------------------------------------------------------------------------------


def test_screening_ignores_fields_that_are_not_on_the_form(client, db, world):
    application = submitted(db, world["alumna"], world["round"])
    db.commit()
    url = f"/grants/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    page = text(client.get(url))
    assert "Job coaching for entrepreneurs with disabilities" in page
    assert "Young adults with disabilities in Yogyakarta" in page  # what the applicant wrote
    assert 'name="screening-eligible"' in page
    refused = text(send(client, f"{url}/screening", {"screening-eligible": "no",
                                                      "screening-reason": " "}))
    assert 'id="screening-reason-error">Give the applicant the reason' in refused
    db.refresh(application)
    assert application.status == S.SUBMITTED
    response = send(client, f"{url}/screening", {
        "screening-eligible": "yes", "screening-reason": "Fits the round.",
        "awarded_amount": "1500000", "status": "approved", "screening-status": "approved",
        "screening-awarded_amount": "1500000", "applicant_id": str(world["staff"].id),
        "requested_amount": "1"})
    assert response.status_code == 302
    db.refresh(application)
    assert application.status == S.IN_REVIEW
    assert (application.awarded_amount, application.requested_amount,
            application.applicant_id) == (None, 930_000, world["alumna"].id)
    assert application.screening_reason == "Fits the round."
    assert db.scalar(select(func.count()).select_from(GrantDecision)) == 0


def test_reviewers_are_committee_members_never_the_applicant(client, db, world):
    # The first committee member is also an alumnus who applies himself.
    cohort = db.scalar(select(Cohort).where(Cohort.number == 36))
    applicant_member = alumnus(db, cohort, "both@example.org", "Committee Alumnus", "TH")
    db.add(RoleGrant(user=applicant_member, role=Role.COMMITTEE_MEMBER))
    own = in_review(db, world["staff"], applicant_member, world["round"], country="TH",
                    currency="THB", rate="4", lines=(100_000,))
    db.commit()
    url = f"/grants/staff/applications/{own.id}"
    as_user(client, world["staff"].email)
    page = text(client.get(url))
    options = re.findall(r'<option[^>]*value="(\d+)"', page)
    assert set(options) == {str(world["member"].id), str(world["member2"].id)}
    refused = text(send(client, f"{url}/reviewers", {"reviewer-reviewer":
                                                     str(applicant_member.id)}))
    assert "Committee Alumnus cannot review their own application." in refused
    refused = text(send(client, f"{url}/reviewers", {"reviewer-reviewer":
                                                     str(world["alumna"].id)}))
    assert "Putri Handayani is not a committee member." in refused
    assert send(client, f"{url}/reviewers", {"reviewer-reviewer":
                                             str(world["member"].id)}).status_code == 302
    assert [(a.reviewer_id) for a in db.scalars(select(ReviewAssignment))] == [
        world["member"].id]
    assignment = db.scalar(select(ReviewAssignment))
    reviews.declare_conflict(db, world["member"], assignment, "She is my sister-in-law.")
    db.commit()
    page = text(client.get(url))
    assert "conflict of interest" in page and "She is my sister-in-law." in page
    assert re.findall(r'<option[^>]*value="(\d+)"', page) == [str(world["member2"].id)]
    refused = text(send(client, f"{url}/reviewers", {"reviewer-reviewer":
                                                     str(world["member"].id)}))
    assert "declared a conflict of interest with this application" in refused


def test_the_application_page_shows_reviews_versions_and_history(client, db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    decide(db, world["staff"], application, DecisionInput(
        services.DecisionOutcome.MORE_INFORMATION, message="Say who trains the coaches."))
    applying.save_draft(db, world["alumna"], application,
                        complete_input(title="Job coaching, version two"))
    applying.submit(db, world["alumna"], application)
    services.screen(db, world["staff"], application, eligible=True, reason="")
    reviewed(db, world, application, world["member"], comments="Clear plan.\n\nGood budget.")
    reviewed(db, world, application, world["member2"], scores={key: 2 for key in SCORES},
             recommendation="no")
    db.commit()
    url = f"/grants/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    page = text(client.get(url))
    assert "Job coaching, version two" in page
    assert "Member One" in page and "Member Two" in page
    assert "2 reviews submitted; weighted average" in page
    assert "<p>Clear plan.</p>" in page and "<p>Good budget.</p>" in page
    assert "Say who trains the coaches." in page and "Staff Member" in page  # history
    assert "Yes: fund it" in page and "No: do not fund it" in page
    assert f"{url}/versions/1" in page and f"{url}/versions/2" in page
    earlier = text(client.get(f"{url}/versions/1"))
    assert "Job coaching for entrepreneurs with disabilities" in earlier
    assert "Job coaching, version two" not in earlier.split("<h1>")[1].split("</h1>")[0]


def test_a_decision_stays_within_the_budget_with_the_error_beside_the_amount(client, db,
                                                                              world):
    world["round"].budget = 1_000_000
    world["round"].largest_award = 1_000_000
    approved(db, world, amount=500_000)
    second = in_review(db, world["staff"], world["alumnus"], world["round"], country="KR",
                       currency="KRW", rate="0.11", lines=(5_000_000,))
    db.commit()
    url = f"/grants/staff/applications/{second.id}"
    as_user(client, world["staff"].email)
    assert "¥500,000 is left" in text(client.get(url))
    refused = text(send(client, f"{url}/decision", {"decision-outcome": "approved",
                                                    "decision-amount": "500001"}))
    assert re.search(r'id="decision-amount-error">Only ¥500,000 of the round&#39;s budget is '
                     r'left', refused)
    refused = text(send(client, f"{url}/decision", {"decision-outcome": "more_information"}))
    assert 'id="decision-message-error">Tell the applicant what more information' in refused
    db.refresh(second)
    assert second.status == S.IN_REVIEW
    response = send(client, f"{url}/decision", {"decision-outcome": "approved",
                                                "decision-amount": "500000",
                                                "decision-message": "Well planned."})
    assert response.status_code == 302
    db.refresh(second)
    assert (second.status, second.awarded_amount) == (S.APPROVED, 500_000)
    page = text(client.get(url))
    assert "Well planned." in page and "Payments are recorded once the grantee" in page
    # Pressed twice, or another member of staff a moment later: the page says why nothing
    # was recorded, though it no longer shows the decision form.
    again = send(client, f"{url}/decision", {"decision-outcome": "approved",
                                             "decision-amount": "500000"})
    assert again.status_code == 200
    assert "An application that is approved cannot become approved." in text(again)


def test_payments_reports_and_closing(app, client, db, world, tmp_path, count_queries):
    app.config["LMS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    application = approved(db, world)
    projects.accept_terms(db, world["alumna"], application)
    db.commit()
    url = f"/grants/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    refused = text(send(client, f"{url}/payments", {
        "payment-paid_on": "2026-05-01", "payment-amount": "900001",
        "payment-reference": "TR-1"}))
    assert 'id="payment-amount-error">Only ¥900,000 of the award is still to be paid.' in refused
    assert send(client, f"{url}/payments", {"payment-paid_on": "2026-05-01",
                                            "payment-amount": "450000",
                                            "payment-reference": "TR-1"}).status_code == 302
    page = text(client.get(url))
    assert "¥450,000 paid of ¥900,000 awarded, ¥450,000 still to pay." in page and "TR-1" in page
    lines = [line.id for line in application.budget_lines]
    projects.add_attachment(db, world["alumna"], application, ReportKind.FINAL,
                            io.BytesIO(b"Receipts for the training.\n"), "receipts.txt")
    projects.save_report(db, world["alumna"], application, ReportKind.FINAL, ReportInput(
        "Twenty coaches trained.", 18, {lines[0]: 65_000_000, lines[1]: 30_000_000}),
        submit=True)
    db.commit()
    with count_queries() as counted:  # with payments and a report: still a page's few
        page = text(client.get(url))
    assert counted.count <= 12, counted.statements
    assert "Twenty coaches trained." in page and "18 of 20 planned" in page
    assert re.search(r"<td>IDR\s?5,000,000(\.00)? over</td>", page)  # line 1
    assert re.search(r"<td>IDR\s?10,000,000(\.00)? under</td>", page)  # line 2
    assert re.search(r"<td>IDR\s?5,000,000(\.00)? under</td>", page)  # in all
    download = re.search(r'href="(/grants/staff/attachments/\d+)"', page).group(1)
    got = client.get(download)
    assert got.status_code == 200 and got.data == b"Receipts for the training.\n"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in got.headers["Content-Disposition"]
    refused = text(send(client, f"{url}/reports/final", {"action": "changes",
                                                         "report-final-note": ""}))
    assert 'id="report-final-note-error">Tell the grantee what to change.' in refused
    assert send(client, f"{url}/reports/final", {"action": "accept"}).status_code == 302
    db.refresh(application)
    assert application.status == S.CLOSED
    report = projects.report_of(db, application, ReportKind.FINAL)
    assert report.status == ReportStatus.ACCEPTED
    assert db.scalar(select(func.sum(Disbursement.amount))) == 450_000
    # Other people's downloads: nobody but staff.
    as_user(client, world["alumnus"].email)
    assert client.get(download).status_code == 403


def test_the_application_page_costs_the_same_for_2_or_12_reviews(app, client, db, world,
                                                                 count_queries):
    from lms.accounts.services import create_user
    from tests.conftest import PASSWORD

    application = in_review(db, world["staff"], world["alumna"], world["round"])
    reviewed(db, world, application, world["member"])
    reviewed(db, world, application, world["member2"])
    create_user(db, "m0@example.org", "Member Three", PASSWORD, [Role.COMMITTEE_MEMBER])
    db.commit()
    url = f"/grants/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for number in range(1, 11):
        member = create_user(db, f"m{number}@example.org", f"Member {number + 3}", PASSWORD,
                             [Role.COMMITTEE_MEMBER])
        reviewed(db, world, application, member)
    for number in range(11, 15):  # more not yet asked, for the select
        create_user(db, f"m{number}@example.org", f"Member {number + 3}", PASSWORD,
                    [Role.COMMITTEE_MEMBER])
    db.commit()
    with count_queries() as many:
        page = text(client.get(url))
    assert many.count == few.count <= 12, (few.statements, many.statements)
    assert "12 reviews submitted" in page


# Figures and downloads --------------------------------------------------------------------------


def _csv(response) -> list[dict[str, str]]:
    body = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(body)))


def test_statistics_say_it_in_a_sentence_and_a_chart_matching_the_csv(client, db, world):
    approved(db, world, amount=900_000)
    approved(db, world, applicant=world["alumnus"], amount=400_000, country="KR",
             currency="KRW", rate="0.11", lines=(5_000_000,))
    made = more_applicants(db, world, 4)
    for application, amount in zip(made[:2], (250_000, 250_000), strict=True):
        decide(db, world["staff"], application,
               DecisionInput(services.DecisionOutcome.APPROVED, amount=amount))
    decide(db, world["staff"], made[2], DecisionInput(
        services.DecisionOutcome.REJECTED, message="Not this year."))
    db.commit()
    as_user(client, world["staff"].email)
    page = text(client.get(f"/grants/staff/rounds/{world['round'].id}/statistics"))
    assert "4 programs in 4 countries, ¥1,800,000 awarded of ¥10,000,000 budget" in page
    assert re.search(r'<svg role="img" aria-labelledby="chart-title chart-desc"', page)
    assert "<title id=\"chart-title\">Awarded by country</title>" in page
    assert "Indonesia: ¥900,000" in page and "Philippines: ¥250,000" in page
    assert page.count("<rect ") == 4
    # The chart is drawn without JavaScript: the only script is the site-wide focus helper.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/assets/lms/focus.js" defer>']
    rows = _csv(client.get(f"/grants/staff/rounds/{world['round'].id}/applications.csv"))
    assert len(rows) == 6
    assert sum(int(row["Awarded"]) for row in rows if row["Awarded"]) == 1_800_000
    requested = sum(int(row["Requested"]) for row in rows)
    assert f"¥{requested:,}" in page
    by_id = {int(row["Application"]): row for row in rows}
    assert by_id[made[2].id]["Awarded"] == "" and by_id[made[2].id]["State"] == "not funded"


def test_one_program_is_singular(client, db, world):
    approved(db, world, amount=900_000)
    db.commit()
    as_user(client, world["staff"].email)
    page = text(client.get(f"/grants/staff/rounds/{world['round'].id}/statistics"))
    assert "1 program in 1 country, ¥900,000 awarded of ¥10,000,000 budget" in page


def test_statistics_cost_the_same_for_few_or_many_applications(client, db, world,
                                                               count_queries):
    approved(db, world)
    db.commit()
    as_user(client, world["staff"].email)
    url = f"/grants/staff/rounds/{world['round'].id}/statistics"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for application in more_applicants(db, world, 12, countries=("PH", "TH", "VN", "LK")):
        decide(db, world["staff"], application,
               DecisionInput(services.DecisionOutcome.APPROVED, amount=100_000))
    db.commit()
    with count_queries() as many:
        page = text(client.get(url))
    assert many.count == few.count <= 12, (few.statements, many.statements)
    assert "13 programs in 5 countries" in page


def test_the_csv_files_hold_everything_and_neutralise_formulas(client, db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"],
                            title="=HYPERLINK(\"http://evil.example\")")
    reviewed(db, world, application, world["member"], comments="Fine.")
    assignment = services.assign_reviewer(db, world["staff"], application, world["member2"])
    reviews.declare_conflict(db, world["member2"], assignment, "My former student.")
    db.commit()
    as_user(client, world["staff"].email)
    response = client.get(f"/grants/staff/rounds/{world['round'].id}/applications.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    [row] = _csv(response)
    assert row["Title"].startswith("'=HYPERLINK")
    assert (row["Applicant"], row["Email address"], row["Country"], row["Requested"],
            row["Currency"], row["Reviews"], row["Weighted average"]) == (
        "Putri Handayani", "putri@example.org", "Indonesia", "930000", "JPY", "1", "3.40")
    rows = _csv(client.get(f"/grants/staff/rounds/{world['round'].id}/reviews.csv"))
    assert [(row["Reviewer"], row["Status"]) for row in rows] == [
        ("Member One", "asked to review"), ("Member Two", "conflict")]
    assert rows[0]["Need and who benefits"] == "4" and rows[0]["Weighted score"] == "3.40"
    assert rows[0]["Recommendation"] == "yes" and rows[0]["Submitted at (UTC)"]
    assert rows[1]["Conflict of interest"] == "My former student."
    assert rows[1]["Weighted score"] == "" and rows[1]["Need and who benefits"] == ""


def test_the_applications_csv_is_streamed_a_chunk_of_rows_at_a_time(client, db, world,
                                                                    count_queries,
                                                                    monkeypatch):
    made = more_applicants(db, world, 5)
    reviewed(db, world, made[0], world["member"])
    reviewed(db, world, made[0], world["member2"], scores={**SCORES, "need": 1})
    db.commit()
    as_user(client, world["staff"].email)
    url = f"/grants/staff/rounds/{world['round'].id}/applications.csv"
    whole = client.get(url).get_data(as_text=True)  # every row read in one chunk

    monkeypatch.setattr(round_lists, "EXPORT_CHUNK", 2)
    with count_queries() as counted:
        response = client.get(url, buffered=False)  # as a server sends it, not read up front
        assert response.is_streamed
        streamed = response.get_data(as_text=True)
    assert streamed == whole
    # The rows are read two at a time, each with its subject's stored review summary: no
    # chunk asks for its reviews apart.
    assert not any("lms_reviews" in statement for statement in counted.statements)
    rows = list(csv.DictReader(io.StringIO(streamed.lstrip("\ufeff"))))
    assert [row["Title"] for row in rows] == [f"Project {n:03}" for n in range(5)]
    assert (rows[0]["Reviews"], rows[0]["Weighted average"]) == ("2", "2.95")
    assert (rows[1]["Reviews"], rows[1]["Weighted average"]) == ("0", "")
