from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
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
from lms.i18n import _l


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


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[Optional()], widget=QuickSelect())
    cohort = SelectField(_l("Cohort"), validators=[Optional()], widget=QuickSelect())
    field = SelectField(_l("Field of practice"), validators=[Optional()], widget=QuickSelect())

    def __init__(self, locale: str, cohorts: list[tuple[int, str]], *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _countries(locale, _l("All countries"))
        self.cohort.choices = choices([("", _l("All cohorts")),
                                       *((str(cohort_id), title) for cohort_id, title in cohorts)])
        self.field.choices = choices([("", _l("All fields")), *FIELDS_OF_PRACTICE.items()])


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
