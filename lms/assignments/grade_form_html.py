"""The grading form's fields, written in Python: the same bytes as the forms macro ``field``
of lms/macros/forms.html and the page's loops wrote. Through the macro, a call and a lookup
for each of its tests, filters and attributes cost the grading page more than WTForms took to
write the field itself. A rubric's form seen before any save (a GET) is written from the grade
without a WTForms form at all (:func:`fresh_fields`): building the form cost the page more
than writing it; a refused save is shown from the form it refused (:func:`fields_of_form`)."""

from __future__ import annotations

from typing import Any, NamedTuple

from markupsafe import Markup, escape
from wtforms import RadioField

from lms.assignments.forms import TEXT_LIMIT, GradeForm
from lms.assignments.models import Grade
from lms.assignments.rubric_html import CriterionField, fields_of, rubric_fieldsets
from lms.curriculum.models import Item
from lms.i18n import template_helpers

#: What ``form_errors`` writes for a form without errors.
NO_ERRORS = Markup("\n\n\n\n\n")


class GradeFields(NamedTuple):
    version: str
    rubric: Markup
    #: What the levels chosen add up to (None before any is).
    total: int | None
    score: Markup | None
    feedback: Markup
    outcome_legend: str
    outcomes: Markup
    #: The error summary, None to have the page's ``form_errors`` write the form's.
    summary: Markup | None


def fields_of_form(form: GradeForm, shown_rubric: list[dict[str, Any]],
                   text_language: str | None) -> GradeFields:
    return GradeFields(
        form.version._value(), rubric_fieldsets(fields_of(form), shown_rubric, text_language),
        form.total_chosen(), field_html(form["score"]) if "score" in form else None,
        field_html(form.feedback), form.outcome.label.text, outcome_html(form.outcome), None)


def fresh_fields(item: Item, grade: Grade | None, shown_rubric: list[dict[str, Any]],
                 text_language: str | None) -> GradeFields:
    """What :func:`fields_of_form` writes of ``item``'s form (which has a rubric) filled from
    ``grade`` as the grading page fills it, without making the form."""
    scores = grade.scores if grade else {}
    criteria = [CriterionField(f"criterion-{index}", f"criterion-{index}", [],
                               [(level["points"], int(level["points"]) == chosen)
                                for level in criterion["levels"]])
                for index, criterion in enumerate(item.rubric or [])
                for chosen in [scores.get(criterion["criterion"])]]
    chosen = [score for criterion in item.rubric or []
              if isinstance(score := scores.get(criterion["criterion"]), int)]
    feedback = GradeForm.feedback
    text = grade.feedback if grade else None
    textarea = (f'<textarea aria-describedby="feedback-hint" id="feedback" '
                f'maxlength="{TEXT_LIMIT}" name="feedback">\r\n'
                f'{escape("" if text is None else text)}</textarea>')
    outcome = "returned" if grade and grade.returned else "graded"
    return GradeFields(
        str(grade.version if grade else 0),
        rubric_fieldsets(criteria, shown_rubric, text_language),
        sum(chosen) if chosen else None, None,
        _field_markup("feedback", str(feedback.args[0]), False,
                      feedback.kwargs["description"], [], textarea),
        str(GradeForm.outcome.args[0]),
        _outcome_markup((choice.value, choice.label, choice.value == outcome)
                        for choice in GradeForm.outcome.kwargs["choices"]),
        NO_ERRORS)


def field_html(field: Any) -> Markup:
    """What ``field(field)`` writes, for a field that is neither a checkbox nor a list of
    them (no other hint than its description, no refusal of the whole form about it)."""
    hint, errors = field.description, field.errors
    described = " ".join(part for part in (f"{field.id}-hint" if hint else "",
                                           f"{field.id}-error" if errors else "") if part)
    widget = field(**{"aria-describedby": described or False,
                      "aria-invalid": "true" if errors else False})
    return _field_markup(field.id, field.label.text, field.flags.required, hint, errors,
                         str(widget))


def _field_markup(field_id: str, label: str, required: bool, hint: Any, errors: Any,
                  widget: str) -> Markup:
    field_id = escape(field_id)
    written = [f'\n\n\n\n\n\n<div class="field{" field-error" if errors else ""}">\n  \n    '
               f'<label for="{field_id}">{escape(label)}</label>']
    if required:
        written.append(f' <span class="required">({escape(template_helpers()["_"]("required"))})'
                       "</span>")
    written.append("\n    ")
    if hint:
        written.append(f'<p class="hint" id="{field_id}-hint">{escape(hint)}</p>')
    written.append("\n  \n  ")
    if errors:
        written.append(f'\n  <p class="error-message" id="{field_id}-error">'
                       f'{escape(" ".join(str(error) for error in errors))}</p>\n  ')
    written.append(f"\n  \n    {widget}\n  \n</div>\n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above


def outcome_html(outcome: RadioField) -> Markup:
    """The outcome's radio buttons, each with its label, as the grading page's loop wrote
    them."""
    return _outcome_markup((value, label, chosen)
                           for value, label, chosen, _attributes in outcome.iter_choices())


def _outcome_markup(choices: Any) -> Markup:
    return Markup("".join(  # noqa: S704 - each value is escaped
        f'<div class="radio"><input{" checked" if chosen else ""} id="outcome-{index}" '
        f'name="outcome" type="radio" value="{escape(value)}"> '
        f'<label for="outcome-{index}">{escape(label)}</label></div>'
        for index, (value, label, chosen) in enumerate(choices)))
