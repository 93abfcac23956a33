"""The evaluation forms in courses/<course>/evaluations/ and the items shared with the facility
supervisor: how they are checked and synced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.curriculum.models import Course, EvaluationForm, EvaluationKind, Item
from lms.curriculum.source import read_courses
from lms.curriculum.sync import CourseFilesInvalid, sync_courses
from tests.factories import COURSE_FILES, write_course

REPO_COURSES = Path(__file__).resolve().parents[2] / "courses"


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    return write_course(tmp_path / "courses")


def _evaluations(courses: Path) -> Path:
    return courses / "year-course" / "evaluations"


def _rewrite(path: Path, old: str, new: str, count: int = 1) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _problems(courses: Path) -> list[str]:
    return [str(problem) for problem in read_courses(courses).problems]


def _line(path: Path, text: str, occurrence: int = 1) -> int:
    """The number of the line holding ``text`` (its ``occurrence``-th time)."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if text in line]
    return found[occurrence - 1]


# Reading and checking ------------------------------------------------------------------------


def test_the_test_course_reads_its_forms_and_its_shared_journal(courses):
    reading = read_courses(courses)
    assert reading.problems == []
    [course] = reading.courses
    forms = {form.slug: form for form in course.evaluation_forms}
    assert {slug: (form.kind, sorted(form.definitions)) for slug, form in forms.items()} == {
        "mid": ("mid_placement", ["en", "ja"]), "final": ("final", ["en"])}
    assert forms["mid"].definitions["ja"]["criteria"][0]["label"] == "実習態度"
    assert forms["final"].definitions["en"]["questions"] == [
        {"key": "overall", "label": "Overall comment", "required": False}]
    shared = {item.slug: item.share_with_supervisor for item in course.items}
    assert shared["journal-week-1"] is True and shared["visit-note"] is False


def test_the_flag_must_be_true_or_false(courses):
    path = _rewrite(courses / "year-course" / "03-later" / "02-journal-week-1.md",
                    "share_with_supervisor = true", 'share_with_supervisor = "yes"')
    assert _problems(courses) == [
        f"{path}:7: 'share_with_supervisor' must be true or false, not 'yes'"]


def test_a_lesson_is_not_shared(courses):
    path = _rewrite(courses / "year-course" / "03-later" / "01-journal.md",
                    "estimated_minutes = 20",
                    "estimated_minutes = 20\nshare_with_supervisor = true")
    assert _problems(courses) == [
        f"{path}:4: 'share_with_supervisor' is only for assignments (this file is a lesson)"]


def test_an_unknown_key_in_a_criterion_is_named_with_its_line(courses):
    path = _rewrite(_evaluations(courses) / "mid.toml", 'key = "teamwork"',
                    'key = "teamwork"\nweight = 2')
    assert _problems(courses) == [
        f"{path}:{_line(path, 'weight')}: criterion 'teamwork': unknown key 'weight' "
        "(allowed: description, key, label, levels)"]


def test_an_unknown_key_of_the_form_is_named(courses):
    path = _rewrite(_evaluations(courses) / "final.toml", 'title = "Final evaluation"',
                    'title = "Final evaluation"\nscale = 4')
    [problem] = _problems(courses)
    assert problem.startswith(f"{path}:3: unknown key 'scale'")


def test_a_missing_key_points_at_its_table(courses):
    path = _rewrite(_evaluations(courses) / "final.toml", 'label = "Overall comment"\n', "")
    assert _problems(courses) == [
        f"{path}:{_line(path, '[[questions]]')}: question 'overall': "
        "missing required key 'label'"]
    path = _rewrite(path, 'title = "Final evaluation"\n', "")
    assert f"{path}: missing required key 'title'" in _problems(courses)


def test_duplicate_keys_are_named(courses):
    path = _rewrite(_evaluations(courses) / "final.toml", 'key = "plan"', 'key = "attitude"')
    second = _line(path, 'key = "attitude"', 2)
    assert _problems(courses) == [
        f"{path}:{second}: criterion 'attitude': key 'attitude' is also used by criterion 1"]


def test_a_duplicate_question_key_is_named(courses):
    path = _evaluations(courses) / "final.toml"
    path.write_text(path.read_text(encoding="utf-8")
                    + '\n[[questions]]\nkey = "overall"\nlabel = "Again"\n', encoding="utf-8")
    second = _line(path, 'key = "overall"', 2)
    assert _problems(courses) == [
        f"{path}:{second}: question 'overall': key 'overall' is also used by question 1"]


def test_a_level_value_must_be_a_whole_number(courses):
    path = _rewrite(_evaluations(courses) / "final.toml", '{value = 1, label = "Partly"}',
                    '{value = "low", label = "Partly"}')
    line = _line(path, 'value = "low"')
    assert _problems(courses) == [
        f"{path}:{line}: criterion 'plan': level value 'low' is not a whole number"]


def test_a_kind_must_be_known_and_once_per_course(courses):
    path = _rewrite(_evaluations(courses) / "final.toml", 'kind = "final"', 'kind = "weekly"')
    assert _problems(courses) == [
        f"{path}:1: 'kind' must be 'mid_placement' or 'final', not 'weekly'"]
    _rewrite(path, 'kind = "weekly"', 'kind = "mid_placement"')
    mid = _evaluations(courses) / "mid.toml"  # read after final.toml: the second of its kind
    assert _problems(courses) == [
        f"{mid}:1: kind 'mid_placement' is also the kind of {path}: a course has one form of "
        "each kind"]


def test_a_variant_must_agree_with_its_form(courses):
    variant = _evaluations(courses) / "mid.ja.toml"
    original = variant.read_text(encoding="utf-8")
    _rewrite(variant, 'kind = "mid_placement"', 'kind = "final"')
    assert _problems(courses) == [
        f"{variant}:1: kind 'final' here but 'mid_placement' in mid.toml: a variant translates "
        "the texts only"]
    variant.write_text(original, encoding="utf-8")
    _rewrite(variant, 'key = "teamwork"', 'key = "team"')
    [problem] = _problems(courses)
    assert problem.startswith(f"{variant}:{_line(variant, '[[criteria]]')}: criteria keys "
                              "['attitude', 'team'] here but ['attitude', 'teamwork'] in mid.toml")
    variant.write_text(original, encoding="utf-8")
    _rewrite(variant, '{value = 1, label = "努力が必要"}', '{value = 0, label = "努力が必要"}', 2)
    second_levels = _line(variant, "levels", 2)
    assert _problems(courses)[1] == (
        f"{variant}:{second_levels}: criterion 'teamwork': level values [2, 0] here but [2, 1] "
        "in mid.toml: a variant translates the texts only")
    variant.write_text(original, encoding="utf-8")
    _rewrite(variant, 'label = "これまでのよい点"', 'label = "これまでのよい点"\nrequired = false')
    [problem] = _problems(courses)
    assert problem.startswith(f"{variant}:{_line(variant, '[[questions]]')}: questions")


def test_a_missing_variant_is_allowed_but_a_variant_alone_or_unknown_is_not(courses):
    folder = _evaluations(courses)
    assert _problems(courses) == []  # final.toml has no Japanese variant
    (folder / "final.toml").rename(folder / "final.fr.toml")
    assert _problems(courses) == [
        f"{folder / 'final.fr.toml'}: unknown language variant 'fr' (known: ja)"]
    (folder / "final.fr.toml").unlink()
    (folder / "mid.toml").unlink()
    assert _problems(courses) == [
        f"{folder / 'mid.ja.toml'}: a language variant needs the form itself beside it: mid.toml"]


def test_bad_toml_in_a_form_names_its_line(courses):
    path = _rewrite(_evaluations(courses) / "final.toml", 'title = "Final evaluation"',
                    'title = "Final evaluation')
    [problem] = _problems(courses)
    assert problem.startswith(f"{path}:2: not valid TOML")


def test_the_real_courses_check_clean_and_have_both_forms_in_both_languages():
    reading = read_courses(REPO_COURSES)
    assert [str(problem) for problem in reading.problems] == []
    year = next(course for course in reading.courses if course.slug == "aswwtp-year")
    forms = {form.kind: form for form in year.evaluation_forms}
    assert sorted(forms) == ["final", "mid_placement"]
    for form in forms.values():
        assert sorted(form.definitions) == ["en", "ja"]
        japanese = form.definitions["ja"]
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", japanese["title"])
        assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", criterion["label"])
                   for criterion in japanese["criteria"])
    shared = {item.slug for item in year.items if item.share_with_supervisor}
    practicum_assignments = {item.slug for module in year.modules if module.practicum
                             for item in module.items if item.type == "assignment"}
    # The reviews are the supervisor's own form; the Japanese journals are the language
    # track's, read by the Japanese teacher.
    assert shared == practicum_assignments - {"practicum-i-mid-placement-review",
                                              "practicum-ii-mid-placement-review",
                                              "practicum-i-japanese-journal",
                                              "practicum-ii-japanese-journal"}
    assert {"practicum-i-journal-week-1", "practicum-ii-learning-plan",
            "practicum-ii-final-reflection"} <= shared


# Sync and reading back -----------------------------------------------------------------------


def _forms(db) -> dict[str, EvaluationForm]:
    return {form.slug: form for form in db.scalars(select(EvaluationForm))}


def test_sync_stores_the_forms_and_the_flag(db, courses):
    report = sync_courses(db, courses)
    db.commit()
    assert {"evaluation form year-course/mid", "evaluation form year-course/final"} <= set(
        report.created)
    forms = _forms(db)
    assert forms["mid"].kind == EvaluationKind.MID_PLACEMENT
    assert sorted(forms["mid"].definitions) == ["en", "ja"]
    assert forms["final"].definitions["en"]["criteria"][1]["levels"] == [
        {"value": 2, "label": "Achieved"}, {"value": 1, "label": "Partly"}]
    journal = db.scalar(select(Item).where(Item.slug == "journal-week-1"))
    assert journal.share_with_supervisor is True
    assert db.scalar(select(Item).where(Item.slug == "visit-note")).share_with_supervisor is False
    assert not sync_courses(db, courses).changed


def test_changing_removing_and_restoring_a_form_raises_the_version(db, courses):
    sync_courses(db, courses)
    db.commit()
    course = db.scalar(select(Course))
    version = course.content_version
    _rewrite(_evaluations(courses) / "final.toml", 'title = "Final evaluation"',
             'title = "Final evaluation of the placement"')
    assert sync_courses(db, courses).updated == ["evaluation form year-course/final"]
    assert course.content_version == version + 1
    (_evaluations(courses) / "final.toml").unlink()
    assert sync_courses(db, courses).archived == ["evaluation form year-course/final"]
    assert _forms(db)["final"].archived_at is not None
    assert course.content_version == version + 2
    write_course(courses)
    assert sync_courses(db, courses).restored == ["evaluation form year-course/final"]
    assert _forms(db)["final"].archived_at is None


def test_the_flag_is_synced_when_it_changes(db, courses):
    sync_courses(db, courses)
    db.commit()
    _rewrite(courses / "year-course" / "03-later" / "02-journal-week-1.md",
             "share_with_supervisor = true\n", "")
    assert sync_courses(db, courses).updated == ["item year-course/journal-week-1"]
    assert db.scalar(select(Item).where(Item.slug == "journal-week-1")).share_with_supervisor \
        is False


def test_a_bad_form_changes_nothing(db, courses):
    sync_courses(db, courses)
    db.commit()
    _rewrite(_evaluations(courses) / "final.toml", 'title = "Final evaluation"',
             'title = "Renamed"')
    _rewrite(courses / "year-course" / "02-care" / "01-insurance.md",
             'title = "Long-term care insurance"', 'title = "Renamed too"')
    _rewrite(_evaluations(courses) / "mid.ja.toml", 'key = "teamwork"', 'key = "team"')
    with pytest.raises(CourseFilesInvalid):
        sync_courses(db, courses)
    db.rollback()
    assert _forms(db)["final"].definitions["en"]["title"] == "Final evaluation"
    assert db.scalar(select(Item).where(Item.slug == "insurance")).title == \
        "Long-term care insurance"


def test_the_test_course_files_hold_the_forms():
    # Other tests rely on these: keep them when changing the small test course.
    assert {"evaluations/mid.toml", "evaluations/mid.ja.toml", "evaluations/final.toml",
            "03-later/02-journal-week-1.md"} <= COURSE_FILES.keys()


# The completion rule's final evaluations ------------------------------------------------------


def _asking_final_evaluations(courses: Path) -> Path:
    course_toml = courses / "year-course" / "course.toml"
    course_toml.write_text(course_toml.read_text(encoding="utf-8")
                           + "final_evaluation_required = true\n", encoding="utf-8")
    return course_toml


def test_a_course_asking_final_evaluations_is_synced_so(db, courses):
    assert _problems(courses) == []
    sync_courses(db, courses)
    assert db.scalar(select(Course)).final_evaluation_required is False
    _asking_final_evaluations(courses)
    assert _problems(courses) == []
    assert sync_courses(db, courses).changed
    assert db.scalar(select(Course)).final_evaluation_required is True


def test_asking_final_evaluations_needs_a_practicum_and_a_final_form(courses):
    course_toml = _asking_final_evaluations(courses)
    line = _line(course_toml, "final_evaluation_required")
    _rewrite(courses / "year-course" / "03-later" / "module.toml", "practicum = true\n", "")
    (_evaluations(courses) / "final.toml").unlink()
    (_evaluations(courses) / "final.ja.toml").unlink(missing_ok=True)
    assert _problems(courses) == [
        f"{course_toml}:{line}: 'final_evaluation_required' asks a final evaluation of each "
        "practicum, but no module.toml of this course says 'practicum = true'",
        f"{course_toml}:{line}: 'final_evaluation_required' asks a final evaluation, but "
        "evaluations/ has no form of kind 'final'"]


def test_the_year_course_asks_a_final_evaluation_of_both_practicums():
    [year] = [course for course in read_courses(REPO_COURSES).courses
              if course.slug == "aswwtp-year"]
    assert year.final_evaluation_required
    assert len([module for module in year.modules if module.practicum]) == 2
