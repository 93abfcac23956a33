"""A call's statistics page's body (staff_statistics.html's content) written in Python: its
three tables' rows and some forty words and figures, each asked of a template helper and
escaped in turn, cost the template half the page (1.1 of 2.4 ms). It writes what the
template and its ``figures_table`` and ``states_section`` (lms/reviews/_staff.html) macros
wrote, to the byte, in the reader's words (lms.home_words: the templates' own helpers)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from lms.admissions.call_page import CallFacts
from lms.admissions.models import ApplicationStatus
from lms.admissions.statistics import CallStatistics, Figures
from lms.home_words import words
from lms.reviews.staff_pages import named_countries


def statistics_body(call: CallFacts, stats: CallStatistics, links: Mapping[str, str],
                    statuses: Iterable[ApplicationStatus],
                    state_names: Mapping[ApplicationStatus, str],
                    gender_label: Callable[[Any], str], heading: str,
                    count_heading: str) -> Markup:
    """The page's content: ``links`` are the call's (lms.admissions.call_rows.call_links),
    ``heading`` its title's line, ``count_heading`` the word for its applications."""
    _ = words().gettext
    # Said outside the f-strings below, where Babel would not find them.
    said = {key: escape(text) for key, text in (
        ("breadcrumb", _("Breadcrumb")), ("calls", _("Calls for applications")),
        ("prose", _("Eligible counts the applications found eligible at screening; selected "
                    "counts those offered a place who have not declined it (selected, or "
                    "place confirmed). Applications anonymized after the retention time still "
                    "count.")),
        ("sent", _("Applications sent")), ("eligible", _("Found eligible")),
        ("selected", _("Selected")), ("drafts", _("Drafts not sent")),
        ("csv", _("Download these figures (CSV)")), ("total", _("Total")),
        ("by_country", _("By country")), ("by_gender", _("By gender")),
        ("optional", _("As the applicants gave it; giving it is optional.")),
        ("by_state", _("Applications by state")), ("state", _("State")),
        ("states_caption", _("Applications sent, by state")),
        ("none_sent", _("No application has been sent yet.")),
        ("not_given", _("not given")),
        ("countries_caption", _("Applications sent, found eligible and selected, by country")),
        ("country", _("Country")),
        ("genders_caption", _("Applications sent, found eligible and selected, by gender")),
        ("gender", _("Gender")),
        ("places", _("%(selected)d of %(capacity)d places", selected=stats.total.selected,
                     capacity=call.capacity)))}
    total = stats.total
    head = (f'<th scope="col">{said["sent"]}</th>\n    <th scope="col">{said["eligible"]}</th>'
            f'<th scope="col">{said["selected"]}</th>')
    foot = (f'\n  </tbody>\n  <tfoot>\n    <tr>\n      <th scope="row">{said["total"]}'
            f"</th>\n      <td>{total.applications}</td><td>{total.eligible}</td>"
            f"<td>{total.selected}</td>\n    </tr>\n  </tfoot>\n</table>\n</div>\n")

    def table(id_: str, caption: str, first_column: str,
              rows: Iterable[tuple[str, Figures]]) -> str:
        # The caption, the column's heading and each label come escaped.
        written = "".join(
            f'\n    <tr>\n      <th scope="row">{label}</th>\n      <td>{figures.applications}'
            f"</td><td>{figures.eligible}</td><td>{figures.selected}</td>\n    </tr>\n  "
            for label, figures in rows)
        return (f'\n<div class="table-scroll" role="region" aria-labelledby="{id_}-caption" '
                f'tabindex="0">\n<table class="data-table matrix">\n  <caption id="{id_}-caption">'
                f'{caption}</caption>\n  <thead><tr>\n    <th scope="col">'
                f"{first_column}</th>{head}\n  </tr></thead>\n  <tbody>\n  {written}{foot}")

    countries = named_countries()
    if stats.by_country:
        by_country = table("countries", said["countries_caption"], said["country"], (
            (escape(countries.get(code, code)) if code else said["not_given"], figures)
            for code, figures in stats.by_country.items()))
    else:
        by_country = f"<p>{said['none_sent']}</p>"
    by_gender = table("genders", said["genders_caption"], said["gender"],
                      ((escape(gender_label(gender)), figures)
                       for gender, figures in stats.by_gender.items()))
    by_state = "".join(f'\n    <tr><th scope="row">{escape(state_names[status])}</th>'
                       f"<td>{stats.by_state.get(status, 0)}</td></tr>\n  "
                       for status in statuses)
    return Markup(  # noqa: S704 - each value is escaped
        f'\n<nav aria-label="{said["breadcrumb"]}" class="breadcrumb">\n'
        f'  <a href="{escape(links["calls"])}">{said["calls"]}</a> ›\n'
        f'  <a href="{escape(links["call"])}">{escape(call.title)}</a>\n</nav>\n'
        f'<h1>{escape(heading)}</h1>\n<p class="prose">{said["prose"]}</p>\n'
        f'<dl class="facts">\n  <dt>{said["sent"]}</dt><dd>{total.applications}</dd>\n'
        f'  <dt>{said["eligible"]}</dt><dd>{total.eligible}</dd>\n'
        f'  <dt>{said["selected"]}</dt><dd>{said["places"]}</dd>\n'
        f'  <dt>{said["drafts"]}</dt><dd>{stats.drafts}</dd>\n</dl>\n'
        f'<p><a href="{escape(links["statistics_csv"])}">{said["csv"]}</a></p>\n\n\n\n\n'
        f'<section aria-labelledby="countries-heading">\n<h2 id="countries-heading">'
        f'{said["by_country"]}</h2>\n\n{by_country}\n\n</section>\n\n'
        f'<section aria-labelledby="genders-heading">\n<h2 id="genders-heading">'
        f'{said["by_gender"]}</h2>\n<p>{said["optional"]}</p>\n{by_gender}\n</section>\n\n\n\n'
        f'<section aria-labelledby="states-heading">\n<h2 id="states-heading">'
        f'{said["by_state"]}</h2>\n'
        f'<div class="table-scroll" role="region" aria-labelledby="states-heading" '
        f'tabindex="0">\n<table class="data-table">\n  <caption class="visually-hidden">'
        f'{said["states_caption"]}</caption>\n'
        f'  <thead><tr><th scope="col">{said["state"]}</th><th scope="col">'
        f"{escape(count_heading)}</th></tr></thead>\n  <tbody>\n  {by_state}"
        f"\n  </tbody>\n</table>\n</div>\n</section>\n\n")
