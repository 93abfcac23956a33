"""The grading form's rubric, written in one pass: a group of radio buttons for each criterion,
each level with its whole description. The template's loops over criteria and levels (two
translated, marked-up texts for each level) cost more than the rest of the form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from lms.assignments.forms import GradeForm
from lms.i18n import template_helpers


class CriterionField(NamedTuple):
    """What the rubric's writer reads of a criterion's field: a WTForms one (:func:`fields_of`)
    or the same values written without a form (lms.assignments.grade_form_html)."""

    id: str
    name: str
    errors: Sequence[Any]
    #: Each level's points, and whether it is the one chosen.
    levels: list[tuple[int, bool]]


def fields_of(form: GradeForm) -> list[CriterionField]:
    return [CriterionField(field.id, field.name, field.errors,
                           [(points, chosen) for points, _label, chosen, _attributes
                            in field.iter_choices()]) for field in form.rubric_fields()]


def rubric_fieldsets(fields: list[CriterionField], shown_rubric: list[dict[str, Any]],
                     text_language: str | None) -> Markup:
    """A fieldset for each criterion of ``fields``, its texts from ``shown_rubric`` (in
    ``text_language``), none chosen until the grader chooses, each required (grade_form), a
    refused one saying why."""
    helpers = template_helpers()
    ngettext, lang_text = helpers["ngettext"], helpers["lang_text"]
    written = []
    for field, criterion in zip(fields, shown_rubric, strict=False):
        field_id, name = escape(field.id), escape(field.name)
        levels = criterion["levels"]
        legend = ngettext("%(criterion)s (up to %(num)d point)",
                          "%(criterion)s (up to %(num)d points)",
                          max(level["points"] for level in levels),
                          criterion=lang_text(criterion["criterion"], text_language))
        refused = field.errors
        marked = f' field-error" aria-describedby="{field_id}-error' if refused else ""
        lines = [f'<fieldset id="{field_id}" class="rubric-criterion{marked}">',
                 f"  <legend>{escape(legend)}</legend>"]
        if refused:
            lines.append(f'  <p class="error-message" id="{field_id}-error">'
                         f'{escape(" ".join(str(error) for error in refused))}</p>')
        for index, (points, chosen) in enumerate(field.levels):
            option_id = f"{field_id}-{index}"
            label = ngettext("%(num)d point: %(label)s", "%(num)d points: %(label)s", points,
                             label=lang_text(levels[index]["label"], text_language))
            lines.append(f'  <div class="radio rubric-level"><input'
                         f'{" checked" if chosen else ""} id="{option_id}" name="{name}" '
                         f'required type="radio" value="{escape(points)}"> '
                         f'<label for="{option_id}">{escape(label)}</label></div>')
        lines.append("</fieldset>")
        written.append("\n      ".join(lines))
    return Markup("\n      ".join(written))  # noqa: S704 - each value is escaped above
