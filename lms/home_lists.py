"""The home's lists of things waiting (lms.homepage.EntryList), written in Python: a staff
home shows some thirty entries in a dozen lists, and the template's loops, tests and escapes
for each entry cost more than reading them. It writes what the template's loops wrote, to the
byte (lms/templates/lms/home_lists.html calls it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.home_words import words

if TYPE_CHECKING:
    from lms.homepage import EntryList


def lists_html(lists: Iterable[EntryList], links: Sequence[tuple[str, str]] = ()) -> Markup:
    """A section's lists, and its links (label, url) after them when it has some: a
    section's ``html`` (lms.homepage.Section), or its template's body."""
    out: list[str] = ["\n"]
    for entry_list in lists:
        out.append(f'\n<h3>{escape(entry_list.heading)} '
                   f'<span class="count">{escape(entry_list.count)}</span></h3>\n')
        entries = entry_list.entries
        if not entries:
            out.append(f"\n<p>{escape(entry_list.empty)}</p>\n\n")
            continue
        out.append('\n<ul class="link-list">\n  ')
        for entry in entries:
            out.append(f'\n  <li><a href="{escape(entry.url)}">{escape(entry.title)}</a>')
            if entry.detail:
                out.append(f" — {escape(entry.detail)}")
            if entry.when:
                out.append(f' <span class="muted">({escape(entry.when)})</span>')
            out.append("</li>\n  ")
        out.append("\n</ul>\n")
        if not entry_list.grouped and entry_list.count > len(entries):
            shown = words().gettext("The %(shown)s oldest of %(count)s.", shown=len(entries),
                                    count=entry_list.count)
            out.append(f'<p class="muted">{escape(shown)}</p>')
        out.append("\n\n")
    out.append("\n")
    if links:
        out.append('\n<ul class="link-list">\n  ')
        out += [f'<li><a href="{escape(url)}">{escape(label)}</a></li>' for label, url in links]
        out.append("\n</ul>\n")
    return Markup("".join(out))  # noqa: S704 - each value is escaped above
