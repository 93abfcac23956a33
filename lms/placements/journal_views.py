"""A journal the trainee shares with her supervisor, and the comments on it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from lms.db import session
from lms.forms import commit_or_show_error
from lms.i18n import _, _l
from lms.markdown import render
from lms.placements import journals
from lms.placements.views import bp
from lms.security import login_required, require_user


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"),
                         validators=[DataRequired(), Length(max=journals.COMMENT_LIMIT)])


@bp.route("/placements/<int:placement_id>/journals/<slug>", methods=["GET", "POST"])
@login_required
def journal(placement_id: int, slug: str) -> ResponseReturnValue:
    reader = require_user()
    placement = journals.readable_placement(session, reader, placement_id)
    item = None if placement is None else next(
        (shared for shared in journals.shared_items(placement) if shared.slug == slug), None)
    if placement is None or item is None:
        abort(404)
    submission = journals.latest_handed_in(session, placement, item)
    may_comment = submission is not None and journals.may_comment(session, reader, placement)
    if request.method == "POST" and not may_comment:
        abort(403)
    form = CommentForm()
    if may_comment and form.validate_on_submit() and commit_or_show_error(
            form, lambda: journals.comment(session, reader, placement, submission,
                                           form.body.data or "")).done:
        flash(_("Your comment is added."), "success")
        return redirect(url_for(".journal", placement_id=placement.id, slug=slug))
    return render_template(
        "lms/placements/journal.html", placement=placement, item=item, submission=submission,
        text=render(submission.text, 3) if submission is not None else None,
        comments=journals.comments_on(session, placement, submission) if submission else [],
        form=form if may_comment else None)
