from __future__ import annotations

import datetime as dt
import decimal
import io
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.clock import utcnow
from lms.curriculum.models import Course
from lms.curriculum.sync import sync_courses
from lms.grants import applying, decisions, projects, services
from lms.grants.decisions import DecisionInput
from lms.grants.models import (
    ApplicationStatus,
    ApplicationVersion,
    DecisionOutcome,
    GrantApplication,
    GrantReport,
    ReportAttachment,
    ReportKind,
    ReportStatus,
)
from lms.grants.projects import ReportInput
from tests.conftest import csrf_token, login
from tests.grants.conftest import complete_input, in_review, round_input, submitted

S = ApplicationStatus
NOT_ALUMNUS = "Grants are for alumni of the year-long training program"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
REPO = Path(__file__).resolve().parents[2]


def text(response) -> str:
    return response.get_data(as_text=True)


def as_user(client, email):
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    response = login(client, email)
    assert response.status_code == 302, email


def send(client, url, data=None, token_from=None, **kwargs):
    token = csrf_token(client, token_from or "/")
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def posted(lines=(("training", "Training of twelve job coaches", "60,000,000"),
                  ("equipment", "Market stalls and tools", "40.000.000")),
           stated_total="100,000,000", **changes) -> dict[str, str]:
    """What the application form posts when everything is filled in (with amounts written as
    people write them)."""
    data = {
        "title": "Job coaching for entrepreneurs with disabilities", "country": "ID",
        "organization": "Yayasan Karya Mandiri", "applicant_role": "Program coordinator",
        "problem": "Young adults with disabilities in Yogyakarta find no work after school.",
        "use_of_learning": "Job coaching as practised at a sheltered workshop in Osaka.",
        "objectives": "Twenty people start a small business within a year.",
        "activities": "Months 1-3 training of coaches; months 4-12 coaching.",
        "beneficiaries": "Young adults with physical and intellectual disabilities",
        "beneficiary_count": "20", "local_currency": "IDR", "exchange_rate": "0.0093",
        "stated_total": stated_total,
        "co_funding": "The regency's social office lends the workshop room.",
        "indicators": "Businesses started; income after six months.",
        "risks": "Coaches leave: two are trained for each role.",
    }
    for index, (category, description, amount) in enumerate(lines):
        data[f"budget_lines-{index}-category"] = category
        data[f"budget_lines-{index}-description"] = description
        data[f"budget_lines-{index}-local_amount"] = amount
    data.update(changes)
    return data


def started(db, applicant, grant_round) -> GrantApplication:
    application = applying.start_application(db, applicant, grant_round)
    db.commit()
    return application


def approved(db, world, applicant, amount=900_000, **changes) -> GrantApplication:
    application = in_review(db, world["staff"], applicant, world["round"], **changes)
    decisions.decide(db, world["staff"], application,
                     DecisionInput(DecisionOutcome.APPROVED, amount, "Well planned."))
    db.commit()
    return application


def under_way(db, world, applicant, **changes) -> GrantApplication:
    application = approved(db, world, applicant, **changes)
    projects.accept_terms(db, applicant, application)
    db.commit()
    return application


def fresh(db, model, row_id):
    db.expire_all()
    return db.get(model, row_id)


# Rounds -----------------------------------------------------------------------------------------


def test_a_trainee_sees_the_rounds_but_is_told_why_she_cannot_apply(client, db, world):
    as_user(client, "trainee@example.org")
    page = text(client.get("/grants/"))
    assert "Fiscal 2026 grants" in page and NOT_ALUMNUS in page
    assert "Start an application" not in page
    refused = send(client, f"/grants/rounds/{world['round'].id}/apply")
    assert refused.status_code == 403 and NOT_ALUMNUS in text(refused)
    assert db.scalar(select(func.count()).select_from(GrantApplication)) == 0


def test_the_rounds_page_shows_open_coming_and_past_rounds_in_both_zones(client, db, world):
    staff = world["staff"]
    services.create_round(db, staff, round_input(
        fiscal_year=2025, title="Fiscal 2025 grants", opens_at=dt.datetime(2025, 4, 1, 9, 0),
        closes_at=dt.datetime(2025, 5, 31, 17, 0)))
    services.create_round(db, staff, round_input(
        fiscal_year=2027, title="Fiscal 2027 grants", opens_at=dt.datetime(2099, 4, 1, 9, 0),
        closes_at=dt.datetime(2099, 5, 31, 17, 0)))
    world["alumna"].timezone = "Asia/Jakarta"
    db.commit()
    as_user(client, "putri@example.org")
    page = text(client.get("/grants/"))
    open_part = page[page.index("Rounds open now"):page.index("Opening soon")]
    assert "Fiscal 2026 grants" in open_part and "Start an application" in open_part
    # The round's own zone, and the applicant's: each named.
    assert " JST" in open_part and " WIB" in open_part
    assert "¥10,000,000" in open_part and "¥1,500,000" in open_part
    assert "Fiscal 2027 grants" in page[page.index("Opening soon"):]
    assert "Fiscal 2025 grants" in page[page.index("Past rounds"):]
    assert NOT_ALUMNUS not in page


def test_the_guide_of_a_round_is_readable_and_others_are_not_found(client, db, world, tmp_path):
    shutil.copytree(REPO / "courses" / "grant-guide", tmp_path / "courses" / "grant-guide")
    sync_courses(db, tmp_path / "courses")
    guide = db.scalar(select(Course).where(Course.slug == "grant-guide"))
    world["round"].guide_course_id = guide.id
    without = services.create_round(db, world["staff"], round_input(title="No guide"))
    db.commit()
    as_user(client, "trainee@example.org")  # anyone signed in may read it
    page = text(client.get(f"/grants/rounds/{world['round'].id}/guide"))
    assert "Grant guide for alumni applicants" in page
    assert "The fund&#39;s grants and who can apply" in page and "Writing the budget" in page
    assert "<h1" not in page.split("</h1>", 1)[1]  # the items' headings sit below the page's
    assert "Read the guide for applicants" in text(client.get("/grants/"))
    assert client.get(f"/grants/rounds/{without.id}/guide").status_code == 404
    assert client.get("/grants/rounds/999999/guide").status_code == 404


# Writing and submitting -------------------------------------------------------------------------


def test_an_alumna_writes_saves_fixes_and_submits_without_javascript(client, db, world):
    as_user(client, "putri@example.org")
    assert "Start an application" in text(client.get("/grants/"))
    response = send(client, f"/grants/rounds/{world['round'].id}/apply")
    application = db.scalar(select(GrantApplication))
    edit_url = f"/grants/applications/{application.id}/edit"
    assert response.status_code == 302 and response.location.endswith(edit_url)
    assert (application.country, application.local_currency) == ("ID", "IDR")
    form_page = text(client.get(edit_url))
    assert 'name="budget_lines-2-description"' in form_page
    assert 'name="budget_lines-3-description"' not in form_page
    assert "Units of JPY for one unit of your currency" in form_page
    assert "lms/autosave.js" in form_page and "<script>" not in form_page

    # A half-written draft is kept.
    saved = send(client, edit_url, {"title": "Job coaching", "action": "save",
                                    "budget_lines-0-category": "training",
                                    "budget_lines-0-description": "Coach training",
                                    "budget_lines-0-local_amount": "1 500 000"},
                 token_from=edit_url)
    assert saved.status_code == 302 and saved.location.endswith(edit_url)
    application = fresh(db, GrantApplication, application.id)
    assert application.title == "Job coaching" and application.status == S.DRAFT
    assert [line.local_amount for line in application.budget_lines] == [1_500_000]
    again = text(client.get(edit_url))
    assert "Coach training" in again and 'name="budget_lines-3-description"' in again

    # Lines that do not add up: the message at the top and beside the total; the draft kept.
    refused = send(client, edit_url, {**posted(stated_total="90,000,000"), "action": "submit"},
                   token_from=edit_url)
    page = text(refused)
    assert refused.status_code == 200
    summary = page[page.index('class="error-summary"'):page.index("</div>",
                                                                   page.index("error-summary"))]
    assert 'href="#stated_total"' in summary and "add up to" in summary
    assert "draft is saved" in summary
    beside = re.search(r'id="stated_total-error">([^<]*)<', page)
    assert beside and "add up to 100,000,000 IDR" in beside.group(1)
    assert 'aria-describedby="stated_total-hint stated_total-error"' in page
    application = fresh(db, GrantApplication, application.id)
    assert application.status == S.DRAFT and application.stated_total == 90_000_000
    assert [line.local_amount for line in application.budget_lines] == [60_000_000, 40_000_000]
    assert application.requested_amount == 930_000
    assert "¥930,000" in page

    sent = send(client, edit_url, {**posted(), "action": "submit"}, token_from=edit_url)
    assert sent.status_code == 302
    assert sent.location.endswith(f"/grants/applications/{application.id}")
    application = fresh(db, GrantApplication, application.id)
    assert application.status == S.SUBMITTED and application.version == 1
    shown = text(client.get(f"/grants/applications/{application.id}"))
    assert "submitted" in shown and "Version 1, submitted" in shown
    assert "Market stalls and tools" in shown and "100,000,000 IDR" in shown
    assert "¥930,000" in shown and "Withdraw this application" in shown
    assert "Edit the application" not in shown

    # Read-only from now on: the form redirects and a post changes nothing.
    assert client.get(edit_url).status_code == 302
    late = send(client, edit_url, {**posted(title="Changed afterwards"), "action": "save"})
    assert late.status_code == 302
    assert fresh(db, GrantApplication, application.id).title.startswith("Job coaching for")


def test_problems_with_budget_lines_stand_beside_the_budget(client, db, world):
    application = started(db, world["alumna"], world["round"])
    edit_url = f"/grants/applications/{application.id}/edit"
    as_user(client, "putri@example.org")
    lines = (("training", "Coach training", "60,000,000"), ("equipment", "Stalls", ""))
    page = text(send(client, edit_url, {**posted(lines=lines, stated_total="60,000,000"),
                                        "action": "submit"}, token_from=edit_url))
    assert 'href="#budget-lines"' in page and "Budget line 2: give an amount." in page
    beside = page[page.index('id="budget-lines-error"'):page.index("</ul>",
                                                                   page.index("budget-lines-error"))]
    assert "Budget line 2: give an amount." in beside
    assert fresh(db, GrantApplication, application.id).status == S.DRAFT

    # What cannot be read is refused beside its cell, and nothing is saved.
    unreadable = (("training", "Coach training", "60 million"), ("", "Stalls", "100"))
    page = text(send(client, edit_url, {**posted(lines=unreadable, title="Not kept"),
                                        "action": "save"}, token_from=edit_url))
    assert 'id="budget_lines-0-local_amount-error"' in page
    assert 'href="#budget_lines-0-local_amount"' in page
    assert 'id="budget_lines-1-category-error">Choose a category' in page
    assert 'value="60 million"' in page  # what was typed is shown again
    assert fresh(db, GrantApplication, application.id).title != "Not kept"


def test_hidden_fields_change_nothing(client, db, world):
    application = started(db, world["alumna"], world["round"])
    edit_url = f"/grants/applications/{application.id}/edit"
    as_user(client, "putri@example.org")
    response = send(client, edit_url, {
        **posted(), "action": "save", "status": "approved", "awarded_amount": "1500000",
        "requested_amount": "1", "version": "7", "applicant_id": str(world["alumnus"].id),
        "round_id": "999", "decision_message": "Approved!", "id": "12345"},
        token_from=edit_url)
    assert response.status_code == 302
    application = fresh(db, GrantApplication, application.id)
    assert application.status == S.DRAFT and application.awarded_amount is None
    assert application.requested_amount == 930_000 and application.version == 0
    assert application.applicant_id == world["alumna"].id
    assert application.round_id == world["round"].id and application.decision_message == ""
    assert application.title.startswith("Job coaching")


def test_the_round_s_deadline_is_the_service_s(client, db, world):
    application = started(db, world["alumna"], world["round"])
    edit_url = f"/grants/applications/{application.id}/edit"
    world["round"].closes_at = utcnow() - dt.timedelta(minutes=1)
    db.commit()
    as_user(client, "putri@example.org")
    page = text(client.get(edit_url))
    assert "This round closed on" in page
    refused = text(send(client, edit_url, {**posted(), "action": "submit"}, token_from=edit_url))
    assert "The round closed on" in refused
    assert fresh(db, GrantApplication, application.id).status == S.DRAFT


def test_the_committee_s_question_is_shown_and_answered_with_a_new_version(client, db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    decisions.decide(db, world["staff"], application, DecisionInput(
        DecisionOutcome.MORE_INFORMATION, message="Who trains the coaches?"))
    db.commit()
    as_user(client, "putri@example.org")
    edit_url = f"/grants/applications/{application.id}/edit"
    assert "Who trains the coaches?" in text(client.get(f"/grants/applications/{application.id}"))
    page = text(client.get(edit_url))
    assert "The committee asks for more information" in page
    assert "Who trains the coaches?" in page and "Submit again" in page
    sent = send(client, edit_url, {**posted(activities="A trainer from Osaka trains them."),
                                   "action": "submit"}, token_from=edit_url)
    assert sent.status_code == 302
    application = fresh(db, GrantApplication, application.id)
    assert application.status == S.SUBMITTED and application.version == 2
    versions = db.scalars(select(ApplicationVersion.content).where(
        ApplicationVersion.application_id == application.id)
        .order_by(ApplicationVersion.number)).all()
    assert "Osaka trains" not in versions[0]["activities"]
    assert "Osaka trains" in versions[1]["activities"]


def test_withdrawing(client, db, world):
    application = submitted(db, world["alumna"], world["round"])
    db.commit()
    as_user(client, "putri@example.org")
    url = f"/grants/applications/{application.id}"
    response = send(client, f"{url}/withdraw", token_from=url)
    assert response.status_code == 302 and response.location.endswith(url)
    assert fresh(db, GrantApplication, application.id).status == S.WITHDRAWN
    page = text(client.get(url))
    assert "withdrawn" in page and "Withdraw this application" not in page
    again = send(client, f"{url}/withdraw", follow_redirects=True)
    assert "cannot become withdrawn" in text(again)
    # A new application may be started in the open round.
    assert "Start an application" in text(client.get("/grants/"))


def test_screening_outcome_and_no_reviewer_is_named(client, db, world):
    application = submitted(db, world["alumna"], world["round"])
    services.screen(db, world["staff"], application, eligible=False,
                    reason="The project takes place in Japan.")
    other = in_review(db, world["staff"], world["alumnus"], world["round"])
    services.assign_reviewer(db, world["staff"], other, world["member"])
    db.commit()
    as_user(client, "putri@example.org")
    page = text(client.get(f"/grants/applications/{application.id}"))
    assert "not eligible" in page and "The project takes place in Japan." in page
    as_user(client, "jun@example.org")
    page = text(client.get(f"/grants/applications/{other.id}"))
    assert "with the committee" in page and "Member One" not in page


# After approval ---------------------------------------------------------------------------------


def test_accepting_the_terms_after_approval(client, db, world):
    application = submitted(db, world["alumna"], world["round"])
    db.commit()
    as_user(client, "putri@example.org")
    url = f"/grants/applications/{application.id}"
    early = send(client, f"{url}/accept-terms", token_from=url, follow_redirects=True)
    assert "cannot become project under way" in text(early)
    assert fresh(db, GrantApplication, application.id).status == S.SUBMITTED

    services.screen(db, world["staff"], application, eligible=True, reason="")
    decisions.decide(db, world["staff"], application,
                     DecisionInput(DecisionOutcome.APPROVED, 900_000, "Well planned."))
    db.commit()
    page = text(client.get(url))
    assert "Well planned." in page and "¥900,000" in page
    assert "keep the receipts" in page and "Accept the grant terms" in page
    progress_day = world["round"].progress_report_due_on
    assert str(progress_day.year) in page[page.index("The grant terms"):]
    response = send(client, f"{url}/accept-terms", token_from=url)
    assert response.status_code == 302
    application = fresh(db, GrantApplication, application.id)
    assert application.status == S.IN_PROGRESS and application.terms_accepted_at is not None
    page = text(client.get(url))
    assert "project under way" in page and "Accept the grant terms" not in page
    assert f"{url}/reports/progress" in page and f"{url}/reports/final" in page
    assert "No payment has been made yet" in page
    projects.record_disbursement(db, world["staff"], application, dt.date(2026, 7, 1), 450_000,
                                 "TT-2026-0042")
    db.commit()
    page = text(client.get(url))
    assert "TT-2026-0042" in page and "¥450,000" in page


def test_a_report_draft_attachment_and_submission(client, db, world):
    application = under_way(db, world, world["alumna"])
    lines = application.budget_lines
    url = f"/grants/applications/{application.id}/reports/progress"
    as_user(client, "putri@example.org")
    page = text(client.get(url))
    assert f'name="spent_{lines[0].id}"' in page and "Save draft" in page
    assert client.get(f"/grants/applications/{application.id}/reports/interim").status_code == 404

    saved = send(client, url, {"narrative": "Twelve coaches trained.", "action": "save",
                               f"spent_{lines[0].id}": "30,000,000"}, token_from=url)
    assert saved.status_code == 302 and saved.location.endswith(url)
    report = db.scalar(select(GrantReport))
    assert report.status == ReportStatus.DRAFT and report.narrative == "Twelve coaches trained."
    page = text(client.get(url))
    assert "30,000,000 IDR" in page  # planned minus spent on the first line

    attached = send(client, url, {
        "narrative": "Twelve coaches trained.", "action": "attach",
        f"spent_{lines[0].id}": "30,000,000", "attachment": (io.BytesIO(PDF), "receipts.pdf")},
        token_from=url, content_type="multipart/form-data")
    assert attached.status_code == 302
    attachment = db.scalar(select(ReportAttachment))
    assert attachment.content_type == "application/pdf" and attachment.filename == "receipts.pdf"
    download = client.get(f"{url}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download.headers["Content-Disposition"]
    refused = text(send(client, url, {
        "narrative": "Twelve coaches trained.", "action": "attach",
        f"spent_{lines[0].id}": "30,000,000",
        "attachment": (io.BytesIO(b"\x00\x01binary\x00"), "tool.exe")}, token_from=url,
        content_type="multipart/form-data"))
    assert "This kind of file cannot be attached" in refused
    assert db.scalar(select(func.count()).select_from(ReportAttachment)) == 1

    # Submitting with a line not given: refused, with the draft kept.
    page = text(send(client, url, {"narrative": "Twelve coaches trained; four stalls.",
                                   "beneficiaries_reached": "14", "action": "submit",
                                   f"spent_{lines[0].id}": "30,000,000"}, token_from=url))
    assert "give what was spent, 0 if nothing" in page
    report = fresh(db, GrantReport, report.id)
    assert report.status == ReportStatus.DRAFT and report.beneficiaries_reached == 14
    sent = send(client, url, {"narrative": "Twelve coaches trained; four stalls.",
                              "beneficiaries_reached": "14", "action": "submit",
                              f"spent_{lines[0].id}": "30,000,000",
                              f"spent_{lines[1].id}": "0"}, token_from=url)
    assert sent.status_code == 302
    report = fresh(db, GrantReport, report.id)
    assert report.status == ReportStatus.SUBMITTED
    assert sorted(row.spent_local for row in report.spending) == [0, 30_000_000]

    # Read-only once sent.
    page = text(client.get(url))
    assert "Save draft" not in page and "receipts.pdf" in page and "Remove receipts.pdf" not in page
    late = send(client, url, {"narrative": "Changed.", "action": "save"})
    assert late.status_code == 302
    assert fresh(db, GrantReport, report.id).narrative.startswith("Twelve coaches")
    removing = send(client, url, {"narrative": "Changed.", "remove": str(attachment.id)},
                    follow_redirects=True)
    assert "can no longer be changed" in text(removing)
    assert db.scalar(select(func.count()).select_from(ReportAttachment)) == 1

    # Staff ask for changes: the note shows and the report opens again.
    projects.review_report(db, world["staff"], fresh(db, GrantReport, report.id), accept=False,
                           note="Add the receipts for the stalls.")
    db.commit()
    page = text(client.get(url))
    assert "Program staff ask for these changes" in page
    assert "Add the receipts for the stalls." in page and "Save draft" in page
    removed = send(client, url, {"narrative": "Twelve coaches trained; four stalls.",
                                 "remove": str(attachment.id)}, token_from=url)
    assert removed.status_code == 302
    assert db.scalar(select(func.count()).select_from(ReportAttachment)) == 0


def test_reports_wait_for_the_terms(client, db, world):
    application = approved(db, world, world["alumna"])
    as_user(client, "putri@example.org")
    response = client.get(f"/grants/applications/{application.id}/reports/progress")
    assert response.status_code == 302
    assert response.location.endswith(f"/grants/applications/{application.id}")
    refused = send(client, f"/grants/applications/{application.id}/reports/final",
                   {"narrative": "Too early", "action": "save"})
    assert refused.status_code == 302
    assert db.scalar(select(func.count()).select_from(GrantReport)) == 0


# Others' ids ------------------------------------------------------------------------------------


def test_other_people_s_applications_reports_and_files_are_not_found(client, db, world):
    application = under_way(db, world, world["alumna"])
    report = projects.save_report(db, world["alumna"], application, ReportKind.PROGRESS,
                                  ReportInput("Started.", 3, {}), submit=False)
    attachment = projects.add_attachment(db, world["alumna"], application, ReportKind.PROGRESS,
                                         io.BytesIO(PDF), "receipts.pdf")
    db.commit()
    base = f"/grants/applications/{application.id}"
    files = f"{base}/reports/progress/attachments"
    gets = [base, f"{base}/edit", f"{base}/reports/progress", f"{base}/reports/final",
            f"{files}/{attachment.id}"]
    posts = [f"{base}/edit", f"{base}/autosave", f"{base}/withdraw", f"{base}/accept-terms",
             f"{base}/reports/progress"]
    for email in ("jun@example.org", "staff@example.org", "trainee@example.org"):
        as_user(client, email)
        for url in gets:
            assert client.get(url).status_code == 404, (email, url)
        for url in posts:  # the report's form with her file's Remove button pressed too
            response = send(client, url, {**posted(title="Taken over"), "narrative": "Mine",
                                          "attachment": (io.BytesIO(PDF), "x.pdf"),
                                          "remove": str(attachment.id)},
                            content_type="multipart/form-data")
            assert response.status_code == 404, (email, url)
    # Another grantee's own report naming her file removes nothing; his text is saved.
    his = under_way(db, world, world["alumnus"], title="Sign language in the workplace")
    as_user(client, "jun@example.org")
    his_report = f"/grants/applications/{his.id}/reports/progress"
    assert send(client, his_report, {"narrative": "His", "remove": str(attachment.id)},
                token_from=his_report).status_code == 302
    assert "has been removed" not in text(client.get(his_report))
    assert db.scalar(select(GrantReport.narrative).where(
        GrantReport.application_id == his.id)) == "His"
    # Her own file under another report kind's address is not found either.
    as_user(client, "putri@example.org")
    assert client.get(f"{base}/reports/final/attachments/{attachment.id}").status_code == 404
    assert client.get(f"{files}/{attachment.id}").status_code == 200
    application = fresh(db, GrantApplication, application.id)
    assert application.title != "Taken over" and application.status == S.IN_PROGRESS
    assert fresh(db, GrantReport, report.id).narrative == "Started."
    assert db.scalar(select(func.count()).select_from(ReportAttachment)) == 1


# Autosave ---------------------------------------------------------------------------------------


def test_autosave_keeps_the_draft_and_refuses_what_it_cannot_save(client, db, world):
    application = started(db, world["alumna"], world["round"])
    edit_url = f"/grants/applications/{application.id}/edit"
    autosave_url = f"/grants/applications/{application.id}/autosave"
    as_user(client, "putri@example.org")
    response = send(client, autosave_url, posted(title="Typed so far"), token_from=edit_url)
    assert response.status_code == 200
    body = response.get_json()
    assert body["saved"] is True and body["saved_at"] and body["requested"] == "¥930,000"
    application = fresh(db, GrantApplication, application.id)
    assert application.title == "Typed so far" and application.status == S.DRAFT
    assert len(application.budget_lines) == 2

    bad = send(client, autosave_url, posted(title="Not kept", beneficiary_count="many"),
               token_from=edit_url)
    assert bad.status_code == 400
    errors = bad.get_json()["errors"]
    assert [error["field"] for error in errors] == ["beneficiary_count"]
    assert fresh(db, GrantApplication, application.id).title == "Typed so far"

    too_long = send(client, autosave_url, posted(title="x" * 201), token_from=edit_url)
    assert too_long.status_code == 400 and "at most 200" in too_long.get_json()["error"]

    applying.submit(db, world["alumna"], fresh(db, GrantApplication, application.id))
    db.commit()
    after = send(client, autosave_url, posted(title="After submitting"), token_from="/grants/")
    assert after.status_code == 400 and "can no longer be changed" in after.get_json()["error"]

    as_user(client, "jun@example.org")
    assert send(client, autosave_url, posted(title="Not hers")).status_code == 404
    assert fresh(db, GrantApplication, application.id).title == "Typed so far"


# Cost of the pages ------------------------------------------------------------------------------


def _grant_with_history(db, world, applicant, lines, resubmissions, payments):
    amounts = tuple(1_000_000 for _line in range(lines))
    application = in_review(db, world["staff"], applicant, world["round"], lines=amounts)
    for number in range(resubmissions):
        decisions.decide(db, world["staff"], application, DecisionInput(
            DecisionOutcome.MORE_INFORMATION, message=f"Question {number}"))
        applying.save_draft(db, applicant, application, complete_input(lines=amounts))
        applying.submit(db, applicant, application)
        services.screen(db, world["staff"], application, eligible=True, reason="")
    decisions.decide(db, world["staff"], application, DecisionInput(
        DecisionOutcome.APPROVED, 9_000, "Approved."))
    projects.accept_terms(db, applicant, application)
    for number in range(payments):
        projects.record_disbursement(db, world["staff"], application, dt.date(2026, 7, 1),
                                     100, f"TT-{number}")
    projects.save_report(db, applicant, application, ReportKind.PROGRESS,
                         ReportInput("Started.", 3, {}), submit=False)
    db.commit()
    return application


def test_the_application_page_costs_the_same_for_few_or_many_lines_versions_payments(
        client, db, world, count_queries):
    few = _grant_with_history(db, world, world["alumna"], lines=1, resubmissions=0, payments=1)
    many = _grant_with_history(db, world, world["alumnus"], lines=12, resubmissions=3,
                               payments=8)
    as_user(client, "putri@example.org")
    with count_queries() as counted_few:
        assert client.get(f"/grants/applications/{few.id}").status_code == 200
    as_user(client, "jun@example.org")
    with count_queries() as counted_many:
        page = text(client.get(f"/grants/applications/{many.id}"))
    assert counted_many.count == counted_few.count, (counted_few.statements,
                                                     counted_many.statements)
    assert "Version 4, submitted" in page and "TT-7" in page and "Line 12" in page


def test_the_rounds_page_costs_the_same_for_few_or_many_rounds_and_applications(
        app, client, db, world, count_queries):
    app.config["LMS_PAGE_SIZE"] = 20
    def more_rounds(count, start):
        for number in range(start, start + count):
            closed = services.create_round(db, world["staff"], round_input(
                title=f"Old round {number}", fiscal_year=2000 + number,
                opens_at=dt.datetime(2000 + number, 4, 1, 9, 0),
                closes_at=dt.datetime(2000 + number, 5, 1, 9, 0)))
            # Applications to old rounds, made as if while they were open.
            application = GrantApplication(round_id=closed.id,
                                           applicant_id=world["alumna"].id,
                                           title=f"Old project {number}")
            db.add(application)
        db.commit()

    more_rounds(1, 0)
    as_user(client, "putri@example.org")
    with count_queries() as few:
        assert client.get("/grants/").status_code == 200
    more_rounds(30, 1)
    with count_queries() as many:
        page = text(client.get("/grants/"))
    assert many.count == few.count, (few.statements, many.statements)
    assert "Page 1 of 2" in page
    mine = text(client.get("/grants/mine"))
    assert "Old project 30" in mine and "Page 1 of 2" in mine


# The alumni home --------------------------------------------------------------------------------


def test_the_alumni_home_shows_open_rounds_and_her_applications(client, db, world):
    application = submitted(db, world["alumna"], world["round"])
    db.commit()
    as_user(client, "putri@example.org")
    page = text(client.get("/alumni/"))
    section = page[page.index('id="grants-heading"'):]
    assert "Fiscal 2026 grants: open for applications until" in section
    assert f'href="/grants/applications/{application.id}"' in section
    assert "submitted" in section and 'href="/grants/"' in section


def test_a_draft_in_a_round_that_allows_only_one_is_continued_not_doubled(client, db, world):
    application = started(db, world["alumna"], world["round"])
    as_user(client, "putri@example.org")
    page = text(client.get("/grants/"))
    assert "Continue your application" in page and "Start an application" not in page
    again = send(client, f"/grants/rounds/{world['round'].id}/apply")
    assert again.location.endswith(f"/grants/applications/{application.id}/edit")
    assert db.scalar(select(func.count()).select_from(GrantApplication)) == 1


@pytest.mark.parametrize("value, expected", [
    ("0.0093", decimal.Decimal("0.0093")), ("0,0093", decimal.Decimal("0.0093")),
    (" 1.5 ", decimal.Decimal("1.5"))])
def test_exchange_rates_are_read_as_people_write_them(client, db, world, value, expected):
    application = started(db, world["alumna"], world["round"])
    edit_url = f"/grants/applications/{application.id}/edit"
    as_user(client, "putri@example.org")
    send(client, edit_url, {"exchange_rate": value, "action": "save"}, token_from=edit_url)
    assert fresh(db, GrantApplication, application.id).exchange_rate == expected


def test_the_navigation_leads_each_person_to_their_grant_pages(client, db, world):
    as_user(client, "putri@example.org")
    page = text(client.get("/grants/"))
    assert '<a href="/grants/" aria-current="page">Grants</a>' in page
    assert 'href="/grants/staff/"' not in page
    as_user(client, "trainee@example.org")
    assert '<a href="/grants/"' not in text(client.get("/"))
    as_user(client, "staff@example.org")
    page = text(client.get("/"))
    assert 'href="/grants/staff/"' in page and '<a href="/grants/"' not in page
    as_user(client, "member@example.org")
    page = text(client.get("/"))
    assert ">Grant reviews</a>" in page and ">Selection reviews</a>" in page
    assert 'href="/grants/staff/"' not in page
