"""Admissions pages for selection committee members: the applications assigned to them, the
review form, the documents that bear on selection, and declaring a conflict of interest. The
list, review and conflict pages are the shared ones of ``lms.reviews.pages``."""

from __future__ import annotations

from flask import Blueprint, abort
from flask.typing import ResponseReturnValue

from lms import uploads
from lms.admissions import access, queries, services
from lms.admissions.models import AdmissionApplication
from lms.admissions.staff_forms import RECOMMENDATION_LABELS
from lms.i18n import _l
from lms.reviews.pages import CommitteeDesk
from lms.security import login_required

bp = Blueprint("admissions_review", __name__, template_folder="templates",
               url_prefix="/admissions/reviews")


def _review_context(application: AdmissionApplication) -> dict[str, object]:
    return {"call": application.call, "described": services.describe(application),
            "documents": queries.reviewer_documents(application),
            "document_labels": services.DOCUMENT_LABELS}


DESK = CommitteeDesk(endpoints="lms.admissions_review", load=access.application_for_reviewer,
                     subjects=queries.reviewed_applications, templates="lms/admissions",
                     recommendation_labels=RECOMMENDATION_LABELS,
                     title_of=lambda application: application.full_name,
                     review_context=_review_context,
                     home_heading=_l("Admission applications"))
DESK.add_routes(bp)


@bp.route("/<int:assignment_id>/documents/<int:document_id>")
@login_required
def document(assignment_id: int, document_id: int) -> ResponseReturnValue:
    _actor, _assignment, application = DESK.open(assignment_id)
    found = next((each for each in queries.reviewer_documents(application)
                  if each.id == document_id), None)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type, found.original_name)
