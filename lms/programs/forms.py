from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from lms.forms import DateField, country_choices
from lms.i18n import _l, timezone_names
from lms.names import localized_name
from lms.programs.models import EnrollmentRole

ROLE_CHOICES = [SelectChoice(EnrollmentRole.TRAINEE.value, _l("Trainee")),
                SelectChoice(EnrollmentRole.MENTOR.value, _l("Mentor")),
                SelectChoice(EnrollmentRole.TEACHER.value, _l("Japanese teacher"))]


class CohortForm(FlaskForm):
    program_id = SelectField(_l("Program"), coerce=int, validators=[DataRequired()])
    number = IntegerField(_l("Cohort number"), validators=[Optional(), NumberRange(min=1)],
                          description=_l("The ordinal people use, such as 36 for the 36th. "
                                         "Leave empty if the program does not number cohorts."))
    fiscal_year = IntegerField(_l("Fiscal year"),
                               validators=[DataRequired(), NumberRange(min=1950, max=2200)],
                               description=_l("The year the fiscal year begins, such as 2019 "
                                              "for April 2019 – March 2020."))
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)],
                        description=_l("In English, such as 36th cohort. Left empty, the "
                                       "cohort is named by its number, or by its fiscal year "
                                       "when it has none, in both languages."))
    name_ja = StringField(_l("Title in Japanese"), validators=[Optional(), Length(max=200)],
                          render_kw={"lang": "ja"},
                          description=_l("Shown to people who read Japanese, such as 第36期; "
                                         "without it they see the English title."))
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    completion_ceremony_on = DateField(
        _l("Day of the completion ceremony"), validators=[Optional()],
        description=_l("The date certificates carry; without it they carry the last day."))
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()],
                           description=_l("Opening days and deadlines are counted in this zone."))
    capacity = IntegerField(_l("Places for trainees"),
                            validators=[DataRequired(), NumberRange(min=1, max=10000)])
    course_id = SelectField(_l("Course"), coerce=int, validators=[Optional()])

    def __init__(self, programs: list[Any], courses: list[Any], *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program_id.choices = [SelectChoice(program.id, localized_name(program))
                                   for program in programs]
        self.course_id.choices = [SelectChoice(0, _l("— none yet —")),
                                  *(SelectChoice(course.id, course.title) for course in courses)]
        self.timezone.choices = [SelectChoice(name) for name in timezone_names()]


class CancelCohortForm(FlaskForm):
    reason = TextAreaField(_l("Reason for cancelling"),
                           validators=[DataRequired(), Length(max=2000)],
                           description=_l("Everyone enrolled keeps their enrollment; the "
                                          "reason is shown on the cohort's page."))


class ReplaceCohortForm(FlaskForm):
    replacement_id = SelectField(_l("Held instead"), coerce=int, validators=[DataRequired()],
                                 description=_l("The cohort of any program held in this one's "
                                                "place, such as a seminar held instead of a "
                                                "follow-up training."))
    reason = TextAreaField(_l("Reason for the replacement"),
                           validators=[DataRequired(), Length(max=2000)],
                           description=_l("Everyone enrolled keeps their enrollment; the "
                                          "cohort takes no new ones."))

    def __init__(self, candidates: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.replacement_id.choices = [SelectChoice(0, _l("— choose —")), *(
            SelectChoice(cohort.id, f"{localized_name(cohort.program)}: "
                                    f"{localized_name(cohort)}") for cohort in candidates)]


class EnrollForm(FlaskForm):
    email = StringField(_l("Email address of the person"),
                        validators=[DataRequired(), Email(check_deliverability=False),
                                    Length(max=254)],
                        description=_l("They need an account already; to add new people, "
                                       "invite them or import a roster."))
    role = SelectField(_l("Role in the cohort"), choices=ROLE_CHOICES)
    affiliation = StringField(_l("Organization or host facility"),
                              validators=[Optional(), Length(max=200)])


class RosterForm(FlaskForm):
    csv_file = FileField(_l("Roster file (CSV)"))
    csv_text = TextAreaField(_l("Or paste the roster"), validators=[Optional(),
                                                                     Length(max=500_000)])


class MentorshipForm(FlaskForm):
    mentor_id = SelectField(_l("Mentor"), coerce=int, validators=[DataRequired()])
    trainee_id = SelectField(_l("Trainee"), coerce=int, validators=[DataRequired()])

    def __init__(self, mentors: list[Any], trainees: list[Any], *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mentor_id.choices = [SelectChoice(e.id, e.user.display_name) for e in mentors]
        self.trainee_id.choices = [SelectChoice(e.id, e.user.display_name) for e in trainees]


class WithdrawForm(FlaskForm):
    withdrawn_on = DateField(_l("Date of withdrawal"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class EnrollmentCountryForm(FlaskForm):
    country = SelectField(_l("Country that counts for places"), validators=[DataRequired()],
                          description=_l("Per-country caps and quotas of seminars and calls "
                                         "count this country, not the one on the account."))
    reason = TextAreaField(_l("Reason for the change"),
                           validators=[DataRequired(), Length(max=2000)])

    def __init__(self, locale: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(locale, _l("— choose —"))


class ProgramForm(FlaskForm):
    kind = SelectField(_l("Kind"), validators=[DataRequired()],
                       description=_l("An event's cohorts are its editions: they get a place, "
                                      "a program of sessions and registration."))
    name = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    name_ja = StringField(_l("Name in Japanese"), validators=[Optional(), Length(max=200)],
                          render_kw={"lang": "ja"},
                          description=_l("Shown to people who read Japanese; without it they "
                                         "see the English name."))
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=16)],
                       description=_l("The prefix of its certificates' serial numbers, such "
                                      "as ASWWTP."))
    slug = StringField(_l("Address word"), validators=[Optional(), Length(max=64)],
                       description=_l("Small letters, digits and hyphens. Left empty, it is "
                                      "made from the English name."))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])

    def __init__(self, kinds: list[tuple[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(value, label) for value, label in kinds]
