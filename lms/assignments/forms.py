from __future__ import annotations

import functools
import json
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.curriculum.models import Item
from lms.forms import DateTimeLocalField
from lms.i18n import _l

TEXT_LIMIT = 200_000


class WorkForm(FlaskForm):
    attempt = HiddenField(validators=[DataRequired()])
    text = TextAreaField(_l("Your answer"), validators=[Optional(), Length(max=TEXT_LIMIT)],
                         description=_l("Write in Markdown: **bold**, *italic*, lists with -, "
                                        "headings with ##."))
    files = MultipleFileField(_l("Attach files"),
                              description=_l("PDF, Word, PowerPoint, Excel, OpenDocument text, "
                                             "PNG, JPEG or plain text."))
    #: Asked only when the answer's length is outside the assignment's range.
    confirm_length = BooleanField(_l("Hand it in at this length"))


class GradeForm(FlaskForm):
    # Labelled, though never shown: a field without a label has WTForms translate a label
    # made from its name, which loads WTForms' own catalogue for the request.
    version = HiddenField("")
    feedback = TextAreaField(_l("Feedback"), validators=[Optional(), Length(max=TEXT_LIMIT)],
                             description=_l("Markdown. The trainee reads this with the grade."))
    outcome = RadioField(_l("Outcome"), choices=[
        SelectChoice("graded", _l("Graded")),
        SelectChoice("returned", _l("Returned for revision"))], default="graded")

    def rubric_fields(self) -> list[RadioField]:
        return [field for field in self if field.name.startswith(CRITERION_PREFIX)]

    def scores(self, item: Item) -> dict[str, int]:
        """The scores chosen, by criterion (or ``score``); the service checks them again."""
        if not item.rubric:
            return {"score": self["score"].data}
        return {criterion["criterion"]: self[_attribute(index)].data
                for index, criterion in enumerate(item.rubric)}

    def fill(self, item: Item, scores: dict[str, Any]) -> None:
        """The saved grade's scores, for a grader who comes back to change it."""
        if not item.rubric:
            self["score"].data = scores.get("score")
        for index, criterion in enumerate(item.rubric or []):
            self[_attribute(index)].data = scores.get(criterion["criterion"])

    def total_chosen(self) -> int | None:
        """What the levels chosen so far add up to (None before any is), shown beside the
        rubric; the page's script keeps it up to date as the grader chooses."""
        chosen = [field.data for field in self.rubric_fields() if isinstance(field.data, int)]
        return sum(chosen) if chosen else None


CRITERION_PREFIX = "criterion-"


def _attribute(index: int) -> str:
    return f"criterion_{index}"


def grade_form(item: Item) -> GradeForm:
    """The grading form of ``item``: a group of radio buttons per criterion of its rubric, each
    level with its whole description, none chosen at first and each required (a preselected
    level would grade work nobody read), or a score when it has no rubric."""
    rubric = json.dumps(item.rubric or [], ensure_ascii=False, sort_keys=True)
    return _grade_form_class(rubric, item.points or 0)()


@functools.lru_cache(maxsize=128)
def _grade_form_class(rubric_text: str, points: int) -> type[GradeForm]:
    # Made once per rubric (and points) and kept: making a form class cost the grading page
    # more than the rest of its form. A rubric changed by a sync is another key, another class.
    class ItemGradeForm(GradeForm):
        pass

    rubric = json.loads(rubric_text)
    if rubric:
        for index, criterion in enumerate(rubric):
            setattr(ItemGradeForm, _attribute(index), RadioField(
                criterion["criterion"], name=f"{CRITERION_PREFIX}{index}", coerce=int,
                choices=[SelectChoice(level["points"], level["label"])
                         for level in criterion["levels"]],
                validators=[InputRequired(_l("Choose a level for this criterion."))]))
    else:
        ItemGradeForm.score = IntegerField(
            _l("Score (0 to %(points)d)", points=points),
            validators=[InputRequired(_l("Give a score.")), NumberRange(0, points)],
            render_kw={"min": 0, "max": points})
    return ItemGradeForm


class ExtensionForm(FlaskForm):
    due_at = DateTimeLocalField(_l("New deadline"), validators=[DataRequired()],
                                format="%Y-%m-%dT%H:%M")
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class DeadlineForm(FlaskForm):
    item_id = HiddenField(validators=[DataRequired()])
    due_at = DateTimeLocalField(_l("New deadline"), validators=[DataRequired()],
                                format="%Y-%m-%dT%H:%M")
