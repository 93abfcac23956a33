"""The rows of a round's list for staff, written in Python: twenty-five rows of nine cells
each cost more through the template's calls and look-ups than everything else on the page.
Every value is escaped with markupsafe's ``escape`` as it is written (once a page for those the
rows share): ``Markup``'s own formatting, escaping each value through a helper object, cost as
much again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from lms.grants.models import AWARDED_STATES, ApplicationStatus
from lms.grants.round_lists import ApplicationLine
from lms.home_words import words
from lms.i18n import current_locale, format_money
from lms.links import link_to
from lms.pager_html import pager_html
from lms.pagination import Page
from lms.reviews.staff_pages import RowCells, figure


def round_rows(lines: Sequence[ApplicationLine], currency: str, state_names: Mapping[Any, str],
               country_names: Mapping[str, str]) -> Markup:
    """The table's body rows, each application's title linked to its staff page."""
    _ = words().gettext
    untitled = _("(untitled)")
    # Translated once, filled in for each row.
    reviewed = _("%(done)d of %(asked)d")
    # An id is digits, which need no escaping: the link's escaped head serves every row, built
    # once an app (url_for at each visit cost as much as a row).
    address = str(escape(link_to("lms.grants_staff.application", "application_id")(0)))
    address = address.removesuffix("0")
    # The reader's language looked up once for the page's fifty amounts: format_money asked
    # Flask-Babel for it at each one, which cost more than writing the amount.
    locale = current_locale()
    # A page's rows share a few countries, amounts and tallies of reviews: each is written
    # (and escaped) once a page. Escaping every cell cost a fifth of writing the rows.
    cells = RowCells(state_names, country_names, "", reviewed)
    amounts: dict[int | None, str] = {}

    def money(amount: int | None) -> str:
        written = amounts.get(amount)
        if written is None:
            written = amounts[amount] = escape(format_money(amount, currency, locale))
        return written

    written = []
    for line in lines:
        summary = line.summary
        done = cells.reviewed(summary.count, summary.asked)
        country = cells.country(line.country)
        awarded = money(line.awarded_amount) if line.status in AWARDED_STATES else "—"
        # A figure is digits and a point, or nothing: nothing in it to escape.
        written.append(
            f'<tr>\n  <th scope="row"><a href="{address}{line.id}">'
            f"{escape(line.title or untitled)}</a></th>\n"
            f"  <td>{escape(line.applicant_name)}</td>\n"
            f"  <td>{country}</td>\n"
            f"  <td>{money(line.requested_amount)}</td>\n"
            f"  <td>{cells.states[line.status]}</td>\n"
            f"  <td>{done}</td>\n"
            f"  <td>{figure(summary.average) or '—'}</td>\n"
            f"  <td>{figure(summary.spread) or '—'}</td>\n"
            f"  <td>{awarded}</td>\n</tr>\n")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above


def round_pager(page: Page[Any], round_id: int, status: ApplicationStatus | None) -> Markup:
    """The list's pager (lms.pager_html), each page's link built once an app: the pagination
    macro, with its url_for for each link, cost a twentieth of the page."""
    return pager_html(page, link_to("lms.grants_staff.round", "page", round_id=round_id,
                                    status=status.value if status else None))
