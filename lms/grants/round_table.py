"""The rows of a round's list for staff, written in Python: twenty-five rows of nine cells
each cost more through the template's calls and look-ups than everything else on the page.
Every value is escaped with markupsafe's ``escape`` as it is written: ``Markup``'s own
formatting, escaping each value through a helper object, cost as much again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from lms.grants.models import AWARDED_STATES, ApplicationStatus
from lms.grants.round_lists import ApplicationLine
from lms.i18n import _, current_locale, format_money
from lms.links import link_to
from lms.pager_html import pager_html
from lms.pagination import Page
from lms.reviews.staff_pages import figure


def round_rows(lines: Sequence[ApplicationLine], currency: str, link: str,
               state_names: Mapping[Any, str], country_names: Mapping[str, str]) -> Markup:
    """The table's body rows; ``link`` is the application page's address but its id."""
    untitled = _("(untitled)")
    # Translated once, filled in for each row.
    reviewed = _("%(done)d of %(asked)d")
    address = escape(link)
    # The reader's language looked up once for the page's fifty amounts: format_money asked
    # Flask-Babel for it at each one, which cost more than writing the amount.
    locale = current_locale()
    states = {status: escape(name) for status, name in state_names.items()}
    written = []
    for line in lines:
        summary = line.summary
        done = reviewed % {"done": summary.count, "asked": summary.asked} \
            if summary.asked or summary.count else "—"
        country = country_names.get(line.country, line.country)  # type: ignore[arg-type]
        awarded = format_money(line.awarded_amount, currency, locale) \
            if line.status in AWARDED_STATES else "—"
        written.append(
            f'<tr>\n  <th scope="row"><a href="{address}{line.id}">'
            f"{escape(line.title or untitled)}</a></th>\n"
            f"  <td>{escape(line.applicant_name)}</td>\n"
            f"  <td>{escape(country or '')}</td>\n"
            f"  <td>{escape(format_money(line.requested_amount, currency, locale))}</td>\n"
            f'  <td><span class="status status-{escape(line.status.value)}">'
            f"{states[line.status]}</span></td>\n"
            f"  <td>{escape(done)}</td>\n"
            f"  <td>{escape(figure(summary.average) or '—')}</td>\n"
            f"  <td>{escape(figure(summary.spread) or '—')}</td>\n"
            f"  <td>{escape(awarded)}</td>\n</tr>\n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above


def round_pager(page: Page[Any], round_id: int, status: ApplicationStatus | None) -> Markup:
    """The list's pager (lms.pager_html), each page's link built once an app: the pagination
    macro, with its url_for for each link, cost a twentieth of the page."""
    return pager_html(page, link_to("lms.grants_staff.round", "page", round_id=round_id,
                                    status=status.value if status else None))
