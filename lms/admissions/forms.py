"""Forms of the applicant's pages and the nominator's page.

Nothing here decides what an application needs before it is sent: the service checks that, so
a draft can be saved half-written. The forms turn what was typed into values and read nothing
but their declared fields.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    Form,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import EmailField, FieldList, FormField
from wtforms.validators import Optional

from lms.admissions.models import NominationMethod
from lms.admissions.services import GENDER_LABELS, LEVEL_LABELS, MOTIVATION_MIN_WORDS
from lms.forms import DateField, choices
from lms.i18n import _l, country_names, language_names

#: Rows offered for the languages someone works in.
LANGUAGE_ROWS = 4

NOMINATION_CHOICES = choices([
    (NominationMethod.LETTER.value, _l("I upload a nomination letter from my organization")),
    (NominationMethod.NOMINATOR.value, _l("I ask my nominator to confirm by email")),
])


class LanguageRowForm(Form):
    """One language and how well the applicant uses it. No CSRF token of its own: it is part
    of the application form."""

    language = SelectField(_l("Language"), default="")
    level = SelectField(_l("Level"), default="")


class ApplicationForm(FlaskForm):
    full_name = StringField(_l("Full name, as in your passport"),
                            render_kw={"autocomplete": "name"})
    date_of_birth = DateField(_l("Date of birth"), validators=[Optional()],
                              render_kw={"autocomplete": "bday"})
    gender = SelectField(_l("Gender"), default="",
                         description=_l("Optional. Used only for the program's statistics."))
    country = SelectField(_l("Country you live and work in"), default="")
    # A text box that phones open with the number pad: the stylesheet has no rule for "tel".
    phone = StringField(_l("Phone number"),
                        description=_l("With the country code, such as +63."),
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    organization = StringField(_l("Organization you work for"),
                               render_kw={"autocomplete": "organization"})
    position = StringField(_l("Your position there"),
                           render_kw={"autocomplete": "organization-title"})
    profession = StringField(_l("Profession"),
                             description=_l("Such as social worker, care worker or nurse."))
    years_in_welfare = IntegerField(_l("Years worked in social welfare"),
                                    validators=[Optional()], render_kw={"min": 0, "max": 60})
    languages = FieldList(FormField(LanguageRowForm), label=_l("Languages you work in"),
                          min_entries=LANGUAGE_ROWS, max_entries=LANGUAGE_ROWS)
    motivation = TextAreaField(
        _l("Why you apply"),
        description=_l("At least %(count)d words: your work now, what you want to learn in "
                       "Japan, and how you will use it at home.", count=MOTIVATION_MIN_WORDS),
        render_kw={"rows": 12})
    nomination_method = RadioField(_l("How you are nominated"), choices=NOMINATION_CHOICES,
                                   validators=[Optional()],
                                   description=_l("Every applicant is nominated by their "
                                                  "organization or by a professional who "
                                                  "knows their work."))

    def __init__(self, locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gender.choices = choices([("", _l("Prefer not to say")),
                                       *((gender.value, label)
                                         for gender, label in GENDER_LABELS.items())])
        self.country.choices = choices([("", _l("— choose —")), *country_names(locale)])
        language_choices = choices([("", _l("— choose —")), *language_names(locale)])
        level_choices = choices([("", _l("— choose —")),
                                 *((str(int(level)), label)
                                   for level, label in LEVEL_LABELS.items())])
        for entry in self.languages.entries:
            entry.form.language.choices = language_choices
            entry.form.level.choices = level_choices


class DocumentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))])


class NominatorForm(FlaskForm):
    # Named as the service names them, so its refusals land beside the right field.
    nominator_name = StringField(_l("Nominator's name"))
    nominator_email = EmailField(_l("Nominator's email address"))
    nominator_organization = StringField(_l("Nominator's organization"))
    nominator_position = StringField(_l("Nominator's position"))


class ArrivalForm(FlaskForm):
    arrival_on = DateField(_l("Date you arrive in Japan"), validators=[Optional()])
    arrival_details = TextAreaField(_l("Flight and arrival details"),
                                    description=_l("Flight number, airport and arrival time, "
                                                   "so staff can meet you."))


class NominationAnswerForm(FlaskForm):
    statement = TextAreaField(_l("Your statement"),
                              description=_l("Needed to confirm: in a few sentences, how you "
                                             "know the applicant's work and why you nominate "
                                             "them. Optional if you decline."),
                              render_kw={"rows": 8})
