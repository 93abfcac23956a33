"""The read API of the evaluation forms: each kind in the reader's language, kept per course
version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import event, select

from lms.curriculum.evaluation_forms import Criterion, Level, Question, course_forms
from lms.curriculum.models import Course
from lms.curriculum.sync import sync_courses
from tests.factories import write_course


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    return write_course(tmp_path / "courses")


def test_the_read_api_gives_each_kind_in_the_readers_language(db, courses):
    sync_courses(db, courses)
    db.commit()
    course = db.scalar(select(Course))
    forms = course_forms(db, course)
    assert sorted(forms) == ["final", "mid_placement"]
    mid = forms["mid_placement"]
    assert (mid.slug, mid.kind) == ("mid", "mid_placement")
    japanese = mid.in_language("ja")
    assert japanese.title == "中間評価" and japanese.intro == "実習の中間時点での評価です。"
    assert japanese.criteria[0] == Criterion(
        "attitude", "実習態度", "時間を守り、準備をして、敬意をもって接している。",
        (Level(2, "よい"), Level(1, "努力が必要")))
    assert japanese.questions == (Question("strengths", "これまでのよい点", True),)
    assert mid.in_language("en").title == "Mid-placement review"
    assert mid.in_language("ja_JP").title == "中間評価"
    final = forms["final"]
    assert final.in_language("ja") == final.in_language("en")  # no variant: English
    assert final.in_language("ja").intro == ""
    assert final.in_language("ja").criteria[1].description == ""


def test_the_read_api_is_kept_until_a_sync_changes_the_course(app, db, courses):
    sync_courses(db, courses)
    db.commit()
    course = db.scalar(select(Course))
    first = course_forms(db, course)
    statements = []
    engine = app.extensions["lms"].engine

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert course_forms(db, course) is first
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements == []
    shutil.rmtree(courses / "year-course" / "evaluations")
    sync_courses(db, courses)
    db.commit()
    assert course_forms(db, course) == {}
