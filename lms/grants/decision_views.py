"""A fund committee meeting's decisions, for program staff: one table for the round's
applications with the committee, then a confirmation page that lists what each applicant will
be told and what the round will have awarded. Only the confirmation's button records the
decisions, all of them or none, and mails the applicants.

The chosen decisions travel from the table to the confirmation page, and from there to the
final POST, in the forms' own fields (hidden on the confirmation page), so no JavaScript and no
server-side state is needed; the final POST validates them again, and the service checks every
rule (the state, the amounts, the budget under the round's lock) and refuses an application
changed since the confirmation page showed it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms.accounts.models import User
from lms.db import session
from lms.errors import PolicyError, ServiceError
from lms.forms import commit_or_show_error
from lms.grants import queries, round_lists
from lms.grants.decisions import DecisionInput, decide_many, decision_stamp, meeting_problems
from lms.grants.models import DecisionOutcome, GrantApplication, GrantRound
from lms.grants.staff_forms import ConfirmedRowForm, DecisionRowForm, MeetingForm
from lms.grants.staff_views import bp, decision_input, page_context, round_or_404
from lms.i18n import _, ngettext
from lms.pagination import Page, requested_page_number
from lms.reviews.staff_pages import figure, staff_user
from lms.security import login_required

#: A meeting decides on up to this many applications in one table.
MEETING_TABLE_SIZE = 100

Rows = list[round_lists.StaffApplicationRow]
Chosen = list[tuple[GrantApplication, DecisionInput]]


@dataclass
class _Table:
    rows: Rows
    row_forms: dict[int, DecisionRowForm]


def _posted_table(grant_round: GrantRound, form: MeetingForm,
                  row_form: type[DecisionRowForm]) -> _Table:
    """The rows a table or a confirmation page sent, as they are now, with what was chosen."""
    rows = round_lists.round_applications_by_id(session, grant_round, form.shown.data or [])
    return _Table(rows, {row.application.id: row_form(prefix=f"a{row.application.id}")
                         for row in rows})


def _chosen(table: _Table) -> tuple[list[str], Chosen]:
    """The rows with a decision, or what is wrong with the rows as typed."""
    if not all(row_form.validate() for row_form in table.row_forms.values()):
        return [_("Some rows need correcting: see the messages in the table.")], []
    chosen: Chosen = []
    for row in table.rows:
        row_form = table.row_forms[row.application.id]
        if not row_form.outcome.data:
            continue
        decision = decision_input(row_form.outcome.data, row_form.amount.data,
                                  row_form.message.data or "")
        if isinstance(row_form, ConfirmedRowForm):
            decision.seen = row_form.seen.data or ""
        chosen.append((row.application, decision))
    if not chosen:
        return [_("Choose a decision in at least one row.")], []
    return [], chosen


def _row_problem(table: _Table, application: GrantApplication, error: ServiceError) -> str:
    """Say what is wrong beside the row's field, when the service names one, and above."""
    row_field = getattr(table.row_forms[application.id], error.field or "", None)
    if row_field is not None:
        row_field.errors = [*row_field.errors, str(error.message)]
    return _("%(title)s: %(problem)s", title=application.title, problem=str(error.message))


def _table_page(grant_round: GrantRound, form: MeetingForm, table: _Table,
                problems: list[str] | None = None,
                page: Page[round_lists.StaffApplicationRow] | None = None) -> ResponseReturnValue:
    figures = queries.one_round_figures(session, grant_round.id)
    return render_template(
        "lms/grants/staff_decisions.html", grant_round=grant_round, form=form, rows=table.rows,
        row_forms=table.row_forms, page=page, problems=problems or [], figure=figure,
        awarded=figures.awarded, left=grant_round.budget - figures.awarded, **page_context())


@bp.route("/rounds/<int:round_id>/decisions", methods=["GET", "POST"])
@login_required
def decisions(round_id: int) -> ResponseReturnValue:
    """The meeting's table. Its button records nothing: it leads to the confirmation page,
    from which "change these decisions" comes back here with the choices kept."""
    actor = staff_user()
    grant_round = round_or_404(round_id)
    form = MeetingForm()
    if request.method == "POST" and form.validate_on_submit():
        table = _posted_table(grant_round, form, DecisionRowForm)
        if "change" in request.form:
            return _table_page(grant_round, form, table)
        problems, chosen = _chosen(table)
        if not problems:
            problems = [_row_problem(table, application, error) for application, error
                        in meeting_problems(session, actor, grant_round, chosen)]
        if problems:
            return _table_page(grant_round, form, table, problems)
        return _confirmation_page(grant_round, form, chosen)
    page = round_lists.in_review_applications(session, grant_round, requested_page_number(),
                                          MEETING_TABLE_SIZE)
    return _table_page(grant_round, form, _Table(page.items, {
        row.application.id: DecisionRowForm(prefix=f"a{row.application.id}", formdata=None)
        for row in page.items}), page=page)


def _confirmation_page(grant_round: GrantRound, form: MeetingForm,
                       chosen: Chosen) -> ResponseReturnValue:
    awarded = queries.one_round_figures(session, grant_round.id).awarded
    awarding = sum(decision.amount or 0 for _application, decision in chosen
                   if decision.outcome == DecisionOutcome.APPROVED)
    return render_template(
        "lms/grants/staff_decisions_confirm.html", grant_round=grant_round, form=form,
        chosen=[(application, decision, decision_stamp(application))
                for application, decision in chosen],
        awarded=awarded, awarded_after=awarded + awarding,
        left_after=grant_round.budget - awarded - awarding, **page_context())


@bp.route("/rounds/<int:round_id>/decisions/confirm", methods=["POST"])
@login_required
def confirm_decisions(round_id: int) -> ResponseReturnValue:
    """Record the decisions the confirmation page listed, all of them or none."""
    actor = staff_user()
    grant_round = round_or_404(round_id)
    form = MeetingForm()
    if not form.validate_on_submit():
        abort(400)
    table = _posted_table(grant_round, form, ConfirmedRowForm)
    problems, chosen = _chosen(table)
    if not problems:
        problems = _record_meeting(actor, grant_round, form, chosen, table)
    if problems:
        # Back to the table with the choices kept, to correct them and confirm again.
        return _table_page(grant_round, form, table, problems)
    flash(ngettext("%(num)d decision recorded; each applicant has been told by mail.",
                   "%(num)d decisions recorded; each applicant has been told by mail.",
                   len(chosen)), "success")
    return redirect(url_for("lms.grants_staff.round", round_id=grant_round.id))


def _record_meeting(actor: User, grant_round: GrantRound, form: MeetingForm, chosen: Chosen,
                    table: _Table) -> list[str]:
    """Record the decisions, or none of them and say what stood in the way."""

    def record() -> None:
        try:
            decide_many(session, actor, grant_round, chosen)
        except PolicyError:
            raise
        except ServiceError as error:
            # With a single decision the service names the field; show it in that row too.
            raise PolicyError([_row_problem(table, chosen[0][0], error)]) from error

    # The page lists the refusal in its own summary, from the form's errors.
    recorded = commit_or_show_error(form, record)
    return [] if recorded.done else list(form.form_errors)
