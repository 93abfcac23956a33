"""The program staff's part of the home page."""

from __future__ import annotations

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.home_words import words
from lms.homepage import Section
from lms.navigation import fixed_url
from lms.security import is_staff


def sections(db_session: Session, user: User) -> list[Section]:
    if not is_staff(user):
        return []
    _ = words().gettext
    links = [("lms.programs.index", _("Cohorts")),
             ("lms.followup.staff_cohorts", _("Follow-up training: calls and applications")),
             ("lms.events.index", _("Asian Social Welfare Seminars")),
             ("lms.alumni.review_queue", _("Alumni reports to review")),
             ("lms.placements.facilities", _("Host facilities")),
             ("lms.accounts.people", _("People and accounts")),
             ("lms.accounts.invite", _("Invite a person"))]
    # Written here (lms.homepage.Section.html), the addresses kept for the app: a template
    # of its own cost every staff home an include and a url_for for each link.
    items = "".join(f'\n  <li><a href="{escape(fixed_url(endpoint))}">{escape(label)}</a></li>'
                    for endpoint, label in links)
    return [Section("staff", 48, _("Program staff"), "",
                    html=Markup(f'<ul class="link-list">{items}\n</ul>'))]  # noqa: S704
