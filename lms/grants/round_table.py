"""The rows of a round's list for staff, written in Python: twenty-five rows of nine cells
each cost more through the template's calls and look-ups than everything else on the page.
Every value goes through markupsafe's ``Markup`` formatting, which escapes it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from lms.grants.models import AWARDED_STATES
from lms.grants.round_lists import ApplicationLine
from lms.i18n import _, format_money
from lms.reviews.staff_pages import figure

_ROW = Markup(
    '<tr>\n'
    '  <th scope="row"><a href="%s%d">%s</a></th>\n'
    '  <td>%s</td>\n'
    '  <td>%s</td>\n'
    '  <td>%s</td>\n'
    '  <td><span class="status status-%s">%s</span></td>\n'
    '  <td>%s</td>\n'
    '  <td>%s</td>\n'
    '  <td>%s</td>\n'
    '  <td>%s</td>\n'
    '</tr>\n')


def round_rows(lines: Sequence[ApplicationLine], currency: str, link: str,
               state_names: Mapping[Any, str], country_names: Mapping[str, str]) -> Markup:
    """The table's body rows; ``link`` is the application page's address but its id."""
    untitled = _("(untitled)")
    # Translated once, filled in for each row.
    reviewed = _("%(done)d of %(asked)d")
    return Markup("").join(_ROW % (
        link, line.id, line.title or untitled, line.applicant_name,
        country_names.get(line.country, line.country) or "",  # type: ignore[arg-type]
        format_money(line.requested_amount, currency), line.status.value,
        state_names[line.status],
        reviewed % {"done": line.summary.count, "asked": line.summary.asked}
        if line.summary.asked or line.summary.count else "—",
        figure(line.summary.average) or "—", figure(line.summary.spread) or "—",
        format_money(line.awarded_amount, currency) if line.status in AWARDED_STATES else "—")
        for line in lines)
