"""The facility supervisor's pages: the placements they supervise now, and each one's trainee.
Written to be read on a phone, mostly in Japanese."""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue

from lms.db import session
from lms.placements import evaluations, journals, supervision
from lms.placements.models import EvaluationKind
from lms.placements.views import bp
from lms.security import login_required, require_user


@bp.route("/supervision/<int:placement_id>")
@login_required
def supervision_page(placement_id: int) -> ResponseReturnValue:
    placement = supervision.supervised_placement(session, require_user(), placement_id)
    if placement is None:
        abort(404)
    return render_template(
        "lms/placements/supervision.html", placement=placement,
        open_until=supervision.open_until(placement),
        forms={kind: evaluations.form_for(session, placement, kind) for kind in EvaluationKind},
        written={evaluation.kind: evaluation for evaluation in evaluations.placement_evaluations(
            session, [placement.id]).values()},
        shared=(shared := journals.shared_items(placement)),
        handed_in=journals.handed_in_by_item(session, placement, shared))
