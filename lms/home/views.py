"""The home page: what each person needs first, by the roles they hold."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms.security import current_lms_user

bp = Blueprint("home", __name__, template_folder="templates")


@bp.route("/")
def index() -> ResponseReturnValue:
    user = current_lms_user()
    if user is None:
        return redirect(url_for("lms.accounts.login"))
    return render_template("lms/home/index.html", user=user)
