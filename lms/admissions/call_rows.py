"""The rows of a call's list of applications on its staff page, written in one pass: the
template's loop over them (a call for each name, moment and figure, an escape for each value)
cost more than the rest of the page."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from lms.admissions.models import ApplicationStatus
from lms.admissions.queries import ApplicationLine
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
    states = {status: escape(label) for status, label in state_names.items()}
    written = []
    for line in lines:
        summary = line.summary
        place = f" ({escape(number % {'position': line.waitlist_position})})" \
            if line.status == ApplicationStatus.WAITLISTED and line.waitlist_position else ""
        done = escape(reviews_done % {"done": summary.count, "asked": summary.asked}) \
            if summary.asked or summary.count else "—"
        interview = when(line.interview_at) or "—"
        written.append(
            f'<tr>\n      <th scope="row"><a href="{link}{line.id}">'
            f"{escape(line.full_name or anonymized)}</a></th>\n"
            f"      <td>{escape(country_names.get(line.country, line.country) or '—')}</td>\n"
            f'      <td><span class="status status-{escape(line.status.value)}">'
            f"{states[line.status]}</span>{place}</td>\n"
            f"      <td>{escape(when(line.submitted_at))}</td>\n"
            f"      <td>{done}</td>\n"
            f"      <td>{escape(figure(summary.average) or '—')}</td>\n"
            f"      <td>{escape(interview)}</td>\n    </tr>")
    return Markup("\n    ".join(written))  # noqa: S704 - each value is escaped above
