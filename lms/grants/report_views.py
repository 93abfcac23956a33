"""A grantee's progress and final reports: writing one (saved as a draft, then sent to program
staff), with its attachments added and removed by the report's own form, and downloading
them. These pages are on the grants blueprint of views.py, with the endpoint names they have
always had."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import uploads
from lms.accounts.models import User
from lms.db import session
from lms.forms import commit_or_show_error
from lms.grants import projects, queries
from lms.grants.forms import AttachmentForm, ReportForm, report_form, spent_field_name
from lms.grants.models import (
    ApplicationStatus,
    BudgetLine,
    GrantApplication,
    GrantReport,
    ReportKind,
    ReportStatus,
)
from lms.grants.projects import ReportInput
from lms.grants.views import bp, own_or_404, page_context
from lms.i18n import _
from lms.security import login_required, require_user


def _kind_or_404(kind: str) -> ReportKind:
    try:
        return ReportKind(kind)
    except ValueError:
        abort(404)


def _report_is_editable(application: GrantApplication, report: GrantReport | None) -> bool:
    return application.status == ApplicationStatus.IN_PROGRESS and (
        report is None or report.status in (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED))


def _report_data(report: GrantReport | None, lines: list[BudgetLine]) -> dict[str, Any]:
    if report is None:
        return {}
    spent = {row.budget_line_id: row.spent_local for row in report.spending}
    return {"narrative": report.narrative, "beneficiaries_reached": report.beneficiaries_reached,
            **{spent_field_name(line): spent.get(line.id) for line in lines}}


def _report_page(application: GrantApplication, kind: ReportKind, form: ReportForm | None,
                 upload_form: AttachmentForm | None) -> str:
    report = queries.own_report(session, application, kind)
    upload_form = upload_form or AttachmentForm(formdata=None)
    upload_form.attachment.render_kw = {"form": "report-form"}
    spent = {row.budget_line_id: row.spent_local for row in report.spending} if report else {}
    return render_template(
        "lms/grants/report_form.html", application=application, round=application.round,
        kind=kind, report=report, form=form, upload_form=upload_form,
        editable=_report_is_editable(application, report), spent=spent,
        max_attachments=projects.MAX_ATTACHMENTS, **page_context())


@bp.route("/applications/<int:application_id>/reports/<kind>", methods=["GET", "POST"])
@login_required
def report(application_id: int, kind: str) -> ResponseReturnValue:
    actor, found = own_or_404(application_id)
    report_kind = _kind_or_404(kind)
    existing = queries.own_report(session, found, report_kind)
    if existing is None and found.status != ApplicationStatus.IN_PROGRESS:
        flash(_("Reports are written once you have accepted the grant terms, while the project "
                "is under way."), "error")
        return redirect(url_for("lms.grants.application", application_id=found.id))
    back_here = url_for("lms.grants.report", application_id=found.id, kind=report_kind.value)
    if not _report_is_editable(found, existing):
        if request.method == "POST":
            flash(_("This report can no longer be changed."), "error")
            return redirect(back_here)
        return _report_page(found, report_kind, None, None)
    lines = found.budget_lines
    form = report_form(lines, data=_report_data(existing, lines)
                       if request.method == "GET" else None)
    upload_form = AttachmentForm(formdata=None)
    if form.validate_on_submit():
        data = ReportInput(narrative=form.narrative.data or "",
                           beneficiaries_reached=form.beneficiaries_reached.data,
                           spending={line.id: form.spent_field(line).data for line in lines})
        saved = commit_or_show_error(form, lambda: projects.save_report(
            session, actor, found, report_kind, data, submit=False))
        kept = saved.done and _attach_chosen(actor, found, report_kind, upload_form) and \
            _remove_chosen(actor, found, report_kind)
        if kept and request.form.get("action") != "submit":
            flash(_("Your report has been saved as a draft."), "success")
            to_files = request.form.get("action") == "attach" or "remove" in request.form
            return redirect(back_here + ("#attachments-heading" if to_files else ""))
        # The draft is committed first, so a refused report loses nothing typed.
        if kept and commit_or_show_error(form, lambda: projects.save_report(
                session, actor, found, report_kind, data, submit=True)).done:
            flash(_("Your report has been sent to program staff."), "success")
            return redirect(url_for("lms.grants.application", application_id=found.id))
    return _report_page(found, report_kind, form, upload_form)


def _attach_chosen(actor: User, application: GrantApplication, kind: ReportKind,
                   upload_form: AttachmentForm) -> bool:
    """The file chosen in the report's form, attached after its text was saved: attaching is
    part of the form, so it never costs what was typed. False when the file was refused (the
    reason beside its field; the text stays saved)."""
    upload = uploads.chosen_file(upload_form.attachment.name)
    if upload is None:
        return True
    added = commit_or_show_error(upload_form, lambda: projects.add_attachment(
        session, actor, application, kind, upload.stream, upload.filename or ""))
    if added.done:
        flash(_("%(name)s has been attached.", name=added.result.filename), "success")
    return added.done


def _remove_chosen(actor: User, application: GrantApplication, kind: ReportKind) -> bool:
    """The attachment whose Remove button (one of the report form's) was pressed, removed
    after the text was saved. False when the removal was refused."""
    removing = uploads.chosen_removal()
    found = queries.own_report_attachment(session, actor, application.id, kind, removing) \
        if removing is not None else None
    if found is None:
        return True
    name = found.filename
    return commit_or_show_error(None, lambda: projects.remove_attachment(
        session, actor, found), done=_("%(name)s has been removed.", name=name)).done


@bp.route("/applications/<int:application_id>/reports/<kind>/attachments/<int:attachment_id>")
@login_required
def attachment(application_id: int, kind: str, attachment_id: int) -> ResponseReturnValue:
    found = queries.own_report_attachment(session, require_user(), application_id,
                                          _kind_or_404(kind), attachment_id)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type, found.filename)
