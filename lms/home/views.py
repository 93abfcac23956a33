"""The home page: what needs the person first, section by section, as each domain that has
work for them tells it (lms.homepage)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms import homepage, navigation
from lms.accounts.models import User
from lms.db import session
from lms.i18n import _
from lms.security import current_lms_user

bp = Blueprint("home", __name__, template_folder="templates")


def _nav_items(user: User) -> list[navigation.NavItem]:
    return [navigation.link(10, _("Home"), "lms.home.index")]


navigation.register(bp, _nav_items)


@bp.route("/")
def index() -> ResponseReturnValue:
    user = current_lms_user()
    if user is None:
        return redirect(url_for("lms.accounts.login"))
    return render_template("lms/home/index.html", user=user,
                           sections=homepage.sections(session, user))
