"""The trainee's placements on her home page: where she goes, when, and who supervises her."""

from __future__ import annotations

import zoneinfo

from markupsafe import Markup
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.clock import utcnow
from lms.home_words import words
from lms.homepage import Section
from lms.i18n import _
from lms.placements.her_placements import her_placements
from lms.placements.her_placements_html import placements_html
from lms.placements.supervision import SUPERVISOR, supervised_placements

#: The fact (lms.facts) that the person has a placement now: a home without one asks nothing.
PLACED = "placed"


def sections(db_session: Session, user: User) -> list[Section]:
    found = []
    if facts.holds(db_session, user, SUPERVISOR):
        found.append(Section("supervision", 12, _("Trainees placed with you"),
                             "lms/placements/supervisor_section.html",
                             {"placements": supervised_placements(db_session, user)}))
    return found + _her_placements(db_session, user)


def _her_placements(db_session: Session, user: User) -> list[Section]:
    if not facts.holds(db_session, user, PLACED):
        return []
    placements = her_placements(db_session, user)
    if not placements:
        return []
    # Where she is now or goes next first; the placements she has finished after them.
    today = utcnow().astimezone(zoneinfo.ZoneInfo(placements[0].timezone)).date()
    placements.sort(key=lambda placement: (placement.ends_on < today, placement.starts_on))
    # Her section's words are looked up once a request (lms.home_words), as it writes them.
    # Its body given as ``html`` too, as its template writes it (after a line): an include
    # cost more than writing it.
    html = placements_html(placements)
    return [Section("placements", 11, words().gettext("Your placements"),
                    "lms/placements/home_section.html", {"placements": placements, "html": html},
                    html=Markup("\n") + html)]
