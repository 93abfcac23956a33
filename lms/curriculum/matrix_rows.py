"""The progress matrix's table rows, written in one pass: a page shows twenty-five trainees,
and the template's loop over them (a lookup for each attribute, an escape for each value, a
call for each standing) cost more than judging them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.curriculum.standing_lines import glance_html
from lms.programs.models import EnrollmentStatus

if TYPE_CHECKING:  # the matrix writes its rows with this module
    from lms.curriculum.progress_queries import ProgressMatrix


def matrix_rows(matrix: ProgressMatrix, grades_link: str, withdrawn: str, locale: str) -> Markup:
    """Each trainee's row: her name leading to her grades (``grades_link``: their start, which
    her id and "/grades" follow), whether she withdrew, her standing while active (how many
    things she lacks leading to her grades too), her latest Japanese level and her share of
    each module's required lessons."""
    withdrawn_note = Markup(' <span class="muted">(%s)</span>') % withdrawn
    language = matrix.outline.course.language
    written = []
    for row in matrix.page.items:
        trainee, glance = row.trainee, row.glance
        her_grades = f"{grades_link}{trainee.id}/grades"
        status = trainee.status
        standing = (glance_html(glance, language, locale, her_grades)
                    if glance and status == EnrollmentStatus.ACTIVE else "—")
        level = escape(row.japanese_level.value) if row.japanese_level else "—"
        written.append(
            f'\n    \n    \n    <tr><th scope="row"><a href="{escape(her_grades)}">'
            f"{escape(trainee.name)}</a>"
            f"{withdrawn_note if status == EnrollmentStatus.WITHDRAWN else ''}</th>\n"
            f'      <td class="standing">{standing}</td>\n'
            f"      <td>{level}</td>{row.cells}</tr>\n  ")
    return Markup("".join(written))  # noqa: S704 - each value is escaped above
