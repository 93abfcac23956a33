"""An assignment's length in the course files: read, checked with file and line, synced; and
counted as the editor counts it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.assignments.length import count
from lms.curriculum.models import Item
from lms.curriculum.source import read_courses
from lms.curriculum.sync import sync_courses
from tests.curriculum.test_source_and_sync import ASSIGNMENT, LESSON, _problems, courses, write

__all__ = ["courses"]  # the fixture, shared


def _with(courses, extra, base=ASSIGNMENT):
    path = courses / "demo" / "02-visits" / "01-reflection-note.md"
    write(path, base.replace('submission = ["text"]\n', f'submission = ["text"]\n{extra}\n'))
    return path


def test_a_range_of_words_is_read_and_synced(courses, db):
    _with(courses, "words = [500, 800]")
    reading = read_courses(courses)
    assert reading.problems == []
    assert reading.courses[0].items[2].length == ("words", 500, 800)
    sync_courses(db, courses)
    item = db.scalar(select(Item).where(Item.slug == "reflection-note"))
    assert (item.length_unit, item.length_min, item.length_max) == ("words", 500, 800)
    _with(courses, "")  # taking the range away takes it off the assignment
    sync_courses(db, courses)
    db.refresh(item)
    assert (item.length_unit, item.length_min, item.length_max) == (None, None, None)


@pytest.mark.parametrize(("extra", "message"), [
    ("words = [800, 500]", "'words' must go from a least of 1 or more to a most no smaller: "
                           "[800, 500] is not a range"),
    ("characters = [0, 2000]", "'characters' must go from a least of 1 or more"),
    ("words = [500]", "'words' must be two whole numbers, the least and the most, such as "
                      "words = [500, 800]"),
    ('words = ["500", "800"]', "'words' must be two whole numbers"),
    ("words = 500", "'words' must be a list, not 500"),
    ("words = [500, 800]\ncharacters = [1200, 2000]",
     "give the length in 'words' or in 'characters', not both"),
])
def test_bad_ranges_are_named_with_file_line_and_reason(courses, extra, message):
    path = _with(courses, extra)
    [problem] = _problems(courses)
    line = 8 if "characters = [1200" in extra else 7  # the key concerned, in the file
    assert problem.startswith(f"{path}:{line}: {message}"), problem


def test_a_range_needs_a_written_answer_and_an_assignment(courses):
    path = _with(courses, "words = [500, 800]", ASSIGNMENT.replace('["text"]', '["file"]')
                 .replace('submission = ["file"]\n', 'submission = ["file"]\nwords = [5, 8]\n'))
    [problem] = _problems(courses)
    assert problem == f"{path}:7: 'words' counts the written answer, but 'submission' has " \
        'no "text"'
    lesson = write(courses / "demo" / "01-start" / "01-welcome.md",
                   LESSON.format(title="Welcome", body="x").replace(
                       "estimated_minutes = 20", "estimated_minutes = 20\nwords = [1, 2]"))
    problems = _problems(courses)
    assert f"{lesson}:4: 'words' is only for assignments (this file is a lesson)" in problems


def test_words_are_counted_between_blanks_and_markup_alone_is_no_word():
    assert count("", "words") == 0
    assert count("One  two\nthree\tfour.", "words") == 4
    assert count("## A heading\n\n- first item\n- **bold** word — dash", "words") == 7
    assert count("don't re-use e-mail", "words") == 3
    assert count("Jose\u0301 and Đức wrote", "words") == 4


def test_characters_are_counted_without_blanks():
    assert count("私は　介護の仕事を\nしています。", "characters") == 14
    assert count(" a b ", "characters") == 2
