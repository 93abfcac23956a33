"""Grant pages for fund committee members: the applications assigned to them, the review
form, and declaring a conflict of interest."""

from __future__ import annotations

from flask import Blueprint, abort, url_for
from flask.typing import ResponseReturnValue

from lms.accounts.models import User
from lms.db import session
from lms.grants import applying, queries, services
from lms.grants.models import GrantApplication
from lms.grants.staff_forms import RECOMMENDATION_LABELS
from lms.reviews import pages
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


@bp.route("/")
@login_required
def assignments() -> ResponseReturnValue:
    actor = require_user()
    return pages.my_reviews_page(actor, queries.reviewed_applications(),
                                 template="lms/grants/review_assignments.html")


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
                 "content": applying.snapshot(application),
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
