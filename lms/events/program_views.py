"""The program's pages: the printable program of an edition, and the staff pages that record
who attended each session (ticked, or imported from the meeting tool's report). Registered on
the events blueprint (lms.events.views)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from lms.accounts.models import Role, User
from lms.db import session
from lms.events import attendance as attendance_services
from lms.events import program, queries, services
from lms.events.forms import AttendanceImportForm
from lms.events.models import EventSession
from lms.events.views import (
    _clock,
    _seminar_or_404,
    _session_or_404,
    _viewer,
    _visible_or_404,
    bp,
)
from lms.forms import EmptyForm, commit_or_show_error, uploaded_text
from lms.i18n import _, current_locale, ngettext
from lms.markdown import render
from lms.programs.models import Cohort
from lms.security import login_required, require_user, staff_required

IMPORT_MAX_BYTES = 2_000_000


def program_context(cohort: Cohort, viewer: User) -> dict[str, Any]:
    """What the program (lms/events/_program.html) needs beside its days: whether and how the
    viewer sees each online session's link, at this moment."""
    joins = program.may_join(session, cohort, viewer)
    locale = current_locale()

    def link_of(row: EventSession) -> str:
        return str(program.link_state(row, joins))

    def materials(row: EventSession) -> Markup:
        return render(row.materials, top_heading=5)

    def facility_address(facility: Any) -> str:
        return program.facility_address(facility, locale)

    return {"link_of": link_of, "materials": materials, "facility_address": facility_address,
            "clock": _clock, "kind_labels": services.SESSION_KIND_LABELS,
            "is_staff": viewer.has_role(Role.STAFF)}


@bp.route("/<int:cohort_id>/program", endpoint="program")
@login_required
def program_page(cohort_id: int) -> ResponseReturnValue:
    """The program alone, to print or to read on a phone: for everyone who may see the
    edition's page."""
    viewer = _viewer()
    cohort = _visible_or_404(viewer, cohort_id)
    return render_template("lms/events/program.html", cohort=cohort,
                           seminar=services.seminar_of(session, cohort),
                           days=queries.program_days(session, cohort),
                           **program_context(cohort, viewer))


@bp.route("/<int:cohort_id>/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@staff_required
def session_attendance(cohort_id: int, session_id: int) -> ResponseReturnValue:
    """Every registered participant with a checkbox; one post saves who was present."""
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    row = _session_or_404(cohort, session_id)
    form = EmptyForm()
    if form.validate_on_submit():
        chosen = request.form.getlist("present")
        if not all(value.isdigit() for value in chosen):
            abort(400)
        if commit_or_show_error(None, lambda: attendance_services.save_attendance(
                session, actor, cohort, row, {int(value) for value in chosen}),
                done=_("The attendance at %(title)s has been saved.", title=row.title)).done:
            return redirect(url_for("lms.events.attendance", cohort_id=cohort.id))
    return render_template(
        "lms/events/session_attendance.html", cohort=cohort, row=row, form=form,
        participants=attendance_services.participants(session, cohort),
        present=attendance_services.present_ids(session, row), clock=_clock)


@bp.route("/<int:cohort_id>/sessions/<int:session_id>/attendance/import",
          methods=["GET", "POST"])
@staff_required
def import_attendance(cohort_id: int, session_id: int) -> ResponseReturnValue:
    """The report is recorded whole or not at all: a report with problems comes back with
    each one named by its line."""
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    row = _session_or_404(cohort, session_id)
    form = AttendanceImportForm()
    checked = None
    if form.validate_on_submit():
        text, problem = uploaded_text(form.csv_file.data, form.csv_text.data, IMPORT_MAX_BYTES,
                                      _("The file is larger than the limit of %(mb)d MB.",
                                        mb=IMPORT_MAX_BYTES // 1_000_000))
        if problem is not None:
            form.csv_file.errors = [problem]
        elif not text.strip():
            form.csv_text.errors = [_("Choose a file or paste the report.")]
        else:
            checked = commit_or_show_error(form, lambda: attendance_services.import_attendance(
                session, actor, cohort, row, text)).result
            if checked is not None and checked.ok:
                flash(ngettext("%(num)d participant is recorded present.",
                               "%(num)d participants are recorded present.",
                               len(checked.user_ids)), "success")
                return redirect(url_for("lms.events.session_attendance", cohort_id=cohort.id,
                                        session_id=row.id))
            form.csv_text.data = text
    return render_template("lms/events/attendance_import.html", cohort=cohort, row=row,
                           form=form, checked=checked, clock=_clock)
