"""The grading queue's rows and filter, written in Python (lms.assignments.queue_rows), are the
markup the template and WTForms wrote, in English and Japanese, for rows and filters of every
kind: late or not, a title in another language, each status, text that needs escaping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask import Flask, render_template_string, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from lms.assignments.grading_queries import QueueRow
from lms.assignments.models import SubmissionStatus
from lms.assignments.queue_rows import queue_filter, queue_rows
from lms.assignments.services import STATUS_LABELS
from lms.forms import choices
from lms.i18n import template_helpers

#: The rows as the template wrote them, one loop.
ROWS_TEMPLATE = """{% for row in rows %}<tr>
      <td>{{ format_when(row.submitted_at) }}{% if row.is_late %} <strong class="late">{{ _("Late") }}</strong>{% endif %}</td>
      <td>{{ row.trainee }}</td>
      <td><a href="{{ url_for('lms.assignments.grade', submission_id=row.id, **args) }}"{{ lang_attr(row.language) }}>{{ row.title }}</a></td>
      <td>{{ row.attempt }}</td>
      <td>{{ status_labels[row.status] }}</td>
    </tr>{% if not loop.last %}
    {% endif %}{% endfor %}"""  # noqa: E501

MOMENT = dt.datetime(2026, 11, 7, 9, 59, 59, tzinfo=dt.UTC)
ROWS = [
    QueueRow(348, MOMENT, False, 1, SubmissionStatus.SUBMITTED, "Tharindu Jayasinghe",
             "Practicum II: a short journal", "en"),
    QueueRow(349, MOMENT, True, 2, SubmissionStatus.SUBMITTED, "O'Brien <Ana> & \"Co\"",
             "実習Ⅱ：日本語で書く短い日誌", "ja"),
    QueueRow(350, MOMENT + dt.timedelta(days=3), True, 1, SubmissionStatus.GRADED,
             "Tharindu Jayasinghe", "Practicum II: a short journal", "en"),
    QueueRow(351, MOMENT + dt.timedelta(hours=5), False, 3, SubmissionStatus.RETURNED,
             "Siriporn K", "<script>&amp;</script>", None),
    QueueRow(352, MOMENT + dt.timedelta(hours=5), False, 1, SubmissionStatus.DRAFT,
             "Siriporn K", "Practicum II: a short journal", "ja"),
]
PAIRS = [("learning-goals", "1年間の学習目標"), ("visit-note", "Visit <note> & \"more\""),
         ("o'clock", "O'Clock")]
ARGS = [{}, {"status": "graded"}, {"status": "all"}, {"status": ""}, {"status": "bogus"},
        {"assignment": "visit-note"}, {"assignment": "o'clock", "status": "returned"},
        {"assignment": ""}, {"assignment": "nope", "status": "all"}]


@pytest.fixture(params=["en", "ja"])
def locale(app: Flask, request: pytest.FixtureRequest) -> Iterator[str]:
    with app.test_request_context("/grading"), force_locale(request.param):
        yield request.param


@pytest.mark.parametrize("args", ARGS)
def test_the_rows_are_the_templates(locale, args):
    grade_url = url_for("lms.assignments.grade", submission_id=0, **args)
    written = queue_rows(ROWS, grade_url, STATUS_LABELS, template_helpers())
    assert written == render_template_string(
        ROWS_TEMPLATE, rows=ROWS, args=args, status_labels=STATUS_LABELS)
    assert "<script>" not in written and "Co&#34;" in written


def test_no_rows_write_nothing(locale):
    assert queue_rows([], "/submissions/0/grade", STATUS_LABELS, template_helpers()) == ""


class QueueFilterForm(FlaskForm):
    """The form the page used (lms.assignments.forms.QueueFilterForm, until the queue wrote
    its filter in Python)."""

    class Meta:
        csrf = False

    assignment = SelectField(_l("Assignment"))
    status = SelectField(_l("Status"), choices=[
        SelectChoice("submitted", _l("Waiting for a grade")),
        SelectChoice("graded", _l("Graded")),
        SelectChoice("returned", _l("Returned for revision")),
        SelectChoice("all", _l("All"))], default="submitted")


def _wtforms_filter(args: dict[str, str], pairs: list[tuple[str, str]]) -> str:
    """The filter's fields as the form and the template wrote them."""
    form = QueueFilterForm(MultiDict(args))
    form.assignment.choices = choices([("", "All assignments"), *pairs])

    def options(field):
        return "".join(
            f'<option value="{escape(value)}"{" selected" if selected else ""}>'
            f"{escape(label)}</option>"
            for value, label, selected, _attributes in field.iter_choices())

    return "\n".join(
        f'  <div>{field.label()} <select id="{field.id}" name="{field.name}">'
        f"{options(field)}</select></div>" for field in (form.assignment, form.status))


@pytest.mark.parametrize("args", ARGS)
def test_the_filter_is_the_forms(locale, args):
    helpers = template_helpers()
    translated = [(value, label) for value, label in PAIRS]
    written = queue_filter(translated, args.get("assignment"), args.get("status", "submitted"),
                           helpers)
    # The form's own "All assignments" is translated as the page translates it.
    expected = _wtforms_filter(args, translated).replace(
        '<option value="">All assignments</option>',
        f'<option value="">{escape(helpers["_"]("All assignments"))}</option>').replace(
        '<option value="" selected>All assignments</option>',
        f'<option value="" selected>{escape(helpers["_"]("All assignments"))}</option>')
    assert isinstance(written, Markup)
    assert written == expected
    assert written.count(" selected") == (
        sum(value == args.get("assignment") for value in ["", *dict(PAIRS)])
        + (args.get("status", "submitted") in {"submitted", "graded", "returned", "all"}))
