"""A grant round's figures for program staff: the statistics page, and the applications and
reviews as CSV files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue

from lms.csvexport import csv_response
from lms.db import session
from lms.grants import round_lists, services, statistics
from lms.grants.models import ApplicationStatus
from lms.grants.staff_views import bp, page_context, round_or_404
from lms.i18n import _, country_name, pgettext
from lms.reviews.models import AssignmentStatus
from lms.reviews.services import weighted_score
from lms.reviews.staff_pages import figure, staff_user
from lms.security import login_required


@bp.route("/rounds/<int:round_id>/statistics", endpoint="statistics")
@login_required
def statistics_page(round_id: int) -> ResponseReturnValue:
    staff_user()
    grant_round = round_or_404(round_id)
    stats = statistics.round_statistics(session, grant_round)
    return render_template(
        "lms/grants/staff_statistics.html", grant_round=grant_round, stats=stats,
        sentence=statistics.summary_sentence(stats), chart=statistics.awarded_chart(stats),
        statuses=list(ApplicationStatus), **page_context())


def _timestamp(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if moment else ""


@bp.route("/rounds/<int:round_id>/applications.csv")
@login_required
def export_applications(round_id: int) -> ResponseReturnValue:
    staff_user()
    grant_round = round_or_404(round_id)
    labels = {status: str(label) for status, label in services.STATUS_LABELS.items()}
    header = [_("Application"), pgettext("grants", "Applicant"), _("Email address"),
              _("Country"), _("Title"),
              _("State"), _("Requested"), _("Awarded"), _("Currency"),
              _("Submitted at (UTC)"), _("Decided at (UTC)"), _("Reviews"),
              _("Weighted average")]

    def line(row: round_lists.ApplicationLine) -> list[Any]:
        return [row.id, row.applicant_name, row.applicant_email, country_name(row.country),
                row.title, labels[row.status], row.requested_amount,
                "" if row.awarded_amount is None else row.awarded_amount,
                grant_round.currency, _timestamp(row.submitted_at), _timestamp(row.decided_at),
                row.summary.count, figure(row.summary.average)]

    # A generator: each chunk of rows is read from the database as the file is sent.
    return csv_response(f"grant-round-{grant_round.id}-applications.csv", header,
                        (line(row) for row in round_lists.all_round_applications(session,
                                                                             grant_round)))


@bp.route("/rounds/<int:round_id>/reviews.csv")
@login_required
def export_reviews(round_id: int) -> ResponseReturnValue:
    staff_user()
    grant_round = round_or_404(round_id)
    scheme = grant_round.review_scheme
    rows = round_lists.round_review_rows(session, grant_round)
    statuses = {AssignmentStatus.ACTIVE: _("asked to review"),
                AssignmentStatus.CONFLICT: _("conflict")}
    header = [_("Application"), _("Title"), _("Reviewer"), _("Status"),
              *(criterion["label"] for criterion in scheme.criteria), _("Weighted score"),
              _("Recommendation"), _("Submitted at (UTC)"), _("Conflict of interest")]

    def line(row: round_lists.ReviewerRow) -> list[Any]:
        assignment, review = row.assignment, row.counted
        scores = review.scores if review is not None else {}
        return [row.application.id, row.application.title, assignment.reviewer.display_name,
                statuses[assignment.status],
                *(scores.get(criterion["key"], "") for criterion in scheme.criteria),
                figure(weighted_score(scheme, scores)) if review is not None else "",
                str(review.recommendation or "") if review is not None else "",
                _timestamp(review.submitted_at) if review is not None else "",
                assignment.conflict_reason or ""]

    return csv_response(f"grant-round-{grant_round.id}-reviews.csv", header,
                        [line(row) for row in rows])
