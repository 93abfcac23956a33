from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lms.followup.services import INTRO_MAX, MOTIVATION_MAX, MOTIVATION_MIN
from lms.forms import DateField
from lms.i18n import _l


class ApplicationForm(FlaskForm):
    motivation = TextAreaField(
        _l("Your motivation"),
        validators=[DataRequired(message=_l("Write why you wish to join.")),
                    Length(min=MOTIVATION_MIN, max=MOTIVATION_MAX,
                           message=_l("Write %(min)d to %(max)d characters.",
                                      min=MOTIVATION_MIN, max=MOTIVATION_MAX))],
        description=_l("Why you wish to join, and what you will bring back to your work at "
                       "home: %(min)d to %(max)d characters.", min=MOTIVATION_MIN,
                       max=MOTIVATION_MAX))


class CallForm(FlaskForm):
    intro = TextAreaField(_l("Introduction for applicants"),
                          validators=[Optional(), Length(max=INTRO_MAX)],
                          description=_l("Markdown. Who should apply, what the training "
                                         "covers, what the council pays for."))
    last_day = DateField(_l("Last day to apply"), validators=[DataRequired()],
                         description=_l("Applications are taken until the end of this day in "
                                        "the training's time zone."))


class SelectionForm(FlaskForm):
    """The checkboxes are drawn by the table, one per row; which ids are acceptable is the
    service's to decide, since the page may have changed since it was drawn."""

    chosen = SelectMultipleField(_l("Selected applicants"), coerce=int, choices=[],
                                 validate_choice=False)
