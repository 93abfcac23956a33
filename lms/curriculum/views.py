"""Course pages: the outline, lessons and assignments, marking lessons done, and the
progress pages for mentors and staff."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from lms import homepage, personal_data
from lms.accounts.models import Role, User
from lms.csvexport import csv_response
from lms.curriculum import (
    home_sections,
    item_html,
    progress_queries,
    queries,
    reading,
    services,
    standing_lines,
)
from lms.curriculum.models import Item
from lms.curriculum.personal_data import parts as personal_data_parts
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _, country_name
from lms.pagination import requested_page_number
from lms.programs.models import Cohort, Enrollment, EnrollmentRole
from lms.security import login_required, require_user, staff_required

bp = Blueprint("curriculum", __name__, template_folder="templates", url_prefix="/cohorts")
homepage.register(bp, home_sections.sections)
personal_data.register(bp, personal_data_parts)
# The standing macros (_standing.html) are made in Python, their lines once per page; other
# domains' pages import those macros too, and the pages of many trainees call these directly.
bp.add_app_template_global(standing_lines.missing_lines)
bp.add_app_template_global(standing_lines.missing_link)
bp.add_app_template_global(standing_lines.missing_count)
bp.add_app_template_global(standing_lines.risks_html)
bp.add_app_template_global(standing_lines.standing_html)


def _cohort_for_actor(cohort_id: int) -> tuple[User, Cohort]:
    actor = require_user()
    cohort = queries.cohort_for(session, actor, cohort_id)
    if cohort is None:
        abort(404)
    return actor, cohort


@bp.route("/<int:cohort_id>/course")
@login_required
def outline(cohort_id: int) -> ResponseReturnValue:
    reader = reading.reader_of(session, require_user(), cohort_id)
    if reader is None:
        abort(404)
    cohort, enrollment = reader.cohort, reader.enrollment
    if cohort.course is None:
        abort(404)
    if enrollment is None:
        course_outline, work = queries.outline(session, cohort, None), None
    else:
        at_work = queries.trainee_at_work(session, enrollment)
        course_outline, work = at_work.outline, at_work.work
    item_lists = reading.outline_item_lists(course_outline, work, reading.item_lines(cohort))
    return render_template("lms/curriculum/outline.html", cohort=cohort,
                           outline=course_outline, enrollment=enrollment, item_lists=item_lists)


@bp.route("/<int:cohort_id>/course/<slug>")
@login_required
def item(cohort_id: int, slug: str) -> ResponseReturnValue:
    page = reading.item_page(session, require_user(), cohort_id, slug, request.args.get("lang"))
    if page is None:
        abort(404)
    cohort, current = page.reader.cohort, page.item
    if page.locked:
        # A link to it (a deadline, the outline) tells her when it opens rather than refusing.
        return render_template("lms/curriculum/locked.html", cohort=cohort, item=current,
                               module=page.module)
    due_at = cohort.due_time(current.due_day) if current.due_day else None
    return render_template("lms/curriculum/item.html", item=current, shown=page.shown,
                           content=item_html.item_content(page, due_at))


RecordProgress = Callable[[Session, User, Enrollment, Item], None]


def _record(cohort_id: int, slug: str, action: RecordProgress) -> ResponseReturnValue:
    actor, cohort = _cohort_for_actor(cohort_id)
    enrollment = queries.enrollment_in(session, actor, cohort, EnrollmentRole.TRAINEE)
    lesson = queries.item_in_course(session, cohort.course_id or -1, slug)
    if enrollment is None or lesson is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: action(session, actor, enrollment, lesson))
    return redirect(url_for("lms.curriculum.item", cohort_id=cohort.id, slug=slug) + "#progress")


@bp.route("/<int:cohort_id>/course/<slug>/done", methods=["POST"])
@login_required
def mark_done(cohort_id: int, slug: str) -> ResponseReturnValue:
    return _record(cohort_id, slug, services.mark_done)


@bp.route("/<int:cohort_id>/course/<slug>/undo", methods=["POST"])
@login_required
def mark_not_done(cohort_id: int, slug: str) -> ResponseReturnValue:
    return _record(cohort_id, slug, services.mark_not_done)


@bp.route("/<int:cohort_id>/progress")
@login_required
def mentor_progress(cohort_id: int) -> ResponseReturnValue:
    """A mentor's view: the progress of their current trainees, nobody else's."""
    actor, cohort = _cohort_for_actor(cohort_id)
    matrix = progress_queries.mentor_matrix(session, actor, cohort, requested_page_number(),
                                            progress_queries.TRAINEES_PER_PAGE)
    if matrix is None:
        if actor.has_role(Role.STAFF):
            return redirect(url_for("lms.curriculum.matrix", cohort_id=cohort.id))
        abort(404)
    return render_template("lms/curriculum/progress.html", cohort=cohort, matrix=matrix,
                           title=_("Your trainees' progress"),
                           endpoint="lms.curriculum.mentor_progress")


@bp.route("/<int:cohort_id>/matrix")
@staff_required
def matrix(cohort_id: int) -> ResponseReturnValue:
    _actor, cohort = _cohort_for_actor(cohort_id)
    progress = progress_queries.cohort_matrix(session, cohort, requested_page_number(),
                                              progress_queries.TRAINEES_PER_PAGE)
    if progress is None:
        abort(404)
    return render_template("lms/curriculum/progress.html", cohort=cohort, matrix=progress,
                           title=_("Progress of the cohort"), endpoint="lms.curriculum.matrix")


@bp.route("/<int:cohort_id>/matrix.csv")
@staff_required
def matrix_csv(cohort_id: int) -> ResponseReturnValue:
    _actor, cohort = _cohort_for_actor(cohort_id)
    course_outline = queries.outline(session, cohort, None)
    if course_outline is None:
        abort(404)
    modules = course_outline.modules
    header = [_("Email address"), _("Name"), _("Country"), _("Status"),
              *(view.module.title for view in modules), _("Lessons done"), _("Japanese level")]

    def rows() -> Iterator[list[str]]:
        for row in progress_queries.all_matrix_rows(session, cohort, course_outline):
            user = row.enrollment.user
            yield [user.email, user.display_name, country_name(user.country),
                   str(row.enrollment.status),
                   *(f"{row.share(view) * 100:.0f}%" for view in modules),
                   f"{row.total_done()}/{course_outline.required_lessons}",
                   row.japanese_level.value if row.japanese_level else ""]

    filename = f"cohort-{cohort.id}-progress.csv"
    return csv_response(filename, header, rows())


@bp.route("/<int:cohort_id>/schedule")
@login_required
def schedule(cohort_id: int) -> ResponseReturnValue:
    """A printable schedule: when each module opens and each assignment is due."""
    _actor, cohort = _cohort_for_actor(cohort_id)
    course_outline = queries.outline(session, cohort, None)
    if course_outline is None:
        abort(404)
    return render_template("lms/curriculum/schedule.html", cohort=cohort,
                           rows=queries.schedule_rows(course_outline))
