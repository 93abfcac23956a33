"""The concerns on the home page: for the staff named to handle them, how many wait; for a
trainee, a quiet way to tell the program office about a problem. Neither asks anything of a
person it is not for: both read the person's facts (lms.facts), loaded with the user."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.concerns import queries
from lms.concerns.models import Concern, ConcernStatus
from lms.home_words import words
from lms.homepage import Lines, Pending, Section, gather, line
from lms.i18n import _
from lms.navigation import fixed_url
from lms.programs.standing import TRAINEE
from lms.security import is_staff

#: The fact that the person is named to handle concerns.
HANDLER = "concern_handler"


def register_facts(blueprint: Blueprint) -> None:
    facts.register(blueprint, HANDLER, queries.is_handler_condition)


#: The cases a handler's home counts: waiting to be taken up, and being handled.
COUNTED = (ConcernStatus.OPEN, ConcernStatus.IN_PROGRESS)


def _handler_lines() -> list[Any]:
    return [line(status.value, number=select(func.count()).where(Concern.status == status)
                 .scalar_subquery()) for status in COUNTED]


def handler_counts(db_session: Session) -> queries.Counts:
    """queries.counts as one prepared query (lms.homepage.gather): built again at each
    visit, the statement cost more than counting."""
    return _counts(gather(db_session, _handler_lines))


def _counts(lines: Lines) -> queries.Counts:
    return queries.Counts(*(lines.number(status.value) for status in COUNTED))


def _handler_sections(lines: Lines) -> list[Section]:
    counts = _counts(lines)
    return [Section("concerns", 17, words().gettext("Confidential concerns"), "",
                    {"counts": counts}, count=counts.open, html=_handler_html(counts))]


def _handler_html(counts: queries.Counts) -> Markup:
    """The handler's section, written here (lms.homepage.Section.html): a template of its own
    cost every handler's home an include for a sentence and a link."""
    text = words()
    _, ngettext = text.gettext, text.ngettext
    if counts.open or counts.in_progress:
        said = "{}; {}".format(
            ngettext("%(num)d concern is waiting to be taken up",
                     "%(num)d concerns are waiting to be taken up", counts.open),
            ngettext("%(num)d is being handled.", "%(num)d are being handled.",
                     counts.in_progress))
    else:
        said = _("No concern is open.")
    return Markup(  # noqa: S704 - each value is escaped
        f'\n<p>{escape(said)}</p>\n<ul class="link-list">\n  <li><a href="'
        f'{escape(fixed_url("lms.concerns.index"))}">{escape(_("Confidential concerns"))}'
        "</a></li>\n</ul>")


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    found: list[Section | Pending] = []
    if is_staff(user) and facts.holds(db_session, user, HANDLER):
        # Counted with the other staff sections' lines, in one query.
        found.append(Pending(_handler_lines, {}, _handler_sections))
    if facts.holds(db_session, user, TRAINEE):
        # Last on the page and without a count: there when needed, not a task to do.
        found.append(Section("tell-the-office", 95, _("Something wrong?"),
                             "lms/concerns/home_reporter.html", html=reporter_html()))
    return found


def reporter_html() -> Markup:
    """The trainee's way to tell the office, written here as its template wrote it
    (lms/concerns/home_reporter.html): including it cost every trainee's home more than the
    two sentences and two links."""
    _ = words().gettext
    said = _("If something is wrong at your placement or in the program, you can tell the "
             "program office in confidence. Your mentor and your facility supervisor do not "
             "see it.")
    return Markup(  # noqa: S704 - each value is escaped
        f'<p>{escape(said)}</p>\n<ul class="link-list">\n'
        f'  <li><a href="{escape(fixed_url("lms.concerns.new"))}">'
        f'{escape(_("Tell the program office about a problem"))}</a></li>\n'
        f'  <li><a href="{escape(fixed_url("lms.concerns.mine"))}">'
        f'{escape(_("The concerns you raised"))}</a></li>\n</ul>')
