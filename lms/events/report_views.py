"""After an edition: a participant's reflection (a form on the edition's page), the staff's
report page where they select reflections, write a summary and publish, the report as a PDF,
and the published report, which anyone reads without signing in. Registered on the events
blueprint (lms.events.views)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from lms.accounts.models import User
from lms.db import session
from lms.events import program, reflections, reports, services
from lms.events.forms import ReflectionForm, RegistrationForm, ReportSummaryForm
from lms.events.models import EventSession
from lms.events.report_pdf import report_pdf
from lms.events.views import _clock, _seminar_or_404, _show, _viewer, _visible_or_404, bp
from lms.forms import EmptyForm, commit_or_show_error, not_allowed_is_a_page
from lms.i18n import _, current_locale
from lms.markdown import render
from lms.programs.models import Cohort
from lms.security import current_lms_user, is_staff, login_required, require_user, staff_required


def reflection_context(cohort: Cohort, viewer: User,
                       form: ReflectionForm | None = None) -> dict[str, Any]:
    """What the edition's page shows of the viewer's reflection: the form when they may write
    (filled with what they wrote), else what they wrote, read only."""
    mine = reflections.own_reflection(session, cohort, viewer)
    writes = reflections.may_write(session, cohort, viewer)
    if form is None and writes:
        form = ReflectionForm(obj=mine)
    return {"reflection": mine, "reflection_form": form if writes else None,
            "reflection_body": render(mine.body, top_heading=4) if mine else None,
            "report_published": reflections.is_published(session, cohort)}


@bp.route("/<int:cohort_id>/reflection", methods=["POST"])
@login_required
def reflection(cohort_id: int) -> ResponseReturnValue:
    actor = _viewer()
    cohort = _visible_or_404(actor, cohort_id)
    refused = reflections.refusal(session, cohort, actor)
    if refused is not None:
        # Only participants have a form; anyone else who posts is told who may.
        not_allowed_is_a_page(refused)
        return redirect(url_for("lms.events.show", cohort_id=cohort.id))
    form = ReflectionForm()
    if form.validate_on_submit() and commit_or_show_error(form, lambda: reflections.save_reflection(
            session, actor, cohort, form.body.data or "", bool(form.consent.data)),
            done=_("Your reflection has been saved.")).done:
        return redirect(url_for("lms.events.show", cohort_id=cohort.id, _anchor="reflection"))
    return _show(actor, cohort, RegistrationForm(current_locale()), reflection_form=form)


# The report ----------------------------------------------------------------------------------


def _public_program_context() -> dict[str, Any]:
    """The program as the report shows it: no meeting link, recording or materials, which are
    the participants' (and the report is read by anyone)."""
    locale = current_locale()

    def link_of(row: EventSession) -> str:
        return str(program.LinkState.HIDDEN)

    def materials(row: EventSession) -> Markup:
        return Markup("")

    return {"link_of": link_of, "materials": materials, "clock": _clock,
            "facility_address": lambda facility: program.facility_address(facility, locale),
            "kind_labels": services.SESSION_KIND_LABELS, "is_staff": False}


def _report_context(content: reports.Report) -> dict[str, Any]:
    return {"content": content, "cohort": content.cohort, "figures": content.figures,
            "summary": render(content.summary, top_heading=3),
            "quote_body": lambda quote: render(quote.body, top_heading=4),
            **_public_program_context()}


@bp.route("/<int:cohort_id>/report")
@staff_required
def report(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    content = reports.report(session, cohort)
    form = ReportSummaryForm(summary=content.summary)
    return render_template("lms/events/report.html", form=form,
                           reflections=reflections.reflections(session, actor, cohort),
                           reflection_body=lambda row: render(row.body, top_heading=4),
                           **_report_context(content))


@bp.route("/<int:cohort_id>/report/summary", methods=["POST"])
@staff_required
def report_summary(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    form = ReportSummaryForm()
    if form.validate_on_submit() and commit_or_show_error(form, lambda: reports.save_summary(
            session, actor, cohort, form.summary.data or ""),
            done=_("The summary has been saved.")).done:
        return redirect(url_for("lms.events.report", cohort_id=cohort.id))
    return render_template("lms/events/report.html", form=form,
                           reflections=reflections.reflections(session, actor, cohort),
                           reflection_body=lambda row: render(row.body, top_heading=4),
                           **_report_context(reports.report(session, cohort)))


@bp.route("/<int:cohort_id>/report/publish", methods=["POST"])
@staff_required
def publish_report(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: reports.publish(session, actor, cohort),
                             done=_("The report is published: anyone can read it now."))
    return redirect(url_for("lms.events.report", cohort_id=cohort.id))


@bp.route("/<int:cohort_id>/report/unpublish", methods=["POST"])
@staff_required
def unpublish_report(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: reports.unpublish(session, actor, cohort),
                             done=_("The report is no longer published."))
    return redirect(url_for("lms.events.report", cohort_id=cohort.id))


def _select(cohort_id: int, reflection_id: int, selected: bool) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    row = reflections.reflection_in(session, cohort, reflection_id)
    if row is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: reflections.set_selected(
            session, actor, cohort, row, selected),
            done=_("The reflection is selected for the report.") if selected
            else _("The reflection is no longer in the report."))
    return redirect(url_for("lms.events.report", cohort_id=cohort.id,
                            _anchor=f"reflection-{row.id}"))


@bp.route("/<int:cohort_id>/report/reflections/<int:reflection_id>/select", methods=["POST"])
@staff_required
def select_reflection(cohort_id: int, reflection_id: int) -> ResponseReturnValue:
    return _select(cohort_id, reflection_id, True)


@bp.route("/<int:cohort_id>/report/reflections/<int:reflection_id>/unselect",
          methods=["POST"])
@staff_required
def unselect_reflection(cohort_id: int, reflection_id: int) -> ResponseReturnValue:
    return _select(cohort_id, reflection_id, False)


# Read without signing in, once published ------------------------------------------------------


def _published_or_404(cohort_id: int) -> reports.Report:
    """The report of an edition for anyone once published; before that, for staff only (to
    check it), and not found for everyone else, as if it did not exist."""
    cohort = _seminar_or_404(cohort_id)
    content = reports.report(session, cohort)
    viewer = current_lms_user()
    if not content.is_published and not (viewer is not None and is_staff(viewer)):
        abort(404)
    return content


@bp.route("/<int:cohort_id>/report/public")
def public_report(cohort_id: int) -> ResponseReturnValue:
    content = _published_or_404(cohort_id)
    return render_template("lms/events/report_public.html", **_report_context(content))


@bp.route("/<int:cohort_id>/report.pdf")
def report_pdf_file(cohort_id: int) -> ResponseReturnValue:
    content = _published_or_404(cohort_id)
    return Response(report_pdf(content), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="event-{content.cohort.id}-report.pdf"'})
