"""Forms of the applicant's pages and the nominator's page.

Nothing here decides what an application needs before it is sent: the service checks that, so
a draft can be saved half-written. The forms turn what was typed into values and read nothing
but their declared fields.
"""

from __future__ import annotations

from collections.abc import Mapping
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

from lms.admissions.models import DocumentKind, NominationMethod
from lms.admissions.services import (
    DOCUMENT_LABELS,
    GENDER_LABELS,
    LEVEL_LABELS,
    MOTIVATION_MIN_WORDS,
)
from lms.forms import DateField, choices, country_choices
from lms.i18n import _, _l, language_names

#: Rows offered for the languages someone works in.
LANGUAGE_ROWS = 4
#: Where the problems with the languages and the nominator stand, for the summary's links.
LANGUAGES_ANCHOR = "languages-0-language"
NOMINATOR_ANCHOR = "nominator_name"

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
        self.country.choices = country_choices(locale, _l("— choose —"))
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


def _anchor_of(field: Any) -> str:
    # A group of radio buttons is reached through its first button.
    return f"{field.id}-0" if field.type == "RadioField" else field.id


def error_summary(form: ApplicationForm, problems: Mapping[str, list[str]],
                  nominator_form: NominatorForm,
                  document_kinds: list[DocumentKind]) -> list[tuple[str | None, str]]:
    """Every problem on the application page in the page's order, with the id of the field
    it is about (None for those about the whole application). ``problems`` are those standing
    outside the form's simple fields: the languages, each of ``document_kinds``, the nominator."""
    summary: list[tuple[str | None, str]] = [(None, str(m)) for m in form.form_errors]

    def add(anchor: str, label: Any, messages: list[str]) -> None:
        summary.extend((anchor, _("%(field)s: %(message)s", field=str(label), message=message))
                       for message in messages)

    for name, field in form._fields.items():
        if name == "csrf_token":
            summary.extend((None, str(message)) for message in field.errors)
        elif name == "languages":
            for number, entry in enumerate(field.entries, start=1):
                for part in entry.form:
                    add(part.id, _("Language %(number)d, %(field)s", number=number,
                                   field=part.label.text), list(part.errors))
            add(LANGUAGES_ANCHOR, field.label.text, problems.get("languages", []))
        else:
            add(_anchor_of(field), field.label.text, list(field.errors))
    for kind in document_kinds:
        add(f"document-{kind.value}", DOCUMENT_LABELS[kind],
            problems.get(f"document-{kind.value}", []))
    nominator_problems = problems.get("nominator", [])
    add(NOMINATOR_ANCHOR, _("Nominator"), nominator_problems)
    for name, part in nominator_form._fields.items():
        if name != "csrf_token":
            add(part.id, part.label.text,
                [message for message in part.errors if message not in nominator_problems])
    return summary


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
