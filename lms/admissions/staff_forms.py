"""Forms of the staff and selection committee admissions pages."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.accounts.forms import MultiCheckboxField
from lms.admissions.models import ApplicationStatus, DocumentKind
from lms.admissions.services import DOCUMENT_LABELS, LEVEL_LABELS, TEXT_MAX
from lms.forms import DateField, SectionForm, choices, country_choices
from lms.i18n import _l, language_names, lazy_pgettext, timezone_names
from lms.reviews import forms as reviews_forms
from lms.reviews.models import Recommendation

WHOLE_NUMBER = _l("Give a whole number.")
IN_CALL_ZONE = _l("In the call's time zone, chosen above, whatever your own zone is.")

#: Asked of applicants while they apply; a health certificate comes only after selection.
APPLICATION_DOCUMENTS = [kind for kind in DocumentKind if kind != DocumentKind.HEALTH_CERTIFICATE]


class CallForm(FlaskForm):
    cohort_id = SelectField(_l("Cohort"), coerce=int, validate_choice=False,
                            validators=[InputRequired(message=_l("Choose a cohort."))],
                            description=_l("A planned cohort without a call: those selected "
                                           "join it."))
    side_country = SelectField(
        _l("Participants from"), validators=[Optional()],
        description=_l("For one side of an event's edition (an exchange receives participants "
                       "from each country through a call of its own). Leave empty for a call "
                       "for everyone."))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)],
                        description=_l("What applicants see, such as “Call for the 44th "
                                       "cohort”."))
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()], description=IN_CALL_ZONE)
    opens_time = TimeField(_l("Opening time"), validators=[InputRequired()],
                           description=IN_CALL_ZONE)
    closes_on = DateField(_l("Closes on"), validators=[InputRequired()],
                          description=IN_CALL_ZONE)
    closes_time = TimeField(_l("Closing time"), validators=[InputRequired()],
                            description=_l("In the call's time zone. Applications are taken "
                                           "until the end of this minute."))
    capacity = IntegerField(_l("Places"), validators=[InputRequired(message=WHOLE_NUMBER)],
                            description=_l("How many people the call selects; at most the "
                                           "cohort's capacity."))
    country_quota = IntegerField(
        _l("Most places for one country"),
        validators=[Optional(), NumberRange(min=1, message=WHOLE_NUMBER)],
        description=_l("The same limit for every country. Leave empty for no limit."))
    min_years_in_welfare = IntegerField(
        _l("Fewest years in social welfare"),
        validators=[InputRequired(message=WHOLE_NUMBER)],
        description=_l("Applicants with fewer years cannot send their application."))
    required_language = SelectField(_l("Working language required"))
    required_language_level = SelectField(_l("Lowest level of that language"),
                                          description=_l("Choose both, or neither."))
    required_documents = MultiCheckboxField(
        _l("Documents every applicant sends"),
        choices=choices((kind.value, DOCUMENT_LABELS[kind]) for kind in APPLICATION_DOCUMENTS))
    eligibility = TextAreaField(
        _l("Who may apply"), validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("In words: profession, kind of organization, anything the figures above "
                       "do not say."))
    guidance = TextAreaField(
        _l("Guidance for applicants"), validators=[Optional(), Length(max=20_000)],
        description=_l("Markdown: what the program offers, how selection works, what it "
                       "pays for."))
    reply_days = IntegerField(_l("Days to confirm a place"),
                              validators=[InputRequired(message=WHOLE_NUMBER)],
                              description=_l("Those selected confirm or decline within this "
                                             "many days; then staff may release the place."))
    keep_unsuccessful_days = IntegerField(
        _l("Days unsuccessful applications are kept"),
        validators=[InputRequired(message=WHOLE_NUMBER)],
        description=_l("How long unsuccessful applications are kept: after this many days from "
                       "their end, their documents are deleted and the person's details "
                       "blanked. Only figures for the statistics stay."))

    def __init__(self, cohorts: list[tuple[int, str]], locale: str, *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cohort_id.choices = choices(cohorts)
        self.side_country.choices = country_choices(locale, _l("— everyone: the whole cohort —"))
        self.timezone.choices = choices((name, name) for name in timezone_names())
        self.required_language.choices = choices(
            [("", _l("— none —")), *language_names(locale)])
        self.required_language_level.choices = choices(
            [("", _l("— none —")), *((str(int(level)), label)
                                     for level, label in LEVEL_LABELS.items())])


class ScreeningForm(reviews_forms.ScreeningForm):
    eligible_label = _l("Eligible: send it to the selection committee")


class InterviewForm(SectionForm):
    starts_on = DateField(_l("Date"), validators=[InputRequired()])
    starts_time = TimeField(_l("Starting time"), validators=[InputRequired()])
    timezone = SelectField(_l("Time zone of the day and time above"),
                           validators=[DataRequired()],
                           description=_l("Yours unless you choose another; the applicant is "
                                          "told the time in their own zone."))
    minutes = IntegerField(_l("Length in minutes"),
                           validators=[InputRequired(message=WHOLE_NUMBER)])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=500)],
                        description=_l("A room, or the address of the video call."))
    interviewer_id = SelectField(_l("Interviewer"), validate_choice=False,
                                 validators=[Optional()])

    def __init__(self, interviewers: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = choices((name, name) for name in timezone_names())
        self.interviewer_id.choices = choices(
            [("", _l("— nobody named —")),
             *((str(user_id), name) for user_id, name in interviewers)])


DECISION_CHOICES = [
    (ApplicationStatus.SELECTED.value, _l("Selected: offer a place")),
    (ApplicationStatus.WAITLISTED.value, _l("Waiting list")),
    (ApplicationStatus.NOT_SELECTED.value, _l("Not selected")),
]


class DecisionForm(SectionForm):
    outcome = RadioField(_l("Decision"), choices=choices(DECISION_CHOICES),
                         validators=[InputRequired(message=_l("Choose the decision."))])
    message = TextAreaField(lazy_pgettext("admissions", "Message to the applicant"),
                            validators=[Optional(), Length(max=TEXT_MAX)],
                            description=_l("Sent with the decision."))


class ChecklistItemForm(SectionForm):
    done = BooleanField(_l("Done"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=2000)])


# Committee --------------------------------------------------------------------------------------

#: The selection committee's recommendations, in the words of admissions; the review form is
#: lms.reviews.forms.
RECOMMENDATION_LABELS = {
    Recommendation.YES: _l("Yes: select"),
    Recommendation.MAYBE: _l("Maybe: waiting list"),
    Recommendation.NO: _l("No: do not select"),
}
