from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from lms.curriculum.models import Course, Item, LessonProgress, Module
from lms.curriculum.source import read_courses
from lms.curriculum.sync import CourseFilesInvalid, sync_courses
from lms.programs.models import Cohort, Enrollment, EnrollmentRole, Program, ProgramKind

COURSE = 'title = "Demo course"\nsummary = "A small course."\nlanguage = "en"\npass_mark = 60\n'
LESSON = """+++
title = "{title}"
estimated_minutes = 20
objectives = ["By the end you can explain one thing."]
+++
## Body

{body}
"""
ASSIGNMENT = """+++
title = "Reflection note"
type = "assignment"
due_day = 10
points = 10
submission = ["text"]
[[rubric]]
criterion = "Observation"
levels = [{points = 4, label = "Good"}, {points = 0, label = "Missing"}]
[[rubric]]
criterion = "Reflection"
levels = [{points = 6, label = "Good"}, {points = 0, label = "Missing"}]
+++
Write about [the welcome lesson](item:welcome).
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    root = tmp_path / "courses"
    write(root / "demo" / "course.toml", COURSE)
    write(root / "demo" / "01-start" / "module.toml", 'title = "Start"\nopens_day = 1\n')
    write(root / "demo" / "01-start" / "01-welcome.md",
          LESSON.format(title="Welcome", body="Hello."))
    write(root / "demo" / "01-start" / "02-rules.md", LESSON.format(title="Rules", body="Be kind."))
    write(root / "demo" / "02-visits" / "module.toml",
          'title = "Visits"\nopens_day = 8\nsummary = "Facility visits."\n')
    write(root / "demo" / "02-visits" / "01-reflection-note.md", ASSIGNMENT)
    return root


def test_a_valid_tree_reads_cleanly(courses):
    reading = read_courses(courses)
    assert reading.problems == []
    [course] = reading.courses
    assert [module.slug for module in course.modules] == ["start", "visits"]
    assert [item.slug for item in course.items] == ["welcome", "rules", "reflection-note"]
    assert course.items[2].rubric[1]["levels"][0] == {"points": 6, "label": "Good"}


def _problems(courses: Path) -> list[str]:
    return [str(problem) for problem in read_courses(courses).problems]


def test_an_unknown_key_is_named_with_its_file_and_line(courses):
    path = write(courses / "demo" / "01-start" / "01-welcome.md",
                 LESSON.format(title="Welcome", body="x").replace(
                     "estimated_minutes = 20", "estimated_minutes = 20\ncolour = \"red\""))
    [problem] = _problems(courses)
    assert problem.startswith(f"{path}:4: unknown key 'colour'")


def test_a_wrong_type_is_named(courses):
    path = write(courses / "demo" / "01-start" / "01-welcome.md",
                 LESSON.format(title="Welcome", body="x").replace("= 20", '= "twenty"'))
    [problem] = _problems(courses)
    assert problem == f"{path}:3: 'estimated_minutes' must be a whole number, not 'twenty'"


def test_duplicate_slugs_across_modules_are_named(courses):
    write(courses / "demo" / "02-visits" / "02-rules.md", LESSON.format(title="Again", body="x"))
    [problem] = _problems(courses)
    assert "slug 'rules' is also used by" in problem and "01-start/02-rules.md" in problem


def test_a_broken_link_between_items_is_named_with_its_line(courses):
    path = courses / "demo" / "02-visits" / "01-reflection-note.md"
    write(path, ASSIGNMENT.replace("item:welcome", "item:welcom"))
    [problem] = _problems(courses)
    assert problem.startswith(f"{path}:14: link to 'item:welcom'")


def test_rubric_points_that_do_not_add_up(courses):
    path = courses / "demo" / "02-visits" / "01-reflection-note.md"
    write(path, ASSIGNMENT.replace("points = 10", "points = 12"))
    [problem] = _problems(courses)
    assert problem == f"{path}:5: the rubric's highest levels add up to 10, but 'points' is 12"


def test_bad_toml_names_its_line(courses):
    path = write(courses / "demo" / "02-visits" / "module.toml", 'title = "Visits\nopens_day = 8\n')
    [problem] = _problems(courses)
    assert problem.startswith(f"{path}:1: not valid TOML")


def test_many_problems_are_all_reported(courses):
    write(courses / "demo" / "01-start" / "03-no-front-matter.md", "Just text\n")
    write(courses / "demo" / "01-start" / "Bad_Name.md", LESSON.format(title="x", body="x"))
    write(courses / "demo" / "02-visits" / "02-early.md",
          ASSIGNMENT.replace("due_day = 10", "due_day = 3"))
    problems = "\n".join(_problems(courses))
    assert "must begin with front matter" in problems
    assert "Bad_Name.md: name must start with a two-digit number" in problems
    assert "due_day 3 comes before the module opens (opens_day 8)" in problems


def test_lessons_need_objectives_and_time(courses):
    write(courses / "demo" / "01-start" / "03-bare.md", '+++\ntitle = "Bare"\n+++\nText\n')
    problems = "\n".join(_problems(courses))
    assert "missing required key 'estimated_minutes'" in problems
    assert "missing required key 'objectives'" in problems


def test_optional_items_are_not_required(courses):
    write(courses / "demo" / "course.toml", COURSE + 'optional = ["rules"]\n')
    [course] = read_courses(courses).courses
    assert {item.slug: item.required for item in course.items} == {
        "welcome": True, "rules": False, "reflection-note": True}
    write(courses / "demo" / "course.toml", COURSE + 'optional = ["nope"]\n')
    assert "'nope' is not the slug of an item" in "\n".join(_problems(courses))


# Sync ----------------------------------------------------------------------------------------


def _enroll_with_progress(db) -> Enrollment:
    from tests.conftest import PASSWORD

    program = Program(slug="p", kind=ProgramKind.YEAR_LONG, title="P", code="P")
    course = db.scalar(select(Course))
    cohort = Cohort(program=program, number=1, fiscal_year=2026, title="C", capacity=6,
                    starts_on=dt.date(2026, 3, 14), ends_on=dt.date(2027, 2, 25), course=course)
    from lms.accounts.services import create_user

    user = create_user(db, "trainee@example.org", "Trainee", PASSWORD)
    enrollment = Enrollment(cohort=cohort, user=user, role=EnrollmentRole.TRAINEE)
    db.add(enrollment)
    db.flush()
    for item in db.scalars(select(Item)):
        db.add(LessonProgress(enrollment_id=enrollment.id, item_id=item.id))
    db.commit()
    return enrollment


def test_sync_creates_then_does_nothing_the_second_time(app, db, courses):
    first = sync_courses(db, courses)
    db.commit()
    assert len(first.created) == 1 + 2 + 3
    engine = app.extensions["lms"].engine
    writes = []

    def record(conn, cursor, statement, *args):
        if statement.split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        second = sync_courses(db, courses)
        db.commit()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert not second.changed and writes == []


def test_renaming_editing_reordering_and_moving_keep_progress(db, courses):
    sync_courses(db, courses)
    db.commit()
    enrollment = _enroll_with_progress(db)
    ids_before = {item.slug: item.id for item in db.scalars(select(Item))}
    start = courses / "demo" / "01-start"
    write(start / "01-welcome.md", LESSON.format(title="Welcome to Japan", body="New text."))
    (start / "02-rules.md").rename(start / "00-rules.md")  # reorder
    (courses / "demo" / "02-visits" / "01-reflection-note.md").rename(
        start / "03-reflection-note.md")  # move to another module
    report = sync_courses(db, courses)
    db.commit()
    items = {item.slug: item for item in db.scalars(select(Item))}
    assert {slug: item.id for slug, item in items.items()} == ids_before
    assert items["welcome"].title == "Welcome to Japan" and "New text." in items["welcome"].body
    assert items["rules"].position < items["welcome"].position
    assert items["reflection-note"].module.slug == "start"
    assert db.scalar(select(func.count()).select_from(LessonProgress).where(
        LessonProgress.enrollment_id == enrollment.id)) == 3
    assert "item demo/welcome" in report.updated


def test_removing_an_item_archives_it_and_keeps_progress(db, courses):
    sync_courses(db, courses)
    db.commit()
    _enroll_with_progress(db)
    (courses / "demo" / "01-start" / "02-rules.md").unlink()
    report = sync_courses(db, courses)
    db.commit()
    rules = db.scalar(select(Item).where(Item.slug == "rules"))
    assert rules.archived_at is not None and report.archived == ["item demo/rules"]
    assert db.scalar(select(func.count()).select_from(LessonProgress)) == 3
    write(courses / "demo" / "01-start" / "02-rules.md", LESSON.format(title="Rules", body="x"))
    report = sync_courses(db, courses)
    assert db.get(Item, rules.id).archived_at is None and report.restored == ["item demo/rules"]


def test_removing_a_module_or_course_archives_it(db, courses):
    sync_courses(db, courses)
    db.commit()
    import shutil

    shutil.rmtree(courses / "demo" / "02-visits")
    sync_courses(db, courses)
    assert db.scalar(select(Module).where(Module.slug == "visits")).archived_at is not None
    assert db.scalar(select(Item).where(Item.slug == "reflection-note")).archived_at is not None
    shutil.rmtree(courses / "demo")
    sync_courses(db, courses)
    assert db.scalar(select(Course)).archived_at is not None


def test_a_malformed_file_changes_nothing(db, courses):
    sync_courses(db, courses)
    db.commit()
    write(courses / "demo" / "01-start" / "01-welcome.md",
          LESSON.format(title="Renamed", body="x"))
    write(courses / "demo" / "02-visits" / "01-reflection-note.md",
          ASSIGNMENT.replace("points = 10", "points = 11"))
    with pytest.raises(CourseFilesInvalid) as refused:
        sync_courses(db, courses)
    db.rollback()
    assert len(refused.value.problems) == 1
    assert db.scalar(select(Item).where(Item.slug == "welcome")).title == "Welcome"


def test_cli_check_and_sync(app, db, courses):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["lms", "courses", "check", "--dir", str(courses)])
    assert result.exit_code == 0 and "1 course(s), 3 item(s), no problems" in result.output
    result = runner.invoke(args=["lms", "courses", "sync", "--dir", str(courses)])
    assert result.exit_code == 0 and "created 6" in result.output
    write(courses / "demo" / "01-start" / "01-welcome.md", "no front matter")
    result = runner.invoke(args=["lms", "courses", "check", "--dir", str(courses)])
    assert result.exit_code == 1
    assert "01-welcome.md:1: must begin with front matter" in result.output
    result = runner.invoke(args=["lms", "courses", "sync", "--dir", str(courses)])
    assert result.exit_code == 1 and "nothing was synced" in result.output
