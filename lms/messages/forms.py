from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.i18n import _l

TEXT_LIMIT = 20_000


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[Optional(), Length(max=TEXT_LIMIT)],
                         description=_l("Markdown: **bold**, *italic*, lists with -. You can "
                                        "withdraw a message within 10 minutes of sending it; "
                                        "it cannot be changed."))
    files = MultipleFileField(_l("Attach files"),
                              description=_l("Up to 5 files. PDF, Word, PowerPoint, Excel, "
                                             "OpenDocument text, PNG, JPEG or plain text."))


class OfficeForm(MessageForm):
    subject = StringField(_l("What is it about?"), validators=[DataRequired(), Length(max=200)])


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assigned to"), validators=[Optional()])


class InboxFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validators=[Optional()], default="open", choices=[
        SelectChoice("open", _l("Open")), SelectChoice("closed", _l("Closed")),
        SelectChoice("all", _l("All"))])
    who = SelectField(_l("Assigned to"), validators=[Optional()], default="all", choices=[
        SelectChoice("all", _l("Anyone or nobody")), SelectChoice("mine", _l("Me")),
        SelectChoice("unassigned", _l("Nobody yet"))])
