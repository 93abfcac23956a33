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
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.events.services import MAX_RETENTION_DAYS, SESSION_KIND_LABELS, TOUR_DIRECTION_LABELS
from lms.forms import DateField, country_choices
from lms.i18n import _l, current_locale
from lms.placements.prefectures import prefecture_name


def parse_country_caps(text: str) -> dict[str, int]:
    """Lines such as "KR 10" (a country code and a cap) as {"KR": 10}."""
    caps: dict[str, int] = {}
    for line in text.replace(",", "\n").splitlines():
        parts = line.replace("=", " ").replace(":", " ").split()
        if not parts:
            continue
        if len(parts) != 2 or not parts[1].isdigit():
            raise ValueError(line.strip())
        caps[parts[0].upper()] = int(parts[1])
    return caps


def format_country_caps(caps: dict[str, int]) -> str:
    return "\n".join(f"{code} {cap}" for code, cap in caps.items())


class EditionDetailsForm(FlaskForm):
    online = BooleanField(_l("Held online"),
                          description=_l("An online event has no venue or city."))
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)],
                        description=_l("The building or hall, as participants will look for it."))
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    host_organization = StringField(_l("Host organization"),
                                    validators=[Optional(), Length(max=200)],
                                    description=_l("Who receives the participants."))
    host_country = SelectField(_l("Host country"), validators=[Optional()])
    organizing_partner = StringField(
        _l("Organizing partner"), validators=[Optional(), Length(max=200)],
        description=_l("The partner organizing the event with the council, if any."))
    direction = SelectField(_l("Direction of the study tour"), validators=[Optional()],
                            choices=[SelectChoice("", _l("— not a study tour —")),
                                     *(SelectChoice(direction.value, label) for direction, label
                                       in TOUR_DIRECTION_LABELS.items())])
    open_to_alumni = BooleanField(_l("Alumni of the year-long program may register"))
    open_to_trainees = BooleanField(_l("Current trainees may register"))
    open_to_public = BooleanField(
        _l("Anyone with an account and a confirmed email address may register"),
        description=_l("They declare their country and organization when they register."))
    per_country_cap = IntegerField(
        _l("Places per country"),
        validators=[Optional(), NumberRange(min=1, message=_l("The cap per country must be at "
                                                              "least 1, or empty for no cap."))],
        description=_l("Such as 10 for “up to 10 participants from each country”. Leave empty "
                       "for no cap per country."))
    country_caps = TextAreaField(
        _l("Places for named countries"), validators=[Optional(), Length(max=2000)],
        description=_l("One country code and its places a line, such as “KR 10”; these "
                       "replace the places per country for those countries."))
    registration_opens_on = DateField(
        _l("First day to register"), validators=[Optional()],
        description=_l("In the event's time zone. Leave empty to open registration as soon "
                       "as the details are saved."))
    registration_closes_on = DateField(
        _l("Last day to register"), validators=[Optional()],
        description=_l("In the event's time zone. Leave empty to keep registration open until "
                       "the event starts."))
    retention_days = IntegerField(
        _l("Days to keep the data of participants who are not alumni"),
        validators=[InputRequired(), NumberRange(min=0, max=MAX_RETENTION_DAYS)],
        description=_l("Counted from the event's last day; then their organization is "
                       "erased."))
    description = TextAreaField(_l("About the event"), validators=[Optional(),
                                                                      Length(max=5000)])
    description_ja = TextAreaField(
        _l("About the event, in Japanese"), validators=[Optional(), Length(max=5000)],
        description=_l("Shown to Japanese readers; the English text is shown to others, and "
                       "each is shown when the other is empty."))

    def __init__(self, locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.host_country.choices = country_choices(locale, _l("— none —"))

    def validate_country_caps(self, field: Any) -> None:
        try:
            parse_country_caps(field.data or "")
        except ValueError as error:
            raise ValidationError(_l("Write each line as a country code and a number, such "
                                     "as “KR 10”, not “%(line)s”.", line=str(error))) from None


class RegistrationForm(FlaskForm):
    """What a participant who is neither an alumna nor a trainee says of herself."""

    country = SelectField(_l("Country you come from"), validators=[DataRequired()],
                          description=_l("Places are shared out by country."))
    organization = StringField(_l("Organization you work for"),
                               validators=[DataRequired(), Length(max=200)])

    def __init__(self, locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(locale, _l("— choose —"))


class SessionForm(FlaskForm):
    kind = SelectField(_l("Kind of session"),
                       choices=[SelectChoice(kind.value, label)
                                for kind, label in SESSION_KIND_LABELS.items()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    day = DateField(_l("Date of the session"), validators=[DataRequired()])
    starts = TimeField(_l("Starts at"), validators=[DataRequired()],
                       description=_l("In the event's time zone."))
    ends = TimeField(_l("Ends at"), validators=[DataRequired()],
                     description=_l("In the event's time zone."))
    facility_id = SelectField(_l("Facility visited"), coerce=int, validators=[Optional()],
                              description=_l("For a site visit to a facility of the register: "
                                             "its name and address are shown."))
    place = StringField(_l("Place or address"), validators=[Optional(), Length(max=200)],
                        description=_l("If not the event's venue nor a facility of the "
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


class ReflectionForm(FlaskForm):
    body = TextAreaField(_l("Your reflection"), validators=[DataRequired(), Length(max=4000)],
                         description=_l("What you learned and what you will take home: up to "
                                        "4,000 characters. Markdown: links, lists, emphasis."))
    consent = BooleanField(_l("The program staff may quote my reflection, with my name and "
                              "country, in the published report of the event"))


class ReportSummaryForm(FlaskForm):
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=20_000)],
                            description=_l("Shown at the top of the report. Markdown: links, "
                                           "lists, emphasis."))
