from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.events.services import SESSION_KIND_LABELS
from lms.forms import DateField
from lms.i18n import _l, current_locale
from lms.placements.prefectures import prefecture_name


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
    facility_id = SelectField(_l("Facility visited"), coerce=int, validators=[Optional()],
                              description=_l("For a site visit to a facility of the register: "
                                             "its name and address are shown."))
    place = StringField(_l("Place or address"), validators=[Optional(), Length(max=200)],
                        description=_l("If not the seminar's venue nor a facility of the "
                                       "register."))
    description = TextAreaField(_l("Short description"), validators=[Optional(),
                                                                      Length(max=2000)])
    online = BooleanField(_l("Online session"))
    meeting_url = StringField(_l("Meeting link"), validators=[Optional(), Length(max=500)],
                              description=_l("https:// only. Registered participants see it from "
                                             "30 minutes before the start until the end."))
    recording_url = StringField(_l("Recording link"), validators=[Optional(), Length(max=500)],
                                description=_l("https:// only. Shown to participants after "
                                               "the end."))
    def __init__(self, facilities: list[tuple[int, str, str, str]], *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locale = current_locale()
        self.facility_id.choices = [
            SelectChoice(0, _l("— none —")),
            *(SelectChoice(facility_id, f"{(name_ja if locale == 'ja' and name_ja else name)} "
                                        f"({prefecture_name(prefecture, locale)})")
              for facility_id, name, name_ja, prefecture in facilities)]

    materials = TextAreaField(_l("Materials"), validators=[Optional(), Length(max=5000)],
                              description=_l("Shown to participants after the end. Markdown: "
                                             "links, lists, emphasis."))


class AttendanceImportForm(FlaskForm):
    csv_file = FileField(_l("Attendance report (CSV)"))
    csv_text = TextAreaField(_l("Or paste the report"), validators=[Optional(),
                                                                   Length(max=2_000_000)],
                             description=_l("One row per person, with a column named "
                                            "“email” (or “Email address”)."))
