from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lms.accounts.models import Role
from lms.forms import choices, country_choices
from lms.i18n import LANGUAGES, _l, timezone_names

PASSWORD_HINT = _l("At least 12 characters. A few unrelated words make a good password.")

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.STAFF: _l("Program staff"),
    Role.COMMITTEE_MEMBER: _l("Fund committee member"),
}


def _country_choices(locale: str) -> list[SelectChoice]:
    return country_choices(locale, _l("— not given —"))


def language_choices(allow_none: bool = False) -> list[SelectChoice]:
    # Each language's name is written in that language, and marked so for screen readers.
    options = [SelectChoice(code, name, render_kw={"lang": code})
               for code, name in LANGUAGES.items()]
    return [SelectChoice("", _l("As my browser prefers")), *options] if allow_none else options


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired()],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "email"})


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired()],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class InviteForm(FlaskForm):
    email = EmailField(_l("Email address"),
                       validators=[DataRequired(), Email(check_deliverability=False),
                                   Length(max=254)])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[Optional()])
    locale = SelectField(_l("Language for mail"), validators=[DataRequired()])

    def __init__(self, locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _country_choices(locale)
        self.locale.choices = language_choices()


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)],
                               render_kw={"autocomplete": "name"})
    country = SelectField(_l("Country"), validators=[Optional()])
    locale = SelectField(_l("Language"), validators=[Optional()])
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()],
                           description=_l("Dates and deadlines are shown in this time zone."))
    phone = StringField(_l("Phone number"), validators=[Optional(), Length(max=40)],
                        render_kw={"autocomplete": "tel", "type": "tel"},
                        description=_l("With the country code if it is not Japanese: "
                                       "+63 917 123 4567."))
    emergency_contact = TextAreaField(
        _l("Emergency contact"), validators=[Optional(), Length(max=1000)],
        description=_l("Someone we may call if we cannot reach you: their name, how they are "
                       "related to you, and their phone number."))
    address_in_japan = TextAreaField(
        _l("Your address in Japan"), validators=[Optional(), Length(max=1000)],
        render_kw={"autocomplete": "street-address"},
        description=_l("Where you live now, while you are in Japan."))

    def __init__(self, locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _country_choices(locale)
        self.locale.choices = language_choices(allow_none=True)
        self.timezone.choices = [SelectChoice(name) for name in timezone_names()]


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=language_choices())
    next = HiddenField()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RolesForm(FlaskForm):
    roles = MultiCheckboxField(
        _l("Roles"), choices=choices((role.value, label) for role, label in ROLE_LABELS.items())
    )


class PeopleSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Search by name or email"), validators=[Optional(), Length(max=200)])


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("Your name"), validators=[DataRequired(), Length(max=200)],
        description=_l("As you want it on your application and, later, on your certificate."),
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        description=_l("We send a link to this address to make sure it is yours. You sign in "
                       "with it."),
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired()], description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    country = SelectField(_l("Country where you work"), validators=[DataRequired()],
                          render_kw={"autocomplete": "country"})
    locale = SelectField(_l("Language"), validators=[DataRequired()],
                         description=_l("For these pages and the mail we send you."))
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()],
                           description=_l("Dates and deadlines are shown in this time zone."))
    next = HiddenField()

    # Not named ``locale``: that is a field, and its default comes in as a keyword.
    def __init__(self, page_locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(page_locale, _l("— choose —"))
        self.locale.choices = language_choices()
        self.timezone.choices = [SelectChoice(name) for name in timezone_names()]


class ResendConfirmationForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    next = HiddenField()


class ConfirmEmailForm(FlaskForm):
    """Only the button: opening the link changes nothing, so a mail scanner that follows links
    does not use it up, and nobody is signed in by a link they did not mean to open."""

    next = HiddenField()
