"""Follow-up training pages: alumni see open follow-up cohorts, apply and follow their
applications; staff open a cohort for applications and select among the applicants."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import homepage, personal_data
from lms.accounts.models import Role, User
from lms.db import session
from lms.errors import NotAllowed
from lms.followup import home_sections, queries, services
from lms.followup.forms import ApplicationForm, CallForm, SelectionForm
from lms.followup.models import ApplicationStatus
from lms.followup.personal_data import parts as personal_data_parts
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _, format_day
from lms.markdown import render
from lms.names import localized_name
from lms.pagination import requested_page_number
from lms.programs.models import Cohort
from lms.programs.services import STATUS_LABELS as COHORT_STATUS_LABELS
from lms.programs.standing import is_alumnus
from lms.security import login_required, require_user, staff_required

bp = Blueprint("followup", __name__, template_folder="templates", url_prefix="/follow-up")
homepage.register(bp, home_sections.sections)
personal_data.register(bp, personal_data_parts)


def _alumnus() -> User:
    actor = require_user()
    services.require_alumnus_to_apply(session, actor)
    return actor


def _follow_up_cohort_or_404(cohort_id: int) -> Cohort:
    cohort = queries.follow_up_cohort(session, cohort_id)
    if cohort is None:
        abort(404)
    return cohort



# Alumni -----------------------------------------------------------------------------------------


@bp.route("")
@login_required
def index() -> ResponseReturnValue:
    """Follow-up trainings open to the signed-in alumna, with her application to each."""
    actor = require_user()
    alumnus = is_alumnus(session, actor)
    if not alumnus and not actor.has_role(Role.STAFF):
        raise NotAllowed(services.NOT_ALUMNUS)
    return render_template("lms/followup/index.html", offers=queries.open_cohorts_for(
        session, actor), alumnus=alumnus, status_labels=services.STATUS_LABELS, render=render)


@bp.route("/<int:cohort_id>/apply", methods=["GET", "POST"])
@login_required
def apply(cohort_id: int) -> ResponseReturnValue:
    actor = _alumnus()
    cohort = _follow_up_cohort_or_404(cohort_id)
    existing = services.application_of(session, cohort, actor)
    if existing is not None and request.method == "GET":
        flash(_("You have applied to this training; your application is below."), "info")
        return redirect(url_for("lms.followup.mine"))
    call = services.call_of(session, cohort)
    if existing is None and not services.is_open_for_applications(cohort, call):
        flash(_("Applications to this training are closed."), "error")
        return redirect(url_for("lms.followup.index"))
    form = ApplicationForm()
    if form.validate_on_submit():
        sent = commit_or_show_error(form, lambda: services.apply(
            session, actor, cohort, form.motivation.data))
        if sent.done:
            flash(_("Your application has been sent. The program staff will tell you by mail "
                    "whether you are selected."), "success")
            return redirect(url_for("lms.followup.mine"))
    return render_template("lms/followup/apply.html", cohort=cohort, call=call, form=form,
                           intro=render(call.intro if call else ""),
                           places_left=services.places_left(session, cohort))


@bp.route("/applications")
@login_required
def mine() -> ResponseReturnValue:
    actor = require_user()
    page = queries.my_applications(session, actor, requested_page_number())
    if not page.total and not is_alumnus(session, actor):
        raise NotAllowed(services.NOT_ALUMNUS)
    return render_template("lms/followup/mine.html", page=page,
                           positions=queries.waitlist_positions(session, list(page.items)),
                           status_labels=services.STATUS_LABELS,
                           cohort_status_labels=COHORT_STATUS_LABELS,
                           withdrawable={ApplicationStatus.SUBMITTED,
                                         ApplicationStatus.WAITLISTED})


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@login_required
def withdraw(application_id: int) -> ResponseReturnValue:
    actor = require_user()
    application = queries.own_application(session, actor, application_id)
    if application is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.withdraw(session, actor, application),
                             done=_("Your application to %(title)s has been withdrawn.",
                                    title=localized_name(application.cohort)))
    return redirect(url_for("lms.followup.mine"))


# Staff ------------------------------------------------------------------------------------------


@bp.route("/cohorts")
@staff_required
def staff_cohorts() -> ResponseReturnValue:
    return render_template("lms/followup/staff_cohorts.html",
                           page=queries.follow_up_cohorts_page(session, requested_page_number()),
                           cohort_status_labels=COHORT_STATUS_LABELS,
                           statuses=list(ApplicationStatus),
                           status_labels=services.STATUS_LABELS)


@bp.route("/cohorts/<int:cohort_id>/call", methods=["GET", "POST"])
@staff_required
def call(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _follow_up_cohort_or_404(cohort_id)
    existing = services.call_of(session, cohort)
    form = CallForm()
    if request.method == "GET" and existing is not None:
        form.intro.data = existing.intro
        form.last_day.data = existing.closes_at.astimezone(cohort.zone).date()
    if form.validate_on_submit():
        opened = commit_or_show_error(form, lambda: services.open_call(
            session, actor, cohort, form.intro.data or "", form.last_day.data))
        if opened.done:
            flash(_("Alumni can apply to %(title)s until the end of %(day)s.",
                    title=localized_name(cohort), day=format_day(form.last_day.data)), "success")
            return redirect(url_for("lms.followup.applications", cohort_id=cohort.id))
    return render_template("lms/followup/call.html", cohort=cohort, call=existing, form=form,
                           is_open=services.is_open_for_applications(cohort, existing),
                           action_form=EmptyForm())


@bp.route("/cohorts/<int:cohort_id>/call/close", methods=["POST"])
@staff_required
def close_call(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _follow_up_cohort_or_404(cohort_id)
    existing = services.call_of(session, cohort)
    if existing is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.close_call(session, actor, existing),
                             done=_("Applications to %(title)s are closed.",
                                    title=localized_name(cohort)))
    return redirect(url_for("lms.followup.applications", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/applications", methods=["GET", "POST"])
@staff_required
def applications(cohort_id: int) -> ResponseReturnValue:
    """Every application with what staff weigh, and the selection form over them."""
    actor = require_user()
    cohort = _follow_up_cohort_or_404(cohort_id)
    page_number = requested_page_number()
    form = SelectionForm()
    if form.validate_on_submit():
        chosen = form.chosen.data or []
        selected = commit_or_show_error(form, lambda: services.select_applicants(
            session, actor, cohort, chosen))
        if (result := selected.result) is not None:
            flash(_("%(selected)d selected and enrolled, %(waitlisted)d put on the waitlist; "
                    "each of them has been told by mail.", selected=len(result.selected),
                    waitlisted=len(result.waitlisted)), "success")
            return redirect(url_for("lms.followup.applications", cohort_id=cohort.id,
                                    page=page_number))
    page = queries.applications_page(session, cohort, page_number)
    call_row = services.call_of(session, cohort)
    counts = queries.status_counts(session, [cohort.id]).get(cohort.id, {})
    return render_template(
        "lms/followup/applications.html", cohort=cohort, page=page, form=form, call=call_row,
        is_open=services.is_open_for_applications(cohort, call_row),
        year_cohorts=queries.year_cohorts_of(session, [a.user_id for a in page.items]),
        places_left=services.places_left(session, cohort), counts=counts,
        waiting=counts.get(ApplicationStatus.SUBMITTED, 0),
        may_select=cohort.status in services.SELECTING_STATUSES,
        selectable={ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED},
        chosen=set(form.chosen.data or []), statuses=list(ApplicationStatus),
        status_labels=services.STATUS_LABELS, cohort_status_labels=COHORT_STATUS_LABELS,
        action_form=EmptyForm())


@bp.route("/cohorts/<int:cohort_id>/waitlist", methods=["POST"])
@staff_required
def waitlist(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _follow_up_cohort_or_404(cohort_id)
    if EmptyForm().validate_on_submit():
        waitlisted = commit_or_show_error(None, lambda: services.waitlist_remaining(
            session, actor, cohort))
        if (waiting := waitlisted.result) is not None:
            flash(_("%(count)d put on the waitlist; each of them has been told by mail.",
                    count=len(waiting)), "success")
    return redirect(url_for("lms.followup.applications", cohort_id=cohort.id))
