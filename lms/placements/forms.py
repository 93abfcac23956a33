from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from lms.forms import DateField
from lms.i18n import _l, current_locale
from lms.placements.models import PracticeField, ReadinessKind
from lms.placements.prefectures import PREFECTURES, prefecture_name

FIELD_LABELS = {
    PracticeField.OLDER_PEOPLE: _l("Older people"),
    PracticeField.CHILDREN: _l("Children and families"),
    PracticeField.DISABILITY: _l("Disability"),
    PracticeField.COMMUNITY: _l("Community welfare (council of social welfare)"),
    PracticeField.MEDICAL: _l("Medical social work"),
    PracticeField.PUBLIC_ASSISTANCE: _l("Public assistance and poverty"),
    PracticeField.OTHER: _l("Other"),
}


def field_choices() -> list[SelectChoice]:
    return [SelectChoice(member.value, label) for member, label in FIELD_LABELS.items()]


def prefecture_choices() -> list[SelectChoice]:
    locale = current_locale()
    return [SelectChoice(prefecture.code, prefecture_name(prefecture.code, locale))
            for prefecture in PREFECTURES]


class FacilityForm(FlaskForm):
    name = StringField(_l("Facility name"), validators=[DataRequired(), Length(max=200)],
                       description=_l("In English, as trainees read it."))
    name_ja = StringField(_l("Name in Japanese"), validators=[Optional(), Length(max=200)],
                          render_kw={"lang": "ja"})
    kind = StringField(_l("Kind of facility"), validators=[Optional(), Length(max=200)],
                       description=_l("Such as special nursing home for the elderly, or "
                                      "children's home."))
    field = SelectField(_l("Field of practice"), validators=[DataRequired()])
    prefecture = SelectField(_l("Prefecture"), validators=[DataRequired()])
    city = StringField(_l("City, town or village"), validators=[Optional(), Length(max=100)])
    address = TextAreaField(_l("Address"), validators=[Optional(), Length(max=1000)],
                            description=_l("As a trainee would give it to a taxi driver: in "
                                           "Japanese, with the postal code."))
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    contact_email = StringField(_l("Contact email address"),
                                validators=[Optional(), Email(), Length(max=254)])
    contact_phone = StringField(_l("Contact phone number"),
                                validators=[Optional(), Length(max=40)])
    languages = StringField(_l("Languages spoken"), validators=[Optional(), Length(max=200)],
                            description=_l("Such as Japanese, English."))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field.choices = field_choices()
        self.prefecture.choices = prefecture_choices()


class FacilityFilterForm(FlaskForm):
    """The register's filters, in the address (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or city"), validators=[Optional(), Length(max=100)])
    field = SelectField(_l("Field of practice"), validators=[Optional()])
    prefecture = SelectField(_l("Prefecture"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field.choices = [SelectChoice("", _l("All fields")), *field_choices()]
        self.prefecture.choices = [SelectChoice("", _l("All prefectures")),
                                   *prefecture_choices()]


class FacilityImportForm(FlaskForm):
    csv_file = FileField(_l("Register file (CSV)"))
    csv_text = TextAreaField(_l("Or paste the register"), validators=[Optional(),
                                                                     Length(max=2_000_000)])


class PlacementForm(FlaskForm):
    facility_id = SelectField(_l("Host facility"), coerce=int, validators=[DataRequired()])
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    field = SelectField(_l("Field of practice"), validators=[Optional()])
    supervisor_name = StringField(_l("On-site supervisor"),
                                  validators=[Optional(), Length(max=200)])
    supervisor_email = StringField(_l("Supervisor's email address"),
                                   validators=[Optional(), Email(), Length(max=254)])
    lodging = TextAreaField(_l("Lodging"), validators=[Optional(), Length(max=2000)],
                            description=_l("Where she stays during the placement."))
    commute = TextAreaField(_l("Commute"), validators=[Optional(), Length(max=2000)],
                            description=_l("How she gets to the facility, and how long it "
                                           "takes."))

    def __init__(self, facilities: list[tuple[int, str, str, str]], *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locale = current_locale()
        self.facility_id.choices = [
            SelectChoice(0, _l("— choose a facility —")),
            *(SelectChoice(facility_id, f"{(name_ja if locale == 'ja' and name_ja else name)} "
                                        f"({prefecture_name(prefecture, locale)})")
              for facility_id, name, name_ja, prefecture in facilities)]
        self.field.choices = [SelectChoice("", _l("The facility's field")), *field_choices()]


READINESS_LABELS = {
    ReadinessKind.STOOL_TEST: _l("Stool test"),
    ReadinessKind.VACCINATIONS: _l("Vaccinations"),
    ReadinessKind.TB_SCREENING: _l("Tuberculosis screening"),
    ReadinessKind.LIABILITY_INSURANCE: _l("Liability insurance"),
    ReadinessKind.ORIENTATION: _l("The facility's orientation"),
}


def readiness_form(*args: Any, **kwargs: Any) -> FlaskForm:
    """A form with, for each check, whether the facility asks for it, the day it was done and
    a note: ``<kind>_needed``, ``<kind>_done_on``, ``<kind>_note``."""

    class ReadinessForm(FlaskForm):
        pass

    for kind in READINESS_LABELS:
        setattr(ReadinessForm, f"{kind.value}_needed", BooleanField(
            _l("The facility asks for it"), default=True))
        setattr(ReadinessForm, f"{kind.value}_done_on", DateField(
            _l("Done on"), validators=[Optional()]))
        setattr(ReadinessForm, f"{kind.value}_note", StringField(
            _l("Note"), validators=[Optional(), Length(max=500)],
            description=_l("Such as where, or the certificate's number.")))
    return ReadinessForm(*args, **kwargs)
