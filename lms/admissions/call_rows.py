"""What a call's staff page writes in Python rather than in its template: the rows of its list
of applications and of its figures by country and state, each written in one pass (the
template's loops, a call for each name, moment and figure and an escape for each value, cost
more than the rest of the page), and its fixed words, documents' names and links, kept."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from flask import current_app, request, url_for
from markupsafe import Markup, escape

from lms.admissions.models import ApplicationStatus, DocumentKind
from lms.admissions.queries import ApplicationLine, CountryPlaces
from lms.home_words import words
from lms.i18n import _, current_locale, pgettext
from lms.reviews.staff_pages import RowCells, figure, text_html


def application_rows(lines: list[ApplicationLine], link_prefix: str,
                     state_names: Mapping[ApplicationStatus, str],
                     country_names: Mapping[str, str]) -> Markup:
    """Each application: its name linked to its page (``link_prefix`` and its id), its
    country, its state (with its place on the waiting list), when it was sent, its reviews
    done of those asked with their weighted average, and its interview."""
    # The page's helpers, bound to the reader's language and zone once a request (the page's
    # other parts share them): asked for them again for each row, Flask-Babel cost more than
    # the row.
    said = words()
    when, _ = said.format_when, said.gettext
    anonymized, reviews_done, number = _("(anonymized)"), _("%(done)d of %(asked)d"), \
        _("number %(position)d")
    link = escape(link_prefix)
    cells = RowCells(state_names, country_names, "—", reviews_done)
    written = []
    for line in lines:
        summary = line.summary
        place = f" ({escape(number % {'position': line.waitlist_position})})" \
            if line.status == ApplicationStatus.WAITLISTED and line.waitlist_position else ""
        done = cells.reviewed(summary.count, summary.asked)
        country = cells.country(line.country)
        # A figure is digits and a point, or nothing: nothing in it to escape.
        average = figure(summary.average) or "—"
        written.append(
            f'<tr>\n      <th scope="row"><a href="{link}{line.id}">'
            f"{escape(line.full_name or anonymized)}</a></th>\n"
            f"      <td>{country}</td>\n"
            f"      <td>{cells.states[line.status]}{place}</td>\n"
            f"      <td>{escape(when(line.submitted_at))}</td>\n"
            f"      <td>{done}</td>\n"
            f"      <td>{average}</td>\n"
            f"      <td>{escape(when(line.interview_at) or '—')}</td>\n    </tr>")
    return Markup("\n    ".join(written))  # noqa: S704 - each value is escaped above


def figure_parts(countries: list[CountryPlaces], counts: Mapping[ApplicationStatus, int],
                 filter_statuses: list[ApplicationStatus], status: ApplicationStatus | None,
                 country: str | None, quota: int | None,
                 state_names: Mapping[ApplicationStatus, str],
                 country_names: Mapping[str, str]) -> dict[str, Markup]:
    """The page's figures by country and state, written in Python as the template's loops
    wrote them (the same bytes): the places table's rows (``country_rows``), the states'
    counts (``state_counts``), and the filter's choices of state and country
    (``state_options``, ``country_options``). A few dozen values, but the loops' calls and
    escapes cost as much as the list's rows."""
    _ = words().gettext
    full, not_given = escape(_("full")), escape(_("not given"))
    names = {row.country: escape(country_names.get(row.country, row.country))
             for row in countries}
    states = {each: escape(state_names[each]) for each in filter_statuses}
    rows = []
    for row in countries:
        quota_cell = ""
        if quota:
            filled = escape(_("%(taken)d of %(quota)d", taken=row.taken, quota=quota))
            mark = f" <strong>({full})</strong>" if row.taken >= quota else ""
            quota_cell = f"<td>{filled}{mark}</td>"
        rows.append(f'\n    <tr>\n      <th scope="row">{names[row.country] or not_given}</th>'
                    f"\n      <td>{row.applications}</td>\n      <td>{row.taken}</td>"
                    f"\n      {quota_cell}\n    </tr>\n  ")
    state_counts = "; ".join(f"{states[each]}: {counts[each]}" for each in filter_statuses) \
        or escape(_("None sent yet."))
    state_options = "".join(
        f'<option value="{escape(each.value)}"{" selected" if each == status else ""}>'
        f"{states[each]} ({counts[each]})</option>" for each in filter_statuses)
    country_options = "".join(
        f'<option value="{escape(row.country)}"{" selected" if row.country == country else ""}>'
        f"{names[row.country]} ({row.applications})</option>" for row in countries if row.country)
    # Each value is escaped above.
    return {"country_rows": Markup("".join(rows)),  # noqa: S704
            "state_counts": Markup(state_counts),  # noqa: S704
            "state_options": Markup(state_options),  # noqa: S704
            "country_options": Markup(country_options)}  # noqa: S704


def page_words() -> Mapping[str, Markup]:
    """The page's fixed words in the reader's language (``texts``, by their message, a
    particular one's prefixed with its context and "|"), escaped: asked of the template's
    helpers one by one, forty of them cost as much as a row of the list. Kept per language,
    as the translations do not change while the app runs."""
    return _page_words(current_locale())


@functools.lru_cache(maxsize=16)
def _page_words(locale: str) -> Mapping[str, Markup]:
    # ``locale`` is the key only: the words are translated in the request's own language.
    words = {
        "Breadcrumb": _("Breadcrumb"),
        "Calls for applications": _("Calls for applications"),
        "Cohort": _("Cohort"),
        "admissions|Applications open": pgettext("admissions", "Applications open"),
        "open now": _("open now"),
        "Participants from": _("Participants from"),
        "Places given": _("Places given"),
        "Most places for one country": _("Most places for one country"),
        "no limit": _("no limit"),
        "Applications sent": _("Applications sent"),
        "Being written": _("Being written"),
        "Statistics": _("Statistics"),
        "Change the call": _("Change the call"),
        "The call as applicants read it": _("The call as applicants read it"),
        "Fewest years in social welfare": _("Fewest years in social welfare"),
        "Working language required": _("Working language required"),
        "none": _("none"),
        "Documents every applicant sends": _("Documents every applicant sends"),
        "Days to confirm a place": _("Days to confirm a place"),
        "Days unsuccessful applications are kept": _("Days unsuccessful applications are kept"),
        "Places by country": _("Places by country"),
        "Applications sent and places given, by country":
            _("Applications sent and places given, by country"),
        "Country": _("Country"),
        "Quota": _("Quota"),
        "No application has been sent yet.": _("No application has been sent yet."),
        "admissions|Applications": pgettext("admissions", "Applications"),
        "Filter the applications": _("Filter the applications"),
        "State": _("State"),
        "All": _("All"),
        "Show": _("Show"),
        "Name": _("Name"),
        "Sent": _("Sent"),
        "Reviews": _("Reviews"),
        "Weighted average (0–5)": _("Weighted average (0–5)"),
        "Interview": _("Interview"),
        "No application matches.": _("No application matches."),
        "No application has been sent to this call yet.":
            _("No application has been sent to this call yet."),
    }
    return MappingProxyType({key: escape(word) for key, word in words.items()})


def document_names(kinds: list[DocumentKind], labels: Mapping[DocumentKind, Any]) -> Markup:
    """The documents a call asks for, named in the reader's language and parted by "; ", as
    the template's loop wrote them ("none" for none). ``labels`` is the domain's constant
    mapping (lms.admissions.services.DOCUMENT_LABELS) of lazy translations, each of which
    Flask-Babel looked up afresh: the names are kept per language and list of kinds."""
    key = (current_locale(), tuple(kinds))
    names = _DOCUMENT_NAMES.get(key)
    if names is None:
        if len(_DOCUMENT_NAMES) >= _DOCUMENT_NAMES_KEPT:
            _DOCUMENT_NAMES.clear()
        names = _DOCUMENT_NAMES[key] = Markup("; ".join(  # noqa: S704 - each is escaped
            str(escape(labels[kind])) for kind in kinds)) if kinds else page_words()["none"]
    return names


#: The lists of documents calls ask for are few; more are dropped and named again.
_DOCUMENT_NAMES_KEPT = 256
_DOCUMENT_NAMES: dict[tuple[str, tuple[DocumentKind, ...]], Markup] = {}


def text_block(text: str | None) -> Markup:
    """What the ``text_block`` macro (lms/templates/lms/macros/widgets.html) wrote of a text
    people wrote, to the byte: lms.reviews.staff_pages.text_html's paragraphs, each after a
    newline as the macro's loop wrote them. Its loop over each line cost a fiftieth of the
    call's page."""
    # An escaped text has no "<p" of its own: each is the start of a paragraph.
    paragraphs = str(text_html(text)).replace("<p", "\n<p")
    return Markup(f"\n\n{paragraphs}\n")  # noqa: S704 - text_html escaped the text


#: Stands for the call's id while the links are built; no real id comes near it.
_MARK = 987_654_321_987_654_321


def call_links(call_id: int) -> dict[str, str]:
    """The call's pages' links: the calls' list (``calls``), the call's own page, statistics
    (also as CSV) and form (``call``, ``statistics``, ``statistics_csv``, ``edit``), and the
    start of each application's (``application``, its id to follow). Built from the URL map
    once for the app and where it is mounted, with a mark where the call's id goes, and kept
    with the frame's: url_for for each cost more than a row of the list."""
    key = ("admissions_call_links", request.script_root)
    kept = current_app.extensions["lms"].fixed_urls
    links = kept.get(key)
    if links is None:
        links = kept[key] = {
            "calls": url_for("lms.admissions_staff.calls"),
            "call": url_for("lms.admissions_staff.call", call_id=_MARK),
            "statistics": url_for("lms.admissions_staff.statistics", call_id=_MARK),
            "statistics_csv": url_for("lms.admissions_staff.statistics_csv", call_id=_MARK),
            "edit": url_for("lms.admissions_staff.edit_call", call_id=_MARK),
            "application": url_for("lms.admissions_staff.application",
                                   application_id=0).removesuffix("0"),
        }
    mark, own = str(_MARK), str(call_id)
    return {name: link.replace(mark, own) for name, link in links.items()}
