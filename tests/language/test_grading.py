"""The Japanese teacher's grading: her queue lists the language-track work of the trainees of
the cohorts she teaches, and nothing else; she opens and grades that work only. The trainee's
mentor keeps grading all her work, language work included."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from lms.assignments import grading, grading_queries
from lms.assignments.models import Submission
from lms.curriculum.sync import sync_courses
from lms.errors import NotAllowed
from lms.programs import services as program_services
from tests.conftest import csrf_token
from tests.language.conftest import JOURNAL_JA, hand_in, sign_in

NOTE = grading.Assessment({"Observation": 4, "Reflection": 6}, "Good.", returned=False)
JOURNAL = grading.Assessment({"score": 8}, "よくできました。", returned=False)


@pytest.fixture
def work(db, year):
    """Putri's and Rodel's journal and visit note, and the outsider's journal."""
    items = year["items"]
    found = {}
    for key in ("putri", "rodel", "outsider"):
        found[key, "journal"] = hand_in(db, year[key], items["japanese-journal"])
    for key in ("putri", "rodel"):
        found[key, "note"] = hand_in(db, year[key], items["visit-note"])
    db.commit()
    return found


def _queue(db, user, **kwargs):
    page = grading_queries.grading_queue(db, user, 1, **kwargs)
    return sorted((row.trainee, row.title) for row in page.items), page.total


def test_her_queue_is_her_cohorts_language_work(db, year, work):
    listed, total = _queue(db, year["teacher"].user)
    assert listed == [("Putri Handayani", "Japanese journal"),
                      ("Rodel Bautista", "Japanese journal")]
    assert total == 2
    assert _queue(db, year["far_teacher"].user)[0] == [("Other One", "Japanese journal")]
    assert _queue(db, year["teacher"].user, item_slug="visit-note")[0] == []
    filters = grading_queries.queue_filters(db, year["teacher"].user)
    assert filters == [("japanese-journal", "Japanese journal")]


def test_the_mentor_keeps_her_trainees_language_work(db, year, work):
    assert _queue(db, year["mentor"].user)[0] == [("Putri Handayani", "Japanese journal"),
                                                  ("Putri Handayani", "Visit note")]


def test_one_who_mentors_and_teaches_sees_each_submission_once(db, year, work):
    both = year["mentor"].user
    program_services.enroll(db, year["staff"], year["cohort"], both,
                            program_services.EnrollmentRole.TEACHER)
    db.commit()
    listed, total = _queue(db, both)
    assert listed == [("Putri Handayani", "Japanese journal"),
                      ("Putri Handayani", "Visit note"), ("Rodel Bautista", "Japanese journal")]
    assert total == 3


def test_she_grades_language_work_only_of_her_cohorts(db, year, work):
    teacher = year["teacher"].user
    grading.grade(db, teacher, work["rodel", "journal"], JOURNAL, 0)
    with pytest.raises(NotAllowed):
        grading.grade(db, teacher, work["rodel", "note"], NOTE, 0)
    with pytest.raises(NotAllowed):
        grading.grade(db, teacher, work["outsider", "journal"], JOURNAL, 0)
    # The mentor grades her trainee's language work as before.
    grading.grade(db, year["mentor"].user, work["putri", "journal"], JOURNAL, 0)


def test_a_withdrawn_teacher_grades_nothing(db, year, work):
    program_services.withdraw(db, year["staff"], year["teacher"], dt.date(2019, 5, 1), "Moved")
    db.commit()
    assert _queue(db, year["teacher"].user) == ([], 0)
    with pytest.raises(NotAllowed):
        grading.grade(db, year["teacher"].user, work["rodel", "journal"], JOURNAL, 0)


def test_her_pages_open_her_language_work_and_no_other(client, db, year, work):
    sign_in(client, "teacher@example.org")
    queue = client.get("/grading").get_data(as_text=True)
    assert "Japanese journal" in queue and "Visit note" not in queue
    assert re.search(r'href="[^"]*/grading"', client.get("/").get_data(as_text=True))
    journal, note = work["rodel", "journal"].id, work["rodel", "note"].id
    outsider = work["outsider", "journal"].id
    assert client.get(f"/submissions/{journal}/grade").status_code == 200
    for other in (note, outsider):
        assert client.get(f"/submissions/{other}/grade").status_code == 404
    token = csrf_token(client, "/grading")
    posted = client.post(f"/submissions/{journal}/grade", data={
        "csrf_token": token, "version": "0", "score": "9", "feedback": "よい",
        "outcome": "graded"})
    assert posted.status_code == 302
    assert db.scalar(select(Submission).where(Submission.id == journal)).status == "graded"
    refused = client.post(f"/submissions/{note}/grade", data={"csrf_token": token})
    assert refused.status_code == 404


def test_she_grants_no_extensions(client, db, year, work):
    sign_in(client, "teacher@example.org")
    # She sees the work (403, not 404), but extensions stay her mentor's and staff's.
    assert client.get(f"/submissions/{work['rodel', 'journal'].id}/extension"
                      ).status_code == 403


def test_the_queue_shows_a_title_changed_by_a_sync_at_once(db, year, work, tmp_path):
    teacher = year["teacher"].user
    assert _queue(db, teacher)[0][0] == ("Putri Handayani", "Japanese journal")
    source = tmp_path / "courses" / "year-course" / "02-care" / "04-japanese-journal.md"
    source.write_text(JOURNAL_JA.replace('"Japanese journal"', '"Nihongo journal"'),
                      encoding="utf-8")
    sync_courses(db, tmp_path / "courses")
    db.commit()
    assert _queue(db, teacher)[0] == [("Putri Handayani", "Nihongo journal"),
                                      ("Rodel Bautista", "Nihongo journal")]
    assert grading_queries.queue_filters(db, teacher) == [("japanese-journal",
                                                           "Nihongo journal")]


def test_work_of_an_assignment_a_sync_archived_keeps_its_title_in_the_queue(
        db, year, work, tmp_path):
    (tmp_path / "courses" / "year-course" / "02-care" / "04-japanese-journal.md").unlink()
    sync_courses(db, tmp_path / "courses")
    db.commit()
    assert _queue(db, year["teacher"].user) == ([("Putri Handayani", "Japanese journal"),
                                                 ("Rodel Bautista", "Japanese journal")], 2)
