"""An application after it is sent, for the applicant: its page (status, interview, decision,
pre-arrival checklist), withdrawing it, answering an offer of a place, giving the arrival, and
the interview for one's calendar. These pages are on the admissions blueprint of views.py, with
the endpoint names they have always had."""

from __future__ import annotations

from flask import Response, abort, flash, render_template, request
from flask.typing import ResponseReturnValue

from lms.admissions import applicant_queries as queries
from lms.admissions import applying, onboarding, selection
from lms.admissions.forms import ArrivalForm
from lms.admissions.invitations import interview_calendar
from lms.admissions.models import ApplicationStatus
from lms.admissions.views import (
    bp,
    own_or_404,
    page_context,
    status_page,
    to_application,
)
from lms.admissions.workflow import WITHDRAWABLE
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _, pgettext
from lms.names import localized_name
from lms.security import login_required, require_user

S = ApplicationStatus


@bp.route("/applications/<int:application_id>")
@login_required
def application(application_id: int) -> ResponseReturnValue:
    _actor, found = own_or_404(application_id)
    return status_page(found)


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(application_id: int) -> ResponseReturnValue:
    actor, found = own_or_404(application_id)
    if request.method == "POST":
        form = EmptyForm()
        if form.validate_on_submit():
            commit_or_show_error(None, lambda: applying.withdraw(session, actor, found),
                                 done=pgettext("admissions",
                                               "Your application has been withdrawn."))
        return to_application(application_id)
    if found.status not in WITHDRAWABLE:
        flash(_("This application can no longer be withdrawn."), "error")
        return to_application(application_id)
    return render_template("lms/admissions/withdraw.html", application=found, call=found.call,
                           **page_context())


@bp.route("/applications/<int:application_id>/confirm", methods=["POST"])
@login_required
def confirm(application_id: int) -> ResponseReturnValue:
    actor, found = own_or_404(application_id)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: selection.confirm_place(session, actor, found),
                             done=_("Your place is confirmed. Welcome to %(cohort)s!",
                                    cohort=localized_name(found.call.cohort)))
    return to_application(application_id)


@bp.route("/applications/<int:application_id>/decline", methods=["GET", "POST"])
@login_required
def decline(application_id: int) -> ResponseReturnValue:
    actor, found = own_or_404(application_id)
    if request.method == "POST":
        if EmptyForm().validate_on_submit():
            commit_or_show_error(None, lambda: selection.decline_place(session, actor, found),
                                 done=_("You have declined your place. Thank you for "
                                        "telling us."))
        return to_application(application_id)
    if found.status != S.SELECTED:
        flash(_("There is no open offer to answer on this application."), "error")
        return to_application(application_id)
    return render_template("lms/admissions/decline.html", application=found, call=found.call,
                           **page_context())


@bp.route("/applications/<int:application_id>/arrival", methods=["POST"])
@login_required
def arrival(application_id: int) -> ResponseReturnValue:
    actor, found = own_or_404(application_id)
    form = ArrivalForm()
    if form.validate_on_submit():
        saved = commit_or_show_error(form, lambda: onboarding.set_arrival(
            session, actor, found, form.arrival_on.data, form.arrival_details.data or ""),
            done=_("Your arrival has been saved."))
        if saved.done:
            return to_application(application_id, "arrival")
    session.refresh(found)
    if found.status != S.CONFIRMED:
        flash(" ".join(form.form_errors) or _("The arrival is given once the place is "
                                               "confirmed."), "error")
        return to_application(application_id)
    return status_page(found, arrival_form=form)


@bp.route("/applications/<int:application_id>/interview.ics")
@login_required
def interview_invitation(application_id: int) -> ResponseReturnValue:
    """The interview for the applicant's, the interviewer's or staff's calendar."""
    actor = require_user()
    interview = queries.interview_for(session, actor, application_id)
    if interview is None:
        abort(404)
    return Response(interview_calendar(interview, actor), mimetype="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="interview.ics"',
                             "Cache-Control": "private, no-store"})
