"""The gradebook: a page of trainees by one module's assignments, and the whole of it as CSV."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms.accounts.models import User
from lms.assignments import gradebook_queries, queries, services
from lms.assignments.gradebook_cells import ScoreCells
from lms.assignments.models import SubmissionStatus
from lms.assignments.views import _cohort, bp, grades_page
from lms.csvexport import csv_response
from lms.db import session
from lms.i18n import _, country_name, current_locale, lang_attr
from lms.pagination import requested_page_number
from lms.programs.models import Cohort
from lms.security import login_required

#: Trainees on a page of the gradebook: each brings a row of links, one per assignment, that a
#: keyboard passes one by one (the CSV export has them all).
GRADEBOOK_TRAINEES_PER_PAGE = 20


def _gradebook_cohort(cohort_id: int) -> tuple[User, Cohort]:
    """The cohort, for staff or a current mentor in it; 404 for anyone else."""
    actor, cohort = _cohort(cohort_id)
    if not gradebook_queries.may_see_gradebook(session, actor, cohort):
        abort(404)
    return actor, cohort


@bp.route("/cohorts/<int:cohort_id>/gradebook")
@login_required
def gradebook(cohort_id: int) -> ResponseReturnValue:
    actor, cohort = _gradebook_cohort(cohort_id)
    # One module's assignments at a time, the one being worked on unless another is chosen:
    # a cohort's forty assignments make a row of forty links to pass by keyboard.
    book = gradebook_queries.gradebook(session, actor, cohort, requested_page_number(),
                             GRADEBOOK_TRAINEES_PER_PAGE, request.args.get("module", ""))
    # A page has up to 20 × 40 cells: they are written in Python (gradebook_cells), their
    # links share one prefix, and each status is translated once; so are the columns' headings
    # and the modules' links (one url_for for them all).
    # What they share is kept with the course for each module shown and language read in.
    grade_link = url_for("lms.assignments.grade", submission_id=0).removesuffix("0/grade")
    words, late, locale = _("%(trainee)s, %(assignment)s"), _("late"), current_locale()
    course_lang = cohort.course.language if cohort.course else None
    cells = book.kept(("cells", grade_link, words, late, locale, course_lang), lambda: ScoreCells(
        book.shown, grade_link, _status_labels(), words, late,
        partial(lang_attr, page_locale=locale), course_lang))
    module_link = url_for("lms.assignments.gradebook", cohort_id=cohort.id, module="_"
                          ).removesuffix("_")
    return render_template("lms/assignments/gradebook.html", cohort=cohort, book=book,
                           cells=cells, all_modules=gradebook_queries.ALL_MODULES,
                           module_link=module_link)


@bp.route("/cohorts/<int:cohort_id>/trainees/<int:enrollment_id>/grades")
@login_required
def trainee_grades(cohort_id: int, enrollment_id: int) -> ResponseReturnValue:
    """Her row of the gradebook and all her standing, for staff and her mentor: the wide pages
    of many trainees say how many things she is missing and link here for what they are."""
    actor, cohort = _cohort(cohort_id)
    return grades_page(actor, cohort, enrollment_id)


def _status_labels() -> dict[SubmissionStatus, str]:
    return {status: str(label) for status, label in services.STATUS_LABELS.items()}


@bp.route("/cohorts/<int:cohort_id>/gradebook.csv")
@login_required
def gradebook_csv(cohort_id: int) -> ResponseReturnValue:
    actor, cohort = _gradebook_cohort(cohort_id)
    assignments = queries.cohort_assignments(session, cohort)
    pass_mark = queries.pass_mark_of(cohort)
    not_yet_or_no = _("not yet") if gradebook_queries.is_running(cohort) else _("no")
    header = [_("Email address"), _("Name"), _("Country"),
              *(item.title for item in assignments), _("Total"), _("Passed")]

    status_labels = _status_labels()
    passed = _("yes")

    def cell(latest: queries.LatestAttempt | None) -> str:
        if latest is None:
            return ""
        return str(latest.points) if latest.scored else status_labels[latest.status]

    # A generator read as the response is sent, from one query fetched in chunks: the export
    # of a thousand trainees never waits for, nor holds, the whole of it.
    def rows() -> Iterator[list[str]]:
        for trainee in gradebook_queries.all_gradebook_rows(session, actor, cohort):
            yield [trainee.email, trainee.display_name, country_name(trainee.country),
                   *(cell(trainee.latest.get(item.id)) for item in assignments),
                   str(trainee.total()),
                   passed if gradebook_queries.passed_all(assignments, trainee.latest, pass_mark)
                   else not_yet_or_no]

    return csv_response(f"cohort-{cohort.id}-gradebook.csv", header, rows())

