"""A person's notifications: the list, opening one (which marks it read), marking all read,
and their choice per kind (a part of the settings page)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from lms import personal_data
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _
from lms.notifications import exports, header, queries, services
from lms.notifications.forms import ChoicesForm, always_mailed_kinds
from lms.pagination import paginate, requested_page_number
from lms.security import require_user

bp = Blueprint("notifications", __name__, template_folder="templates")

personal_data.register(bp, exports.personal_data)
header.register_facts(bp)


@bp.route("/notifications")
@login_required
def index() -> ResponseReturnValue:
    user = require_user()
    listing, values = queries.notifications_of(user)
    page = paginate(session, listing, requested_page_number(), values=values)
    return render_template("lms/notifications/index.html", page=page, form=EmptyForm())


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_one(notification_id: int) -> ResponseReturnValue:
    notification = queries.notification_of(session, require_user(), notification_id)
    if notification is None:
        abort(404)
    opened = commit_or_show_error(None, lambda: services.open_notification(session,
                                                                           notification))
    return redirect(opened.result or url_for("lms.notifications.index"))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read_all() -> ResponseReturnValue:
    user = require_user()
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.mark_all_read(session, user),
                             done=_("All your notifications are marked read."))
    return redirect(url_for("lms.notifications.index"))


@bp.route("/notifications/choices", methods=["GET", "POST"])
@login_required
def choices() -> ResponseReturnValue:
    user = require_user()
    form = ChoicesForm()
    if form.validate_on_submit():
        saved = commit_or_show_error(form, lambda: services.choose(session, user, form.chosen()),
                                     done=_("Your choices are saved."))
        if saved.done:
            return redirect(url_for("lms.accounts.settings"))
    elif not form.is_submitted():
        form.show(queries.choices_for(session, user))
    return render_template("lms/notifications/choices.html", form=form,
                           always_mailed=always_mailed_kinds())
