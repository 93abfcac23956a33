"""The messages' home section written in Python (lms.messages.home_html) writes what its
template wrote, to the byte: each kind of conversation, seen by its owner and by another,
more news than listed, and none."""

from __future__ import annotations

from types import SimpleNamespace

from flask import render_template_string

from lms.messages.home_html import unread_html
from lms.messages.models import ConversationKind
from lms.messages.queries import TitleParts, Unread, UnreadListed

VIEWER = 5


def _template(unread: Unread) -> str:
    return render_template_string(
        '{% include "lms/messages/home_section.html" %}',
        section=SimpleNamespace(context={"unread": unread, "user_id": VIEWER}))


def test_the_section_writes_what_its_template_wrote(app):
    listed = [UnreadListed(TitleParts(number, kind, owner, subject), unread)
              for number, (kind, owner, subject, unread) in enumerate([
                  (ConversationKind.OFFICE, VIEWER, "Train pass & <visa>", 1),
                  (ConversationKind.OFFICE, 9, "Someone's \"question\"", 2),
                  (ConversationKind.MENTOR, VIEWER, "Amihan", 3),
                  (ConversationKind.MENTOR, 9, "Amihan & Budi", 1),
                  (ConversationKind.SUBMISSION, 9, "Reflection <note>", 12)], start=1)]
    for locale in ("en", "ja"):
        with app.test_request_context(headers={"Accept-Language": locale}):
            for unread in (Unread(listed, len(listed)), Unread(listed[:2], 14), Unread([], 0)):
                written = _template(unread)
                assert "&lt;" in written or not unread.listed
                assert unread_html(unread, VIEWER) == written


def test_the_concerns_reporter_section_writes_what_its_template_wrote(app):
    from lms.concerns.home_sections import reporter_html

    for locale in ("en", "ja"):
        with app.test_request_context(headers={"Accept-Language": locale}):
            assert reporter_html() == render_template_string(
                '{% include "lms/concerns/home_reporter.html" %}')
