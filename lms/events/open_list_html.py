"""The seminars still to come on a home, written in Python: every home of a trainee or an
alumna lists them, and the template's macro, with a link and two days for each, cost the home
more than reading them. The same bytes as the macro (lms/events/_open_list.html) writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.home_words import words
from lms.i18n import current_locale
from lms.links import link_to
from lms.names import in_language

if TYPE_CHECKING:  # the home's seminars are written with this module
    from lms.events.home_sections import ShownSeminar


def open_list_html(seminars: list[ShownSeminar]) -> Markup:
    """Each seminar's line: its name leading to it, its days, and where the person stands."""
    said = words()
    _, day = said.gettext, said.format_day
    locale = current_locale()
    link = link_to("lms.events.show", "cohort_id")
    written = ['\n<ul class="link-list">\n  ']
    for shown in seminars:
        cohort = shown.cohort
        if shown.is_registered:
            standing = _("you are registered")
        elif shown.registration_open:
            standing = _("registration open")
        else:
            standing = _("registration closed")
        dates = _("%(start)s to %(end)s", start=day(cohort.starts_on), end=day(cohort.ends_on))
        written.append(
            f'\n  <li><a href="{escape(link(cohort.id))}">'
            f"{escape(in_language(cohort.name, cohort.name_ja, locale))}</a>,\n"
            f"    {escape(dates)}:\n    {escape(standing)}</li>\n  ")
    written.append("\n</ul>\n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
