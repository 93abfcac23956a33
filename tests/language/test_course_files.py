"""An item's ``track = "japanese"`` and a course's ``required_japanese_level`` are read from
the course files, checked, and stored by the sync."""

from __future__ import annotations

from sqlalchemy import select

from lms.curriculum.models import Course, Item
from lms.curriculum.source import read_courses
from lms.curriculum.sync import sync_courses
from lms.language.models import JapaneseLevel
from tests.language.conftest import write_language_course


def test_the_track_and_the_level_are_stored(db, tmp_path):
    sync_courses(db, write_language_course(tmp_path / "courses"))
    db.flush()
    items = {item.slug: item for item in db.scalars(select(Item))}
    assert items["japanese-journal"].track == "japanese"
    assert items["visit-note"].track is None
    assert db.scalar(select(Course)).required_japanese_level == JapaneseLevel.N4


def test_a_course_without_a_level_asks_none(db, tmp_path):
    sync_courses(db, write_language_course(tmp_path / "courses", level=None))
    db.flush()
    assert db.scalar(select(Course)).required_japanese_level is None


def test_an_unknown_track_is_reported_at_its_line(tmp_path):
    root = write_language_course(tmp_path / "courses")
    journal = root / "year-course" / "02-care" / "04-japanese-journal.md"
    journal.write_text(journal.read_text(encoding="utf-8").replace(
        'track = "japanese"', 'track = "korean"'), encoding="utf-8")
    problems = [str(problem) for problem in read_courses(root).problems]
    assert any("04-japanese-journal.md:4: 'track' must be 'japanese', not 'korean'" in problem
               for problem in problems), problems


def test_an_unknown_level_is_reported_at_its_line(tmp_path):
    problems = [str(problem) for problem in read_courses(
        write_language_course(tmp_path / "courses", level="B1")).problems]
    assert any("course.toml" in problem and "'required_japanese_level' must be a JLPT level"
               in problem and "'B1'" in problem for problem in problems), problems
