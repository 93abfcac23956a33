"""The trainee's standing and her work's state, as her home, her grades, her mentor's progress
page, the staff matrix and the completion screen show them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from lms.assignments.models import Extension, Grade, Submission, SubmissionStatus
from tests import factories
from tests.conftest import PAGE_QUERIES, login

# In the "care" module: the visit note (10 points) is due 22 April, the presentation
# (20 points) 27 April; from 21 April both are due within the week.
BOTH_DUE_THIS_WEEK = dt.datetime(2019, 4, 21, 3, 0, tzinfo=dt.UTC)
VISIT_NOTE_OVERDUE = dt.datetime(2019, 4, 23, 3, 0, tzinfo=dt.UTC)


def as_user(client, email):
    client.delete_cookie("kakehashi_session")
    assert login(client, email).status_code == 302, email


def hand_in(db, year, slug="visit-note", *, enrollment="trainee", attempt=1,
            status=SubmissionStatus.SUBMITTED, points=None, returned=False):
    submission = Submission(
        enrollment_id=year[enrollment].id, item_id=year["items"][slug].id, attempt=attempt,
        status=status, text="My note",
        submitted_at=None if status == SubmissionStatus.DRAFT else year["cohort"].due_time(35))
    db.add(submission)
    db.flush()
    if points is not None:
        db.add(Grade(submission_id=submission.id, total=points, returned=returned))
    db.commit()
    return submission


def part(html, heading):
    """The home section's part under ``heading``, up to the next heading."""
    match = re.search(re.escape(heading) + r"(.*?)<h[23]", html, re.S)
    assert match, heading
    return match.group(1)


def home(client):
    return client.get("/").get_data(as_text=True)


def test_handed_in_work_is_no_longer_a_deadline(client, db, year):
    with time_machine.travel(BOTH_DUE_THIS_WEEK, tick=False):
        as_user(client, "amihan@example.org")
        due = part(home(client), "Due in the next 7 days")
        assert "Visit note" in due and "Presentation" in due and "(2)" in due
        hand_in(db, year, "visit-note", status=SubmissionStatus.DRAFT)
        assert "Visit note" in part(home(client), "Due in the next 7 days")  # a draft is not
        db.query(Submission).delete()
        hand_in(db, year, "visit-note")
        due = part(home(client), "Due in the next 7 days (1)")
        assert "Visit note" not in due and "Presentation" in due


def test_nothing_due_says_so(client, db, year):
    as_user(client, "amihan@example.org")
    page = home(client)
    assert "Nothing is due in the next 7 days that you have not handed in." in page
    assert "Nothing has been returned to you for revision." in page
    assert "Continue: Welcome" in page  # the first required lesson not done


def test_returned_work_shows_on_the_home_and_the_outline(client, db, year):
    hand_in(db, year, status=SubmissionStatus.RETURNED, points=4, returned=True)
    as_user(client, "amihan@example.org")
    returned = part(home(client), "Returned for revision (1)")
    assert f'href="/cohorts/{year["cohort"].id}/work/visit-note"' in returned
    outline = client.get(f"/cohorts/{year['cohort'].id}/course").get_data(as_text=True)
    assert re.search(r"Visit note</a>.*?returned for revision", outline, re.S)


def test_below_the_pass_mark_is_at_risk_in_the_same_words_everywhere(client, db, year):
    hand_in(db, year, points=5)  # the pass mark is 60%: 6 of 10
    words = "Below the pass mark: Visit note (5 of 10 points)"
    pages = {"amihan@example.org": ["/", f"/cohorts/{year['cohort'].id}/grades"],
             "mentor@example.org": [f"/cohorts/{year['cohort'].id}/progress"],
             "staff@example.org": [
                 f"/cohorts/{year['cohort'].id}/matrix",
                 f"/cohorts/{year['cohort'].id}/trainees/{year['trainee'].id}/grades"]}
    for email, urls in pages.items():
        as_user(client, email)
        for url in urls:
            page = client.get(url).get_data(as_text=True)
            assert words in page and "At risk" in page, url
    # The completion screen counts what she is missing, and leads to her page for what it is.
    completion = client.get(f"/cohorts/{year['cohort'].id}/completion").get_data(as_text=True)
    assert re.search(f'<a href="/cohorts/{year["cohort"].id}/trainees/{year["trainee"].id}'
                     r'/grades">What is missing: \d+ things</a>', completion)
    as_user(client, "mentor@example.org")
    progress = client.get(f"/cohorts/{year['cohort'].id}/progress").get_data(as_text=True)
    assert "1 trainee on this page is at risk." in progress


def test_handing_in_again_ends_the_risk(client, db, year):
    hand_in(db, year, points=5)
    hand_in(db, year, attempt=2)
    as_user(client, "amihan@example.org")
    standing = part(home(client), "Your standing")
    assert "At risk" not in standing and "On track" in standing
    assert "Waiting for a grade: Visit note" in standing


def test_overdue_work_not_handed_in_is_at_risk_unless_extended(client, db, year):
    hand_in(db, year, status=SubmissionStatus.DRAFT)
    with time_machine.travel(VISIT_NOTE_OVERDUE, tick=False):
        as_user(client, "amihan@example.org")
        grades = client.get(f"/cohorts/{year['cohort'].id}/grades").get_data(as_text=True)
        assert "At risk" in grades
        assert re.search(r"Why:.*?Not handed in: Visit note", grades, re.S)
        db.add(Extension(enrollment_id=year["trainee"].id, item_id=year["items"]["visit-note"].id,
                         due_at=VISIT_NOTE_OVERDUE + dt.timedelta(days=3), reason="Ill"))
        db.commit()
        grades = client.get(f"/cohorts/{year['cohort'].id}/grades").get_data(as_text=True)
        assert "At risk" not in grades and "On track" in grades


def test_the_outline_shows_each_assignments_state(client, db, year):
    hand_in(db, year, points=7)
    hand_in(db, year, "presentation", status=SubmissionStatus.DRAFT)
    as_user(client, "amihan@example.org")
    outline = client.get(f"/cohorts/{year['cohort'].id}/course").get_data(as_text=True)
    assert "graded: 7 of 10 points" in outline
    assert re.search(r"Presentation</a>.*?Your work: draft", outline, re.S)
    db.query(Grade).delete()
    db.commit()
    outline = client.get(f"/cohorts/{year['cohort'].id}/course").get_data(as_text=True)
    assert re.search(r"Visit note</a>.*?Your work: handed in", outline, re.S)


def test_a_locked_item_is_linked_and_shows_its_opening_day(client, db, year):
    as_user(client, "amihan@example.org")
    cohort_id = year["cohort"].id
    outline = client.get(f"/cohorts/{cohort_id}/course").get_data(as_text=True)
    assert f'href="/cohorts/{cohort_id}/course/journal"' in outline  # opens on day 200
    page = client.get(f"/cohorts/{cohort_id}/course/journal")
    assert page.status_code == 200 and "opens on 29 Sep 2019" in page.get_data(as_text=True)
    as_user(client, "other@example.org")  # another cohort's items stay refused
    assert client.get(f"/cohorts/{cohort_id}/course/journal").status_code == 404


def test_others_standing_is_not_shown_to_a_trainee_or_another_mentor(client, db, year):
    hand_in(db, year, points=5)
    as_user(client, "siriporn@example.org")
    assert "Below the pass mark" not in home(client)
    as_user(client, "mentor2@example.org")
    progress = client.get(f"/cohorts/{year['cohort'].id}/progress").get_data(as_text=True)
    assert "Siriporn K" in progress and "Amihan Reyes" not in progress
    assert "Below the pass mark" not in progress


def _grow(db, year, count):
    """Classmates with graded and returned work, and more attempts of the trainee's own."""
    from lms.programs.models import Mentorship

    enrollments = factories.bulk_trainees(db, year["cohort"], count)
    db.add_all(Mentorship(mentor_enrollment_id=year["mentor"].id, trainee_enrollment_id=e.id)
               for e in enrollments)
    for enrollment in enrollments:
        for slug in ("visit-note", "presentation"):
            submission = Submission(enrollment_id=enrollment.id, item_id=year["items"][slug].id,
                                    status=SubmissionStatus.GRADED, text="x",
                                    submitted_at=year["cohort"].due_time(35))
            db.add(submission)
            db.flush()
            db.add(Grade(submission_id=submission.id, total=3))
    db.commit()


@pytest.mark.parametrize("email,path", [
    ("amihan@example.org", "/"),
    ("amihan@example.org", "/cohorts/{cohort}/grades"),
    ("amihan@example.org", "/cohorts/{cohort}/course"),
    ("mentor@example.org", "/cohorts/{cohort}/progress"),
    ("staff@example.org", "/cohorts/{cohort}/matrix"),
    ("mentor@example.org", "/cohorts/{cohort}/trainees/{trainee}/grades"),
])
def test_standing_pages_do_not_grow_with_the_cohort(client, db, year, count_queries, email,
                                                    path):
    hand_in(db, year, points=5)
    hand_in(db, year, attempt=2, status=SubmissionStatus.RETURNED, points=5, returned=True)
    as_user(client, email)
    url = path.format(cohort=year["cohort"].id, trainee=year["trainee"].id)

    def queries():
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    queries()  # the course is read once per process (curriculum.content), then kept
    _grow(db, year, 5)
    few = queries()
    assert few <= PAGE_QUERIES
    _grow(db, year, 20)
    assert queries() == few


def test_staff_and_her_mentor_read_all_she_is_missing_on_her_grades_a_link_from_the_matrix(
        client, db, year):
    """The matrix says how many things the rule still asks of her and leads to her grades,
    which list them all; there her handed-in work leads to its grading page."""
    submission = hand_in(db, year, points=5)
    cohort_id, enrollment_id = year["cohort"].id, year["trainee"].id
    grades_url = f"/cohorts/{cohort_id}/trainees/{enrollment_id}/grades"
    as_user(client, "staff@example.org")
    matrix = client.get(f"/cohorts/{cohort_id}/matrix").get_data(as_text=True)
    count = re.search(f'<a href="{grades_url}">What is missing: (\\d+) things</a>', matrix)
    assert count, "the matrix links her count to her grades"
    assert "Lesson not done: Welcome" not in matrix  # listed on her page, not in the matrix
    assert f'<a href="{grades_url}">Amihan Reyes</a>' in matrix
    for email in ("staff@example.org", "mentor@example.org"):
        as_user(client, email)
        page = client.get(grades_url).get_data(as_text=True)
        assert "<h1>Grades: Amihan Reyes</h1>" in page and "Your grades" not in page
        assert "Lesson not done: Welcome" in page
        assert f"What is missing: {count.group(1)} things" in page
        assert f'href="/submissions/{submission.id}/grade"' in page
        assert f'href="/cohorts/{cohort_id}/work/' not in page
    as_user(client, "amihan@example.org")
    own = client.get(grades_url).get_data(as_text=True)
    assert "<h1>Your grades</h1>" in own and f'href="/cohorts/{cohort_id}/work/visit-note"' in own
