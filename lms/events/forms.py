from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.events.services import SESSION_KIND_LABELS
from lms.forms import DateField
from lms.i18n import _l


class EditionDetailsForm(FlaskForm):
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=200)],
                        description=_l("The building or hall, as participants will look for it."))
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=120)])
    per_country_cap = IntegerField(
        _l("Places per country"),
        validators=[Optional(), NumberRange(min=1, message=_l("The cap per country must be at "
                                                              "least 1, or empty for no cap."))],
        description=_l("Such as 10 for “up to 10 participants from each country”. Leave empty "
                       "for no cap per country."))
    registration_closes_on = DateField(
        _l("Last day to register"), validators=[Optional()],
        description=_l("In the seminar's time zone. Leave empty to keep registration open until "
                       "the seminar starts."))
    description = TextAreaField(_l("About the seminar"), validators=[Optional(),
                                                                      Length(max=5000)])


class SessionForm(FlaskForm):
    kind = SelectField(_l("Kind of session"),
                       choices=[SelectChoice(kind.value, label)
                                for kind, label in SESSION_KIND_LABELS.items()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    day = DateField(_l("Date of the session"), validators=[DataRequired()])
    starts = TimeField(_l("Starts at"), validators=[DataRequired()],
                       description=_l("In the seminar's time zone."))
    ends = TimeField(_l("Ends at"), validators=[DataRequired()],
                     description=_l("In the seminar's time zone."))
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)],
                        description=_l("If not the seminar's venue, such as the facility "
                                       "visited."))
    description = TextAreaField(_l("Short description"), validators=[Optional(),
                                                                      Length(max=2000)])
