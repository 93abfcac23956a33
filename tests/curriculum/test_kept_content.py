"""The course is kept in memory between requests (lms.curriculum.content): a sync that changes
it shows at once, in the process that kept the old copy, and what is kept is the course alone,
never one reader's progress, dates, links or language."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from sqlalchemy import select

from lms.assignments.models import Submission, SubmissionStatus
from lms.curriculum.models import Course, Item
from lms.curriculum.sync import sync_courses
from tests.conftest import login, post
from tests.curriculum.test_views import DURING_ARRIVAL, _during_arrival, year  # noqa: F401


def _as(client, email: str) -> None:
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    assert login(client, email).status_code == 302, email


def _rewrite(tmp_path, name: str, old: str, new: str) -> None:
    path = tmp_path / "courses" / "year-course" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _sync(db, tmp_path) -> None:
    sync_courses(db, tmp_path / "courses")
    db.commit()


def test_a_synced_change_shows_at_once_where_the_old_text_was_kept(client, db, year,  # noqa: F811
                                                                  tmp_path):
    _as(client, "amihan@example.org")
    base = f"/cohorts/{year['cohort'].id}"
    assert "Be on time." in client.get(f"{base}/course/rules").text
    assert ">Rules</a>" in client.get(f"{base}/course").text
    assert "Next: Rules" in client.get(f"{base}/course/welcome").text
    _rewrite(tmp_path, "01-arrival/02-rules.md", 'title = "Rules"', 'title = "House rules"')
    _rewrite(tmp_path, "01-arrival/02-rules.md", "Be on time.", "Be early.")
    _sync(db, tmp_path)
    page = client.get(f"{base}/course/rules").text
    assert "Be early." in page and "Be on time." not in page and ">House rules</h1>" in page
    assert ">House rules</a>" in client.get(f"{base}/course").text
    assert "Next: House rules" in client.get(f"{base}/course/welcome").text
    # Moved to a module that opens later, it is locked to her at once.
    course_files = tmp_path / "courses" / "year-course"
    (course_files / "01-arrival" / "02-rules.md").rename(course_files / "02-care" / "00-rules.md")
    _sync(db, tmp_path)
    assert "opens on 12 Apr 2019" in client.get(f"{base}/course/rules").text
    with time_machine.travel(dt.datetime(2019, 4, 11, 15, 0, tzinfo=dt.UTC), tick=False):
        _as(client, "amihan@example.org")  # weeks later: sessions last twelve hours
        assert "Be early." in client.get(f"{base}/course/rules").text


def test_only_a_sync_that_changes_the_course_raises_its_version(db, year, tmp_path):  # noqa: F811
    course = db.scalar(select(Course).where(Course.slug == "year-course"))
    first = course.content_version
    _sync(db, tmp_path)
    assert course.content_version == first
    _rewrite(tmp_path, "01-arrival/03-extra-reading.md", "More.", "Much more.")
    _sync(db, tmp_path)
    assert course.content_version == first + 1


def test_one_trainees_progress_and_work_never_reach_another(client, db, year):  # noqa: F811
    base = f"/cohorts/{year['cohort'].id}"
    _as(client, "amihan@example.org")
    post(client, f"{base}/course/welcome/done", token_from=f"{base}/course/welcome")
    visit_note = db.scalar(select(Item).where(Item.slug == "visit-note"))
    db.add(Submission(enrollment_id=year["trainee"].id, item_id=visit_note.id, attempt=1,
                      status=SubmissionStatus.SUBMITTED, text="Work",
                      submitted_at=DURING_ARRIVAL))
    db.commit()
    for _round in range(2):  # each reads after the other, both ways round
        _as(client, "amihan@example.org")
        assert "You have marked this lesson as done." in client.get(f"{base}/course/welcome").text
        outline = client.get(f"{base}/course").text
        assert "1 of 4 required lessons done" in outline and "handed in" in outline
        assert "1 of 4 required lessons done" in client.get("/").text
        _as(client, "siriporn@example.org")
        lesson = client.get(f"{base}/course/welcome").text
        assert "Mark as done" in lesson and "You have marked" not in lesson
        outline = client.get(f"{base}/course").text
        assert "0 of 4 required lessons done" in outline and "handed in" not in outline
        assert "Done</span>" not in outline
        assert "0 of 4 required lessons done" in client.get("/").text


def test_a_module_locked_to_the_trainee_stays_open_to_her_mentor(client, year):  # noqa: F811
    path = f"/cohorts/{year['cohort'].id}/course/insurance"
    for email, shown in [("mentor@example.org", True), ("amihan@example.org", False),
                         ("mentor@example.org", True)]:
        _as(client, email)
        page = client.get(path).text
        assert ("Since 2000." in page) is shown, email
        assert ("opens on 12 Apr 2019" in page) is not shown, email


def test_each_cohort_reads_the_course_at_its_own_dates_and_links(client, db, year):  # noqa: F811
    """The other cohort starts a year later: nothing of it is open to its trainee yet, while
    the same course is open to this one's; staff follow each cohort's own links."""
    _as(client, "other@example.org")
    other = year["other_cohort"].id
    assert "opens on 14 Mar 2020" in client.get(f"/cohorts/{other}/course/welcome").text
    assert "Opens on 14 Mar 2020" in client.get(f"/cohorts/{other}/course").text
    _as(client, "amihan@example.org")
    assert "See" in client.get(f"/cohorts/{year['cohort'].id}/course/welcome").text
    _as(client, "staff@example.org")
    for cohort_id in (year["cohort"].id, other, year["cohort"].id):
        page = client.get(f"/cohorts/{cohort_id}/course/welcome").text
        assert re.findall(r'href="(/cohorts/\d+/course/rules)"', page) == [
            f"/cohorts/{cohort_id}/course/rules"] * 2  # the text's link and "Next"


def test_a_cohort_moved_to_other_days_reads_its_modules_opening_on_them(client, db,
                                                                        year):  # noqa: F811
    """The modules' opening times are kept with the course under the cohort's days and zone:
    moving the cohort's start or zone shows at once."""
    _as(client, "other@example.org")
    other = year["other_cohort"]
    assert "Opens on 14 Mar 2020" in client.get(f"/cohorts/{other.id}/course").text
    other.starts_on = dt.date(2020, 5, 1)
    db.commit()
    page = client.get(f"/cohorts/{other.id}/course").text
    assert "Opens on 1 May 2020" in page and "14 Mar 2020" not in page
    welcome = f"/cohorts/{other.id}/course/welcome"
    # 1 May begins at 10:00 UTC on 30 April in Kiritimati, hours before it does in Tokyo.
    with time_machine.travel(dt.datetime(2020, 4, 30, 10, 30, tzinfo=dt.UTC), tick=False):
        _as(client, "other@example.org")
        assert "opens on 1 May 2020" in client.get(welcome).text
        other.timezone = "Pacific/Kiritimati"
        db.commit()
        page = client.get(welcome).text
        assert "See" in page and "opens on" not in page


def test_a_kept_lesson_speaks_each_readers_language(client, db, year, tmp_path):  # noqa: F811
    _rewrite(tmp_path, "01-arrival/01-welcome.md", "See [rules](item:rules).",
             "See [rules](item:rules).\n\n| Day | What |\n|---|---|\n| 1 | Arrival |\n")
    _sync(db, tmp_path)
    path = f"/cohorts/{year['cohort'].id}/course/welcome"
    _as(client, "amihan@example.org")
    english = client.get(path).text
    assert 'aria-label="Table"' in english and '<div class="prose">' in english
    post(client, "/language", {"locale": "ja", "next": "/"})
    japanese = client.get(path).text
    assert 'aria-label="表"' in japanese and '<div class="prose" lang="en">' in japanese
    assert f'href="/cohorts/{year["cohort"].id}/course/rules"' in japanese
    post(client, "/language", {"locale": "en", "next": "/"})
    assert 'aria-label="Table"' in client.get(path).text


def test_a_kept_item_page_writes_each_readers_own_deadline(client, db, year):  # noqa: F811
    """The parts kept for everyone (curriculum.reading.item_parts) hold no deadline: each
    reader sees it in her own zone, whoever read the page before her."""
    year["mentor"].user.timezone = "Pacific/Auckland"
    db.commit()
    path = f"/cohorts/{year['cohort'].id}/course/visit-note"
    due: dict[str, str] = {}
    for email in ("staff@example.org", "mentor@example.org", "staff@example.org"):
        _as(client, email)
        page = client.get(path).text
        assert page.count(">Visit note</h1>") == 1 and "How it is graded" in page, email
        shown = re.findall(r'<p class="due">([^<]*)', page)
        assert len(shown) == 1, email
        assert due.setdefault(email, shown[0]) == shown[0], email
    assert due["staff@example.org"] != due["mentor@example.org"]


def test_a_kept_item_page_is_framed_in_each_readers_language(client, year):  # noqa: F811
    path = f"/cohorts/{year['cohort'].id}/course/welcome"
    for locale, course, lesson in [("ja", "コース", "レッスン"), ("en", "Course", "Lesson"),
                                   ("ja", "コース", "レッスン")]:
        _as(client, "amihan@example.org")
        post(client, "/language", {"locale": locale, "next": "/"})
        page = client.get(path).text
        assert f">{course}</a> ›" in page and f"\n    {lesson}\n" in page, locale
