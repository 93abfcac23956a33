"""The announcements' home section written in Python (lms.announcements.home_html) writes
what its template wrote, to the byte: with and without an attachment and an edit, and with
text that needs escaping."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from flask import render_template_string
from markupsafe import Markup

from lms.announcements.home_html import announcements_html
from lms.announcements.queries import HomeAnnouncement

PUBLISHED = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def test_the_section_writes_what_its_template_wrote(app):
    shown = [
        (HomeAnnouncement(7, "Rooms & <times>", "x", PUBLISHED,
                          PUBLISHED + dt.timedelta(days=1), "plan \"A\" & B.pdf"),
         Markup("<p>From <strong>1 December</strong></p>")),
        (HomeAnnouncement(8, "Plain", "y", PUBLISHED, None, None), Markup("<p>y</p>")),
    ]
    for locale in ("en", "ja"):
        with app.test_request_context(headers={"Accept-Language": locale}):
            written = render_template_string(
                '{% include "lms/announcements/home_section.html" %}',
                section=SimpleNamespace(context={"announcements": shown}))
            assert "Rooms &amp; &lt;times&gt;" in written and "B.pdf" in written
            assert announcements_html(shown) == written
    with app.test_request_context():
        assert announcements_html([]) == render_template_string(
            '{% include "lms/announcements/home_section.html" %}',
            section=SimpleNamespace(context={"announcements": []}))
