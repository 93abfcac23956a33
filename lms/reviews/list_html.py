"""The rows of a committee member's list of reviews (lms.reviews.member_lists.my_assignments),
written in Python: the same bytes as the loop of ``my_reviews`` in lms/reviews/_lists.html
wrote, which calls this in its place. A page holds fifty rows, and the loop's lookup of each
attribute, escape of each value and call of each translation cost more than reading them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.home_words import words

if TYPE_CHECKING:
    from lms.reviews.member_lists import AssignmentRow


def assignment_rows_html(rows: Iterable[AssignmentRow], review_link: str,
                         country_names: Mapping[str, str], untitled: str) -> Markup:
    """The table rows of ``rows``, each title linked to ``review_link`` followed by its
    assignment's id; a country by its name in ``country_names``, an untitled subject as
    ``untitled``."""
    said = words()
    _, when, day = said.gettext, said.format_when, said.format_day
    # The three states of the member's review read the same on every row.
    submitted = f'<span class="status status-active">{escape(_("submitted"))}</span>'
    draft = str(escape(_("draft")))
    not_started = f'<strong>{escape(_("not started"))}</strong>'
    link = escape(review_link)
    untitled = escape(untitled)
    written: list[str] = []
    for row in rows:
        country = row.country
        if row.review_submitted:
            due = escape(day(row.due.day) or "—")
            state = submitted
        else:
            due = row.due.words
            state = draft if row.review_started else not_started
        written.append(
            f'\n    <tr>\n      <th scope="row"><a href="{link}{row.assignment_id}">'
            f"{escape(row.title) if row.title else untitled}</a></th>\n"
            f"      <td>{escape(row.group_title)}</td>\n"
            f"      <td>{escape(country_names.get(country, country) or '—')}</td>\n"
            f"      <td>{escape(when(row.assigned_at))}</td>\n"
            f"      <td>{due}</td>\n      <td>{state}</td>\n    </tr>\n  ")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
