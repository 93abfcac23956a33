"""A call's staff page's body (staff_call.html's content) written in Python, around the rows,
figures, words and links lms.admissions.call_rows writes: the template's sixty lookups, calls
and escapes cost a seventh of the page once its loops were written in Python. It writes what
the template wrote, to the byte, in the reader's words (lms.home_words: the templates' own
helpers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from markupsafe import Markup, escape

from lms.admissions import services
from lms.admissions.call_page import CallFacts
from lms.admissions.call_rows import (
    application_rows,
    call_links,
    document_names,
    figure_parts,
    page_words,
    text_block,
)
from lms.admissions.models import ApplicationStatus
from lms.admissions.queries import ApplicationLine, CallOverview
from lms.home_words import words
from lms.i18n import country_name, language_name
from lms.links import link_to
from lms.markdown import render_kept
from lms.names import localized_name
from lms.pager_html import pager_html
from lms.pagination import Page


def call_body(call: CallFacts, overview: CallOverview, page: Page[ApplicationLine],
              status: ApplicationStatus | None, country: str | None,
              filter_statuses: list[ApplicationStatus], now: dt.datetime,
              state_names: Mapping[ApplicationStatus, str],
              country_names: Mapping[str, str]) -> Markup:
    """The page's content: the call's facts and figures, its places by country and page
    ``page`` of its sent applications (of one ``status``, one quota ``country`` if given)."""
    said = words()
    _, when = said.gettext, said.format_when
    texts = page_words()
    addresses = call_links(call.id)
    links = {name: escape(link) for name, link in addresses.items()}
    figures = overview.figures
    parts = figure_parts(overview.countries, figures.counts, filter_statuses, status, country,
                         call.country_quota, state_names, country_names)
    # Said outside the f-strings below, where Babel would not find them.
    places = _("%(taken)d of %(capacity)d", taken=figures.places_taken, capacity=call.capacity)
    drafts = said.ngettext("%(num)d draft not yet sent (only its author sees it)",
                           "%(num)d drafts not yet sent (only their authors see them)",
                           figures.drafts)
    if call.required_language:
        level = services.LEVEL_LABELS[call.required_language_level]  # type: ignore[index]
        language = escape(_("%(language)s: %(level)s",
                            language=language_name(call.required_language), level=level))
    else:
        language = texts["none"]
    side = (f'\n  <dt>{texts["Participants from"]}</dt><dd>'
            f"{escape(country_name(call.side_country))}</dd>\n  " if call.side_country else "")
    open_now = f' ({texts["open now"]})' if call.is_open_at(now) else ""
    out = [
        f'\n<nav aria-label="{texts["Breadcrumb"]}" class="breadcrumb">\n  <a href="'
        f'{links["calls"]}">{texts["Calls for applications"]}</a>\n</nav>\n<h1>'
        f'{escape(call.title)}</h1>\n<dl class="facts">\n  <dt>{texts["Cohort"]}</dt><dd>'
        f"{escape(localized_name(call.cohort))} ({escape(localized_name(call.cohort.program))})"
        f'</dd>\n  <dt>{texts["admissions|Applications open"]}</dt><dd>'
        f"{escape(when(call.opens_at))} – {escape(when(call.closes_at))}{open_now}</dd>\n  "
        f'{side}\n  <dt>{texts["Places given"]}</dt><dd>{escape(places)}</dd>\n'
        f'  <dt>{texts["Most places for one country"]}</dt><dd>'
        f'{call.country_quota if call.country_quota else texts["no limit"]}</dd>\n'
        f'  <dt>{texts["Applications sent"]}</dt><dd>{figures.sent}</dd>\n'
        f'  <dt>{texts["Being written"]}</dt><dd>{escape(drafts)}</dd>\n</dl>\n'
        f'<ul class="action-list">\n  <li><a href="{links["statistics"]}">'
        f'{texts["Statistics"]}</a></li>\n  <li><a href="{links["edit"]}">'
        f'{texts["Change the call"]}</a></li>\n</ul>\n\n<details class="panel">\n  <summary>'
        f'{texts["The call as applicants read it"]}</summary>\n  <dl class="facts">\n    <dt>'
        f'{texts["Fewest years in social welfare"]}</dt><dd>{call.min_years_in_welfare}</dd>\n'
        f'    <dt>{texts["Working language required"]}</dt><dd>{language}</dd>\n'
        f'    <dt>{texts["Documents every applicant sends"]}</dt><dd>'
        f"{document_names(call.required_document_kinds, services.DOCUMENT_LABELS)}</dd>\n"
        f'    <dt>{texts["Days to confirm a place"]}</dt><dd>{call.reply_days}</dd>\n'
        f'    <dt>{texts["Days unsuccessful applications are kept"]}</dt><dd>'
        f"{call.keep_unsuccessful_days}</dd>\n  </dl>\n"
        f'  <div class="prose">{text_block(call.eligibility)}</div>\n'
        f'  <div class="prose">{render_kept(call.guidance)}</div>\n</details>\n\n'
        f'<section aria-labelledby="places-heading">\n<h2 id="places-heading">'
        f'{texts["Places by country"]}</h2>\n']
    if overview.countries:
        quota = f'<th scope="col">{texts["Quota"]}</th>' if call.country_quota else ""
        out.append(
            '\n<div class="table-scroll" role="region" aria-labelledby="places-caption" '
            'tabindex="0">\n<table class="data-table">\n  <caption id="places-caption" '
            f'class="visually-hidden">{texts["Applications sent and places given, by country"]}'
            f'</caption>\n  <thead><tr>\n    <th scope="col">{texts["Country"]}</th>'
            f'<th scope="col">{texts["Applications sent"]}</th>\n    <th scope="col">'
            f'{texts["Places given"]}</th>{quota}\n  </tr></thead>\n  <tbody>\n  '
            f'{parts["country_rows"]}\n  </tbody>\n</table>\n</div>\n')
    else:
        out.append(f'\n<p>{texts["No application has been sent yet."]}</p>\n')
    heading = texts["admissions|Applications"]
    if status:
        heading += f": {escape(state_names[status])}"
    if country:
        heading += f" ({escape(country_names.get(country, country))})"
    out.append(f'\n</section>\n\n<section aria-labelledby="applications-heading">\n'
               f'<h2 id="applications-heading">{heading}</h2>\n<p>{parts["state_counts"]}</p>\n')
    if filter_statuses:
        out.append(
            f'\n<form method="get" class="filter-fields" role="search" aria-label="'
            f'{texts["Filter the applications"]}">\n  <div>\n    <label for="filter-status">'
            f'{texts["State"]}</label>\n    <select id="filter-status" name="status">\n'
            f'      <option value="">{texts["All"]}</option>\n      {parts["state_options"]}'
            f'\n    </select>\n  </div>\n  <div>\n    <label for="filter-country">'
            f'{texts["Country"]}</label>\n    <select id="filter-country" name="country">\n'
            f'      <option value="">{texts["All"]}</option>\n      {parts["country_options"]}'
            f'\n    </select>\n  </div>\n  <button type="submit" class="button-secondary">'
            f'{texts["Show"]}</button>\n</form>\n')
    out.append("\n")
    if page.items:
        rows = application_rows(page.items, addresses["application"], state_names,
                                country_names)
        pager = pager_html(page, link_to("lms.admissions_staff.call", "page", call_id=call.id,
                                         status=status.value if status else None,
                                         country=country))
        out.append(
            '\n<div class="table-scroll" role="region" aria-labelledby="applications-caption" '
            'tabindex="0">\n<table class="data-table">\n  <caption id="applications-caption" '
            f'class="visually-hidden">{texts["Applications sent"]}</caption>\n  <thead><tr>\n'
            f'    <th scope="col">{texts["Name"]}</th><th scope="col">{texts["Country"]}</th>\n'
            f'    <th scope="col">{texts["State"]}</th><th scope="col">{texts["Sent"]}</th>\n'
            f'    <th scope="col">{texts["Reviews"]}</th><th scope="col">'
            f'{texts["Weighted average (0–5)"]}</th>\n    <th scope="col">{texts["Interview"]}'
            f"</th>\n  </tr></thead>\n  <tbody>\n    {rows}\n  </tbody>\n</table>\n</div>\n"
            f"{pager}\n")
    elif status or country:
        out.append(f'\n<p>{texts["No application matches."]}</p>\n')
    else:
        out.append(f'\n<p>{texts["No application has been sent to this call yet."]}</p>\n')
    out.append("\n</section>\n")
    return Markup("".join(out))  # noqa: S704 - each value is escaped above
