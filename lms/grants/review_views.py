"""Grant pages for fund committee members: the applications assigned to them, the review
form, and declaring a conflict of interest."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms.accounts.models import User
from lms.db import session
from lms.forms import commit_or_show_error
from lms.grants import queries, services
from lms.grants.models import GrantApplication
from lms.grants.staff_forms import (
    RECOMMENDATION_LABELS,
    ConflictForm,
    ReviewFormBase,
    review_form,
    score_field_name,
)
from lms.i18n import _
from lms.pagination import requested_page_number
from lms.reviews import queries as review_queries
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation, ReviewAssignment
from lms.security import login_required, require_user

bp = Blueprint("grants_review", __name__, template_folder="templates",
               url_prefix="/grants/reviews")


def _assigned_or_404(actor: User, assignment_id: int) -> tuple[ReviewAssignment,
                                                               GrantApplication]:
    # Someone else's assignment, or one the actor stepped aside from, finds nothing.
    found = queries.application_for_reviewer(session, actor, assignment_id)
    if found is None:
        abort(404)
    return found


def _conflicts_page_number() -> int:
    try:
        return max(1, int(request.args.get("conflicts_page", 1)))
    except ValueError:
        return 1


@bp.route("/")
@login_required
def assignments() -> ResponseReturnValue:
    actor = require_user()
    return render_template(
        "lms/grants/review_assignments.html",
        page=queries.my_assignments(session, actor, requested_page_number()),
        conflicts=queries.my_conflicts(session, actor, _conflicts_page_number()))


@bp.route("/<int:assignment_id>", methods=["GET", "POST"])
@login_required
def review(assignment_id: int) -> ResponseReturnValue:
    actor = require_user()
    assignment, application = _assigned_or_404(actor, assignment_id)
    criteria = assignment.subject.scheme.criteria
    own = assignment.review
    form = review_form(criteria)
    if request.method == "GET" and own is not None:
        for criterion in criteria:
            form[score_field_name(criterion["key"])].data = own.scores.get(criterion["key"])
        form.recommendation.data = str(own.recommendation) if own.recommendation else None
        form.comments.data = own.comments
    elif form.validate_on_submit():
        action = request.form.get("action")
        if action not in ("save", "submit"):
            abort(400)
        given = _review_input(form, criteria)
        saved = commit_or_show_error(form, lambda: reviews.save_review(
            session, actor, assignment, given, submit=action == "submit"))
        if saved.done:
            flash(_("Your review is submitted. The other members' reviews are below.")
                  if action == "submit" else
                  _("Your draft is saved. Only you see it until you submit it."), "success")
            return redirect(url_for("lms.grants_review.review", assignment_id=assignment.id))
    submitted = own is not None and own.is_submitted
    others = ([review for review in review_queries.reviews_visible_to(
        session, actor, assignment.subject) if review.assignment_id != assignment.id]
        if submitted else [])
    return render_template(
        "lms/grants/review_form.html", assignment=assignment, application=application,
        grant_round=application.round, content=services.snapshot(application), form=form,
        criteria=criteria, own=own, submitted=submitted, others=others,
        score_field_name=score_field_name, weighted=lambda scores: reviews.weighted_score(
            assignment.subject.scheme, scores),
        recommendation_labels=RECOMMENDATION_LABELS,
        category_labels=services.CATEGORY_LABELS)


def _review_input(form: ReviewFormBase, criteria: list[dict[str, object]]) -> reviews.ReviewInput:
    recommendation = form.recommendation.data
    return reviews.ReviewInput(
        scores={str(criterion["key"]): form[score_field_name(str(criterion["key"]))].data
                for criterion in criteria},
        recommendation=Recommendation(recommendation) if recommendation else None,
        comments=form.comments.data or "")


@bp.route("/<int:assignment_id>/conflict", methods=["GET", "POST"])
@login_required
def conflict(assignment_id: int) -> ResponseReturnValue:
    actor = require_user()
    assignment, application = _assigned_or_404(actor, assignment_id)
    form = ConflictForm()
    if form.validate_on_submit():
        declared = commit_or_show_error(form, lambda: reviews.declare_conflict(
            session, actor, assignment, form.reason.data or ""))
        if declared.done:
            flash(_("Your conflict of interest is recorded. You will not review “%(title)s”, "
                    "and staff have your reason.", title=application.title), "success")
            return redirect(url_for("lms.grants_review.assignments"))
    return render_template("lms/grants/review_conflict.html", assignment=assignment,
                           application=application, form=form)

