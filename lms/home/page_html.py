"""The signed-in home's body written in Python (as lms.home_lists writes its lists): the
greeting, each section's panel and heading, and the account links. A staff home shows a dozen
sections, and the template's loop, tests and escapes for each panel cost it more than most
of its sections' queries. A section written by a template of its own (Section.html is None)
is left to the page's template, which includes it as before with the page's context: the
parts are markup to show as it is, or a section whose template the page includes.

It writes what lms/home/templates/lms/home/index.html wrote, to the byte."""

from __future__ import annotations

from markupsafe import Markup, escape

from lms.accounts.models import User
from lms.home_words import words
from lms.homepage import Section
from lms.navigation import fixed_url

#: Where the account links at the end of every home go, in the order of their words below.
_ACCOUNT = ("lms.calendar.index", "lms.accounts.settings", "lms.accounts.change_password")


def home_parts(user: User, sections: list[Section]) -> list[Markup | Section]:
    """The body of ``user``'s home: markup, and between it each section that its template
    writes (to be included where it stands)."""
    _ = words().gettext
    parts: list[Markup | Section] = []
    welcome = escape(_("Welcome, %(name)s", name=user.display_name))
    out = [f"\n<h1>{welcome}</h1>\n\n"]
    for section in sections:
        count = ("" if section.count is None else
                 f' <span class="count">{escape(section.count)}'
                 f'{"+" if section.count_more else ""}</span>')
        out.append(f'\n<section class="panel" aria-labelledby="{escape(section.key)}-heading">'
                   f'\n  <h2 id="{escape(section.key)}-heading">{escape(section.title)}{count}'
                   '</h2>\n  ')
        if section.html is not None:
            out.append(section.html)
        else:
            parts += [Markup("".join(out)), section]  # noqa: S704 - each value escaped
            out = []
        out.append("\n</section>\n")
    labels = (_("Calendar feed"), _("Name, country, language and time zone"),
              _("Change your password"))
    links = "".join(f'\n    <li><a href="{escape(fixed_url(endpoint))}">{escape(label)}</a></li>'
                    for endpoint, label in zip(_ACCOUNT, labels, strict=True))
    out.append('\n\n<section class="panel" aria-labelledby="account-heading">\n'
               f'  <h2 id="account-heading">{escape(_("Your account"))}</h2>\n'
               f'  <ul class="link-list">{links}\n  </ul>\n</section>\n')
    parts.append(Markup("".join(out)))  # noqa: S704 - each value is escaped above
    return parts
