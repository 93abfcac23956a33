"""The grading queue and the grading page keep within 12 queries, and the same number when the
work doubles: more trainees, more submissions than a page holds, more attempts with files."""

from __future__ import annotations

import datetime as dt

import pytest

from lms.assignments.models import Attachment, SubmissionStatus
from lms.programs import services as program_services
from tests import factories
from tests.assignments.test_views import as_user
from tests.home.conftest import hand_in

BUDGET = 12


def _queries(client, count_queries, url: str) -> int:
    client.get(url)  # what a process reads once (the course) is not the page's
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def _grow(db, year, start: int, count: int) -> None:
    """``count`` more trainees of the mentor, each with a returned attempt at the visit note
    (with a file) and a second one waiting, and the presentation waiting."""
    cohort, items = year["cohort"], year["items"]
    cohort.capacity = 500
    for number in range(start, start + count):
        trainee = factories.enroll(db, cohort, f"t{number}@example.org", name=f"Trainee {number}")
        program_services.assign_mentor(db, factories.staff(db), year["mentor"], trainee)
        returned = hand_in(db, trainee, items["visit-note"], days_ago=3,
                           status=SubmissionStatus.RETURNED, graded_days_ago=2)
        db.add(Attachment(submission_id=returned.id, original_name="note.pdf",
                          stored_name=f"stored-{number}", content_type="application/pdf",
                          size=10, sha256="0" * 64, uploaded_at=dt.datetime.now(dt.UTC)))
        hand_in(db, trainee, items["visit-note"], days_ago=1, attempt=2)
        hand_in(db, trainee, items["presentation"], days_ago=number % 5)
    db.commit()


@pytest.mark.parametrize("email", ["mentor@example.org", "staff@example.org"])
def test_the_grading_queue_keeps_within_the_budget_and_flat_as_work_grows(
        client, db, year, count_queries, email):
    factories.staff(db)
    db.commit()
    _grow(db, year, 0, 3)
    as_user(client, email)
    few = _queries(client, count_queries, "/grading")
    assert few <= BUDGET
    _grow(db, year, 3, 60)  # more than a page of fifty
    assert _queries(client, count_queries, "/grading") == few
    assert _queries(client, count_queries, "/grading?status=all&page=2") <= BUDGET


def test_the_grading_page_keeps_within_the_budget_and_flat_as_work_grows(
        client, db, year, count_queries):
    trainee, note = year["trainee"], year["items"]["visit-note"]
    hand_in(db, trainee, note, days_ago=5, status=SubmissionStatus.RETURNED, graded_days_ago=4)
    waiting = hand_in(db, trainee, note, days_ago=1, attempt=2)
    db.commit()
    as_user(client, "mentor@example.org")
    url = f"/submissions/{waiting.id}/grade"
    few = _queries(client, count_queries, url)
    assert few <= BUDGET
    for attempt in (3, 4):  # more earlier attempts, each with a file, and more trainees
        earlier = hand_in(db, trainee, note, days_ago=6 + attempt, attempt=attempt + 10,
                          status=SubmissionStatus.RETURNED, graded_days_ago=5)
        db.add(Attachment(submission_id=earlier.id, original_name="old.pdf",
                          stored_name=f"old-{attempt}", content_type="application/pdf",
                          size=10, sha256="0" * 64, uploaded_at=dt.datetime.now(dt.UTC)))
    _grow(db, year, 0, 5)
    assert _queries(client, count_queries, url) == few
