from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

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
    version = HiddenField()
    feedback = TextAreaField(_l("Feedback"), validators=[Optional(), Length(max=TEXT_LIMIT)],
                             description=_l("Markdown. The trainee reads this with the grade."))
    outcome = RadioField(_l("Outcome"), choices=[
        SelectChoice("graded", _l("Graded")),
        SelectChoice("returned", _l("Returned for revision"))], default="graded")


class ExtensionForm(FlaskForm):
    due_at = DateTimeLocalField(_l("New deadline"), validators=[DataRequired()],
                                format="%Y-%m-%dT%H:%M")
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class DeadlineForm(FlaskForm):
    item_id = HiddenField(validators=[DataRequired()])
    due_at = DateTimeLocalField(_l("New deadline"), validators=[DataRequired()],
                                format="%Y-%m-%dT%H:%M")


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    assignment = SelectField(_l("Assignment"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()], choices=[
        SelectChoice("submitted", _l("Waiting for a grade")),
        SelectChoice("graded", _l("Graded")),
        SelectChoice("returned", _l("Returned for revision")),
        SelectChoice("all", _l("All"))], default="submitted")
