"""The open safety checks sent to the person, at the top of their home page, with the link to
answer (or change their answer) until each is closed."""

from __future__ import annotations

import functools

from flask import Blueprint
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.home_words import words
from lms.homepage import Lines, Pending, Section
from lms.safety.forms import STATUS_LABELS
from lms.safety.home_html import waiting_html
from lms.safety.queries import any_open_for, open_lines, waiting_of

#: The fact (lms.facts) that an open check was sent to the person.
OPEN_CHECK = "safety_check_open"


def register_facts(blueprint: Blueprint) -> None:
    facts.register(blueprint, OPEN_CHECK, any_open_for)


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    if not facts.holds(db_session, user, OPEN_CHECK):
        return []
    # Read with the other sections' lines, in one query (lms.homepage.Pending).
    return [Pending(open_lines, {"user_id": user.id}, functools.partial(_made, user.id))]


def _made(user_id: int, lines: Lines) -> list[Section]:
    waiting = waiting_of(lines, user_id)
    if not waiting:
        return []
    unanswered = sum(1 for item in waiting if item.status is None)
    html = waiting_html(waiting)
    # First on the page: nothing else there matters as much after a disaster. Its body given
    # as ``html`` too, as its template writes it: an include cost more than writing it.
    return [Section("safety", 1, words().gettext("Safety check"), "lms/safety/home_section.html",
                    {"waiting": waiting, "status_labels": STATUS_LABELS, "html": html},
                    count=unanswered or None, html=html)]
