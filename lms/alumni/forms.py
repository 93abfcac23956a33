from __future__ import annotations

import functools
from collections.abc import Hashable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from markupsafe import Markup, escape
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.accounts.forms import MultiCheckboxField
from lms.alumni.services import (
    BIO_LIMIT,
    BODY_LIMIT,
    FIELDS_OF_PRACTICE,
    NOTE_LIMIT,
    SHARE_ITEMS,
    TEXT_LIMIT,
    TITLE_LIMIT,
)
from lms.forms import QuickSelect, choices, country_choices
from lms.i18n import _l, country_names, program_countries


def _countries(locale: str, empty_label: Any) -> list[Any]:
    return country_choices(locale, empty_label)


class ProfileForm(FlaskForm):
    listed = BooleanField(_l("List me in the alumni directory"),
                          description=_l("Other alumni then see your name, country, cohort and "
                                         "fields of practice, and the items you share below. "
                                         "Program staff see your profile either way."))
    country = SelectField(_l("Country where you work"), validators=[Optional()])
    organization = StringField(_l("Organization"), validators=[Optional(),
                                                               Length(max=TEXT_LIMIT)],
                               render_kw={"autocomplete": "organization"})
    current_role = StringField(_l("Current role"),
                               validators=[Optional(), Length(max=TEXT_LIMIT)],
                               render_kw={"autocomplete": "organization-title"})
    fields = MultiCheckboxField(_l("Fields of practice"),
                                choices=choices(FIELDS_OF_PRACTICE.items()))
    bio = TextAreaField(_l("Short bio"), validators=[Optional(), Length(max=BIO_LIMIT)],
                        description=_l("A few sentences about your work. Plain text."))
    shared = MultiCheckboxField(_l("Share with other alumni"),
                                choices=choices(SHARE_ITEMS.items()))

    def __init__(self, locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _countries(locale, _l("— not given —"))


class _DrawnOnce(QuickSelect):
    """A select whose options are the same for everyone who reads the page in one language
    (the ~250 countries, the fields, the cohorts): drawn once per app for each ``drawn_key``
    the form gives its field with the choices, then only the chosen option marked. Drawing
    them on every request cost more than the rest of the directory."""

    #: Cohorts are renamed now and then; a long-running worker forgets old drawings.
    KEPT = 64

    def __init__(self) -> None:
        super().__init__()
        self._drawn: dict[Hashable, tuple[str, frozenset[str]]] = {}

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        if kwargs:
            return super().__call__(field, **kwargs)
        key = (field.id, field.name, field.drawn_key)
        drawn = self._drawn.get(key)
        if drawn is None:
            chosen, field.data = field.data, None
            try:
                drawn = (str(super().__call__(field)),
                         frozenset(str(choice.value) for choice in field.choices))
            finally:
                field.data = chosen
            if len(self._drawn) >= self.KEPT:
                self._drawn.clear()
            self._drawn[key] = drawn
        html, values = drawn
        if field.data in values:
            # WTForms marks the option whose value equals the data, which QuickSelect writes
            # as <option selected value=...>.
            option = f'<option value="{escape(field.data)}">'
            html = html.replace(option, f"<option selected {option[8:]}", 1)
        return Markup(html)  # noqa: S704 - WTForms' markup, the value escaped above


@functools.cache
def _filter_choices(locale: str, program: frozenset[str]) -> tuple[
        tuple[SelectChoice, ...], tuple[SelectChoice, ...]]:
    """The country and field filters' choices in ``locale`` (the program's countries first),
    their labels translated once."""
    def translated(choice: SelectChoice) -> SelectChoice:
        return SelectChoice(choice.value, str(choice.label),
                            optgroup=None if choice.optgroup is None else str(choice.optgroup))
    countries = tuple(map(translated, _countries(locale, _l("All countries"))))
    fields = tuple(map(translated, choices([("", _l("All fields")),
                                            *FIELDS_OF_PRACTICE.items()])))
    return countries, fields


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[Optional()], widget=_DrawnOnce())
    cohort = SelectField(_l("Cohort"), validators=[Optional()], widget=_DrawnOnce())
    field = SelectField(_l("Field of practice"), validators=[Optional()], widget=_DrawnOnce())

    def __init__(self, locale: str, cohorts: list[tuple[int, str]], *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program = program_countries()
        countries, fields = _filter_choices(locale, program)
        self.country.choices, self.country.drawn_key = countries, (locale, program)
        self.field.choices, self.field.drawn_key = fields, locale
        self.cohort.choices = choices([("", _l("All cohorts")),
                                       *((str(cohort_id), title) for cohort_id, title in cohorts)])
        self.cohort.drawn_key = (locale, tuple(cohorts))

    def chosen_country(self) -> str | None:
        """The country asked for, if it is one of the choices."""
        return known_country(self.country.data)


def known_country(code: str | None) -> str | None:
    """``code`` if it is a country's."""
    return code if code in _country_codes() else None


@functools.cache
def _country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in country_names("en"))


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False

    country = SelectField(_l("Country"), validators=[Optional()])

    def __init__(self, countries: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = choices([("", _l("All countries")), *countries])


class ReportForm(FlaskForm):
    title = StringField(_l("Title of the report"),
                        validators=[DataRequired(), Length(max=TITLE_LIMIT)])
    body = TextAreaField(_l("Report"), validators=[Optional(), Length(max=BODY_LIMIT)],
                         description=_l("Write in Markdown: **bold**, *italic*, lists with -, "
                                        "headings with ##."))
    country = SelectField(_l("Country the report is about"), validators=[DataRequired()])
    picture = FileField(_l("Picture file"))
    alt_text = StringField(_l("Description of the picture"),
                           validators=[Optional(), Length(max=300)],
                           description=_l("Required with a picture: what it shows, for people "
                                          "who cannot see it."))
    caption = StringField(_l("Caption"), validators=[Optional(), Length(max=300)],
                          description=_l("Optional; shown under the picture."))

    def __init__(self, locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _countries(locale, _l("— choose —"))


class ReviewForm(FlaskForm):
    note = TextAreaField(_l("Note to the author"), validators=[Optional(),
                                                                Length(max=NOTE_LIMIT)],
                         description=_l("Required when returning the report; the author reads "
                                        "it with the report and by mail."))
