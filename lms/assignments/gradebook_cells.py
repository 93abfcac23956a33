"""The gradebook's cells of scores, written in Python for a page of trainees.

A page has hundreds of cells, each a link to the attempt whose text names the trainee and the
assignment for a screen reader (which otherwise hears only "10" a hundred times). A template's
loop, escaping and formatting each of them cost more than the rest of the page, so what the
cells share (the link's prefix, the statuses' and "late" words, each title escaped) is made
once, kept with the course for each module and language (gradebook_views), and a row is
joined from it.

A row is read from her attempts as her work summary packs them (lms.assignments.summary:
``[item id, attempt id, status, late, points, grade returned]`` each), not made into
LatestAttempt tuples first: making forty of them a trainee cost more than writing her row.
What counts is what LatestAttempt says (``scored``: points given and not sent back), and
whether she passed is services.reaches_pass_mark's rule, as the CSV export reads them."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote_plus

from markupsafe import Markup, escape

from lms.assignments.gradebook_queries import Gradebook, PagedTrainee, required_of
from lms.assignments.models import SubmissionStatus
from lms.assignments.services import reaches_pass_mark
from lms.assignments.summary import handed_in_rows
from lms.curriculum.models import Item, Module


@functools.lru_cache(maxsize=128)
def attempts_of(packed: str | None) -> tuple[Mapping[int, list[Any]], int]:
    """Her packed attempts by item id, and the points that count (graded and not sent back:
    LatestAttempt.scored), from her work as stored. A function of the text alone, kept for the
    last 128 texts read (some ten kilobytes each once read, in every worker: a few pages'
    worth, as workers are held to 128 MiB): her work changes seldom between two
    visits of her page, and reading its JSON cost more than the rest of her row. What it gives
    is shared: read it, never change it."""
    handed_in = handed_in_rows(packed)[0]
    return ({attempt[0]: attempt for attempt in handed_in},
            sum([attempt[4] for attempt in handed_in
                 if attempt[4] is not None and not attempt[5]]))


#: Stands for the trainee's name while a cell's words are made for the page; no escaped name
#: or title holds it.
_NAME_MARK = "\x00trainee\x00"


class ScoreCells:
    """The cells of the ``shown`` assignments for each row of one page, and the page's other
    lists of them: the columns' headings and the choice of a module."""

    def __init__(self, shown: list[Item], grade_link: str,
                 status_labels: Mapping[SubmissionStatus, str], cell_words: str,
                 late_label: str, lang: Callable[[str | None], Markup],
                 course_lang: str | None) -> None:
        """``grade_link``: the address of an attempt's grading page before its id;
        ``cell_words``: the translated "%(trainee)s, %(assignment)s"; all as plain text.
        ``lang``: the ``lang`` attribute of a text in a language (i18n.lang_attr on the page's
        locale); ``course_lang``: the course's language, of the texts that say none."""
        self.lang, self.course_lang = lang, course_lang
        self.shown = [(item.id, self._words(str(escape(cell_words)), str(escape(item.title))))
                      for item in shown]
        self.header = Markup("".join([  # noqa: S704 - every value is escaped
            f'<th scope="col"{self.lang(item.shown_language or course_lang)}>'
            f"{escape(item.title)}</th>" for item in shown]))
        self.link = str(escape(grade_link))
        # By the status's stored value, as the summary packs it.
        self.labels = {status.value: str(escape(label))
                       for status, label in status_labels.items()}
        self.late = f' <span class="late">{escape(late_label)}</span>'

    @staticmethod
    def _words(cell_words: str, title: str) -> tuple[str, ...]:
        """A cell's words about the assignment ``title`` made once for the page, in the pieces
        its trainee's name joins: formatting them for each cell cost more than the cell."""
        return tuple((cell_words % {"trainee": _NAME_MARK, "assignment": title}
                      ).split(_NAME_MARK))

    def module_links(self, modules: list[Module], chosen: Module | None, link: str) -> Markup:
        """The choice of each module's assignments (``link``: a module's address before its
        slug, which is plain: lms.curriculum.source.SLUG), ``chosen`` the current one."""
        link, current = str(escape(link)), ' aria-current="page"'
        return Markup("".join([  # noqa: S704 - every value is escaped
            f'\n    <li><a href="{link}{quote_plus(module.slug)}"'
            f'{current if module == chosen else ""}'
            f"{self.lang(module.shown_language or self.course_lang)}>"
            f"{escape(module.title)}</a></li>\n    " for module in modules]))

    def row(self, trainee: str, latest: Mapping[int, list[Any]]) -> str:
        """Her row's cells (``trainee``: her name, escaped; ``latest``: her packed attempts by
        item id): a link to her latest attempt at each assignment, or a dash."""
        cells = []
        for item_id, words in self.shown:
            attempt = latest.get(item_id)
            if attempt is None:
                cells.append("<td>—</td>")
                continue
            _item_id, attempt_id, status, late, points, returned = attempt
            shown = points if points is not None and not returned else self.labels[status]
            cells.append(f'<td><a href="{self.link}{attempt_id}/grade">{shown}<span '
                         f'class="visually-hidden">: {trainee.join(words)}</span></a>'
                         f'{self.late if late else ""}</td>')
        return "".join(cells)

    def rows(self, book: Gradebook[PagedTrainee], grades_link: str, yes: str, not_yet: str,
             no: str) -> Markup:
        """Each trainee's row: her name leading to her grades (``grades_link``: their start,
        which her id and "/grades" follow), her cells, her total and whether she passed every
        required assignment (``not_yet`` rather than ``no`` while the cohort runs)."""
        required = book.kept("required", lambda: required_of(book.assignments))
        pass_mark = book.pass_mark
        link = escape(grades_link)
        yes, not_passed = escape(yes), escape(not_yet if book.still_running else no)
        written = []
        for enrollment_id, name, work, _in_all in book.page.items:
            latest, total = attempts_of(work)
            passed = yes
            for item_id, item in required:
                attempt = latest.get(item_id)
                if attempt is None or attempt[4] is None or attempt[5] \
                        or not reaches_pass_mark(item, attempt[4], pass_mark):
                    passed = not_passed
                    break
            trainee = str(escape(name))
            written.append(
                f'\n    \n    <tr><th scope="row"><a href="{link}{enrollment_id}/grades">'
                f"{trainee}</a></th>{self.row(trainee, latest)}<td>{total}</td>"
                f"<td>{passed}</td></tr>\n  ")
        return Markup("".join(written))  # noqa: S704 - every value above is escaped
