"""The grading queue's table rows and its filter's options, written in one pass: a page shows
fifty rows and a course's assignments, and the template's loops over them (a call for each
moment, language and link, an escape for each value) cost more than the rest of the page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape
from wtforms import SelectField

from lms.assignments.grading_queries import QueueRow
from lms.assignments.models import SubmissionStatus
from lms.i18n import template_helpers


def queue_rows(rows: list[QueueRow], grade_url: str,
               status_labels: Mapping[SubmissionStatus, Any]) -> Markup:
    """Each row of the queue: when it was handed in (and whether late), the trainee, the
    assignment's title linked to its grading page (``grade_url``: the first row's address,
    whose id each row replaces), the attempt and the status (``status_labels``, translated
    here for the statuses shown only: a page of work waiting shows one)."""
    prefix, suffix = (escape(part) for part in grade_url.split("/0/grade", 1))
    # The page's helpers, bound to the reader's language and zone once: asked for them again
    # for each row, Flask-Babel cost more than the row.
    helpers = template_helpers()
    when, lang, _ = helpers["format_when"], helpers["lang_attr"], helpers["_"]
    late = Markup(' <strong class="late">%s</strong>') % _("Late")
    # A page's fifty rows share a few assignments, languages and statuses (and often moments):
    # each cell is written once for the page and looked up for the rows that repeat it.
    moments: dict[Any, str] = {}
    titles: dict[tuple[str, str | None], str] = {}
    labels: dict[SubmissionStatus, str] = {}
    written = []
    for id_, submitted_at, is_late, attempt, status, trainee, title, language in rows:
        moment = moments.get((submitted_at, is_late))
        if moment is None:
            moment = moments[submitted_at, is_late] = (
                f"{escape(when(submitted_at))}{late if is_late else ''}")
        linked = titles.get((title, language))
        if linked is None:
            linked = titles[title, language] = f"{lang(language)}>{escape(title)}</a>"
        label = labels.get(status)
        if label is None:
            label = labels[status] = escape(str(status_labels[status]))
        written.append(
            f"<tr>\n      <td>{moment}</td>\n"
            f"      <td>{escape(trainee)}</td>\n"
            f'      <td><a href="{prefix}/{id_}/grade{suffix}"{linked}</td>\n'
            f"      <td>{attempt}</td>\n"
            f"      <td>{label}</td>\n    </tr>")
    return Markup("\n    ".join(written))  # noqa: S704 - each value is escaped above


def filter_options(field: SelectField) -> Markup:
    """The ``<option>`` elements of one of the queue's filters, the one chosen selected."""
    return Markup("".join(  # noqa: S704 - each value is escaped
        f'<option value="{escape(value)}"{" selected" if selected else ""}>'
        f"{escape(label)}</option>"
        for value, label, selected, _attributes in field.iter_choices()))


def chosen_options(pairs: Iterable[tuple[str, str]], chosen: str | None) -> Markup:
    """The options of the assignment filter, from the (slug, title) pairs, the ``chosen``
    one (the field's data) selected, as filter_options writes them: made into WTForms
    choices and iterated back, a course's forty assignments cost more than the rows."""
    return Markup("".join(  # noqa: S704 - each value is escaped
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>'
        f"{escape(label)}</option>" for value, label in pairs))
