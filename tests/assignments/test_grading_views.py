"""The grading page: a rubric that starts with nothing chosen and must be filled in whole, and
"Save and grade the next", which follows the grader's own queue and nobody else's."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lms.assignments.models import Grade, Submission
from lms.mail import OutboxMessage
from lms.programs import services as program_services
from tests import factories
from tests.assignments.test_views import as_user, send, work_url
from tests.conftest import post

CHECKED = re.compile(r'<input[^>]*\bchecked\b[^>]*name="criterion-', re.IGNORECASE)


def _hand_in(client, db, year, email):
    as_user(client, email)
    send(client, work_url(year), {"text": f"Note by {email}", "action": "submit"})
    return db.scalars(select(Submission).order_by(Submission.id.desc())).first()


def _graded_mail(db):
    return db.scalar(select(func.count()).select_from(OutboxMessage)
                     .where(OutboxMessage.subject.like("Graded%")))


def test_the_rubric_starts_with_no_level_chosen_and_shows_every_level_whole(client, db, year):
    submission = _hand_in(client, db, year, "amihan@example.org")
    as_user(client, "mentor@example.org")
    page = client.get(f"/submissions/{submission.id}/grade").get_data(as_text=True)
    assert not CHECKED.search(page) and "<select id=\"criterion" not in page
    for name in ("criterion-0", "criterion-1"):  # each level of each criterion
        assert len(re.findall(rf'<input[^>]*name="{name}"[^>]*type="radio"', page)) == 3
    assert '<legend>Observation (up to 4 points)</legend>' in page
    assert "Precise" in page and "Deep" in page
    assert "<output data-rubric-total>—</output> / 10" in page
    assert "Save and grade the next" in page and "lms/rubric.js" in page


@pytest.mark.parametrize("chosen,missing", [({}, ["criterion-0", "criterion-1"]),
                                            ({"criterion-0": "4"}, ["criterion-1"])])
def test_a_criterion_left_unchosen_is_refused_beside_it_and_nothing_is_saved(
        client, db, year, chosen, missing):
    submission = _hand_in(client, db, year, "amihan@example.org")
    as_user(client, "mentor@example.org")
    url = f"/submissions/{submission.id}/grade"
    response = post(client, url, {"version": "0", "feedback": "Good", "outcome": "graded",
                                  "then": "next", **chosen}, token_from=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in missing:
        assert f'id="{name}-error"' in page and f'aria-describedby="{name}-error"' in page
    assert page.count("Choose a level for this criterion.") == 2 * len(missing)  # + summary
    # The summary opens <main>, above the work, so it is read (and focused) first.
    main = page[page.index("<main"):]
    assert main.index('class="error-summary') < main.index("<h1")
    if chosen:  # what was chosen stays chosen, and the total says so
        assert re.search(r'<input checked[^>]*name="criterion-0"[^>]*value="4"', page)
        assert "<output data-rubric-total>4</output>" in page
    assert db.scalar(select(func.count()).select_from(Grade)) == 0
    assert _graded_mail(db) == 0
    db.expire_all()
    assert db.get(Submission, submission.id).status == "submitted"


def test_a_level_not_in_the_rubric_is_refused(client, db, year):
    submission = _hand_in(client, db, year, "amihan@example.org")
    as_user(client, "mentor@example.org")
    url = f"/submissions/{submission.id}/grade"
    page = post(client, url, {"version": "0", "outcome": "graded", "criterion-0": "3",
                              "criterion-1": "6"}, token_from=url).get_data(as_text=True)
    assert 'id="criterion-0-error"' in page
    assert db.scalar(select(func.count()).select_from(Grade)) == 0


def test_save_and_grade_the_next_follows_the_mentors_own_queue(client, db, year):
    third = factories.enroll(db, year["cohort"], "budi@example.org", name="Budi Santoso")
    program_services.assign_mentor(db, factories.staff(db), year["mentor"], third)
    db.commit()
    # Another mentor's trainee hands in first: the oldest work, but not this mentor's.
    _hand_in(client, db, year, "siriporn@example.org")
    first = _hand_in(client, db, year, "amihan@example.org")
    second = _hand_in(client, db, year, "budi@example.org")
    as_user(client, "mentor@example.org")
    scores = {"version": "0", "criterion-0": "4", "criterion-1": "3", "outcome": "graded",
              "then": "next"}
    url = f"/submissions/{first.id}/grade"
    response = post(client, url, scores, token_from=url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/submissions/{second.id}/grade")
    url = f"/submissions/{second.id}/grade"
    response = post(client, url, scores, token_from=url)
    assert response.headers["Location"].endswith("/grading")
    assert "Nothing else is waiting for a grade." in client.get("/grading").get_data(
        as_text=True)
    assert _graded_mail(db) == 2


def test_save_the_grade_stays_on_the_page(client, db, year):
    submission = _hand_in(client, db, year, "amihan@example.org")
    _hand_in(client, db, year, "siriporn@example.org")
    as_user(client, "staff@example.org")
    url = f"/submissions/{submission.id}/grade"
    response = post(client, url, {"version": "0", "criterion-0": "2", "criterion-1": "0",
                                  "outcome": "graded", "then": "stay"}, token_from=url)
    assert response.headers["Location"].endswith(url)
    page = client.get(url).get_data(as_text=True)  # the saved levels are chosen again
    assert re.search(r'<input checked[^>]*name="criterion-0"[^>]*value="2"', page)
    assert "<output data-rubric-total>2</output>" in page


def test_staff_go_on_to_the_oldest_work_of_anyone(client, db, year):
    mine = _hand_in(client, db, year, "amihan@example.org")
    other = _hand_in(client, db, year, "siriporn@example.org")
    as_user(client, "staff@example.org")
    url = f"/submissions/{mine.id}/grade"
    response = post(client, url, {"version": "0", "criterion-0": "2", "criterion-1": "0",
                                  "outcome": "graded", "then": "next"}, token_from=url)
    assert response.headers["Location"].endswith(f"/submissions/{other.id}/grade")


def test_an_assignment_without_a_rubric_asks_for_one_score_in_range(client, db, year):
    item = year["items"]["presentation"]
    submission = Submission(enrollment_id=year["trainee"].id, item_id=item.id, attempt=1,
                            text="", status="submitted",
                            submitted_at=year["cohort"].due_time(35))
    db.add(submission)
    db.commit()
    as_user(client, "mentor@example.org")
    url = f"/submissions/{submission.id}/grade"
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'<input[^>]*id="score"[^>]*max="20"[^>]*min="0"', page)
    assert 'value=""' in re.search(r'<input[^>]*id="score"[^>]*>', page).group(0)  # no score yet
    for score in ("", "21"):
        page = post(client, url, {"version": "0", "outcome": "graded", "score": score},
                    token_from=url).get_data(as_text=True)
        assert 'id="score-error"' in page, score
    assert db.scalar(select(func.count()).select_from(Grade)) == 0
    response = post(client, url, {"version": "0", "outcome": "graded", "score": "15"},
                    token_from=url)
    assert response.status_code == 302
    assert db.scalar(select(Grade.total)) == 15


def _presentation(db, year, enrollment):
    """Handed in after every visit note of these tests."""
    submission = Submission(enrollment_id=enrollment.id, item_id=year["items"]["presentation"].id,
                            attempt=1, text="", status="submitted",
                            submitted_at=year["cohort"].due_time(44))
    db.add(submission)
    db.commit()
    return submission


def test_the_next_follows_the_queues_filter_through_the_grading_page(client, db, year):
    third = factories.enroll(db, year["cohort"], "budi@example.org", name="Budi Santoso")
    program_services.assign_mentor(db, factories.staff(db), year["mentor"], third)
    db.commit()
    first = _hand_in(client, db, year, "amihan@example.org")
    slides = _presentation(db, year, year["trainee"])  # waiting, but not a visit note
    second = _hand_in(client, db, year, "budi@example.org")
    as_user(client, "mentor@example.org")
    queue = client.get("/grading?assignment=visit-note&status=submitted").get_data(as_text=True)
    filtered = f"/submissions/{first.id}/grade?assignment=visit-note&amp;status=submitted"
    assert f'href="{filtered}"' in queue
    url = filtered.replace("&amp;", "&")
    page = client.get(url).get_data(as_text=True)
    assert 'href="/grading?assignment=visit-note&amp;status=submitted"' in page  # back to it
    scores = {"version": "0", "criterion-0": "4", "criterion-1": "3", "outcome": "graded",
              "then": "next"}
    response = post(client, url, scores, token_from=url)
    assert response.headers["Location"].endswith(
        f"/submissions/{second.id}/grade?assignment=visit-note&status=submitted")
    url = response.headers["Location"]
    response = post(client, url, scores, token_from=url)  # the slides are not in this list
    assert response.headers["Location"].endswith("/grading?assignment=visit-note&status=submitted")
    db.expire_all()
    assert db.get(Submission, slides.id).status == "submitted"
    response = post(client, f"/submissions/{slides.id}/grade",
                    {"version": "0", "score": "15", "outcome": "graded", "then": "stay"},
                    token_from=f"/submissions/{slides.id}/grade")
    assert response.headers["Location"].endswith(f"/submissions/{slides.id}/grade")


def _two_of_the_mentors_trainees_hand_in(client, db, year):
    """Amihan, then Budi (another trainee of the same mentor) hand in; the mentor signs in."""
    third = factories.enroll(db, year["cohort"], "budi@example.org", name="Budi Santoso")
    program_services.assign_mentor(db, factories.staff(db), year["mentor"], third)
    db.commit()
    first = _hand_in(client, db, year, "amihan@example.org")
    second = _hand_in(client, db, year, "budi@example.org")
    as_user(client, "mentor@example.org")
    return first, second


def test_without_a_filter_the_next_is_the_next_waiting_then_any_skipped(client, db, year):
    first, second = _two_of_the_mentors_trainees_hand_in(client, db, year)
    scores = {"version": "0", "criterion-0": "4", "criterion-1": "3", "outcome": "graded",
              "then": "next"}
    url = f"/submissions/{second.id}/grade?status=all"  # the newest first: the oldest is next
    response = post(client, url, scores, token_from=url)
    assert response.headers["Location"].endswith(f"/submissions/{first.id}/grade?status=all")


def test_a_list_of_graded_work_is_walked_through_once(client, db, year):
    first, second = _two_of_the_mentors_trainees_hand_in(client, db, year)
    for submission in (first, second):
        url = f"/submissions/{submission.id}/grade"
        post(client, url, {"version": "0", "criterion-0": "2", "criterion-1": "3",
                           "outcome": "graded"}, token_from=url)
    regrade = {"version": "1", "criterion-0": "4", "criterion-1": "6", "outcome": "graded",
               "then": "next"}
    url = f"/submissions/{first.id}/grade?status=graded"
    response = post(client, url, regrade, token_from=url)
    assert response.headers["Location"].endswith(f"/submissions/{second.id}/grade?status=graded")
    url = f"/submissions/{second.id}/grade?status=graded"
    response = post(client, url, regrade, token_from=url)
    assert response.headers["Location"].endswith("/grading?status=graded")
    assert db.scalars(select(Grade.total)).all() == [10, 10]
