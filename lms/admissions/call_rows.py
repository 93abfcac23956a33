"""The rows of a call's list of applications on its staff page, written in one pass: the
template's loop over them (a call for each name, moment and figure, an escape for each value)
cost more than the rest of the page."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from lms.admissions.models import ApplicationStatus
from lms.admissions.queries import ApplicationLine, CountryPlaces
from lms.i18n import template_helpers
from lms.reviews.staff_pages import figure


def application_rows(lines: list[ApplicationLine], link_prefix: str,
                     state_names: Mapping[ApplicationStatus, str],
                     country_names: Mapping[str, str]) -> Markup:
    """Each application: its name linked to its page (``link_prefix`` and its id), its
    country, its state (with its place on the waiting list), when it was sent, its reviews
    done of those asked with their weighted average, and its interview."""
    # The page's helpers, bound to the reader's language and zone once: asked for them again
    # for each row, Flask-Babel cost more than the row.
    helpers = template_helpers()
    when, _ = helpers["format_when"], helpers["_"]
    anonymized, reviews_done, number = _("(anonymized)"), _("%(done)d of %(asked)d"), \
        _("number %(position)d")
    link = escape(link_prefix)
    states = {status: f'<span class="status status-{escape(status.value)}">{escape(label)}'
              f"</span>" for status, label in state_names.items()}
    # A page's rows share a few countries and a few tallies of reviews: each is written once.
    countries: dict[str | None, str] = {}
    tallies: dict[tuple[int, int], str] = {}
    written = []
    for line in lines:
        summary = line.summary
        place = f" ({escape(number % {'position': line.waitlist_position})})" \
            if line.status == ApplicationStatus.WAITLISTED and line.waitlist_position else ""
        done = "—"
        if summary.asked or summary.count:
            key = (summary.count, summary.asked)
            done = tallies.get(key) or tallies.setdefault(
                key, escape(reviews_done % {"done": summary.count, "asked": summary.asked}))
        country = countries.get(line.country)
        if country is None:
            country = countries[line.country] = escape(
                country_names.get(line.country, line.country) or "—")
        # A figure is digits and a point, or nothing: nothing in it to escape.
        average = figure(summary.average) or "—"
        written.append(
            f'<tr>\n      <th scope="row"><a href="{link}{line.id}">'
            f"{escape(line.full_name or anonymized)}</a></th>\n"
            f"      <td>{country}</td>\n"
            f"      <td>{states[line.status]}{place}</td>\n"
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
    helpers = template_helpers()
    _ = helpers["_"]
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
