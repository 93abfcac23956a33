"""The grading page in one query (the attempts, the right to grade, the deadline), with what it
keeps between requests: the HTML of a handed-in text and the form of a rubric. What is kept
follows the text and the rubric, so a synced rubric or another trainee's text shows at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lms import markdown
from lms.assignments import extensions
from lms.assignments.models import Submission, SubmissionStatus
from lms.curriculum.sync import sync_courses
from tests import factories
from tests.assignments.test_views import as_user
from tests.conftest import post
from tests.home.conftest import hand_in


def _grading_page(client, submission) -> str:
    response = client.get(f"/submissions/{submission.id}/grade")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _earlier(page: str) -> str:
    return page.split('id="earlier-heading"', 1)[1] if 'id="earlier-heading"' in page else ""


def test_the_other_attempts_are_shown_earlier_and_later_but_never_a_draft(client, db, year):
    note = year["items"]["visit-note"]
    first = hand_in(db, year["trainee"], note, days_ago=5, status=SubmissionStatus.RETURNED,
                    graded_days_ago=4)
    second = hand_in(db, year["trainee"], note, days_ago=2, attempt=2)
    draft = hand_in(db, year["trainee"], note, attempt=3, status=SubmissionStatus.DRAFT)
    draft.text, draft.submitted_at = "A draft nobody else reads", None
    hand_in(db, year["classmate"], note, days_ago=2)  # another trainee's: never listed
    db.commit()
    as_user(client, "mentor@example.org")
    of_second = _earlier(_grading_page(client, second))
    assert f'id="attempt-{first.id}"' in of_second and "Attempt 2" not in of_second
    of_first = _earlier(_grading_page(client, first))  # a later attempt is shown too
    assert f'id="attempt-{second.id}"' in of_first
    for page in (of_first, of_second):
        assert "Attempt 3" not in page and "A draft nobody else reads" not in page
        assert "Attempt 1" in page or "Attempt 2" in page
    assert client.get(f"/submissions/{draft.id}/grade").status_code == 200  # as before


def test_an_extension_moves_the_deadline_shown_at_once(client, db, year):
    note = year["items"]["visit-note"]
    waiting = hand_in(db, year["trainee"], note, days_ago=1)
    db.commit()
    as_user(client, "mentor@example.org")
    assert "22 Apr 2019, 23:59 JST" in _grading_page(client, waiting)
    extensions.grant_extension(db, factories.staff(db), year["trainee"], note,
                               dt.datetime(2019, 4, 30, 14, 59, tzinfo=dt.UTC), "Ill")
    db.commit()
    assert "30 Apr 2019, 23:59 JST" in _grading_page(client, waiting)


def test_who_may_see_and_grade_it(client, db, year):
    waiting = hand_in(db, year["trainee"], year["items"]["visit-note"], days_ago=1)
    db.commit()
    factories.staff(db)
    db.commit()
    url = f"/submissions/{waiting.id}/grade"
    for email, status in (("mentor@example.org", 200), ("staff@example.org", 200),
                          ("amihan@example.org", 403), ("mentor2@example.org", 404),
                          ("siriporn@example.org", 404), ("other@example.org", 404)):
        as_user(client, email)
        assert client.get(url).status_code == status, email


def test_each_trainees_own_text_is_shown_where_texts_are_kept(client, db, year):
    note = year["items"]["visit-note"]
    pages = {}
    for trainee, text in ((year["trainee"], "Amihan's **own** note"),
                          (year["classmate"], "Siriporn's *own* note")):
        submission = hand_in(db, trainee, note, days_ago=1)
        submission.text = text
        pages[trainee.id] = submission
    db.commit()
    factories.staff(db)
    db.commit()
    as_user(client, "staff@example.org")
    for _ in range(2):  # the second time from what was kept
        first = _grading_page(client, pages[year["trainee"].id])
        second = _grading_page(client, pages[year["classmate"].id])
        assert "<strong>own</strong> note" in first and "<em>own</em>" not in first
        assert "<em>own</em> note" in second and "<strong>own</strong>" not in second


def test_a_long_answer_is_rendered_each_time_and_not_kept(client, db, year):
    waiting = hand_in(db, year["trainee"], year["items"]["visit-note"], days_ago=1)
    waiting.text = "A *long* answer. " + "word " * markdown.KEPT_UP_TO
    db.commit()
    as_user(client, "mentor@example.org")
    kept = markdown._kept.cache_info().currsize
    assert "A <em>long</em> answer." in _grading_page(client, waiting)
    assert markdown._kept.cache_info().currsize == kept


def test_a_synced_rubric_is_the_form_at_once(client, db, year, tmp_path):
    waiting = hand_in(db, year["trainee"], year["items"]["visit-note"], days_ago=1)
    db.commit()
    as_user(client, "mentor@example.org")
    url = f"/submissions/{waiting.id}/grade"
    assert "4 points: Precise" in _grading_page(client, waiting)
    path = tmp_path / "courses" / "year-course" / "02-care" / "02-visit-note.md"
    path.write_text(path.read_text().replace('{points = 4, label = "Precise"}',
                                             '{points = 4, label = "Vivid"}'))
    sync_courses(db, tmp_path / "courses")
    db.commit()
    page = _grading_page(client, waiting)
    assert "4 points: Vivid" in page and "Precise" not in page
    response = post(client, url, {"version": "0", "criterion-0": "4", "criterion-1": "6",
                                  "outcome": "graded", "then": "stay"}, token_from=url)
    assert response.status_code == 302
    db.expire_all()
    assert db.scalar(select(Submission.status).where(Submission.id == waiting.id)) == "graded"
