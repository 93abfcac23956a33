"""The nomination pages: the applicant invites a nominator from the application form, and the
nominator answers on a single-use page reached by the mailed link, without an account. These
pages are on the admissions blueprint of views.py, with the endpoint names they have always
had."""

from __future__ import annotations

from flask import Response, flash, make_response, render_template, request
from flask.typing import ResponseReturnValue

from lms.admissions import nominations
from lms.admissions.forms import NominationAnswerForm, NominatorForm
from lms.admissions.models import ApplicationStatus
from lms.admissions.nominations import NominatorInput
from lms.admissions.views import bp, edit_page, own_or_404, to_application, to_edit
from lms.db import session
from lms.forms import commit_or_show_error
from lms.i18n import _
from lms.security import login_required


@bp.route("/applications/<int:application_id>/nominator", methods=["POST"])
@login_required
def invite_nominator(application_id: int) -> ResponseReturnValue:
    actor, application = own_or_404(application_id)
    form = NominatorForm()
    if form.validate_on_submit():
        given = NominatorInput(name=form.nominator_name.data or "",
                               email=form.nominator_email.data or "",
                               organization=form.nominator_organization.data or "",
                               position=form.nominator_position.data or "")
        invited = commit_or_show_error(form, lambda: nominations.invite_nominator(
            session, actor, application, given))
        if (nomination := invited.result) is not None:
            flash(_("We have emailed %(name)s a link to confirm your nomination.",
                    name=nomination.name), "success")
            return to_edit(application.id, "nominator")
    session.refresh(application)
    if application.status != ApplicationStatus.DRAFT:
        flash(" ".join(form.form_errors) or _("This application is sent and can no longer be "
                                               "changed."), "error")
        return to_application(application.id)
    return edit_page(application, nominator_form=form)


@bp.route("/nominate/<token>", methods=["GET", "POST"])
def nominate(token: str) -> ResponseReturnValue:
    """The nominator's page, reached only by the mailed link. It shows who asks and for which
    call, nothing the applicant wrote."""
    nomination = nominations.nomination_for_token(session, token)
    if nomination is None:
        return _private(render_template("lms/admissions/nomination_gone.html"), 410)
    form = NominationAnswerForm()
    answer = request.form.get("answer")
    if form.validate_on_submit():
        if answer not in ("confirm", "decline"):
            form.form_errors.append(_("Choose to confirm or to decline the nomination."))
        else:
            answered = commit_or_show_error(form, lambda: nominations.answer_nomination(
                session, token, answer == "confirm", form.statement.data or ""))
            if answered.done:
                return _private(render_template("lms/admissions/nomination_done.html",
                                                nomination=answered.result))
            if answered.refusal is not None and answered.refusal.field is None:
                # Refused as a whole: the link has expired or been used meanwhile.
                return _private(render_template("lms/admissions/nomination_gone.html"), 410)
    application = nomination.application
    return _private(render_template("lms/admissions/nominate.html", form=form,
                                    nomination=nomination, application=application,
                                    call=application.call))


def _private(body: str, status: int = 200) -> Response:
    """The link's secret must not travel on in a Referer header, even to our own assets."""
    response = make_response(body, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
