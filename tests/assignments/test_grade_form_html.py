"""The grading form's score, feedback and outcome are written in Python (lms.assignments.
grade_form_html): the same bytes as the forms macro ``field`` and the page's loop, which other
pages still use, fresh or refused, with awkward texts, in English and in Japanese; and a
rubric's form before any save, written without a form, as the filled form writes it."""

from __future__ import annotations

import pytest
from flask import render_template_string
from werkzeug.datastructures import MultiDict

from lms.assignments.forms import _grade_form_class, grade_form
from lms.assignments.grade_form_html import (
    field_html,
    fields_of_form,
    fresh_fields,
    outcome_html,
)
from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.curriculum.models import Item
from tests.assignments.test_views import as_user
from tests.conftest import post
from tests.home.conftest import hand_in

MACRO = """{% from "lms/macros/forms.html" import field %}{{ field(f) }}"""
LOOP = ("{% for value, label, chosen, _attributes in f.iter_choices() %}<div class=\"radio\">"
        "<input{% if chosen %} checked{% endif %} id=\"outcome-{{ loop.index0 }}\" "
        "name=\"outcome\" type=\"radio\" value=\"{{ value }}\"> <label for=\"outcome-"
        "{{ loop.index0 }}\">{{ label }}</label></div>{% endfor %}")
RUBRIC = '[{"criterion": "Care", "levels": [{"label": "Fine", "points": 4}]}]'
POSTED = [
    {},  # nothing sent: the score is refused
    {"score": "11", "feedback": "x" * 200_001, "outcome": "returned"},  # both refused
    {"score": "7", "feedback": "<b>Good</b> & \"fair\" 'work'\r\n\nnext", "outcome": "graded"},
    {"score": "abc", "feedback": "", "outcome": "nonsense"},
]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("rubric", ["[]", RUBRIC])
def test_the_fields_are_written_as_the_macro_writes_them(app, language, rubric):
    headers = {"Accept-Language": language}
    for data in [None, *POSTED]:
        with app.test_request_context("/", headers=headers):
            form = _grade_form_class(rubric, 10)(
                formdata=None if data is None else MultiDict(data), meta={"csrf": False})
            if data is not None:
                form.validate()
            fields = [form.feedback] + ([] if rubric != "[]" else [form["score"]])
            for field in fields:
                assert str(field_html(field)) == render_template_string(MACRO, f=field)
            assert str(outcome_html(form.outcome)) == render_template_string(
                LOOP, f=form.outcome)
    if rubric == "[]":  # a refused score says so, beside the field, in the page's language
        with app.test_request_context("/", headers=headers):
            form = _grade_form_class(rubric, 10)(formdata=MultiDict({}), meta={"csrf": False})
            form.validate()
            written = str(field_html(form["score"]))
            assert 'class="field field-error"' in written and 'id="score-error"' in written
            assert ("必須" if language == "ja" else "required") in written


LEVELS = [{"label": "Vivid <b> & \"sharp\"", "points": 4}, {"label": "Plain", "points": 2},
          {"label": "None", "points": 0}]
GRADE_RUBRIC = [{"criterion": "Care & <craft>", "levels": LEVELS},
                {"criterion": "Language", "levels": LEVELS[1:]},
                {"criterion": "Third", "levels": [{"label": "Only", "points": 1}]}]
GRADES = [
    None,
    Grade(scores={"Care & <craft>": 4, "Language": 2, "Third": 1}, total=7, version=3,
          feedback="Fine <work> & \"more\"\r\nnext line", returned=False),
    Grade(scores={"Care & <craft>": 2}, total=2, version=1, feedback="", returned=True),
    Grade(scores={"Care & <craft>": 3, "Language": None, "Unknown": 4}, total=3, version=2,
          feedback="x", returned=False),  # a level no longer in the rubric: none chosen
]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("text_language", [None, "ja", "en"])
def test_a_fresh_form_is_written_as_the_filled_form_writes_it(app, language, text_language):
    item = Item(rubric=GRADE_RUBRIC, points=7)
    shown = [{**criterion, "criterion": f"Shown {criterion['criterion']}"}
             for criterion in GRADE_RUBRIC]
    for grade in GRADES:
        with app.test_request_context("/", headers={"Accept-Language": language}):
            form = grade_form(item)  # filled as the grading page fills it
            form.version.data = str(grade.version if grade else 0)
            if grade:
                form.fill(item, grade.scores)
                form.feedback.data = grade.feedback
                form.outcome.data = "returned" if grade.returned else "graded"
            of_form = fields_of_form(form, shown, text_language)
            fresh = fresh_fields(item, grade, shown, text_language)
            assert fresh._replace(summary=None) == of_form
            assert fresh.summary == render_template_string(
                '{% from "lms/macros/forms.html" import form_errors %}{{ form_errors(f) }}',
                f=form)
            if language == "ja":
                assert "フィードバック" in fresh.feedback


def test_another_mentors_trainee_is_neither_shown_nor_graded(client, db, year):
    waiting = hand_in(db, year["trainee"], year["items"]["visit-note"], days_ago=1)
    db.commit()
    url = f"/submissions/{waiting.id}/grade"
    as_user(client, "mentor2@example.org")
    assert client.get(url).status_code == 404
    response = post(client, url, {"version": "0", "criterion-0": "4", "criterion-1": "6",
                                  "outcome": "graded", "then": "stay"})
    assert response.status_code == 404
    db.expire_all()
    assert db.get(Submission, waiting.id).status == SubmissionStatus.SUBMITTED
