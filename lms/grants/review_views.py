"""Grant pages for fund committee members: the applications assigned to them, the review
form, and declaring a conflict of interest."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms.accounts.models import User
from lms.db import session
from lms.grants import queries, services
from lms.grants.models import GrantApplication
from lms.grants.staff_forms import RECOMMENDATION_LABELS
from lms.pagination import requested_page_number
from lms.reviews import pages
from lms.reviews import queries as review_queries
from lms.reviews.models import ReviewAssignment
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
        page=review_queries.my_assignments(session, actor, queries.reviewed_applications(),
                                           requested_page_number()),
        conflicts=review_queries.my_conflicts(session, actor, queries.reviewed_applications(),
                                              _conflicts_page_number()))


@bp.route("/<int:assignment_id>", methods=["GET", "POST"])
@login_required
def review(assignment_id: int) -> ResponseReturnValue:
    actor = require_user()
    assignment, application = _assigned_or_404(actor, assignment_id)
    return pages.review_page(
        actor, assignment, template="lms/grants/review_form.html",
        redirect_to=url_for("lms.grants_review.review", assignment_id=assignment.id),
        recommendation_labels=RECOMMENDATION_LABELS,
        context={"application": application, "grant_round": application.round,
                 "content": services.snapshot(application),
                 "category_labels": services.CATEGORY_LABELS})


@bp.route("/<int:assignment_id>/conflict", methods=["GET", "POST"])
@login_required
def conflict(assignment_id: int) -> ResponseReturnValue:
    actor = require_user()
    assignment, application = _assigned_or_404(actor, assignment_id)
    return pages.conflict_page(
        actor, assignment, subject_title=application.title,
        template="lms/grants/review_conflict.html",
        redirect_to=url_for("lms.grants_review.assignments"),
        context={"application": application})
