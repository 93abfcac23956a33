"""Evaluations of a placement: the supervisor writes them on the course's form, the trainee
reads and acknowledges them, her mentor and staff read them."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from lms.curriculum.evaluation_forms import LocalizedForm
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _, current_locale
from lms.placements import evaluations, supervision
from lms.placements.evaluations import KIND_LABELS
from lms.placements.models import EvaluationKind
from lms.placements.views import bp
from lms.security import login_required, require_user

bp.add_app_template_global(lambda kind: str(KIND_LABELS[kind]), "evaluation_label")


def _kind_or_404(kind: str) -> EvaluationKind:
    try:
        return EvaluationKind(kind)
    except ValueError:
        abort(404)


def _filled_form(form: LocalizedForm, *args: Any, **kwargs: Any) -> FlaskForm:
    """A level (radio buttons) for each criterion and a text for each question, named
    ``criterion_<key>`` and ``question_<key>`` as the service names its errors."""

    class EvaluationForm(FlaskForm):
        pass

    for criterion in form.criteria:
        setattr(EvaluationForm, f"criterion_{criterion.key}", RadioField(
            criterion.label, choices=[SelectChoice(str(level.value), level.label)
                                      for level in criterion.levels],
            validators=[Optional()], description=criterion.description))
    for question in form.questions:
        setattr(EvaluationForm, f"question_{question.key}", TextAreaField(
            question.label, validators=[Optional(), Length(max=evaluations.ANSWER_LIMIT)]))
    return EvaluationForm(*args, **kwargs)


@bp.route("/supervision/<int:placement_id>/evaluations/<kind>", methods=["GET", "POST"])
@login_required
def write_evaluation(placement_id: int, kind: str) -> ResponseReturnValue:
    supervisor = require_user()
    placement = supervision.supervised_placement(session, supervisor, placement_id)
    evaluation_kind = _kind_or_404(kind)
    form_view = None if placement is None else \
        evaluations.form_for(session, placement, evaluation_kind)
    if placement is None or form_view is None:
        abort(404)
    shown = form_view.in_language(current_locale())
    existing = evaluations.evaluation_of(session, placement, evaluation_kind)
    if existing is not None and existing.submitted_at is not None:
        return redirect(url_for(".evaluation", evaluation_id=existing.id))
    form = _filled_form(shown)
    if request.method == "GET" and existing is not None:
        for key, value in existing.scores.items():
            if f"criterion_{key}" in form:
                form[f"criterion_{key}"].data = str(value)
        for key, text in existing.answers.items():
            if f"question_{key}" in form:
                form[f"question_{key}"].data = text
    if form.validate_on_submit():
        submit = request.form.get("action") == "submit"
        filled = evaluations.Filled(
            scores={criterion.key: int(form[f"criterion_{criterion.key}"].data)
                    for criterion in shown.criteria
                    if (form[f"criterion_{criterion.key}"].data or "").isdigit()},
            answers={question.key: form[f"question_{question.key}"].data or ""
                     for question in shown.questions})
        saved = commit_or_show_error(form, lambda: evaluations.save(
            session, supervisor, placement, evaluation_kind, filled, submit=submit))
        if (evaluation := saved.result) is not None:
            if submit:
                flash(_("The evaluation is submitted; %(name)s is told.",
                        name=placement.enrollment.user.display_name), "success")
                return redirect(url_for(".evaluation", evaluation_id=evaluation.id))
            flash(_("The draft is saved. Only you see it until you submit it."), "success")
            return redirect(url_for(".write_evaluation", placement_id=placement.id, kind=kind))
    return render_template("lms/placements/evaluation_form.html", placement=placement,
                           form=form, shown=shown, kind=evaluation_kind, draft=existing)


@bp.route("/placements/evaluations/<int:evaluation_id>")
@login_required
def evaluation(evaluation_id: int) -> ResponseReturnValue:
    reader = require_user()
    found = evaluations.readable_evaluation(session, reader, evaluation_id)
    if found is None:
        abort(404)
    form_view = evaluations.form_for(session, found.placement, found.kind)
    return render_template(
        "lms/placements/evaluation.html", evaluation=found,
        shown=form_view.in_language(current_locale()) if form_view else None,
        own=found.placement.enrollment.user_id == reader.id, acknowledge_form=EmptyForm())


@bp.route("/placements/evaluations/<int:evaluation_id>/acknowledge", methods=["POST"])
@login_required
def acknowledge(evaluation_id: int) -> ResponseReturnValue:
    reader = require_user()
    found = evaluations.readable_evaluation(session, reader, evaluation_id)
    if found is None:
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit() and commit_or_show_error(form, lambda: evaluations.acknowledge(
            session, reader, found)).done:
        flash(_("Thank you: your supervisor and the program office see that you have read it."),
              "success")
    for message in form.form_errors:
        flash(message, "error")
    return redirect(url_for(".evaluation", evaluation_id=found.id))
