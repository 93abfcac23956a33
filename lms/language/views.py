"""The Japanese teacher's pages: her cohorts, a cohort's trainees with their latest Japanese
level and a form to record one, and a trainee's levels over time. Staff see the same pages
for every planned or active cohort."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms import facts, navigation, personal_data
from lms.accounts.models import User
from lms.db import session
from lms.forms import commit_or_show_error
from lms.i18n import _
from lms.language import queries, services
from lms.language.forms import LevelForm
from lms.language.personal_data import parts as personal_data_parts
from lms.programs.models import Cohort, EnrollmentStatus
from lms.programs.standing import viewer_is_teacher
from lms.security import is_staff, login_required, require_user

bp = Blueprint("language", __name__, template_folder="templates", url_prefix="/japanese")


def _nav_items(user: User) -> list[navigation.NavItem]:
    # Staff reach the pages from each cohort's page; the link is the teacher's way in.
    if is_staff(user) or not viewer_is_teacher():
        return []
    return [navigation.link(55, _("Japanese levels"), "lms.language.index",
                            blueprints=("lms.language",))]


navigation.register(bp, _nav_items)
facts.register(bp, queries.HAS_LEVELS, queries.has_levels_condition)
personal_data.register(bp, personal_data_parts)


def _cohort(cohort_id: int) -> tuple[User, Cohort]:
    actor = require_user()
    cohort = queries.cohort_for(session, actor, cohort_id)
    if cohort is None:
        abort(404)
    return actor, cohort


@bp.route("/")
@login_required
def index() -> ResponseReturnValue:
    actor = require_user()
    if not (is_staff(actor) or viewer_is_teacher()):
        abort(404)
    return render_template("lms/language/index.html",
                           cohorts=queries.cohorts_for(session, actor))


@bp.route("/cohorts/<int:cohort_id>", methods=["GET", "POST"])
@login_required
def levels(cohort_id: int) -> ResponseReturnValue:
    actor, cohort = _cohort(cohort_id)
    trainees = queries.cohort_trainees(session, cohort)
    form = LevelForm([trainee for trainee in trainees
                      if trainee.status != EnrollmentStatus.WITHDRAWN])
    if form.validate_on_submit():
        trainee = queries.trainee_in(session, cohort, form.enrollment_id.data)
        if trainee is None:
            abort(404)
        recorded = commit_or_show_error(form, lambda: services.record_level(
            session, actor, trainee, form.chosen_level, form.chosen_checkpoint,
            form.assessed_on.data, form.note.data or ""))
        if recorded.done:
            flash(_("%(level)s recorded for %(trainee)s.", level=form.level.data,
                    trainee=trainee.user.display_name), "success")
            return redirect(url_for("lms.language.levels", cohort_id=cohort.id))
    return render_template(
        "lms/language/levels.html", cohort=cohort, trainees=trainees, form=form,
        latest=queries.latest_levels(session, [trainee.id for trainee in trainees]),
        checkpoint_labels=services.CHECKPOINT_LABELS)


@bp.route("/cohorts/<int:cohort_id>/trainees/<int:enrollment_id>")
@login_required
def history(cohort_id: int, enrollment_id: int) -> ResponseReturnValue:
    _actor, cohort = _cohort(cohort_id)
    trainee = queries.trainee_in(session, cohort, enrollment_id)
    if trainee is None:
        abort(404)
    return render_template("lms/language/history.html", cohort=cohort, trainee=trainee,
                           records=queries.history(session, trainee),
                           checkpoint_labels=services.CHECKPOINT_LABELS)
