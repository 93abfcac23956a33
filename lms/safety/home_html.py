"""The open safety checks on a home, written in Python: every home of someone a check was sent
to shows them until it closes, the whole cohort's at once after a disaster, and the template's
lookups and lazy labels cost the home more than reading them. The same bytes as the template
(lms/safety/home_section.html) wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.home_words import words
from lms.safety.forms import STATUS_LABELS

if TYPE_CHECKING:  # the home's checks are written with this module
    from lms.safety.queries import Waiting


def waiting_html(waiting: list[Waiting]) -> Markup:
    """Each open check: its message, when it was sent and her answer so far, and her link."""
    said = words()
    _ = said.gettext
    drill = Markup('<strong class="status status-drill">%s</strong> ') % _("Drill")
    written = ['<ul class="item-list">\n']
    for item in waiting:
        check, status = item.check, item.status
        sent = _("Sent %(when)s", when=said.format_when(check.started_at))
        if status:
            sent += " · " + _("Your answer: %(answer)s", answer=str(STATUS_LABELS[status]))
            button, action = "button-secondary", _("Change your answer")
        else:
            button, action = "button", _("Answer: are you safe?")
        written.append(
            f"\n  <li>\n    <p>{drill if check.is_drill else ''}{escape(check.message)}</p>\n"
            f'    <p class="muted">{escape(sent)}</p>\n'
            f'    <p><a class="{button}" href="{escape(item.link)}">{escape(action)}</a></p>\n'
            "  </li>\n")
    written.append("\n</ul>")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
