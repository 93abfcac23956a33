"""Grant pages for applicants and grantees: open rounds, one's own applications, the
application form, decisions and terms. Progress and final reports are in report_views.py, on
this blueprint."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.numbers import format_decimal
from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from lms import homepage, navigation, personal_data
from lms.accounts.models import Role, User
from lms.clock import utcnow
from lms.curriculum.source import ITEM_LINK
from lms.db import session
from lms.errors import ServiceError
from lms.forms import (
    Outcome,
    commit_or_show_error,
    not_allowed_is_a_page,
    show_service_error,
)
from lms.grants import applying, home_sections, projects, queries
from lms.grants.applying import ApplicationInput, ApplicationProblems, BudgetLineInput
from lms.grants.forms import EMPTY_BUDGET_ROWS, ApplicationForm
from lms.grants.models import (
    ApplicationStatus,
    BudgetCategory,
    GrantApplication,
    GrantRound,
    ReportKind,
    ReportStatus,
)
from lms.grants.own_page_html import own_page_html
from lms.grants.personal_data import parts as personal_data_parts
from lms.grants.projects import REPORT_KIND_LABELS, REPORT_STATUS_LABELS
from lms.grants.services import CATEGORY_LABELS, EDITABLE_STATES, STATUS_LABELS
from lms.i18n import _, current_locale, format_money, format_when, pgettext
from lms.markdown import render
from lms.pagination import requested_page_number
from lms.programs.standing import viewer_is_alumnus
from lms.security import is_staff, login_required, require_user

bp = Blueprint("grants", __name__, template_folder="templates", url_prefix="/grants")
personal_data.register(bp, personal_data_parts)


def _nav_items(user: User) -> list[navigation.NavItem]:
    """The applicants', the staff's and the fund committee's pages (three blueprints)."""
    found = []
    if viewer_is_alumnus():
        found.append(navigation.link(70, _("Grants"), "lms.grants.rounds",
                                     blueprints=("lms.grants",)))
    if is_staff(user):
        found.append(navigation.link(80, _("Grant rounds"), "lms.grants_staff.rounds",
                                     blueprints=("lms.grants_staff",)))
    if user.has_role(Role.COMMITTEE_MEMBER):
        found.append(navigation.link(100, _("Grant reviews"), "lms.grants_review.assignments",
                                     blueprints=("lms.grants_review",)))
    return found


navigation.register(bp, _nav_items)
homepage.register(bp, home_sections.sections)

S = ApplicationStatus
#: Applications listed on the rounds page; the rest are a link away.
RECENT_APPLICATIONS = 5
#: Where problems with the budget as a whole stand, and where the summary links them.
BUDGET_ANCHOR = "budget-lines"


def local_money(amount: int | None, currency: str | None) -> str:
    """An amount in the applicant's currency. Written as a number and the code, since a code
    an applicant typed may be one no formatting table knows."""
    if amount is None:
        return ""
    number = format_decimal(amount, locale=current_locale())
    return f"{number} {currency}" if currency else number


def round_time(moment: dt.datetime, grant_round: GrantRound) -> str:
    """A time of the round as its organizers live it: in the round's own zone, named."""
    return format_when(moment, zone=grant_round.timezone)


def page_context() -> dict[str, Any]:
    return {"status_labels": STATUS_LABELS, "category_labels": CATEGORY_LABELS,
            "report_kind_labels": REPORT_KIND_LABELS,
            "report_status_labels": REPORT_STATUS_LABELS, "local_money": local_money,
            "round_time": round_time, "S": ApplicationStatus, "ReportStatus": ReportStatus,
            "ReportKind": ReportKind, "editable_states": EDITABLE_STATES,
            "plain_number": lambda number: format(number, "f")}


def own_or_404(application_id: int) -> tuple[User, GrantApplication]:
    """The signed-in person and their own application; anyone else's id is not found."""
    actor = require_user()
    application = queries.own_application(session, actor, application_id)
    if application is None:
        abort(404)
    return actor, application


# Rounds -----------------------------------------------------------------------------------------


@bp.route("/")
@login_required
def rounds() -> ResponseReturnValue:
    """Open, coming and past rounds for anyone signed in; alumni may start an application."""
    actor = require_user()
    now = utcnow()
    open_now = queries.open_rounds(session, now)
    return render_template(
        "lms/grants/rounds.html", open_rounds=open_now,
        upcoming=queries.upcoming_rounds(session, now),
        past=queries.past_rounds(session, now, requested_page_number()),
        in_round=queries.applications_in_rounds(session, actor, [r.id for r in open_now]),
        recent=queries.recent_applications_of(session, actor, RECENT_APPLICATIONS),
        recent_limit=RECENT_APPLICATIONS, alumnus=viewer_is_alumnus(),
        not_alumnus=applying.NOT_ALUMNUS, **page_context())


@bp.route("/mine")
@login_required
def mine() -> ResponseReturnValue:
    actor = require_user()
    return render_template(
        "lms/grants/my_applications.html",
        page=queries.applications_of(session, actor, requested_page_number()),
        **page_context())


@bp.route("/rounds/<int:round_id>/guide")
@login_required
def guide(round_id: int) -> ResponseReturnValue:
    require_user()
    grant_round = queries.round_by_id(session, round_id)
    modules = queries.round_guide(session, grant_round) if grant_round else None
    if grant_round is None or modules is None:
        abort(404)

    def body(text: str) -> Markup:
        # Links between the guide's items become links within this one page, and the items'
        # own headings go below the item's title, which is this page's third level.
        return render(ITEM_LINK.sub(lambda match: f"](#guide-{match.group(1)})", text),
                      top_heading=3)

    return render_template("lms/grants/round_guide.html", round=grant_round,
                           course=grant_round.guide_course, modules=modules, body=body)


@bp.route("/rounds/<int:round_id>/apply", methods=["POST"])
@login_required
def start(round_id: int) -> ResponseReturnValue:
    actor = require_user()
    grant_round = queries.round_by_id(session, round_id)
    if grant_round is None:
        abort(404)
    started = commit_or_show_error(None, lambda: applying.start_application(
        session, actor, grant_round), on_refusal=not_allowed_is_a_page)
    if (application := started.result) is None:
        return redirect(url_for("lms.grants.rounds"))
    if application.status in EDITABLE_STATES:
        return redirect(url_for("lms.grants.edit", application_id=application.id))
    return redirect(url_for("lms.grants.application", application_id=application.id))


# The application form ---------------------------------------------------------------------------


def _form_data(application: GrantApplication) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(application, name) for name in applying.TEXT_FIELDS}
    data.update(
        country=application.country or "", beneficiary_count=application.beneficiary_count,
        local_currency=application.local_currency or "",
        exchange_rate=application.exchange_rate, stated_total=application.stated_total,
        budget_lines=[{"category": str(line.category), "description": line.description,
                       "local_amount": line.local_amount}
                      for line in application.budget_lines])
    return data


def _application_form(application: GrantApplication) -> ApplicationForm:
    """The form, filled in from the application on GET and from what was posted otherwise;
    only its declared fields are ever read."""
    data = _form_data(application) if request.method == "GET" else None
    form = ApplicationForm(current_locale(), application.round.currency, data=data)
    form.budget_problems = []
    return form


def _application_input(form: ApplicationForm) -> ApplicationInput:
    lines = [BudgetLineInput(BudgetCategory(entry.form.category.data),
                             entry.form.description.data or "",
                             entry.form.local_amount.data or 0)
             for entry in form.budget_lines.entries if entry.form.has_content()]
    texts = {name: form[name].data or "" for name in applying.TEXT_FIELDS}
    return ApplicationInput(
        **texts, country=form.country.data or None,
        beneficiary_count=form.beneficiary_count.data,
        local_currency=form.local_currency.data or None,
        exchange_rate=form.exchange_rate.data, stated_total=form.stated_total.data,
        budget_lines=lines)


def _show_problems(form: ApplicationForm, error: ServiceError) -> None:
    """Each problem beside its field; those about the budget as a whole beside its table."""
    if not isinstance(error, ApplicationProblems):
        if error.field == "budget_lines":
            form.budget_problems.append(str(error.message))
        else:
            show_service_error(form, error)
        return
    for name, message in error.problems:
        if name == "budget_lines":
            form.budget_problems.append(str(message))
        elif name in form and name != "csrf_token":
            form[name].errors = [*form[name].errors, str(message)]
        else:
            form.form_errors.append(str(message))


def _error_summary(form: ApplicationForm) -> list[tuple[str | None, str]]:
    """Every problem on the form, in the form's order, with the id of the field it is about
    (None for problems about the whole form)."""
    summary: list[tuple[str | None, str]] = [(None, str(m)) for m in form.form_errors]
    for name, field in form._fields.items():
        if name == "budget_lines":
            for number, entry in enumerate(field.entries, start=1):
                for part in entry.form:
                    summary += [(part.id, _("Budget line %(number)d, %(field)s: %(message)s",
                                            number=number, field=part.label.text,
                                            message=message)) for message in part.errors]
            summary += [(BUDGET_ANCHOR, _("%(field)s: %(message)s", field=field.label.text,
                                          message=message))
                        for message in form.budget_problems]
        elif name == "csrf_token":
            summary += [(None, str(message)) for message in field.errors]
        else:
            summary += [(field.id, _("%(field)s: %(message)s", field=field.label.text,
                                     message=message)) for message in field.errors]
    return summary


def _offer_empty_rows(form: ApplicationForm) -> None:
    empty = sum(1 for entry in form.budget_lines.entries if not entry.form.has_content())
    for _row in range(max(0, EMPTY_BUDGET_ROWS - empty)):
        if len(form.budget_lines.entries) >= form.budget_lines.max_entries:
            break
        form.budget_lines.append_entry()


def _save_draft(actor: User, application: GrantApplication,
                form: ApplicationForm) -> Outcome[None]:
    return commit_or_show_error(None, lambda: applying.save_draft(
        session, actor, application, _application_input(form)),
        on_refusal=lambda error: _show_problems(form, error))


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@login_required
def edit(application_id: int) -> ResponseReturnValue:
    actor, application = own_or_404(application_id)
    if application.status not in EDITABLE_STATES:
        flash(_("This application is %(status)s and can no longer be changed.",
                status=str(STATUS_LABELS[application.status])), "error")
        return redirect(url_for("lms.grants.application", application_id=application.id))
    form = _application_form(application)
    draft_kept = False
    if form.validate_on_submit() and _save_draft(actor, application, form).done:
        if request.form.get("action") != "submit":
            flash(_("Your draft has been saved."), "success")
            return redirect(url_for("lms.grants.edit", application_id=application.id))
        # The draft is committed first, so a refused submission loses nothing typed.
        submitted = commit_or_show_error(
            None, lambda: applying.submit(session, actor, application),
            on_refusal=lambda error: _show_problems(form, error),
            done=_("Your application has been submitted. Program staff check it first; you "
                   "will hear from them by mail."))
        if submitted.done:
            return redirect(url_for("lms.grants.application", application_id=application.id))
        draft_kept = True
    _offer_empty_rows(form)
    grant_round = application.round
    return render_template(
        "lms/grants/application_form.html", application=application, round=grant_round,
        form=form, summary=_error_summary(form), draft_kept=draft_kept,
        lines_total=sum(line.local_amount for line in application.budget_lines),
        round_closed=application.status == S.DRAFT and not grant_round.is_open_at(utcnow()),
        budget_anchor=BUDGET_ANCHOR, **page_context())


@bp.route("/applications/<int:application_id>/autosave", methods=["POST"])
@login_required
def autosave(application_id: int) -> ResponseReturnValue:
    """Called by autosave.js while the applicant writes; "Save draft" does the same without
    JavaScript."""
    actor, application = own_or_404(application_id)
    form = _application_form(application)
    if form.validate() and _save_draft(actor, application, form).done:
        return jsonify(
            saved=True, saved_at=format_when(application.updated_at),
            lines_total=local_money(sum(line.local_amount for line in application.budget_lines),
                                    application.local_currency),
            requested=format_money(application.requested_amount, application.round.currency))
    summary = _error_summary(form)
    return jsonify(saved=False, error=" ".join(message for _anchor, message in summary),
                   errors=[{"field": anchor, "message": message}
                           for anchor, message in summary]), 400


# The application and what follows it ------------------------------------------------------------


@bp.route("/applications/<int:application_id>")
@login_required
def application(application_id: int) -> ResponseReturnValue:
    _actor, found = own_or_404(application_id)
    record = queries.application_record(session, found)
    content = own_page_html(found, found.round, record,
                            sum(line.local_amount for line in found.budget_lines))
    return render_template("lms/grants/application.html", application=found, record=record,
                           content=content, **page_context())


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@login_required
def withdraw(application_id: int) -> ResponseReturnValue:
    actor, found = own_or_404(application_id)
    commit_or_show_error(None, lambda: applying.withdraw(session, actor, found),
                         done=pgettext("grants", "Your application has been withdrawn."))
    return redirect(url_for("lms.grants.application", application_id=application_id))


@bp.route("/applications/<int:application_id>/accept-terms", methods=["POST"])
@login_required
def accept_terms(application_id: int) -> ResponseReturnValue:
    actor, found = own_or_404(application_id)
    commit_or_show_error(None, lambda: projects.accept_terms(session, actor, found),
                         done=_("You have accepted the grant terms. The project is under way; "
                                "program staff will arrange the payment."))
    return redirect(url_for("lms.grants.application", application_id=application_id))


# The report pages use the blueprint and the helpers above, so they are imported last.
from lms.grants import report_views  # noqa: E402, F401
