from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.concerns import queries
from lms.concerns.labels import CATEGORY_LABELS, PLACE_LABELS, STATUS_LABELS
from lms.concerns.models import ConcernStatus
from lms.concerns.services import TEXT_LIMIT
from lms.i18n import _l


class ConcernForm(FlaskForm):
    category = RadioField(_l("What is it about?"), validators=[DataRequired()], choices=[
        SelectChoice(category.value, label) for category, label in CATEGORY_LABELS.items()])
    place = RadioField(_l("Where did it happen? (optional)"), validators=[Optional()],
                       choices=[SelectChoice(place.value, label)
                                for place, label in PLACE_LABELS.items()])
    description = TextAreaField(
        _l("What happened?"), validators=[DataRequired(), Length(max=TEXT_LIMIT)],
        description=_l("In your own words and in any language. Say what would help you, if "
                       "you know."))


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), validators=[DataRequired()], choices=[
        SelectChoice(status.value, label) for status, label in STATUS_LABELS.items()])


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Internal note"), validators=[DataRequired(), Length(max=TEXT_LIMIT)],
                         description=_l("Read by the staff who handle concerns, never by the "
                                        "person who raised it."))


class HandlerForm(FlaskForm):
    user = SelectField(_l("Member of staff"), validators=[DataRequired()])


class CaseFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Show"), validators=[Optional()], default=queries.UNRESOLVED,
                         choices=[SelectChoice(queries.UNRESOLVED, _l("Not closed")),
                                  SelectChoice(ConcernStatus.OPEN.value,
                                               STATUS_LABELS[ConcernStatus.OPEN]),
                                  SelectChoice(ConcernStatus.IN_PROGRESS.value,
                                               STATUS_LABELS[ConcernStatus.IN_PROGRESS]),
                                  SelectChoice(ConcernStatus.CLOSED.value,
                                               STATUS_LABELS[ConcernStatus.CLOSED]),
                                  SelectChoice(queries.EVERY, _l("All"))])
