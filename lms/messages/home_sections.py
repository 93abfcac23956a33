"""The messages part of the home page: conversations with news, and for staff the office
inbox's waiting and unassigned questions. One query per section."""

from __future__ import annotations

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.home_words import words
from lms.homepage import Lines, Pending, Section
from lms.messages import queries
from lms.messages.home_html import unread_html
from lms.navigation import fixed_url
from lms.security import is_staff

TEMPLATE = "lms/messages/home_section.html"


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    unread = queries.unread_conversations(db_session, user)
    # The words looked up once a request (lms.home_words), as the sections' own are.
    _ = words().gettext
    found: list[Section | Pending] = [Section("messages", 15, _("Messages"), TEMPLATE,
                                              {"unread": unread, "user_id": user.id},
                                              count=unread.total,
                                              html=unread_html(unread, user.id))]
    if is_staff(user):
        # Counted with the other staff sections' lines, in one query.
        found.append(Pending(queries.office_count_lines, {}, _office_sections))
    return found


def _office_sections(lines: Lines) -> list[Section]:
    counts = queries.OfficeCounts(lines.number("waiting"), lines.number("unassigned"))
    return [Section("office-inbox", 16, words().gettext("The program office's inbox"), "",
                    {"counts": counts}, count=counts.waiting, html=_office_html(counts))]


def _office_html(counts: queries.OfficeCounts) -> Markup:
    """The office inbox's section, written here (lms.homepage.Section.html): a template of
    its own cost every staff home an include for two sentences and two links."""
    text = words()
    _, ngettext = text.gettext, text.ngettext
    if counts.waiting or counts.unassigned:
        said = "{}; {}".format(
            ngettext("%(num)d open conversation is waiting for an answer",
                     "%(num)d open conversations are waiting for an answer", counts.waiting),
            ngettext("%(num)d is not assigned to anyone.", "%(num)d are not assigned to anyone.",
                     counts.unassigned))
    else:
        said = _("Every question to the program office has been answered.")
    inbox = escape(fixed_url("lms.messages.inbox"))
    not_assigned = escape(_("Not assigned to anyone"))
    unassigned = (f'<li><a href="{inbox}?who=unassigned">{not_assigned}</a></li>'
                  if counts.unassigned else "")
    office = escape(_("The program office's inbox"))
    return Markup(  # noqa: S704 - each value is escaped
        f'\n<p>{escape(said)}</p>\n<ul class="link-list">\n  {unassigned}\n  '
        f'<li><a href="{inbox}">{office}</a></li>\n</ul>')
