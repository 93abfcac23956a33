"""The home page: what needs the person first, section by section, as each domain that has
work for them tells it (lms.homepage)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

from lms import home_lists, homepage, navigation
from lms.accounts.forms import LoginForm
from lms.accounts.models import User
from lms.db import session
from lms.home.page_html import home_parts
from lms.i18n import _, _l
from lms.markdown import render
from lms.names import localized_setting
from lms.security import current_lms_user

bp = Blueprint("home", __name__, template_folder="templates")
bp.add_app_template_global(home_lists.lists_html, "home_lists")


def _nav_items(user: User) -> list[navigation.NavItem]:
    return [navigation.link(10, _("Home"), "lms.home.index")]


navigation.register(bp, _nav_items)


@bp.route("/")
def index() -> ResponseReturnValue:
    user = current_lms_user()
    if user is None:
        return _welcome()
    sections = homepage.sections(session, user)
    return render_template("lms/home/index.html", user=user, sections=sections,
                           parts=home_parts(user, sections))


#: What a visitor reads when the organization has written nothing of its own.
DEFAULT_INTRO = _l(
    "Kakehashi is where %(organization)s runs its training programs for social welfare "
    "workers from across Asia: the year-long training in Japan, follow-up trainings and "
    "seminars. Trainees and mentors follow the course and hand in their work here, alumni "
    "stay in touch and apply for grants, and anyone can apply to an open call or check a "
    "certificate.")


def _welcome() -> ResponseReturnValue:
    """The signed-out home: what Kakehashi is for here, the open calls and the certificate
    check, with sign-in at the side."""
    # The organization that runs this Kakehashi usually issues its certificates too, so a
    # deployment that names its issuer need not name it twice.
    organization = (localized_setting("LMS_ORGANIZATION_NAME")
                    or localized_setting("LMS_ISSUER_NAME") or current_app.config["LMS_SITE_NAME"])
    intro = localized_setting("LMS_HOME_INTRO")
    return render_template(
        "lms/home/welcome.html", organization=organization,
        intro=render(intro) if intro else None,
        default_intro=DEFAULT_INTRO % {"organization": organization},
        sections=homepage.public_sections(session),
        form=LoginForm(formdata=None))
