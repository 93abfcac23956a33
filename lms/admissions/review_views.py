"""Admissions pages for selection committee members: the applications assigned to them, the
review form, the documents that bear on selection, and declaring a conflict of interest. The
review and conflict pages are the shared ones of ``lms.reviews.pages``."""

from __future__ import annotations

from flask import Blueprint, abort, url_for
from flask.typing import ResponseReturnValue

from lms import uploads
from lms.accounts.models import User
from lms.admissions import access, queries, services
from lms.admissions.models import AdmissionApplication
from lms.admissions.staff_forms import RECOMMENDATION_LABELS
from lms.db import session
from lms.reviews import pages
from lms.reviews.models import ReviewAssignment
from lms.security import login_required, require_user

bp = Blueprint("admissions_review", __name__, template_folder="templates",
               url_prefix="/admissions/reviews")


def _assigned_or_404(actor: User,
                     assignment_id: int) -> tuple[ReviewAssignment, AdmissionApplication]:
    # Someone else's assignment, or one the actor stepped aside from, finds nothing.
    found = access.application_for_reviewer(session, actor, assignment_id)
    if found is None:
        abort(404)
    return found


@bp.route("/")
@login_required
def assignments() -> ResponseReturnValue:
    actor = require_user()
    return pages.my_reviews_page(actor, queries.reviewed_applications(),
                                 template="lms/admissions/review_assignments.html")


@bp.route("/<int:assignment_id>", methods=["GET", "POST"])
@login_required
def review(assignment_id: int) -> ResponseReturnValue:
    actor = require_user()
    assignment, application = _assigned_or_404(actor, assignment_id)
    return pages.review_page(
        actor, assignment, template="lms/admissions/review_form.html",
        redirect_to=url_for("lms.admissions_review.review", assignment_id=assignment.id),
        recommendation_labels=RECOMMENDATION_LABELS,
        context={"application": application, "call": application.call,
                 "described": services.describe(application),
                 "documents": queries.reviewer_documents(application),
                 "document_labels": services.DOCUMENT_LABELS})


@bp.route("/<int:assignment_id>/documents/<int:document_id>")
@login_required
def document(assignment_id: int, document_id: int) -> ResponseReturnValue:
    actor = require_user()
    _assignment, application = _assigned_or_404(actor, assignment_id)
    found = next((each for each in queries.reviewer_documents(application)
                  if each.id == document_id), None)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type, found.original_name)


@bp.route("/<int:assignment_id>/conflict", methods=["GET", "POST"])
@login_required
def conflict(assignment_id: int) -> ResponseReturnValue:
    actor = require_user()
    assignment, application = _assigned_or_404(actor, assignment_id)
    return pages.conflict_page(
        actor, assignment, subject_title=application.full_name,
        template="lms/admissions/review_conflict.html",
        redirect_to=url_for("lms.admissions_review.assignments"),
        context={"application": application})
