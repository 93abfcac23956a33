"""The grading queue's table rows and its filter, written in one pass: a page shows fifty rows
and a course's assignments, and the template's loops over them (a call for each moment,
language and link, an escape for each value) cost more than the rest of the page; the filter's
WTForms form (made, its labels and options rendered, each lazy text translated on its own) cost
more than its rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from lms.assignments.grading_queries import QueueRow
from lms.assignments.models import SubmissionStatus


def queue_rows(rows: list[QueueRow], grade_url: str,
               status_labels: Mapping[SubmissionStatus, Any],
               helpers: Mapping[str, Any]) -> Markup:
    """Each row of the queue: when it was handed in (and whether late), the trainee, the
    assignment's title linked to its grading page (``grade_url``: the first row's address,
    whose id each row replaces), the attempt and the status (``status_labels``, translated
    here for the statuses shown only: a page of work waiting shows one). ``helpers``: the
    page's (lms.i18n.template_helpers), bound to the reader's language and zone once: asked
    for them again for each row, Flask-Babel cost more than the row."""
    prefix, suffix = (escape(part) for part in grade_url.split("/0/grade", 1))
    when, lang, _ = helpers["format_when"], helpers["lang_attr"], helpers["_"]
    late = Markup(' <strong class="late">%s</strong>') % _("Late")
    # A page's fifty rows share a few assignments, languages and statuses (and often moments):
    # each cell is written once for the page and looked up for the rows that repeat it.
    moments: dict[Any, str] = {}
    titles: dict[tuple[str, str | None], str] = {}
    labels: dict[SubmissionStatus, str] = {}
    languages: dict[str | None, str] = {}
    written = []
    for id_, submitted_at, is_late, attempt, status, trainee, title, language in rows:
        moment = moments.get((submitted_at, is_late))
        if moment is None:
            moment = moments[submitted_at, is_late] = (
                f"{escape(when(submitted_at))}{late if is_late else ''}")
        linked = titles.get((title, language))
        if linked is None:
            attribute = languages.get(language)
            if attribute is None:
                attribute = languages[language] = lang(language)
            linked = titles[title, language] = f"{attribute}>{escape(title)}</a>"
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


def queue_filter(assignments: Iterable[tuple[str, str]], assignment: str | None,
                 status: str, helpers: Mapping[str, Any]) -> Markup:
    """The filter's two fields: the assignment (``assignments``: its (slug, title) pairs,
    "all" first) and the status, the ones asked for (``assignment``, ``status``: the
    address's values) selected, as WTForms wrote them."""
    _ = helpers["_"]
    statuses = [("submitted", _("Waiting for a grade")), ("graded", _("Graded")),
                ("returned", _("Returned for revision")), ("all", _("All"))]
    every_assignment = ("", _("All assignments"))
    assignment_label, status_label = escape(_("Assignment")), escape(_("Status"))
    return Markup(  # noqa: S704 - each value is escaped
        f'  <div><label for="assignment">{assignment_label}</label> '
        f'<select id="assignment" name="assignment">'
        f'{_options([every_assignment, *assignments], assignment)}</select></div>\n'
        f'  <div><label for="status">{status_label}</label> '
        f'<select id="status" name="status">{_options(statuses, status)}</select></div>')


def _options(pairs: Iterable[tuple[str, str]], chosen: str | None) -> str:
    """The ``<option>`` elements of ``pairs`` (value, label), the ``chosen`` one selected."""
    return "".join(
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>'
        f"{escape(label)}</option>" for value, label in pairs)
