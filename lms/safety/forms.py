"""The staff's form to start a safety check, and the form a person answers one with."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from lms.forms import choices, country_choices
from lms.i18n import _l
from lms.safety.models import SafetyAudience, SafetyStatus
from lms.safety.queries import Targets

AUDIENCE_LABELS: dict[SafetyAudience, LazyString] = {
    SafetyAudience.CURRENT_TRAINEES: _l("The current trainees of every cohort under way"),
    SafetyAudience.COHORT: _l("One cohort's trainees"),
    SafetyAudience.ALUMNI_OF_COUNTRY: _l("Alumni in one country"),
    SafetyAudience.SEMINAR: _l("A seminar's registered participants"),
    SafetyAudience.PREFECTURE: _l("Everyone placed at a facility in one prefecture today"),
}

STATUS_LABELS: dict[SafetyStatus, LazyString] = {
    SafetyStatus.SAFE: _l("I am safe"),
    SafetyStatus.NEED_HELP: _l("I am safe, but I need help"),
    SafetyStatus.NOT_SAFE: _l("I am not safe"),
}

#: How the staff's pages name each answer.
STATUS_NAMES: dict[SafetyStatus, LazyString] = {
    SafetyStatus.SAFE: _l("Safe"),
    SafetyStatus.NEED_HELP: _l("Safe, needs help"),
    SafetyStatus.NOT_SAFE: _l("Not safe"),
}


def _id_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class StartCheckForm(FlaskForm):
    message = TextAreaField(_l("Message"), validators=[Length(max=2000)],
                            description=_l("Short and plain, for a phone: “An earthquake "
                                           "struck Ishikawa at 16:10. Are you safe?”"))
    audience = RadioField(_l("Who it is for"), validate_choice=False,
                          choices=choices((kind.value, label)
                                          for kind, label in AUDIENCE_LABELS.items()))
    cohort_id = SelectField(_l("Cohort"), coerce=_id_or_none, validate_choice=False,
                            description=_l("For “one cohort's trainees”."))
    seminar_id = SelectField(_l("Event"), coerce=_id_or_none, validate_choice=False,
                             description=_l("For “a seminar's registered participants”."))
    country = SelectField(_l("Country"), validate_choice=False,
                          description=_l("For “alumni in one country”: where they work now, "
                                         "as in the alumni directory."))
    prefecture = SelectField(_l("Prefecture"), validate_choice=False,
                             description=_l("For “everyone placed in one prefecture”."))
    is_drill = BooleanField(_l("This is a drill"),
                            description=_l("Everyone is told it is a drill, in the mail and "
                                           "on every page of the check."))
    #: "yes" once the staff member has seen whom it goes to (the confirmation page).
    confirmed = HiddenField()

    def chosen_audience(self) -> SafetyAudience | None:
        try:
            return SafetyAudience(self.audience.data)
        except ValueError:
            return None

    def offer(self, targets: Targets, locale: str) -> None:
        none = ("", _l("— choose —"))
        self.cohort_id.choices = choices([none, *targets.cohorts])
        self.seminar_id.choices = choices([none, *targets.seminars])
        self.prefecture.choices = choices([none, *targets.prefectures])
        self.country.choices = country_choices(locale, none[1])


class AnswerForm(FlaskForm):
    status = RadioField(_l("How are you?"), validate_choice=False,
                        choices=choices((status.value, label)
                                        for status, label in STATUS_LABELS.items()))
    note = TextAreaField(_l("Anything we should know (optional)"),
                         validators=[Length(max=2000)],
                         description=_l("For example: hurt, no water, phone battery low."))
    location = StringField(_l("Where are you now? (optional)"), validators=[Length(max=200)],
                           description=_l("For example: at home, at the evacuation centre "
                                          "of Wajima."))

    def chosen_status(self) -> SafetyStatus | None:
        try:
            return SafetyStatus(self.status.data)
        except ValueError:
            return None
