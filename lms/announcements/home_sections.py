"""The announcements for the person, at the top of their home page, until they put each away."""

from __future__ import annotations

import functools

from flask import Blueprint
from markupsafe import Markup
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.announcements.home_html import announcements_html
from lms.announcements.queries import any_waiting_for, for_home
from lms.homepage import Section
from lms.i18n import _, current_locale
from lms.markdown import render

#: The fact (lms.facts) that there is an announcement for the person to read.
WAITING = "announcements_waiting"


def register_facts(blueprint: Blueprint) -> None:
    facts.register(blueprint, WAITING, any_waiting_for)


@functools.lru_cache(maxsize=64)
def _body(body: str, locale: str) -> Markup:
    """An announcement's text as its home section shows it, kept: it stays on its audience's
    homes for weeks, and Markdown cost more than the rest of the section. The reader's language
    is part of the key, as the renderer names a table's region in it."""
    # Under the section's h2, each announcement's title is an h3 and its own headings below.
    return render(body, top_heading=4)


def sections(db_session: Session, user: User) -> list[Section]:
    if not facts.holds(db_session, user, WAITING):
        return []
    announcements = for_home(db_session, user)
    if not announcements:
        return []
    locale = current_locale()
    shown = [(announcement, _body(announcement.body, locale)) for announcement in announcements]
    return [Section("announcements", 5, _("Announcements"),
                    "lms/announcements/home_section.html", {"announcements": shown},
                    count=len(announcements), html=announcements_html(shown))]
