"""The staff's form for an announcement."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from lms.announcements.models import Audience
from lms.announcements.queries import Targets
from lms.forms import DateTimeLocalField, choices, country_choices
from lms.i18n import _l

AUDIENCE_LABELS: dict[Audience, LazyString] = {
    Audience.COHORT: _l("A cohort: its trainees and mentors"),
    Audience.PROGRAM: _l("A program's current trainees"),
    Audience.ALUMNI: _l("All alumni"),
    Audience.ALUMNI_OF_COUNTRY: _l("Alumni of one country"),
    Audience.CALL: _l("Applicants to a call for applications"),
    Audience.SEMINAR: _l("Participants registered for a seminar"),
    Audience.COMMITTEE: _l("Committee members"),
}


def _id_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class AnnouncementForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        InputRequired(message=_l("Give the announcement a title.")), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[
        InputRequired(message=_l("Write what you want to tell them.")), Length(max=20000)],
        description=_l("Markdown: *italic*, **bold**, lists with -, links as [text](address)."))
    audience = RadioField(_l("Who it is for"),
                          choices=choices((kind.value, label)
                                          for kind, label in AUDIENCE_LABELS.items()),
                          # Checked by the service: a published one keeps its audience.
                          validate_choice=False)
    cohort_id = SelectField(_l("Cohort"), coerce=_id_or_none, validate_choice=False,
                            description=_l("For “a cohort”."))
    program_id = SelectField(_l("Program"), coerce=_id_or_none, validate_choice=False,
                             description=_l("For “a program's current trainees”."))
    call_id = SelectField(_l("Call for applications"), coerce=_id_or_none,
                          validate_choice=False, description=_l("For “applicants to a call”."))
    seminar_id = SelectField(_l("Event"), coerce=_id_or_none, validate_choice=False,
                             description=_l("For “participants registered for a seminar”."))
    country = SelectField(_l("Country"), validate_choice=False,
                          description=_l("For “alumni of one country”: where they work now, "
                                         "as in the alumni directory."))
    publish = RadioField(_l("When to publish"), default="now", validate_choice=False,
                         choices=choices([("now", _l("Now")), ("later", _l("At a later time"))]))
    publish_at = DateTimeLocalField(_l("Publishing time"), validators=[Optional()],
                                    description=_l("For “at a later time”, in your time zone. "
                                                   "The audience is told then."))
    expires_at = DateTimeLocalField(_l("Expires"), validators=[Optional()],
                                    description=_l("Optional, in your time zone: after this it "
                                                   "leaves the home pages."))
    attachment = FileField(_l("Attachment"),
                           description=_l("Optional: one file, such as a programme or a form."))
    remove_attachment = BooleanField(_l("Remove the current attachment"))

    def chosen_audience(self) -> Audience | None:
        try:
            return Audience(self.audience.data)
        except ValueError:
            return None

    def offer(self, targets: Targets, locale: str) -> None:
        none = [("", _l("— choose —"))]
        self.cohort_id.choices = choices([*none, *targets.cohorts])
        self.program_id.choices = choices([*none, *targets.programs])
        self.call_id.choices = choices([*none, *targets.calls])
        self.seminar_id.choices = choices([*none, *targets.seminars])
        self.country.choices = country_choices(locale, none[0][1])
