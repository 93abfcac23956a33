"""Grant pages for fund committee members: the applications assigned to them, the review
form, and declaring a conflict of interest: the shared pages of ``lms.reviews.pages``."""

from __future__ import annotations

from flask import Blueprint

from lms.grants import applying, body_html, queries
from lms.grants.models import GrantApplication
from lms.grants.staff_forms import RECOMMENDATION_LABELS
from lms.i18n import _l
from lms.reviews.pages import CommitteeDesk

bp = Blueprint("grants_review", __name__, template_folder="templates",
               url_prefix="/grants/reviews")
bp.add_app_template_global(body_html.application_body, "application_body_html")


def _review_context(application: GrantApplication) -> dict[str, object]:
    return {"grant_round": application.round, "content": applying.snapshot(application)}


DESK = CommitteeDesk(endpoints="lms.grants_review", load=queries.application_for_reviewer,
                     subjects=queries.reviewed_applications, templates="lms/grants",
                     recommendation_labels=RECOMMENDATION_LABELS,
                     title_of=lambda application: application.title,
                     review_context=_review_context,
                     home_heading=_l("Grant applications"))
DESK.add_routes(bp)
