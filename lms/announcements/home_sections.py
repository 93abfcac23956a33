"""The announcements for the person, at the top of their home page, until they put each away."""

from __future__ import annotations

import functools

from flask import Blueprint
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.announcements.queries import any_waiting_for, for_home
from lms.homepage import Section
from lms.i18n import _
from lms.markdown import Cleaned, cleaned, shown

#: The fact (lms.facts) that there is an announcement for the person to read.
WAITING = "announcements_waiting"


def register_facts(blueprint: Blueprint) -> None:
    facts.register(blueprint, WAITING, any_waiting_for)


def sections(db_session: Session, user: User) -> list[Section]:
    if not facts.holds(db_session, user, WAITING):
        return []
    announcements = for_home(db_session, user)
    if not announcements:
        return []
    listed = [(announcement, shown(_cleaned(announcement.body)))
              for announcement in announcements]
    return [Section("announcements", 5, _("Announcements"),
                    "lms/announcements/home_section.html", {"announcements": listed},
                    count=len(announcements))]


@functools.lru_cache(maxsize=64)
def _cleaned(body: str) -> Cleaned:
    """An announcement's text rendered once for every home of its audience, not once a home:
    the text is the key, so a corrected one is rendered anew."""
    # Under the section's h2, each announcement's title is an h3 and its own headings below.
    return cleaned(body, top_heading=4)
