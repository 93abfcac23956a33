"""The grading form's fields other than the rubric (lms.assignments.rubric_html), written in
Python: the same bytes as the ``field`` macro of lms/macros/forms.html and the outcome's loop
wrote. Through the macro, a call and a lookup for each of its tests, filters and attributes
cost the grading page more than WTForms took to write the field itself."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from wtforms import RadioField

from lms.i18n import template_helpers


def field_html(field: Any) -> Markup:
    """What ``field(field)`` writes, for a field that is neither a checkbox nor a list of
    them (no other hint than its description, no refusal of the whole form about it)."""
    hint = field.description
    errors = field.errors
    field_id = escape(field.id)
    described = " ".join(part for part in (f"{field_id}-hint" if hint else "",
                                           f"{field_id}-error" if errors else "") if part)
    written = [f'\n\n\n\n\n\n<div class="field{" field-error" if errors else ""}">\n  \n    ',
               str(field.label())]
    if field.flags.required:
        required = escape(template_helpers()["_"]("required"))
        written.append(f' <span class="required">({required})</span>')
    written.append("\n    ")
    if hint:
        written.append(f'<p class="hint" id="{field_id}-hint">{escape(hint)}</p>')
    written.append("\n  \n  ")
    if errors:
        written.append(f'\n  <p class="error-message" id="{field_id}-error">'
                       f'{escape(" ".join(str(error) for error in errors))}</p>\n  ')
    written.append("\n  \n    ")
    written.append(str(field(**{"aria-describedby": described or False,
                                "aria-invalid": "true" if errors else False})))
    written.append("\n  \n</div>\n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above


def outcome_html(outcome: RadioField) -> Markup:
    """The outcome's radio buttons, each with its label, as the grading page's loop wrote
    them."""
    return Markup("".join(  # noqa: S704 - each value is escaped
        f'<div class="radio"><input{" checked" if chosen else ""} id="outcome-{index}" '
        f'name="outcome" type="radio" value="{escape(value)}"> '
        f'<label for="outcome-{index}">{escape(label)}</label></div>'
        for index, (value, label, chosen, _attributes) in enumerate(outcome.iter_choices())))
