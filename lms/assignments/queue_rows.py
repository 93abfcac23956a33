"""The grading queue's table rows and its filter's options, written in one pass: a page shows
fifty rows and a course's assignments, and the template's loops over them (a call for each
moment, language and link, an escape for each value) cost more than the rest of the page."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape
from wtforms import SelectField

from lms.assignments.grading_queries import QueueRow
from lms.assignments.models import SubmissionStatus
from lms.i18n import template_helpers


def queue_rows(rows: list[QueueRow], grade_url: str,
               status_labels: Mapping[SubmissionStatus, str]) -> Markup:
    """Each row of the queue: when it was handed in (and whether late), the trainee, the
    assignment's title linked to its grading page (``grade_url``: the first row's address,
    whose id each row replaces), the attempt and the status."""
    prefix, suffix = (escape(part) for part in grade_url.split("/0/grade", 1))
    # The page's helpers, bound to the reader's language and zone once: asked for them again
    # for each row, Flask-Babel cost more than the row.
    helpers = template_helpers()
    when, lang, _ = helpers["format_when"], helpers["lang_attr"], helpers["_"]
    late = Markup(' <strong class="late">%s</strong>') % _("Late")
    labels = {status: escape(label) for status, label in status_labels.items()}
    written = [
        f"<tr>\n      <td>{escape(when(row.submitted_at))}"
        f"{late if row.is_late else ''}</td>\n"
        f"      <td>{escape(row.trainee)}</td>\n"
        f'      <td><a href="{prefix}/{row.id}/grade{suffix}"'
        f"{lang(row.language)}>{escape(row.title)}</a></td>\n"
        f"      <td>{row.attempt}</td>\n"
        f"      <td>{labels[row.status]}</td>\n    </tr>"
        for row in rows]
    return Markup("\n    ".join(written))  # noqa: S704 - each value is escaped above


def filter_options(field: SelectField) -> Markup:
    """The ``<option>`` elements of one of the queue's filters, the one chosen selected."""
    return Markup("".join(  # noqa: S704 - each value is escaped
        f'<option value="{escape(value)}"{" selected" if selected else ""}>'
        f"{escape(label)}</option>"
        for value, label, selected, _attributes in field.iter_choices()))
