"""Safety checks: the staff's list, start form with its confirmation, board, reminder and
closing; and the page each person answers on by their personal link, without signing in."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import homepage, navigation, personal_data
from lms.accounts.models import User
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _, current_locale
from lms.links import link_to
from lms.pager_html import pager_html
from lms.pagination import requested_page_number
from lms.safety import home_sections, queries, services
from lms.safety.forms import (
    AUDIENCE_LABELS,
    STATUS_LABELS,
    STATUS_NAMES,
    AnswerForm,
    StartCheckForm,
)
from lms.safety.models import SafetyCheck, SafetyStatus
from lms.safety.personal_data import parts as personal_data_parts
from lms.security import is_staff, require_user, staff_required

bp = Blueprint("safety", __name__, template_folder="templates", url_prefix="/safety")
homepage.register(bp, home_sections.sections)
home_sections.register_facts(bp)
personal_data.register(bp, personal_data_parts)


def _nav_items(user: User) -> list[navigation.NavItem]:
    if not is_staff(user):
        return []
    return [navigation.link(96, _("Safety checks"), "lms.safety.index",
                            blueprints=("lms.safety",))]


navigation.register(bp, _nav_items)


def _check_or_404(check_id: int) -> SafetyCheck:
    check = queries.check_for(session, require_user(), check_id)
    if check is None:
        abort(404)
    return check


@bp.route("/checks")
@staff_required
def index() -> ResponseReturnValue:
    return render_template("lms/safety/index.html",
                           page=queries.checks_page(session, requested_page_number()),
                           audience_labels=AUDIENCE_LABELS)


def _input(form: StartCheckForm) -> services.CheckInput:
    return services.CheckInput(
        message=form.message.data or "", audience=form.chosen_audience(),
        cohort_id=form.cohort_id.data, seminar_id=form.seminar_id.data,
        country=form.country.data or None, prefecture=form.prefecture.data or None,
        is_drill=bool(form.is_drill.data))


@bp.route("/checks/new", methods=["GET", "POST"])
@staff_required
def new() -> ResponseReturnValue:
    """The form, then a page that says whom the check goes to, then the start."""
    actor = require_user()
    form = StartCheckForm()
    form.offer(queries.targets(session), current_locale())
    if form.validate_on_submit() and "change" not in request.form:
        if form.confirmed.data == "yes":
            started = commit_or_show_error(form, lambda: services.start(
                session, actor, _input(form)), done=_("The safety check has started."))
            if started.done and started.result is not None:
                return redirect(url_for(".board", check_id=started.result.id))
        else:
            # Nothing is written: the preview only reads the group.
            previewed = commit_or_show_error(form, lambda: services.preview(
                session, actor, _input(form)))
            if previewed.done and previewed.result is not None:
                return render_template(
                    "lms/safety/confirm_start.html", form=form, preview=previewed.result,
                    audience_label=AUDIENCE_LABELS[previewed.result.check.audience],
                    target=queries.target_name(session, previewed.result.check))
    return render_template("lms/safety/new.html", form=form)


@bp.route("/checks/<int:check_id>")
@staff_required
def board(check_id: int) -> ResponseReturnValue:
    found_check = queries.check_with_target(session, require_user(), check_id)
    if found_check is None:
        abort(404)
    check, target = found_check
    shown = request.args.get("show")
    if shown != queries.UNANSWERED and shown not in set(SafetyStatus):
        shown = None
    found = queries.counts(session, check)
    page = queries.board_page(session, check, found, shown, requested_page_number())
    return render_template(
        "lms/safety/board.html", check=check, counts=found, shown=shown, page=page,
        # Written in Python (the pagination macro's calls cost the page more than its rows).
        pager=pager_html(page, link_to("lms.safety.board", "page", check_id=check.id,
                                       show=shown)),
        audience_label=AUDIENCE_LABELS[check.audience],
        target=target, status_names={
            # Translated once, not once a row.
            status: str(name) for status, name in STATUS_NAMES.items()},
        statuses=list(SafetyStatus), unanswered=queries.UNANSWERED)


@bp.route("/checks/<int:check_id>/remind", methods=["POST"])
@staff_required
def remind(check_id: int) -> ResponseReturnValue:
    check = _check_or_404(check_id)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.remind(session, require_user(), check),
                             done=_("The link was mailed again to everyone who has not "
                                    "answered."))
    return redirect(url_for(".board", check_id=check.id))


@bp.route("/checks/<int:check_id>/close", methods=["GET", "POST"])
@staff_required
def close(check_id: int) -> ResponseReturnValue:
    check = _check_or_404(check_id)
    form = EmptyForm()
    if form.validate_on_submit():
        commit_or_show_error(None, lambda: services.close(session, require_user(), check),
                             done=_("The safety check is closed."))
        return redirect(url_for(".board", check_id=check.id))
    return render_template("lms/safety/confirm_close.html", check=check, form=form,
                           counts=queries.counts(session, check))


@bp.route("/answer/<token>", methods=["GET", "POST"])
def answer(token: str) -> ResponseReturnValue:
    """Opened from a mail on a phone, often without an account signed in: the signed link is
    the key, and answers only for its person and check."""
    addressed = queries.addressed(session, token)
    if addressed is None:
        return render_template("lms/safety/link_invalid.html"), 404
    form = AnswerForm(obj=addressed.answer if request.method == "GET" else None)
    if form.validate_on_submit():
        saved = commit_or_show_error(form, lambda: services.answer(
            session, token, services.AnswerInput(form.chosen_status(), form.note.data or "",
                                                 form.location.data or "")),
            done=_("Thank you. Your answer is saved."))
        if saved.done:
            return redirect(url_for(".answer", token=token))
    return render_template("lms/safety/answer.html", addressed=addressed, form=form,
                           status_labels=STATUS_LABELS)

