"""A cohort's name in the reader's language (lms.names) on the trainee's and the mentor's pages,
and the English course's titles, rubric and levels marked lang="en" on Japanese pages: the
standing lines, the grading page and the queue, and the <title> of an item's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import Role, User
from lms.assignments.models import Submission
from tests.assignments.conftest import VISIT_NOTE_DUE
from tests.assignments.test_views import as_user, send, work_url


def _speak(db, year, locale, *people):
    for person in people:
        db.get(User, year[person].user_id).locale = locale
    db.commit()


@pytest.mark.parametrize(("locale", "name_ja", "shown", "hidden"), [
    ("ja", "第36期", "第36期", "36th cohort"),
    ("en", "第36期", "36th cohort", "第36期"),
    ("ja", None, "36th cohort", None),  # no Japanese name: the English one, not nothing
])
def test_the_cohort_is_named_in_the_readers_language(client, db, year, locale, name_ja, shown,
                                                      hidden):
    cohort = year["cohort"]
    cohort.name_ja = name_ja
    _speak(db, year, locale, "trainee", "mentor")
    as_user(client, "amihan@example.org")
    pages = {path: client.get(path).get_data(as_text=True)
             for path in ("/", f"/cohorts/{cohort.id}/course", f"/cohorts/{cohort.id}/grades")}
    as_user(client, "mentor@example.org")
    pages["gradebook"] = client.get(f"/cohorts/{cohort.id}/gradebook").get_data(as_text=True)
    for path, page in pages.items():
        assert shown in page, path
        assert hidden is None or hidden not in page, path


def _marks(page: str, *texts: str) -> list[str]:
    return [text for text in texts if f'<span lang="en">{text}</span>' in page]


def test_the_standing_lines_mark_the_english_titles_on_a_japanese_page(client, db, year):
    _speak(db, year, "ja", "trainee")
    as_user(client, "amihan@example.org")
    grades = client.get(f"/cohorts/{year['cohort'].id}/grades").get_data(as_text=True)
    assert _marks(grades, "Visit note") == ["Visit note"]
    _speak(db, year, "en", "trainee")
    grades = client.get(f"/cohorts/{year['cohort'].id}/grades").get_data(as_text=True)
    assert "Visit note" in grades and '<span lang="en">' not in grades


def test_the_mentors_at_risk_list_and_a_trainees_grades_mark_them_too(client, db, year,
                                                                            logged_in):
    _speak(db, year, "ja", "mentor")
    with time_machine.travel(VISIT_NOTE_DUE + dt.timedelta(days=1), tick=False):
        logged_in(Role.STAFF, locale="ja")
        screen = client.get(f"/cohorts/{year['cohort'].id}/trainees/{year['trainee'].id}/grades")
        assert screen.status_code == 200
        assert _marks(screen.get_data(as_text=True), "Visit note") == ["Visit note"]
        as_user(client, "mentor@example.org")
        home = client.get("/").get_data(as_text=True)
        assert "Amihan Reyes" in home and _marks(home, "Visit note") == ["Visit note"]


def test_the_grading_page_and_the_queue_mark_the_assignment_and_its_rubric(client, db, year):
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": "My note", "action": "submit"})
    submission = db.scalar(select(Submission))
    _speak(db, year, "ja", "mentor")
    as_user(client, "mentor@example.org")
    queue = client.get("/grading").get_data(as_text=True)
    assert f'href="/submissions/{submission.id}/grade" lang="en">Visit note</a>' in queue
    page = client.get(f"/submissions/{submission.id}/grade").get_data(as_text=True)
    assert '<h1 lang="en">Visit note</h1>' in page
    assert _marks(page, "Observation", "Reflection", "Precise", "Deep", "Missing") == [
        "Observation", "Reflection", "Precise", "Deep", "Missing"]
    assert "4 点：" in page  # a level's points, in the catalogue's plural form
    _speak(db, year, "en", "mentor")
    page = client.get(f"/submissions/{submission.id}/grade").get_data(as_text=True)
    assert "4 points: Precise" in page and "Choose a level for each criterion (10 points" in page
    assert '<span lang="en">' not in page and '<h1 lang="en">' not in page


def test_an_items_title_element_says_its_language_on_a_japanese_page(client, db, year):
    _speak(db, year, "ja", "trainee")
    as_user(client, "amihan@example.org")
    cohort_id = year["cohort"].id
    for path in (f"/cohorts/{cohort_id}/course/visit-note", work_url(year),
                 f"/cohorts/{cohort_id}/course"):
        assert '<title lang="en">' in client.get(path).get_data(as_text=True), path
    _speak(db, year, "en", "trainee")
    assert "<title>" in client.get(work_url(year)).get_data(as_text=True)


def test_the_gradebooks_headings_and_cells_follow_each_readers_language(client, db, year):
    """What the gradebook's cells share is kept with the course for each module and language
    (lms.assignments.gradebook_views): a reader in the other language gets her own."""
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": "My note", "action": "submit"})
    url = f"/cohorts/{year['cohort'].id}/gradebook"
    for locale, mark, status in [("ja", ' lang="en"', "提出済み"), ("en", "", "submitted"),
                                 ("ja", ' lang="en"', "提出済み")]:
        _speak(db, year, locale, "mentor")
        as_user(client, "mentor@example.org")
        page = client.get(url).get_data(as_text=True)
        assert f'<th scope="col"{mark}>Visit note</th>' in page
        assert f'">{status}<span class="visually-hidden">: Amihan Reyes' in page
        assert re.search(rf'<li><a href="{url}\?module=care" aria-current="page"{mark}>', page)
