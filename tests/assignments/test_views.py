from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.assignments.models import Attachment, Grade, Submission, SubmissionStatus
from tests import factories
from tests.conftest import PAGE_QUERIES, csrf_token, login, post

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XSS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<svg onload="alert(1)"></svg>',
    '<a href="javascript:alert(1)">raw</a>',
]


LIVE_HANDLER = re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=", re.IGNORECASE)
LIVE_SCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def assert_inert(html: str, where: str) -> None:
    """No live tag carries the payload: escaped text such as &lt;script&gt; is harmless."""
    lowered = html.lower()
    assert "<script>alert" not in lowered and "<svg" not in lowered, where
    assert not LIVE_HANDLER.search(html), (where, LIVE_HANDLER.search(html))
    assert not LIVE_SCRIPT_URL.search(html), where


def work_url(year, slug="visit-note"):
    return f"/cohorts/{year['cohort'].id}/work/{slug}"


def as_user(client, email):
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    response = login(client, email)
    assert response.status_code == 302, email


def send(client, url, data, files=None):
    token = csrf_token(client, url)
    payload = {"csrf_token": token, "attempt": "1", **data}
    if files:
        payload["files"] = files
    return client.post(url, data=payload, content_type="multipart/form-data")


def test_write_save_preview_and_hand_in(client, db, year):
    as_user(client, "amihan@example.org")
    url = work_url(year)
    page = client.get(url).get_data(as_text=True)
    assert "Write a note about the visit." in page and "Save draft" in page
    assert send(client, url, {"text": "First *draft*", "action": "save"}).status_code == 302
    assert "First *draft*" in client.get(url).get_data(as_text=True)
    preview = send(client, url, {"text": "Now **bold**", "action": "preview"}).get_data(
        as_text=True)
    assert "<strong>bold</strong>" in preview and "Now **bold**" in preview
    send(client, url, {"text": "Final answer", "action": "submit"})
    send(client, url, {"text": "Final answer", "action": "submit"})  # a double click
    assert db.scalar(select(func.count()).select_from(Submission)) == 1
    page = client.get(url).get_data(as_text=True)
    assert "What you handed in" in page and "Save draft" not in page


def test_autosave_answers_json(client, db, year):
    as_user(client, "amihan@example.org")
    url = work_url(year)
    token = csrf_token(client, url)
    response = client.post(url + "/autosave", data={"csrf_token": token, "attempt": "1",
                                                     "text": "typed"})
    assert response.status_code == 200 and response.json["saved"] is True
    assert db.scalar(select(Submission.text)) == "typed"
    response = client.post(url + "/autosave", data={"csrf_token": token, "attempt": "9",
                                                     "text": "x"})
    assert response.status_code == 409 and response.json["saved"] is False


def test_attach_a_pdf_and_download_it(client, db, year, app):
    as_user(client, "amihan@example.org")
    url = work_url(year)
    response = send(client, url, {"text": "", "action": "save"},
                    files=[(io.BytesIO(PDF), "../../etc/My report.pdf")])
    assert response.status_code == 302
    attachment = db.scalar(select(Attachment))
    assert attachment.original_name == "My report.pdf"  # the path went nowhere
    assert "/" not in attachment.stored_name and attachment.content_type == "application/pdf"
    download = client.get(f"/attachments/{attachment.id}")
    assert download.status_code == 200 and download.get_data() == PDF
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    # the classmate, the other mentor and a trainee of another cohort get nothing
    for email in ("siriporn@example.org", "mentor2@example.org", "other@example.org"):
        as_user(client, email)
        assert client.get(f"/attachments/{attachment.id}").status_code == 404, email
    as_user(client, "mentor@example.org")
    assert client.get(f"/attachments/{attachment.id}").status_code == 200


def test_a_renamed_executable_is_refused(client, db, year):
    as_user(client, "amihan@example.org")
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
    page = send(client, work_url(year), {"text": "", "action": "save"},
                files=[(io.BytesIO(exe), "report.pdf")]).get_data(as_text=True)
    assert "This kind of file cannot be attached" in page
    assert db.scalar(select(func.count()).select_from(Attachment)) == 0


def test_one_byte_over_the_limit_is_refused_with_a_413_page(client, db, year, app):
    app.config["LMS_MAX_UPLOAD_MB"] = 1
    as_user(client, "amihan@example.org")
    limit = 1024 * 1024
    at_limit = PDF + b"0" * (limit - len(PDF))
    assert send(client, work_url(year), {"text": "", "action": "save"},
                files=[(io.BytesIO(at_limit), "ok.pdf")]).status_code == 302
    response = send(client, work_url(year), {"text": "", "action": "save"},
                    files=[(io.BytesIO(at_limit + b"0"), "big.pdf")])
    assert response.status_code == 413
    assert "The upload is too large" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Attachment)) == 1


def _submit_and_grade_page(client, db, year, text="My note"):
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": text, "action": "submit"})
    return db.scalar(select(Submission))


def test_mentor_grades_with_the_rubric_and_the_trainee_sees_it(client, db, year):
    submission = _submit_and_grade_page(client, db, year)
    as_user(client, "mentor@example.org")
    queue = client.get("/grading").get_data(as_text=True)
    assert "Visit note" in queue and "Amihan Reyes" in queue
    url = f"/submissions/{submission.id}/grade"
    response = post(client, url, {"version": "0", "criterion-0": "4", "criterion-1": "3",
                                  "feedback": "Good *observation*.", "outcome": "graded"},
                    token_from=url)
    assert response.status_code == 302
    as_user(client, "amihan@example.org")
    page = client.get(work_url(year)).get_data(as_text=True)
    assert "Grade: 7 of 10 points" in page and "<em>observation</em>" in page
    assert "Precise" in page  # the rubric level reached
    grades = client.get(f"/cohorts/{year['cohort'].id}/grades").get_data(as_text=True)
    assert "7 / 10" in grades


def test_two_graders_get_a_conflict_not_an_overwrite(client, db, year, app):
    submission = _submit_and_grade_page(client, db, year)
    url = f"/submissions/{submission.id}/grade"
    staff = app.test_client()
    login(staff, "staff@example.org")
    as_user(client, "mentor@example.org")
    mentor_token, staff_token = csrf_token(client, url), csrf_token(staff, url)
    fields = {"version": "0", "criterion-0": "4", "criterion-1": "6", "outcome": "graded"}
    assert client.post(url, data={**fields, "csrf_token": mentor_token,
                                  "feedback": "Mentor's"}).status_code == 302
    page = staff.post(url, data={**fields, "csrf_token": staff_token, "criterion-0": "0",
                                 "feedback": "Staff's"}).get_data(as_text=True)
    assert "Someone else saved a grade" in page
    assert "The grade saved by Tanaka Hiroko" in page and "Grade: 10 of 10 points" in page
    assert db.scalar(select(Grade.feedback)) == "Mentor's"


@pytest.mark.parametrize("email", ["siriporn@example.org", "mentor2@example.org",
                                   "other@example.org"])
def test_other_peoples_submissions_are_404(client, db, year, email):
    submission = _submit_and_grade_page(client, db, year)
    as_user(client, email)
    assert client.get(f"/submissions/{submission.id}/grade").status_code == 404
    assert post(client, f"/submissions/{submission.id}/grade",
                {"version": "0", "criterion-0": "4", "criterion-1": "6",
                 "outcome": "graded"}).status_code == 404
    assert client.get(f"/submissions/{submission.id}/extension").status_code == 404
    assert db.scalar(select(func.count()).select_from(Grade)) == 0


def test_a_trainee_cannot_grade_their_own_work(client, db, year):
    submission = _submit_and_grade_page(client, db, year)
    response = post(client, f"/submissions/{submission.id}/grade",
                    {"version": "0", "criterion-0": "4", "criterion-1": "6",
                     "outcome": "graded"})
    assert response.status_code == 403
    assert db.scalar(select(func.count()).select_from(Grade)) == 0


def test_hidden_fields_change_nothing(client, db, year):
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": "x", "action": "submit", "status": "graded",
                                  "is_late": "y", "enrollment_id": year["classmate"].id,
                                  "total": "10"})
    submission = db.scalar(select(Submission))
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.enrollment_id == year["trainee"].id
    assert db.scalar(select(func.count()).select_from(Grade)) == 0


def test_another_cohorts_work_page_is_404(client, year):
    as_user(client, "other@example.org")
    assert client.get(work_url(year)).status_code == 404


@pytest.mark.parametrize("payload", XSS)
def test_stored_xss_is_inert_everywhere(client, db, year, app, payload):
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": payload, "action": "save"},
         files=[(io.BytesIO(PDF), payload[:40] + ".pdf")])
    send(client, work_url(year), {"text": payload, "action": "submit"})
    db.get(User, year["trainee"].user_id).display_name = payload
    db.commit()
    submission = db.scalar(select(Submission))
    as_user(client, "mentor@example.org")
    url = f"/submissions/{submission.id}/grade"
    post(client, url, {"version": "0", "criterion-0": "4", "criterion-1": "6",
                       "feedback": payload, "outcome": "graded"}, token_from=url)
    pages = [client.get(url), client.get("/grading"),
             client.get(f"/cohorts/{year['cohort'].id}/gradebook")]
    as_user(client, "amihan@example.org")
    pages += [client.get(work_url(year)), client.get(f"/cohorts/{year['cohort'].id}/grades")]
    for response in pages:
        assert response.status_code == 200
        assert_inert(response.get_data(as_text=True), response.request.path)
    as_user(client, "staff@example.org")
    exported = client.get(f"/cohorts/{year['cohort'].id}/gradebook.csv").get_data(as_text=True)
    for row in csv.reader(io.StringIO(exported.lstrip("\ufeff"))):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_gradebook_csv_keeps_japanese_names(client, db, year, logged_in):
    db.get(User, year["trainee"].user_id).display_name = "佐藤 花子"
    db.commit()
    _submit_and_grade_page(client, db, year)
    as_user(client, "staff@example.org")
    response = client.get(f"/cohorts/{year['cohort'].id}/gradebook.csv")
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Email address", "Name", "Country"]
    assert "Visit note" in rows[0] and rows[0][-2:] == ["Total", "Passed"]
    assert any(row[1] == "佐藤 花子" for row in rows[1:])
    assert len(rows) == 3  # one row per trainee


def test_the_gradebook_is_for_staff_and_mentors(client, year):
    as_user(client, "amihan@example.org")
    assert client.get(f"/cohorts/{year['cohort'].id}/gradebook").status_code == 404
    as_user(client, "mentor@example.org")
    page = client.get(f"/cohorts/{year['cohort'].id}/gradebook").get_data(as_text=True)
    assert "Amihan Reyes" in page and "Siriporn K" not in page


def test_staff_move_a_deadline_in_the_cohorts_zone(client, db, year, logged_in):
    as_user(client, "staff@example.org")
    item = year["items"]["visit-note"]
    url = f"/cohorts/{year['cohort'].id}/deadlines"
    response = post(client, url, {"item_id": item.id, "due_at": "2019-04-30T17:00"},
                    token_from=url)
    assert response.status_code == 302
    from lms.assignments.models import DeadlineChange

    moved = db.scalar(select(DeadlineChange.due_at))
    assert moved.isoformat() == "2019-04-30T08:00:00+00:00"  # 17:00 in Tokyo


def test_a_deadline_in_year_one_is_a_form_error_not_a_500(client, db, year, logged_in):
    as_user(client, "staff@example.org")
    url = f"/cohorts/{year['cohort'].id}/deadlines"
    response = post(client, url, {"item_id": year["items"]["visit-note"].id,
                                  "due_at": "0001-01-01T00:00"}, token_from=url)
    assert response.status_code == 200
    assert "Give a date between 1900-01-01 and 2100-12-31." in response.get_data(as_text=True)


def _in_new_york(db, year):
    year["cohort"].timezone = "America/New_York"
    db.commit()


def test_a_deadline_the_clocks_skip_is_refused_naming_the_zone(client, db, year, logged_in):
    from lms.assignments.models import DeadlineChange

    _in_new_york(db, year)
    as_user(client, "staff@example.org")
    url = f"/cohorts/{year['cohort'].id}/deadlines"
    response = post(client, url, {"item_id": year["items"]["visit-note"].id,
                                  "due_at": "2019-03-10T02:30"}, token_from=url)
    assert response.status_code == 200
    assert "2019-03-10 02:30 does not exist in America/New_York" in \
        response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(DeadlineChange)) == 0


def test_a_deadline_that_happens_twice_is_the_first_and_the_page_says_so(client, db, year,
                                                                         logged_in):
    from lms.assignments.models import DeadlineChange

    _in_new_york(db, year)
    as_user(client, "staff@example.org")
    url = f"/cohorts/{year['cohort'].id}/deadlines"
    response = post(client, url, {"item_id": year["items"]["visit-note"].id,
                                  "due_at": "2019-11-03T01:30"}, token_from=url,
                    follow_redirects=True)
    assert "2019-11-03 01:30 happens twice in America/New_York" in \
        response.get_data(as_text=True)
    moved = db.scalar(select(DeadlineChange.due_at))
    assert moved.isoformat() == "2019-11-03T05:30:00+00:00"  # 01:30 EDT, the first


def test_an_extension_the_clocks_skip_is_refused(client, db, year):
    submission = _submit_and_grade_page(client, db, year)
    _in_new_york(db, year)
    as_user(client, "mentor@example.org")
    url = f"/submissions/{submission.id}/extension"
    page = post(client, url, {"due_at": "2020-03-08T02:15", "reason": "Ill"},
                token_from=url).get_data(as_text=True)
    assert "does not exist in America/New_York" in page
    page = post(client, url, {"due_at": "0001-01-01T00:00", "reason": "Ill"},
                token_from=url).get_data(as_text=True)
    assert "Give a date between" in page


def test_extension_through_the_page(client, db, year):
    submission = _submit_and_grade_page(client, db, year)
    as_user(client, "mentor@example.org")
    url = f"/submissions/{submission.id}/extension"
    page = post(client, url, {"due_at": "2019-04-25T23:59", "reason": ""},
                token_from=url).get_data(as_text=True)
    assert 'id="reason-error"' in page
    assert post(client, url, {"due_at": "2019-04-25T23:59", "reason": "Ill"},
                token_from=url).status_code == 302


# Query counts ---------------------------------------------------------------------------------


def _grow(db, year, count):
    from lms.programs.models import Mentorship

    enrollments = factories.bulk_trainees(db, year["cohort"], count)
    item = year["items"]["visit-note"]
    submissions = [Submission(enrollment_id=e.id, item_id=item.id, text="x",
                              status=SubmissionStatus.SUBMITTED,
                              submitted_at=year["cohort"].due_time(35)) for e in enrollments]
    db.add_all(submissions)
    db.add_all(Mentorship(mentor_enrollment_id=year["mentor"].id, trainee_enrollment_id=e.id)
               for e in enrollments)
    db.flush()
    db.add_all(Grade(submission_id=s.id, scores={"Observation": 4, "Reflection": 6}, total=10)
               for s in submissions[::2])
    db.commit()


@pytest.mark.parametrize("who,path", [
    ("mentor@example.org", "/grading"),
    ("mentor@example.org", "/gradebook"),
    ("staff@example.org", "/gradebook"),
    ("mentor@example.org", "/gradebook?module=care"),
    ("mentor@example.org", "grade"),
])
def test_grading_pages_do_not_grow_with_the_cohort(client, db, year, count_queries, who, path):
    submission = _submit_and_grade_page(client, db, year)
    as_user(client, who)
    url = {"/grading": "/grading", "grade": f"/submissions/{submission.id}/grade"}.get(
        path, f"/cohorts/{year['cohort'].id}{path}")

    def queries():
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    _grow(db, year, 10)
    few = queries()
    if "gradebook" in path:
        assert few <= PAGE_QUERIES
    _grow(db, year, 990)
    assert queries() == few
