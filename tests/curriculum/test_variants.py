"""Language variants of a course: NN-slug.ja.md beside a lesson or an assignment,
module.ja.toml and course.ja.toml beside their defaults (curriculum.variant_source), kept at
sync and shown to each reader in her language (curriculum.content)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import User
from lms.curriculum.models import Course, Item, Module
from lms.curriculum.source import read_courses
from lms.curriculum.sync import CourseFilesInvalid, sync_courses
from lms.markdown import render
from tests import factories
from tests.conftest import login
from tests.curriculum.test_source_and_sync import ASSIGNMENT, COURSE, LESSON, write
from tests.curriculum.test_views import DURING_ARRIVAL, _add_trainees

JA_LESSON = """+++
title = "ようこそ"
estimated_minutes = 20
objectives = ["一つのことを説明できます。"]
+++
## 本文

<ruby>介護<rt>かいご</rt></ruby>について学びます。
"""
JA_ASSIGNMENT = """+++
title = "振り返りノート"
type = "assignment"
due_day = 10
points = 10
submission = ["text"]
[[rubric]]
criterion = "観察"
levels = [{points = 4, label = "よい"}, {points = 0, label = "ない"}]
[[rubric]]
criterion = "振り返り"
levels = [{points = 6, label = "よい"}, {points = 0, label = "ない"}]
+++
[ようこそ](item:welcome)について書きます。
"""


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    root = tmp_path / "courses"
    write(root / "demo" / "course.toml", COURSE)
    write(root / "demo" / "course.ja.toml", 'title = "デモコース"\nsummary = "小さなコース。"\n')
    write(root / "demo" / "01-start" / "module.toml", 'title = "Start"\nopens_day = 1\n')
    write(root / "demo" / "01-start" / "module.ja.toml", 'title = "はじめに"\n')
    write(root / "demo" / "01-start" / "01-welcome.md",
          LESSON.format(title="Welcome", body="Hello."))
    write(root / "demo" / "01-start" / "01-welcome.ja.md", JA_LESSON)
    write(root / "demo" / "02-visits" / "module.toml", 'title = "Visits"\nopens_day = 8\n')
    write(root / "demo" / "02-visits" / "01-reflection-note.md", ASSIGNMENT)
    write(root / "demo" / "02-visits" / "01-reflection-note.ja.md", JA_ASSIGNMENT)
    return root


def _problems(root: Path) -> list[str]:
    return [str(problem) for problem in read_courses(root).problems]


# Reading and checking -----------------------------------------------------------------------------


def test_variants_are_read_beside_their_defaults(courses):
    reading = read_courses(courses)
    assert reading.problems == []
    [course] = reading.courses
    assert course.variants == {"ja": {"title": "デモコース", "summary": "小さなコース。"}}
    assert course.modules[0].variants == {"ja": {"title": "はじめに"}}
    assert course.modules[1].variants == {}
    welcome, note = course.items
    assert [item.slug for item in course.items] == ["welcome", "reflection-note"]
    assert welcome.variants["ja"]["title"] == "ようこそ"
    assert welcome.variants["ja"]["objectives"] == ["一つのことを説明できます。"]
    assert "<ruby>介護<rt>かいご</rt></ruby>" in welcome.variants["ja"]["body"]
    assert note.variants["ja"]["rubric"][1] == {
        "criterion": "振り返り", "levels": [{"points": 6, "label": "よい"},
                                            {"points": 0, "label": "ない"}]}


def _variant(courses: Path, old: str, new: str) -> Path:
    path = courses / "demo" / "02-visits" / "01-reflection-note.ja.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,line,what", [
    ("due_day = 10", "due_day = 12", 4, "'due_day' 12 here but 10 in 01-reflection-note.md"),
    ("points = 10", "points = 10\nallow_revision = false", 6,
     "'allow_revision' False here but True in"),
    ('submission = ["text"]', 'submission = ["text", "file"]', 6,
     "'submission' ['text', 'file'] here but ['text'] in"),
    ('levels = [{points = 6, label = "よい"}, {points = 0, label = "ない"}]',
     'levels = [{points = 6, label = "よい"}, {points = 3, label = "少し"}, '
     '{points = 0, label = "ない"}]', 10,
     "rubric criterion 2: level points [6, 3, 0] here but [6, 0] in"),
])
def test_a_variant_disagreeing_with_its_default_is_named_with_its_line(courses, old, new, line,
                                                                      what):
    path = _variant(courses, old, new)
    [problem] = _problems(courses)
    assert problem.startswith(f"{path}:{line}: {what}")
    assert "a variant translates the texts only" in problem


def test_a_variant_with_another_number_of_criteria_or_objectives(courses):
    path = _variant(courses, '[[rubric]]\ncriterion = "振り返り"\nlevels = [{points = 6, '
                    'label = "よい"}, {points = 0, label = "ない"}]\n', "")
    problems = _problems(courses)
    # Its own check finds its points do not add up, then the comparison the criteria missing.
    assert any(problem.startswith(f"{path}:") and "rubric" in problem for problem in problems)
    lesson = courses / "demo" / "01-start" / "01-welcome.ja.md"
    lesson.write_text(JA_LESSON.replace('objectives = ["一つのことを説明できます。"]',
                                        'objectives = ["一つ。", "二つ。"]'), encoding="utf-8")
    assert f"{lesson}:4: objectives: 2 here but 1 in 01-welcome.md" in " ".join(
        _problems(courses))


def test_a_variant_without_its_default_and_unknown_languages(courses):
    orphan = write(courses / "demo" / "01-start" / "02-rules.ja.md", JA_LESSON)
    french = write(courses / "demo" / "01-start" / "01-welcome.fr.md", JA_LESSON)
    problems = _problems(courses)
    assert f"{orphan}: a language variant needs its default beside it: 02-rules.md" in problems
    assert f"{french}: unknown language variant 'fr' (known: ja)" in problems
    assert len(problems) == 2
    orphan.unlink()
    french.unlink()
    course_toml = courses / "demo" / "course.toml"
    course_toml.write_text(COURSE.replace('language = "en"', 'language = "ja"'),
                           encoding="utf-8")
    assert f"{courses / 'demo' / '01-start' / '01-welcome.ja.md'}: the course is written in " \
        "'ja': 01-welcome.md is its text in it" in _problems(courses)


def test_a_ja_toml_holds_title_and_summary_only(courses):
    path = write(courses / "demo" / "01-start" / "module.ja.toml",
                 'title = "はじめに"\nopens_day = 3\n')
    [problem] = _problems(courses)
    assert problem.startswith(f"{path}:2: unknown key 'opens_day' (allowed: summary, title)")
    course_variant = write(courses / "demo" / "course.ja.toml", 'title = "x"\npass_mark = 50\n')
    assert any(problem.startswith(f"{course_variant}:2: unknown key 'pass_mark'")
               for problem in _problems(courses))


def test_a_variants_broken_item_link_is_reported(courses):
    path = _variant(courses, "(item:welcome)", "(item:nowhere)")
    [problem] = _problems(courses)
    assert problem.startswith(f"{path}:14: link to 'item:nowhere'")


def test_a_declared_language_requires_every_variant(courses):
    course_toml = courses / "demo" / "course.toml"
    course_toml.write_text(COURSE + 'languages = ["en", "ja"]\n', encoding="utf-8")
    assert _problems(courses) == [
        f"{courses / 'demo' / '02-visits' / 'module.ja.toml'}: missing: course.toml declares "
        "the language 'ja'"]
    write(courses / "demo" / "02-visits" / "module.ja.toml", 'title = "訪問"\n')
    write(courses / "demo" / "02-visits" / "02-extra.md",
          LESSON.format(title="Extra", body="More."))
    assert _problems(courses) == [
        f"{courses / 'demo' / '02-visits' / '02-extra.ja.md'}: missing: course.toml declares "
        "the language 'ja'"]
    course_toml.write_text(COURSE + 'languages = ["en", "ko"]\n', encoding="utf-8")
    [problem] = _problems(courses)
    assert problem.startswith(f"{course_toml}:5: 'languages' lists the languages")


def test_the_sync_refuses_a_faulty_variant_and_the_check_reports_it(app, db, courses):
    _variant(courses, "due_day = 10", "due_day = 11")
    with pytest.raises(CourseFilesInvalid) as refused:
        sync_courses(db, courses)
    assert "due_day" in str(refused.value.problems[0])
    assert db.scalar(select(Course)) is None
    result = app.test_cli_runner().invoke(args=["lms", "courses", "check", "--dir",
                                                str(courses)])
    assert result.exit_code != 0
    assert "01-reflection-note.ja.md:4: 'due_day' 11 here but 10" in result.output


# Keeping them -----------------------------------------------------------------------------------


def test_sync_stores_and_updates_variants(db, courses):
    sync_courses(db, courses)
    db.commit()
    course = db.scalar(select(Course))
    assert course.variants["ja"]["title"] == "デモコース"
    module = db.scalar(select(Module).where(Module.slug == "start"))
    assert module.variants == {"ja": {"title": "はじめに"}}
    welcome = db.scalar(select(Item).where(Item.slug == "welcome"))
    assert welcome.variants["ja"]["title"] == "ようこそ"
    version = course.content_version
    lesson = courses / "demo" / "01-start" / "01-welcome.ja.md"
    lesson.write_text(JA_LESSON.replace("ようこそ", "いらっしゃい"), encoding="utf-8")
    report = sync_courses(db, courses)
    db.commit()
    assert report.updated == ["item demo/welcome"]
    db.expire_all()
    assert db.scalar(select(Item.variants).where(Item.slug == "welcome"))["ja"]["title"] == (
        "いらっしゃい")
    assert db.scalar(select(Course.content_version)) == version + 1
    lesson.unlink()
    assert sync_courses(db, courses).updated == ["item demo/welcome"]
    db.expire_all()
    assert db.scalar(select(Item.variants).where(Item.slug == "welcome")) == {}
    assert not sync_courses(db, courses).changed  # unchanged files write nothing


def test_ruby_survives_sanitizing():
    html = str(render("<ruby>介護<rp>(</rp><rt>かいご</rt><rp>)</rp></ruby>と"
                      "<ruby onclick='x()'>福祉<rt>ふくし</rt></ruby>"))
    assert "<ruby>介護<rp>(</rp><rt>かいご</rt><rp>)</rp></ruby>" in html
    assert "<ruby>福祉<rt>ふくし</rt></ruby>" in html and "onclick" not in html


# Reading them -----------------------------------------------------------------------------------


YEAR_WELCOME_JA = ('+++\ntitle = "ようこそ"\nestimated_minutes = 15\n'
                   'objectives = ["一年を知る。"]\n+++\n<ruby>介護<rt>かいご</rt></ruby>の'
                   '[きまり](item:rules)を読みます。\n')


@pytest.fixture
def year(app, db, tmp_path):
    """The factories' course with a Japanese variant of the course, its first module and its
    welcome lesson; a trainee reading Japanese and one reading English; another course with a
    variant of its own welcome lesson, and a trainee of it."""
    root = factories.write_course(tmp_path / "courses")
    course_dir = root / "year-course"
    write(course_dir / "course.ja.toml", 'title = "一年のコース"\n')
    write(course_dir / "01-arrival" / "module.ja.toml", 'title = "到着"\n')
    (course_dir / "01-arrival" / "01-welcome.ja.md").write_text(YEAR_WELCOME_JA,
                                                                 encoding="utf-8")
    factories.write_course(root, slug="other-course")
    (root / "other-course" / "01-arrival" / "01-welcome.ja.md").write_text(
        YEAR_WELCOME_JA.replace("ようこそ", "別のコースへようこそ"), encoding="utf-8")
    sync_courses(db, root)
    db.flush()
    course, other = (db.scalar(select(Course).where(Course.slug == slug))
                     for slug in ("year-course", "other-course"))
    cohort = factories.cohort(db, course)
    other_cohort = factories.cohort(db, other, number=37, starts_on=dt.date(2019, 3, 14))
    factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
    factories.enroll(db, cohort, "budi@example.org", name="Budi Santoso")
    factories.enroll(db, other_cohort, "other@example.org", name="Other Course")
    for email in ("amihan@example.org", "other@example.org"):
        db.scalar(select(User).where(User.email == email)).locale = "ja"
    db.commit()
    return {"cohort": cohort, "other_cohort": other_cohort}


@pytest.fixture(autouse=True)
def _during_arrival():
    with time_machine.travel(DURING_ARRIVAL, tick=False):
        yield


def _page(client, email: str, path: str) -> str:
    assert login(client, email).status_code == 302
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_japanese_reader_sees_the_variant_and_can_switch(client, year):
    cohort_id = year["cohort"].id
    page = _page(client, "amihan@example.org", f"/cohorts/{cohort_id}/course/welcome")
    assert "<h1>ようこそ</h1>" in page and "一年を知る。" in page
    assert "<ruby>介護<rt>かいご</rt></ruby>" in page
    assert f'href="/cohorts/{cohort_id}/course/rules"' in page  # item links resolved
    assert "到着" in page  # the module's title, in the breadcrumb
    english = f"/cohorts/{cohort_id}/course/welcome?lang=en"
    assert f'href="{english}" hreflang="en"' in page
    page = client.get(english).get_data(as_text=True)
    assert '<h1 lang="en">Welcome</h1>' in page and "Know the year." in page
    assert f'href="{english.replace("=en", "=ja")}" hreflang="ja"' in page
    assert "ようこそ</h1>" not in page


def test_a_japanese_reader_of_an_item_without_variant_is_told(client, year):
    page = _page(client, "amihan@example.org", f"/cohorts/{year['cohort'].id}/course/rules")
    assert '<h1 lang="en">Rules</h1>' in page
    assert "このページはまだ日本語で書かれていません。英語で表示しています。" in page
    assert "hreflang" not in page  # nothing to switch to


def test_an_english_reader_sees_the_default_and_a_link_to_the_japanese(client, year):
    cohort_id = year["cohort"].id
    page = _page(client, "budi@example.org", f"/cohorts/{cohort_id}/course/welcome")
    assert "<h1>Welcome</h1>" in page and "ようこそ" not in page.split("hreflang")[0]
    assert "not written in" not in page
    assert 'hreflang="ja"' in page and '<span lang="ja">日本語</span>' in page
    assert "<h1>Rules</h1>" in client.get(f"/cohorts/{cohort_id}/course/rules").get_data(
        as_text=True)
    outline = client.get(f"/cohorts/{cohort_id}/course").get_data(as_text=True)
    assert "Year course" in outline and "Arrival" in outline and "到着" not in outline


def test_the_outline_and_dashboard_show_titles_in_her_language(client, year):
    cohort_id = year["cohort"].id
    outline = _page(client, "amihan@example.org", f"/cohorts/{cohort_id}/course")
    assert "<h1>一年のコース</h1>" in outline
    assert '<h2 id="module-arrival">到着</h2>' in outline
    assert f'href="/cohorts/{cohort_id}/course/welcome">ようこそ</a>' in outline
    # Without a variant, the course's own title, marked as English.
    assert f'href="/cohorts/{cohort_id}/course/rules" lang="en">Rules</a>' in outline
    assert '<h2 id="module-care" lang="en">Long-term care</h2>' in outline
    home = client.get("/").get_data(as_text=True)
    assert "ようこそ" in home


def test_a_trainee_never_sees_another_courses_variant(app, client, year):
    page = _page(client, "amihan@example.org", f"/cohorts/{year['cohort'].id}/course/welcome")
    assert "別のコース" not in page
    client = app.test_client()
    other = _page(client, "other@example.org",
                  f"/cohorts/{year['other_cohort'].id}/course/welcome")
    assert "別のコースへようこそ" in other
    assert client.get(f"/cohorts/{year['cohort'].id}/course/welcome?lang=ja").status_code == 404


@pytest.mark.parametrize("path", ["/", "/course", "/course/welcome", "/course/welcome?lang=en"])
def test_a_japanese_readers_page_queries_do_not_grow(client, db, year, count_queries, path):
    assert login(client, "amihan@example.org").status_code == 302
    url = "/" if path == "/" else f"/cohorts/{year['cohort'].id}{path}"

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    queries()  # the course is read once per process and language, then kept
    _add_trainees(db, year["cohort"], 10)
    few = queries()
    _add_trainees(db, year["cohort"], 200)
    assert queries() == few <= 12


def test_bodies_are_rendered_once_per_language(app, client, year, monkeypatch):
    from lms.curriculum import content

    rendered: list[str] = []
    real = content.cleaned
    monkeypatch.setattr(content, "cleaned", lambda text: rendered.append(text) or real(text))
    path = f"/cohorts/{year['cohort'].id}/course/welcome"
    _page(client, "amihan@example.org", path)
    client.get(path)
    client.get(path + "?lang=en")
    client.get(path + "?lang=en")
    assert len(rendered) == 2
    assert "介護" in rendered[0] and "Know" not in rendered[0] and "介護" not in rendered[1]
