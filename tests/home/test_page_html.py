"""The signed-in home's body written in Python (lms.home.page_html) writes what the page's
template wrote, to the byte: the greeting, each section's panel, heading and count, the
sections written by a template of their own included where they stand, and the account
links."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from lms.home.page_html import home_parts
from lms.homepage import LISTS_TEMPLATE, EntryList, Section

#: The page's template as it was before its body was written in Python.
TEMPLATE = (
    '{% extends "lms/base.html" %}\n'
    '{% block title %}{{ _("Home") }}{% endblock %}\n'
    '{% block content %}\n'
    '<h1>{{ _("Welcome, %(name)s", name=user.display_name) }}</h1>\n'
    '\n'
    '{% for section in sections %}\n'
    '<section class="panel" aria-labelledby="{{ section.key }}-heading">\n'
    '  <h2 id="{{ section.key }}-heading">{{ section.title }}{% if section.count is n'
    'ot none %} <span class="count">{{ section.count }}{% if section.count_more %}+{%'
    ' endif %}</span>{% endif %}</h2>\n'
    '  {% if section.html is not none %}{{ section.html }}{% else %}{% include sectio'
    'n.template %}{% endif %}\n'
    '</section>\n'
    '{% endfor %}\n'
    '\n'
    '<section class="panel" aria-labelledby="account-heading">\n'
    '  <h2 id="account-heading">{{ _("Your account") }}</h2>\n'
    '  <ul class="link-list">\n'
    '    <li><a href="{{ fixed_url(\'lms.calendar.index\') }}">{{ _("Calendar feed") }}'
    '</a></li>\n'
    '    <li><a href="{{ fixed_url(\'lms.accounts.settings\') }}">{{ _("Name, country, '
    'language and time zone") }}</a></li>\n'
    '    <li><a href="{{ fixed_url(\'lms.accounts.change_password\') }}">{{ _("Change y'
    'our password") }}</a></li>\n'
    '  </ul>\n'
    '</section>\n'
    '{% endblock %}'
)


def _sections() -> list[Section]:
    lists = [EntryList("Waiting <now>", [], 0, "Nothing & nobody waits.")]
    return [
        Section("first", 1, "Tom & Jerry's <b>", "", count=3,
                html=Markup("\n<p>Written <em>here</em></p>")),
        Section("by-template", 2, "Listed", LISTS_TEMPLATE, {"lists": lists}, count=1000,
                count_more=True),
        Section("uncounted", 3, "No count", "", html=Markup("<p>x</p>")),
        Section("second-template", 4, "Again", LISTS_TEMPLATE, {"lists": lists}, count=0),
    ]


def test_the_body_written_in_python_is_the_templates_to_the_byte(app, make_user):
    user = make_user("ana@example.org", display_name="Ana <O'Neil> & co")
    with app.test_request_context("/"):
        sections = _sections()
        before = app.jinja_env.from_string(TEMPLATE).render(
            **_context(app), user=user, sections=sections)
        after = render_template("lms/home/index.html", user=user, sections=sections,
                                parts=home_parts(user, sections))
    assert after == before
    assert "Ana &lt;O&#39;Neil&gt; &amp; co" in after
    assert "Nothing &amp; nobody waits." in after  # the included template's


def test_a_section_without_html_stands_in_the_parts_between_markup(app, make_user):
    user = make_user("ana@example.org")
    with app.test_request_context("/"):
        sections = _sections()
        parts = home_parts(user, sections)
    assert [part for part in parts if isinstance(part, Section)] == [sections[1], sections[3]]
    assert all(isinstance(part, Markup) for part in parts[::2])


def _context(app):
    context: dict = {}
    app.update_template_context(context)
    return context
