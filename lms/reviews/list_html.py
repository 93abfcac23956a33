"""The rows of a committee member's list of reviews (lms.reviews.member_lists.my_assignments)
and its pager, written in Python: the same bytes as the loop of ``my_reviews`` in
lms/reviews/_lists.html and the ``pager`` macro wrote, which it calls in their place. A page
holds fifty rows, and the loop's lookup of each attribute, escape of each value and call of
each translation cost more than reading them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from lms.home_words import words
from lms.links import link_to
from lms.pager_html import pager_html as pages_pager_html
from lms.pagination import Page

if TYPE_CHECKING:
    from lms.reviews.member_lists import AssignmentRow


def assignment_rows_html(rows: Iterable[AssignmentRow], review_endpoint: str,
                         country_names: Mapping[str, str], untitled: str) -> Markup:
    """The table rows of ``rows``, each title linked to its review page (``review_endpoint``
    with the assignment's id); a country by its name in ``country_names``, an untitled
    subject as ``untitled``."""
    said = words()
    _, when, day = said.gettext, said.format_when, said.format_day
    # An id is digits, which need no escaping: the link's escaped head serves every row.
    link = str(escape(link_to(review_endpoint, "assignment_id")(0))).removesuffix("0")
    # The three states of the member's review read the same on every row.
    submitted = f'<span class="status status-active">{escape(_("submitted"))}</span>'
    draft = str(escape(_("draft")))
    not_started = f'<strong>{escape(_("not started"))}</strong>'
    untitled = escape(untitled)
    # A page's rows are of a round or two, from a few countries: each written once.
    groups: dict[str, str] = {}
    countries: dict[str | None, str] = {}
    written: list[str] = []
    for row in rows:
        group = groups.get(row.group_title)
        if group is None:
            group = groups[row.group_title] = escape(row.group_title)
        country = countries.get(row.country)
        if country is None:
            country = countries[row.country] = escape(
                country_names.get(row.country, row.country) or "—")  # type: ignore[arg-type]
        if row.review_submitted:
            due = escape(day(row.due.day) or "—")
            state = submitted
        else:
            due = row.due.words
            state = draft if row.review_started else not_started
        written.append(
            f'\n    <tr>\n      <th scope="row"><a href="{link}{row.assignment_id}">'
            f"{escape(row.title) if row.title else untitled}</a></th>\n"
            f"      <td>{group}</td>\n      <td>{country}</td>\n"
            f"      <td>{escape(when(row.assigned_at))}</td>\n"
            f"      <td>{due}</td>\n      <td>{state}</td>\n    </tr>\n  ")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above


def pager_html(page: Page[Any], endpoint: str, show: str | None) -> Markup:
    """The pager of the member's list (lms.pager_html), each page's link built once an app:
    through url_for, a link cost as much as the rest of the pager."""
    return pages_pager_html(page, link_to(endpoint, "page", show=show))

