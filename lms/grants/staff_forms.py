"""Forms of the staff and fund committee grant pages."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.forms import DateField, SectionForm, choices
from lms.grants.models import DecisionOutcome
from lms.grants.services import OUTCOME_LABELS, TEXT_MAX
from lms.i18n import _l, lazy_pgettext, timezone_names
from lms.reviews import forms as reviews_forms
from lms.reviews.models import Recommendation

WHOLE_NUMBER = _l("Give a whole number, without commas or a currency sign.")
IN_ROUND_ZONE = _l("In the round's time zone, chosen above, whatever your own zone is.")


class RoundForm(FlaskForm):
    fiscal_year = IntegerField(_l("Fiscal year"),
                               validators=[InputRequired(message=WHOLE_NUMBER)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)],
                        description=_l("What applicants see, such as “Fiscal 2026 grants”."))
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()],
                         description=IN_ROUND_ZONE)
    opens_time = TimeField(_l("Opening time"), validators=[InputRequired()],
                           description=IN_ROUND_ZONE)
    closes_on = DateField(_l("Closes on"), validators=[InputRequired()],
                          description=IN_ROUND_ZONE)
    closes_time = TimeField(_l("Closing time"), validators=[InputRequired()],
                            description=_l("In the round's time zone. Applications are taken "
                                           "until the end of this minute."))
    currency = StringField(_l("Currency"), validators=[DataRequired(), Length(min=3, max=3)],
                           description=_l("Three letters, such as JPY. Budgets and awards are "
                                          "in whole units of it."))
    budget = IntegerField(_l("Budget"), validators=[InputRequired(message=WHOLE_NUMBER)],
                          description=_l("All the round may award, in the round's currency."))
    largest_award = IntegerField(
        _l("Largest award"), validators=[InputRequired(message=WHOLE_NUMBER)],
        description=_l("Nobody may ask for more than this."))
    guide_course_id = SelectField(_l("Guide for applicants"),
                                  description=_l("A course synced from the course files, "
                                                 "linked from the application form."))
    allow_several = BooleanField(_l("Allow several applications per person"),
                                 description=_l("Otherwise each alumna or alumnus may send "
                                                "one application to this round."))
    progress_report_due_on = DateField(_l("Progress report due on"), validators=[Optional()])
    final_report_due_on = DateField(_l("Final report due on"), validators=[Optional()])

    def __init__(self, courses: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = choices((name, name) for name in timezone_names())
        self.guide_course_id.choices = choices(
            [("", _l("— none —")), *((str(course_id), title) for course_id, title in courses)])


class ScreeningForm(reviews_forms.ScreeningForm):
    eligible_label = _l("Eligible: send it to the fund committee")


DECISION_CHOICES = [(str(outcome), OUTCOME_LABELS[outcome]) for outcome in DecisionOutcome]


class DecisionForm(SectionForm):
    outcome = RadioField(_l("The committee's decision"), choices=choices(DECISION_CHOICES),
                         validators=[InputRequired(message=_l("Choose the decision."))])
    amount = IntegerField(_l("Amount awarded"),
                          validators=[Optional(), NumberRange(min=1, message=WHOLE_NUMBER)],
                          description=_l("Only when approving, in the round's currency; at "
                                         "most what was asked for."))
    message = TextAreaField(lazy_pgettext("grants", "Message to the applicant"),
                            validators=[Optional(), Length(max=TEXT_MAX)],
                            description=_l("Sent with the decision. Needed when asking for "
                                           "more information."))


class DecisionRowForm(FlaskForm):
    """One application's row in the meeting's table; the table's form carries the token."""

    class Meta:
        csrf = False

    outcome = SelectField(_l("Decision"), choices=choices(
        [("", _l("no change")), *DECISION_CHOICES]), validators=[Optional()])
    amount = IntegerField(_l("Amount"),
                          validators=[Optional(), NumberRange(min=1, message=WHOLE_NUMBER)])
    message = TextAreaField(_l("Message"), validators=[Optional(), Length(max=TEXT_MAX)])


class MeetingForm(FlaskForm):
    #: The applications the table showed, so a row decided meanwhile by someone else is
    #: reported rather than silently skipped; the service checks each one's state.
    shown = SelectMultipleField(coerce=int, choices=[], validate_choice=False)


class ConfirmedRowForm(DecisionRowForm):
    """A row as the confirmation page sends it back in hidden fields, validated again."""

    #: services.decision_stamp of the application the page showed; a row without it is
    #: refused as stale by the service.
    seen = HiddenField()


class PaymentForm(SectionForm):
    paid_on = DateField(_l("Paid on"), validators=[InputRequired()])
    amount = IntegerField(_l("Amount"), validators=[InputRequired(message=WHOLE_NUMBER),
                                                    NumberRange(min=1, message=WHOLE_NUMBER)],
                          description=_l("In the round's currency."))
    reference = StringField(_l("Reference"), validators=[DataRequired(), Length(max=100)],
                            description=_l("The bank transfer's reference, so the payment can "
                                           "be traced."))


class ReportReviewForm(SectionForm):
    note = TextAreaField(_l("Note to the grantee"), validators=[Optional(), Length(max=TEXT_MAX)],
                         description=_l("Needed when asking for changes: say what to change."))


# Committee ---------------------------------------------------------------------------------------

#: The fund committee's recommendations, in the words of a grant; the form is lms.reviews.forms.
RECOMMENDATION_LABELS = {
    Recommendation.YES: _l("Yes: fund it"),
    Recommendation.MAYBE: _l("Maybe: fund it if the budget allows"),
    Recommendation.NO: _l("No: do not fund it"),
}
