"""The committee member's review form and conflict-of-interest form, whatever is reviewed. Each
domain words its own recommendations (fund it, select them…) and passes them in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from lms.forms import DateField, SectionForm, choices
from lms.i18n import _l
from lms.reviews.models import Recommendation, Review
from lms.reviews.services import HIGHEST_SCORE, LOWEST_SCORE, ReviewInput, score_field_name

#: The longest comment or conflict reason a member may write.
TEXT_MAX = 5000

SCORE_LABELS = {
    0: _l("0 – not addressed"),
    1: _l("1 – poor"),
    2: _l("2 – weak"),
    3: _l("3 – adequate"),
    4: _l("4 – good"),
    5: _l("5 – excellent"),
}

#: What each recommendation means in the domain, such as “Yes: fund it”.
RecommendationLabels = Mapping[Recommendation, Any]

Criterion = dict[str, Any]


class ReviewFormBase(FlaskForm):
    """Build it with ``review_form``, which adds one score question per criterion."""

    #: The scheme's criteria, set on the class ``review_form`` makes.
    criteria: ClassVar[list[Criterion]] = []

    # The choices are the domain's words, given to each form by ``review_form``.
    recommendation = RadioField(_l("Your recommendation"), choices=[], validators=[Optional()])
    comments = TextAreaField(_l("Comments"), validators=[Optional(), Length(max=TEXT_MAX)],
                             description=_l("For staff and the other committee members; the "
                                            "applicant never sees them."))

    def score_field(self, key: str) -> Field:
        return self[score_field_name(key)]

    def review_input(self) -> ReviewInput:
        """What the member gave, for ``lms.reviews.services.save_review``; a question left
        unanswered is ``None``, which a draft allows and a submission refuses."""
        recommendation = self.recommendation.data
        return ReviewInput(
            scores={str(criterion["key"]): self.score_field(str(criterion["key"])).data
                    for criterion in self.criteria},
            recommendation=Recommendation(recommendation) if recommendation else None,
            comments=self.comments.data or "")

    def fill_from(self, review: Review) -> None:
        """Show the member's saved review, to carry on with a draft."""
        for criterion in self.criteria:
            self.score_field(criterion["key"]).data = review.scores.get(criterion["key"])
        self.recommendation.data = str(review.recommendation) if review.recommendation else None
        self.comments.data = review.comments


def review_form(criteria: list[Criterion], recommendation_labels: RecommendationLabels,
                **kwargs: Any) -> ReviewFormBase:
    """The review form for a scheme: one 0–5 choice per criterion, weight in the label, and
    the recommendation in the domain's words. ``kwargs`` go to the form (``formdata``…)."""

    class ReviewForm(ReviewFormBase):
        pass

    ReviewForm.criteria = list(criteria)
    for criterion in criteria:
        setattr(ReviewForm, score_field_name(criterion["key"]), RadioField(
            _l("%(criterion)s (weight %(weight)d)", criterion=criterion["label"],
               weight=criterion["weight"]),
            coerce=int, validators=[Optional()],
            choices=choices((score, SCORE_LABELS[score])
                            for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1))))
    form = ReviewForm(**kwargs)
    form.recommendation.choices = choices(
        (str(value), label) for value, label in recommendation_labels.items())
    return form


class ConflictForm(FlaskForm):
    reason = TextAreaField(_l("What is the conflict of interest?"),
                           validators=[Optional(), Length(max=TEXT_MAX)],
                           description=_l("For example: the person is a relative, a colleague, "
                                          "or someone you advise. Staff read this; the person "
                                          "you review does not."))


class ReviewerForm(SectionForm):
    # Whom staff may pick is the review service's rule (a committee member, never the
    # applicant, never after a declared conflict), so a forged id is refused there.
    reviewer = SelectField(_l("Committee member"), coerce=int, validate_choice=False,
                           validators=[InputRequired(message=_l("Choose a committee member."))])
    # Left empty, the review service gives the default (LMS_REVIEW_DAYS from today).
    due_on = DateField(_l("Review due by"), validators=[Optional()],
                       description=_l("The end of this day in the round's or call's time "
                                      "zone."))


class DueDateForm(FlaskForm):
    due_on = DateField(_l("Review due by"), validators=[
        InputRequired(message=_l("Choose the day the review is due."))],
                       description=_l("The end of this day in the round's or call's time "
                                      "zone."))


class ScreeningForm(SectionForm):
    """Staff's check of a sent application: an eligible one goes to the committee, a not
    eligible one ends with the reason the applicant reads. A domain's form subclasses it and
    names its committee in ``eligible_label``."""

    eligible_label: ClassVar[Any]

    eligible = RadioField(_l("Eligibility"), choices=[], validators=[
        InputRequired(message=_l("Choose eligible or not eligible."))])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=TEXT_MAX)],
                           description=_l("The applicant reads this. Needed when the "
                                          "application is not eligible."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.eligible.choices = choices([
            ("yes", self.eligible_label),
            ("no", _l("Not eligible: the application ends here"))])
