"""The home page: what each person needs first, by the roles they hold and the cohorts they
are part of."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms import navigation
from lms.accounts.models import User
from lms.curriculum.queries import mentor_enrollments, trainee_dashboards
from lms.db import session
from lms.i18n import _
from lms.security import current_lms_user
from lms.seminars.queries import open_seminars_for

bp = Blueprint("home", __name__, template_folder="templates")


def _nav_items(user: User) -> list[navigation.NavItem]:
    return [navigation.link(10, _("Home"), "lms.home.index")]


navigation.register(bp, _nav_items)


@bp.route("/")
def index() -> ResponseReturnValue:
    user = current_lms_user()
    if user is None:
        return redirect(url_for("lms.accounts.login"))
    return render_template(
        "lms/home/index.html", user=user,
        dashboards=trainee_dashboards(session, user),
        mentoring=mentor_enrollments(session, user),
        seminars=open_seminars_for(session, user))
