"""The staff page that creates a program (the year-long training, a follow-up, or any kind of
event); its cohorts or editions are then created from the cohorts pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms.db import session
from lms.forms import commit_or_show_error
from lms.i18n import _
from lms.programs.creating import PROGRAM_KIND_LABELS, ProgramInput, create_program
from lms.programs.forms import ProgramForm
from lms.programs.models import ProgramKind
from lms.security import require_user, staff_required

bp = Blueprint("program_catalog", __name__, template_folder="templates", url_prefix="/programs")


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create() -> ResponseReturnValue:
    actor = require_user()
    form = ProgramForm([(kind.value, label) for kind, label in PROGRAM_KIND_LABELS.items()])
    if request.method == "GET" and request.args.get("kind") in {k.value for k in ProgramKind}:
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        given = ProgramInput(kind=ProgramKind(form.kind.data), name=form.name.data or "",
                             name_ja=form.name_ja.data or "", code=form.code.data or "",
                             slug=form.slug.data or "", description=form.description.data or "")
        created = commit_or_show_error(form, lambda: create_program(session, actor, given))
        if created.result is not None:
            flash(_("The program has been created. Now add its first cohort or edition."),
                  "success")
            return redirect(url_for("lms.programs.create", program=created.result.id))
    return render_template("lms/programs/program_form.html", form=form)
