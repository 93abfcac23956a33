from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms.calendar import queries, services
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _
from lms.security import login_required, require_user
from lms.urls import external_url

bp = Blueprint("calendar", __name__, template_folder="templates", url_prefix="/calendar")


@bp.route("")
@login_required
def index() -> ResponseReturnValue:
    feed = services.feed_of(session, require_user())
    feed_url = external_url("lms.calendar.feed", token=feed.token) if feed else None
    return render_template("lms/calendar/index.html", feed_url=feed_url,
                           action_form=EmptyForm())


@bp.route("/new", methods=["POST"])
@login_required
def create() -> ResponseReturnValue:
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.create_feed(session, require_user()),
                             done=_("Your calendar address is ready. Any earlier address no "
                                    "longer works."))
    return redirect(url_for("lms.calendar.index"))


@bp.route("/revoke", methods=["POST"])
@login_required
def revoke() -> ResponseReturnValue:
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.revoke_feed(session, require_user()),
                             done=_("Your calendar address no longer works."))
    return redirect(url_for("lms.calendar.index"))


@bp.route("/<token>.ics")
def feed(token: str) -> ResponseReturnValue:
    """Fetched by calendar programs, which cannot sign in: the secret address is the key."""
    owner = queries.feed_owner(session, token)
    if owner is None:
        abort(404)
    return Response(queries.build_calendar(session, owner), mimetype="text/calendar",
                    headers={"Content-Disposition": 'inline; filename="kakehashi.ics"'})
