"""The announcements on a home, written in Python: everyone's home shows them until they put
each away, and including the template (its macro, its lookups, its escapes) cost the home more
than reading them. The same bytes as the template (lms/announcements/home_section.html)
wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import url_for
from markupsafe import Markup, escape

from lms.home_words import words
from lms.security import csrf_token

if TYPE_CHECKING:  # the home's announcements are written with this module
    from lms.announcements.queries import HomeAnnouncement


def announcements_html(shown: list[tuple[HomeAnnouncement, Markup]]) -> Markup:
    """Each announcement with its text (rendered already), its attachment's link and the
    button that puts it away."""
    said = words()
    _ = said.gettext
    token = escape(csrf_token())
    written = ['\n<ul class="item-list">\n']
    for announcement, body in shown:
        announcement_id = announcement.id
        when = said.format_when(announcement.publish_at)
        if announcement.edited_at:
            when += " · " + _("edited %(when)s",
                              when=said.format_when(announcement.edited_at))
        link = escape(url_for("lms.announcements.show", announcement_id=announcement_id))
        written.append(
            f'\n  <li>\n    <article aria-labelledby="announcement-{announcement_id}-title">\n'
            f'      <h3 id="announcement-{announcement_id}-title"><a href="{link}">'
            f"{escape(announcement.title)}</a></h3>\n"
            f'      <p class="muted">{escape(when)}</p>\n'
            f'      <div class="prose">{body}</div>\n      ')
        if announcement.attachment_name:
            attachment = escape(url_for("lms.announcements.attachment",
                                        announcement_id=announcement_id))
            name = _("Attachment: %(name)s", name=announcement.attachment_name)
            written.append(f'\n      <p><a href="{attachment}">{escape(name)}</a></p>\n      ')
        dismiss = escape(url_for("lms.announcements.dismiss", announcement_id=announcement_id))
        label = _("Dismiss “%(title)s”", title=announcement.title)
        written.append(
            f'\n      \n<form class="inline-form" method="post" action="{dismiss}">\n'
            f'  <input type="hidden" name="csrf_token" value="{token}">\n'
            f'  <button type="submit" class="button-small">{escape(label)}</button>\n'
            "</form>\n\n    </article>\n  </li>\n")
    written.append("\n</ul>")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
