"""The grading form's score, feedback and outcome are written in Python (lms.assignments.
grade_form_html): the same bytes as the forms macro ``field`` and the page's loop, which other
pages still use, fresh or refused, with awkward texts, in English and in Japanese."""

from __future__ import annotations

import pytest
from flask import render_template_string
from werkzeug.datastructures import MultiDict

from lms.assignments.forms import _grade_form_class
from lms.assignments.grade_form_html import field_html, outcome_html

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
