"""Confidential concerns: the form to raise one and the reporter's list of hers; the named
handlers' case list and case pages; the admins' page naming the handlers."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import homepage, personal_data
from lms.accounts.models import Role, User
from lms.concerns import export, home_sections, queries, services
from lms.concerns.forms import CaseFilterForm, ConcernForm, HandlerForm, NoteForm, StatusForm
from lms.concerns.labels import CATEGORY_LABELS, PLACE_LABELS, STATUS_LABELS
from lms.concerns.models import Concern, ConcernCategory, ConcernPlace, ConcernStatus
from lms.db import session
from lms.forms import EmptyForm, choices, commit_or_show_error, not_allowed_is_a_page
from lms.i18n import _
from lms.pagination import requested_page_number
from lms.security import login_required, require_user, roles_required

bp = Blueprint("concerns", __name__, template_folder="templates", url_prefix="/concerns")
homepage.register(bp, home_sections.sections)
home_sections.register_facts(bp)
personal_data.register(bp, export.part)

LABELS = {"category_labels": CATEGORY_LABELS, "place_labels": PLACE_LABELS,
          "status_labels": STATUS_LABELS}


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> ResponseReturnValue:
    actor = require_user()
    form = ConcernForm()
    if form.validate_on_submit():
        details = services.ConcernDetails(
            category=ConcernCategory(form.category.data), description=form.description.data,
            place=ConcernPlace(form.place.data) if form.place.data else None)
        if commit_or_show_error(form, lambda: services.raise_concern(session, actor, details),
                                done=_("The program office has received it. Only the staff "
                                       "who handle concerns will read it.")).done:
            return redirect(url_for("lms.concerns.mine"))
    return render_template("lms/concerns/new.html", form=form)


@bp.route("/mine")
@login_required
def mine() -> ResponseReturnValue:
    page = queries.my_concerns(session, require_user(), requested_page_number())
    return render_template("lms/concerns/mine.html", page=page, **LABELS)


def _handler() -> User:
    """The signed-in handler; anyone else finds no such page."""
    actor = require_user()
    if not queries.handles_concerns(session, actor):
        abort(404)
    return actor


def _case(concern_id: int) -> tuple[User, Concern]:
    actor = require_user()
    concern = queries.handled_by(session, actor, concern_id)
    if concern is None:
        abort(404)
    return actor, concern


@bp.route("")
@login_required
def index() -> ResponseReturnValue:
    actor = _handler()
    filters = CaseFilterForm(request.args)
    if not filters.validate():
        filters = CaseFilterForm(data={})
    shown = filters.status.data or queries.UNRESOLVED
    return render_template("lms/concerns/index.html", filters=filters,
                           page=queries.cases(session, actor, shown, requested_page_number()),
                           counts=queries.counts(session), **LABELS)


@bp.route("/<int:concern_id>")
@login_required
def case(concern_id: int) -> ResponseReturnValue:
    _actor, concern = _case(concern_id)
    return _case_page(concern, StatusForm(status=concern.status.value), NoteForm())


def _case_page(concern: Concern, status_form: StatusForm, note_form: NoteForm) -> str:
    return render_template("lms/concerns/case.html", concern=concern,
                           notes=queries.notes_of(session, concern),
                           changes=queries.status_changes_of(session, concern),
                           status_form=status_form, note_form=note_form, **LABELS)


@bp.route("/<int:concern_id>/status", methods=["POST"])
@login_required
def change_status(concern_id: int) -> ResponseReturnValue:
    actor, concern = _case(concern_id)
    form = StatusForm()
    if form.validate_on_submit() and commit_or_show_error(form, lambda: services.change_status(
            session, actor, concern, ConcernStatus(form.status.data)),
            done=_("The status has been changed; the person who raised it has been told.")
            ).done:
        return redirect(url_for("lms.concerns.case", concern_id=concern.id))
    return _case_page(concern, form, NoteForm()), 400


@bp.route("/<int:concern_id>/notes", methods=["POST"])
@login_required
def add_note(concern_id: int) -> ResponseReturnValue:
    actor, concern = _case(concern_id)
    form = NoteForm()
    if form.validate_on_submit() and commit_or_show_error(form, lambda: services.add_note(
            session, actor, concern, form.text.data), done=_("The note has been added.")).done:
        return redirect(url_for("lms.concerns.case", concern_id=concern.id, _anchor="notes"))
    return _case_page(concern, StatusForm(status=concern.status.value), form), 400


def _handler_form() -> HandlerForm:
    form = HandlerForm()
    form.user.choices = choices([("", _("Choose a member of staff")), *(
        (str(member.id), member.display_name) for member in queries.staff_not_named(session))])
    return form


@bp.route("/handlers", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def handlers() -> ResponseReturnValue:
    actor = require_user()
    form = _handler_form()
    if form.validate_on_submit():
        named = session.get(User, int(form.user.data))
        if commit_or_show_error(form, lambda: services.name_handler(session, actor, named),
                                done=_("%(name)s now handles concerns.",
                                       name=named.display_name)).done:
            return redirect(url_for("lms.concerns.handlers"))
    return render_template("lms/concerns/handlers.html", form=form,
                           named=queries.handlers(session))


@bp.route("/handlers/<int:user_id>/remove", methods=["POST"])
@roles_required(Role.ADMIN)
def remove_handler(user_id: int) -> ResponseReturnValue:
    actor = require_user()
    named = session.get(User, user_id)
    if named is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.remove_handler(session, actor, named),
                             done=_("%(name)s no longer handles concerns.",
                                    name=named.display_name),
                             on_refusal=not_allowed_is_a_page)
    return redirect(url_for("lms.concerns.handlers"))
