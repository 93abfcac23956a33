"""The conversations with news on a home, written in Python: every home shows them, and
including the template (its macro of a conversation's title, its lookups, its escapes) cost
the home more than reading them. The same bytes as the template
(lms/messages/home_section.html) wrote."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup, escape

from lms.home_words import words
from lms.messages.queries import TitleParts, Unread
from lms.navigation import fixed_url


def title(conversation: TitleParts, viewer_id: int) -> str:
    """A conversation's name as the viewer sees it (as _conversation_title.html says it)."""
    _ = words().gettext
    if conversation.kind == "office":
        return (_("Program office: %(subject)s", subject=conversation.subject)
                if conversation.owner_id == viewer_id else conversation.subject)
    if conversation.kind == "mentor":
        return (_("With your mentors") if conversation.owner_id == viewer_id
                else _("With %(name)s", name=conversation.subject))
    return _("Comments on %(title)s", title=conversation.subject)


def unread_html(unread: Unread, viewer_id: int) -> Markup:
    """Her conversations with news, the longest waiting first, and the link to all of them."""
    said = words()
    _ = said.gettext
    index = escape(fixed_url("lms.messages.index"))
    if not unread.listed:
        return Markup(  # noqa: S704 - each value is escaped
            f'\n\n\n<p>{escape(_("No new messages."))} <a href="{index}">'
            f'{escape(_("Your conversations"))}</a></p>\n')
    written = ['\n\n\n<ul class="link-list">\n  ']
    for listed in unread.listed:
        conversation = listed.conversation
        link = escape(url_for("lms.messages.conversation", conversation_id=conversation.id))
        news = said.ngettext("%(num)d new message", "%(num)d new messages", listed.unread)
        written.append(f'\n  <li><a href="{link}">{escape(title(conversation, viewer_id))}</a>'
                       f" · {escape(news)}</li>\n  ")
    written.append("\n</ul>\n")
    if unread.total > len(unread.listed):
        everything = _("All %(count)d conversations with new messages", count=unread.total)
        written.append(f'<p><a href="{index}">{escape(everything)}</a></p>')
    written.append("\n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
