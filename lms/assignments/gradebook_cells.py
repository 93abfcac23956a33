"""The gradebook's cells of scores, written in Python for a page of trainees.

A page has hundreds of cells, each a link to the attempt whose text names the trainee and the
assignment for a screen reader (which otherwise hears only "10" a hundred times). A template's
loop, escaping and formatting each of them cost more than the rest of the page, so what the
cells share (the link's prefix, the statuses' and "late" words, each title escaped) is made
once for the page and a row is joined from it."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from lms.assignments.gradebook_queries import Gradebook, passed_required, required_of
from lms.assignments.models import SubmissionStatus
from lms.assignments.queries import LatestAttempt
from lms.curriculum.models import Item


class ScoreCells:
    """The cells of the ``shown`` assignments for each row of one page."""

    def __init__(self, shown: list[Item], grade_link: str,
                 status_labels: Mapping[SubmissionStatus, str], cell_words: str,
                 late_label: str) -> None:
        """``grade_link``: the address of an attempt's grading page before its id;
        ``cell_words``: the translated "%(trainee)s, %(assignment)s"; all as plain text."""
        self.shown = [(item.id, str(escape(item.title))) for item in shown]
        self.link = str(escape(grade_link))
        self.labels = {status: str(escape(label)) for status, label in status_labels.items()}
        self.words = str(escape(cell_words))
        self.late = f' <span class="late">{escape(late_label)}</span>'

    def row(self, name: str, latest: Mapping[int, LatestAttempt]) -> Markup:
        """Her row's cells: a link to her latest attempt at each assignment, or a dash."""
        trainee = str(escape(name))
        cells = []
        for item_id, title in self.shown:
            attempt = latest.get(item_id)
            if attempt is None:
                cells.append("<td>—</td>")
                continue
            shown = attempt.points if attempt.scored else self.labels[attempt.status]
            words = self.words % {"trainee": trainee, "assignment": title}
            late = self.late if attempt.is_late else ""
            cells.append(f'<td><a href="{self.link}{attempt.id}/grade">{shown}<span '
                         f'class="visually-hidden">: {words}</span></a>{late}</td>')
        return Markup("".join(cells))  # noqa: S704 - every value above is escaped

    def rows(self, book: Gradebook, grades_link: str, yes: str, not_yet: str, no: str
             ) -> Markup:
        """Each trainee's row: her name leading to her grades (``grades_link``: their start,
        which her id and "/grades" follow), her cells, her total and whether she passed every
        required assignment (``not_yet`` rather than ``no`` while the cohort runs)."""
        required, pass_mark = required_of(book.assignments), book.pass_mark
        link = escape(grades_link)
        yes, not_passed = escape(yes), escape(not_yet if book.still_running else no)
        written = []
        for row in book.page.items:
            name = row.enrollment.user.display_name
            passed = yes if passed_required(required, row.latest, pass_mark) else not_passed
            written.append(
                f'\n    \n    <tr><th scope="row"><a href="{link}{row.enrollment.id}/grades">'
                f"{escape(name)}</a></th>{self.row(name, row.latest)}<td>{row.total()}</td>"
                f"<td>{passed}</td></tr>\n  ")
        return Markup("".join(written))  # noqa: S704 - every value above is escaped
