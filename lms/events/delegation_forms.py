from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.events.delegations import DIRECTION_LABELS, ROLE_LABELS
from lms.forms import DateField, DateTimeLocalField, QuickSelect, country_choices
from lms.i18n import _l


class DelegationForm(FlaskForm):
    name = StringField(_l("Name of the delegation"), validators=[DataRequired(), Length(max=200)],
                       description=_l("Such as “Delegation from the Taiwan Fund for Children "
                                      "and Families”."))
    direction = SelectField(_l("Direction"),
                            choices=[SelectChoice(direction.value, label)
                                     for direction, label in DIRECTION_LABELS.items()])
    country = SelectField(_l("Country"), validators=[DataRequired()], widget=QuickSelect(),
                          description=_l("The country the delegation comes from, or goes to."))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])

    def __init__(self, locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(locale, _l("— choose —"))


class MemberForm(FlaskForm):
    email = EmailField(_l("Email address of her account"),
                       validators=[Optional(), Length(max=254)],
                       description=_l("If the member has an account; she will then see the "
                                      "delegation. Leave empty for a member without one."))
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)],
                       description=_l("For a member without an account. A member with one goes "
                                      "by the name on it."))
    role = SelectField(_l("Role"), choices=[SelectChoice(role.value, label)
                                            for role, label in ROLE_LABELS.items()])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)])
    arrives = DateTimeLocalField(_l("Arrival"), validators=[Optional()])
    arrival_by = StringField(_l("Arriving by (flight or train)"),
                             validators=[Optional(), Length(max=120)])
    departs = DateTimeLocalField(_l("Departure"), validators=[Optional()])
    departure_by = StringField(_l("Leaving by (flight or train)"),
                               validators=[Optional(), Length(max=120)])
    lodging = TextAreaField(_l("Lodging"), validators=[Optional(), Length(max=2000)],
                            description=_l("The hotel or other place she stays, with its "
                                           "address."))


class VisitForm(FlaskForm):
    visited_on = DateField(_l("Date of the visit"), validators=[DataRequired()])
    facility_id = SelectField(_l("Facility of the register"), validators=[Optional()],
                              widget=QuickSelect())
    place = StringField(_l("Or another place"), validators=[Optional(), Length(max=200)],
                        description=_l("A place not in the register of host facilities, such "
                                       "as a ministry or a university."))
    address = TextAreaField(_l("Its address"), validators=[Optional(), Length(max=1000)])

    def __init__(self, facilities: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facility_id.choices = [SelectChoice("", _l("— none: another place —")),
                                    *(SelectChoice(str(facility_id), name)
                                      for facility_id, name in facilities)]


class InvitationForm(FlaskForm):
    """Staff invite someone to an edition by the address of her account."""

    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)],
                       description=_l("The address of the person's account."))
