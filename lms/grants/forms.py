"""Forms of the applicant and grantee pages: the application with its budget, and reports.

Nothing here decides what an application needs before it is submitted: the service checks
that (so the draft can be saved half-written). The forms only turn what was typed into
values, and read nothing but their declared fields.
"""

from __future__ import annotations

import decimal
import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import Form, SelectField, StringField, TextAreaField
from wtforms.fields import FieldList, FormField, IntegerField
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import TextInput

from lms.forms import choices, country_choices
from lms.grants.applying import MAX_BUDGET_LINES
from lms.grants.models import BudgetLine
from lms.grants.services import CATEGORY_LABELS
from lms.i18n import _, _l

#: Empty rows offered below the budget's lines, so a budget grows without JavaScript.
EMPTY_BUDGET_ROWS = 3

#: The largest whole number the database's integer columns hold.
LARGEST_NUMBER = 2_147_483_647

# Group separators people type in amounts: 1,500,000 / 1 500 000 / 1'500'000 (and the
# no-break spaces that numbers copied from a spreadsheet carry).
_GROUPING = re.compile(r"[,\s'\u00a0\u202f_]")
# 60.000.000, as amounts are written in Indonesia or Vietnam; a single dot with other than
# three digits after it (1500.50) is a decimal point and refused, as amounts are whole.
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")


class WholeNumberField(IntegerField):
    """A whole number as people write it, with or without thousands separators. A text box,
    not a number box: browsers refuse "1,500,000" in a number box and post nothing."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["render_kw"] = {"inputmode": "numeric", **(kwargs.get("render_kw") or {})}
        super().__init__(*args, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data:,}"

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        raw = _GROUPING.sub("", str(valuelist[0]))
        if not raw:
            self.data = None
            return
        if _DOT_GROUPS.fullmatch(raw):
            raw = raw.replace(".", "")
        if not re.fullmatch(r"-?\d{1,12}", raw):
            self.data = None
            raise ValueError(_("Give a whole number, such as 1500000."))
        self.data = int(raw)
        if abs(self.data) > LARGEST_NUMBER:
            raise ValueError(_("This number is too large."))


class RateField(StringField):
    """An exchange rate: a positive decimal, with a point or a decimal comma."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        raw = str(valuelist[0]).strip().replace(" ", "")
        if not raw:
            self.data = None
            return
        if raw.count(",") == 1 and "." not in raw:
            raw = raw.replace(",", ".")
        if not re.fullmatch(r"-?\d{0,9}(?:\.\d{0,12})?", raw) or not any(c.isdigit() for c in raw):
            self.data = None
            raise ValueError(_("Give the rate as a number, such as 0.0093."))
        self.data = decimal.Decimal(raw)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else format(self.data, "f")


CATEGORY_CHOICES = choices([("", _l("— choose —")),
                            *((str(category), label)
                              for category, label in CATEGORY_LABELS.items())])


class BudgetLineForm(Form):
    """One row of the budget table. No CSRF token of its own: it is part of the page's form."""

    category = SelectField(_l("Category"), choices=CATEGORY_CHOICES, default="")
    description = StringField(_l("What it pays for"))
    local_amount = WholeNumberField(_l("Amount in your currency"), validators=[Optional()])

    def has_content(self) -> bool:
        return bool((self.description.data or "").strip() or self.local_amount.data)

    def validate_category(self, field: SelectField) -> None:
        if not field.data and self.has_content():
            raise ValidationError(_("Choose a category for this line."))


class ApplicationForm(FlaskForm):
    title = StringField(_l("Title of the project"),
                        description=_l("A short name that says what the project does."))
    country = SelectField(_l("Country where the project takes place"), default="")
    organization = StringField(_l("Organization that runs the project"),
                               render_kw={"autocomplete": "organization"})
    applicant_role = StringField(_l("Your role in the organization"),
                                 render_kw={"autocomplete": "organization-title"})
    problem = TextAreaField(_l("The problem the project addresses"),
                            description=_l("Who faces it, where, and how you know."))
    use_of_learning = TextAreaField(_l("How the project uses what you learned in Japan"),
                                    description=_l("Name the practice, facility or idea and "
                                                   "how you will adapt it at home."))
    objectives = TextAreaField(_l("Objectives"),
                               description=_l("What will be different at the end of the "
                                              "project, as concretely as you can say it."))
    activities = TextAreaField(_l("Activities and timeline"),
                               description=_l("What will be done, by whom, month by month."))
    beneficiaries = TextAreaField(_l("Who benefits"),
                                  description=_l("The people the project serves and how they "
                                                 "take part."))
    beneficiary_count = WholeNumberField(_l("Number of people the project will reach"),
                                         validators=[Optional()])
    local_currency = StringField(_l("Your currency"),
                                 description=_l("The three-letter code of the currency your "
                                                "budget is in, such as IDR, PHP or NPR."))
    exchange_rate = RateField(_l("Exchange rate"))
    budget_lines = FieldList(FormField(BudgetLineForm), label=_l("Budget"),
                             max_entries=MAX_BUDGET_LINES + EMPTY_BUDGET_ROWS)
    stated_total = WholeNumberField(_l("Total requested, in your currency"),
                                    validators=[Optional()],
                                    description=_l("The sum of the budget lines above."))
    co_funding = TextAreaField(_l("Other funding and contributions"),
                               description=_l("Optional: money, rooms or staff time others "
                                              "give to the project."))
    indicators = TextAreaField(_l("How you will measure success"),
                               description=_l("The indicators you will report on, with the "
                                              "figures you aim for."))
    risks = TextAreaField(_l("Risks and how you will handle them"),
                          description=_l("Also say how the work goes on after the grant."))

    def __init__(self, locale: str, round_currency: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(locale, _l("— choose —"))
        self.exchange_rate.description = _(
            "Units of %(currency)s for one unit of your currency, at a recent official rate "
            "(for example 0.0093 when one rupiah buys 0.0093 yen).", currency=round_currency)

    def add_empty_rows(self) -> None:
        """Offer empty rows below the lines, as far as the budget may still grow."""
        for _row in range(EMPTY_BUDGET_ROWS):
            if len(self.budget_lines.entries) >= self.budget_lines.max_entries:
                break
            self.budget_lines.append_entry()


class ReportForm(FlaskForm):
    narrative = TextAreaField(_l("What the project did"),
                              description=_l("Activities held, what changed for the people "
                                             "served, what did not go as planned and why."))
    beneficiaries_reached = WholeNumberField(_l("Number of people reached so far"),
                                             validators=[Optional()])

    def spent_field(self, line: BudgetLine) -> Any:
        return self[spent_field_name(line)]


def spent_field_name(line: BudgetLine) -> str:
    return f"spent_{line.id}"


def report_form(lines: list[BudgetLine], **kwargs: Any) -> ReportForm:
    """The report form with one "spent" field for each of the grant's own budget lines, named
    by the line, so nothing posted for another line is ever read."""

    class GrantReportForm(ReportForm):
        pass

    for line in lines:
        setattr(GrantReportForm, spent_field_name(line), WholeNumberField(
            _l("Spent on line %(number)d", number=line.position), validators=[Optional()]))
    return GrantReportForm(**kwargs)


class AttachmentForm(FlaskForm):
    attachment = FileField(_l("File to attach"),
                           validators=[FileRequired(_l("Choose a file to attach."))])
