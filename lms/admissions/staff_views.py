"""Admissions pages for program staff about one application: screening, reviewer assignment,
interviews, decisions, releasing a lapsed place, and the pre-arrival checklist. The calls
(list, form, each call's applications and statistics) are in ``call_views``, on this
blueprint too."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms import uploads
from lms.accounts.models import User
from lms.admissions import access, onboarding, queries, selection, services
from lms.admissions.models import (
    AdmissionApplication,
    ApplicationStatus,
    ChecklistItem,
    Interview,
    NominationMethod,
)
from lms.admissions.staff_forms import (
    RECOMMENDATION_LABELS,
    ChecklistItemForm,
    DecisionForm,
    InterviewForm,
    ScreeningForm,
)
from lms.admissions.workflow import HOLDS_PLACE, STATUS_LABELS
from lms.clock import local_to_utc, utcnow
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error, note_if_repeated
from lms.i18n import _
from lms.reviews import queries as review_queries
from lms.reviews.forms import ReviewerForm
from lms.reviews.models import AssignmentStatus
from lms.reviews.services import weighted_score
from lms.security import login_required, require_staff, require_user

bp = Blueprint("admissions_staff", __name__, template_folder="templates",
               url_prefix="/admissions/staff")

S = ApplicationStatus


def staff_user() -> User:
    actor = require_user()
    require_staff(actor)  # refuses with the reason, as a 403
    return actor


def _application_or_404(actor: User, application_id: int) -> AdmissionApplication:
    application = access.application_for_staff(session, actor, application_id)
    if application is None:
        abort(404)
    return application


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def page_context() -> dict[str, Any]:
    return {"status_labels": STATUS_LABELS, "S": ApplicationStatus, "holds_place": HOLDS_PLACE,
            "figure": _figure}


# One application --------------------------------------------------------------------------------


def _application_page(actor: User, application: AdmissionApplication, *,
                      screening: ScreeningForm | None = None,
                      assigning: ReviewerForm | None = None,
                      interviewing: InterviewForm | None = None,
                      deciding: DecisionForm | None = None,
                      releasing: EmptyForm | None = None,
                      ticking: tuple[int, ChecklistItemForm] | None = None,
                      ) -> ResponseReturnValue:
    call = application.call
    scheme = call.review_scheme
    subject = application.review_subject
    reviews = review_queries.reviews_visible_to(session, actor, subject) if subject else []
    summary = (review_queries.summaries(session, [subject.id]).get(subject.id)
               if subject else None)
    with_committee = application.status in (S.ELIGIBLE, S.WAITLISTED)
    assigning = assigning or ReviewerForm(prefix="reviewer")
    assigning.reviewer.choices = [
        (reviewer.id, reviewer.display_name)
        for reviewer in (review_queries.assignable_reviewers(session, application.review_subject)
                         if with_committee else [])]
    interview = queries.interview_of(session, application)
    if interviewing is None and with_committee:
        interviewing = _interview_form(actor, application)
    checklist = queries.checklist_of(session, application) \
        if application.status == S.CONFIRMED else []
    tick_forms = {item.id: _tick_form(item) for item in checklist}
    if ticking is not None:
        tick_forms[ticking[0]] = ticking[1]
    taken = selection.places_taken(session, call) if with_committee else None
    quota_country = selection.country_of(session, application) \
        if with_committee and call.country_quota else None
    applicant_zone = application.applicant.timezone if application.applicant else call.timezone
    return render_template(
        "lms/admissions/staff_application.html", application=application, call=call,
        described=services.describe(application), nomination=application.nomination,
        assignments=review_queries.assignments_of(session, application.review_subject_id),
        reviews=[(review, weighted_score(scheme, review.scores)) for review in reviews],
        criteria=scheme.criteria, summary=summary, interview=interview,
        applicant_zone=applicant_zone,
        screening=screening or ScreeningForm(prefix="screening"), assigning=assigning,
        interviewing=interviewing, deciding=deciding or DecisionForm(prefix="decision"),
        releasing=releasing or EmptyForm(), checklist=checklist, tick_forms=tick_forms,
        taken=taken, quota_country=quota_country, with_committee=with_committee,
        may_release=(application.status == S.SELECTED and application.reply_by is not None
                     and utcnow() > application.reply_by),
        document_labels=services.DOCUMENT_LABELS,
        checklist_labels=onboarding.CHECKLIST_LABELS, recommendation_labels=RECOMMENDATION_LABELS,
        NominationMethod=NominationMethod, AssignmentStatus=AssignmentStatus,
        **page_context())


def _interview_form(actor: User, application: AdmissionApplication,
                    formdata: bool = False) -> InterviewForm:
    interviewers = [(user.id, user.display_name)
                    for user in queries.possible_interviewers(session, application)]
    if formdata:
        return InterviewForm(interviewers, prefix="interview")
    form = InterviewForm(interviewers, prefix="interview", formdata=None)
    form.timezone.data = actor.timezone
    form.minutes.data = 30
    interview = queries.interview_of(session, application)
    if interview is not None:
        local = interview.starts_at.astimezone(zoneinfo.ZoneInfo(actor.timezone))
        form.starts_on.data, form.starts_time.data = local.date(), local.time()
        form.minutes.data = interview.minutes
        form.place.data = interview.place
        form.interviewer_id.data = str(interview.interviewer_id or "")
    return form


def _tick_form(item: ChecklistItem) -> ChecklistItemForm:
    form = ChecklistItemForm(prefix=f"item-{item.id}", formdata=None)
    form.done.data = item.done_at is not None
    form.note.data = item.note
    return form


@bp.route("/applications/<int:application_id>")
@login_required
def application(application_id: int) -> ResponseReturnValue:
    actor = staff_user()
    return _application_page(actor, _application_or_404(actor, application_id))


@bp.route("/applications/<int:application_id>/documents/<int:document_id>")
@login_required
def document(application_id: int, document_id: int) -> ResponseReturnValue:
    actor = staff_user()
    found = queries.document_of(_application_or_404(actor, application_id), document_id)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type, found.original_name)


def _back_to(application_id: int, anchor: str) -> ResponseReturnValue:
    return redirect(url_for("lms.admissions_staff.application", application_id=application_id,
                            _anchor=anchor))


@bp.route("/applications/<int:application_id>/screening", methods=["POST"])
@login_required
def screen(application_id: int) -> ResponseReturnValue:
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    form = ScreeningForm(prefix="screening")
    if form.validate_on_submit():
        eligible = form.eligible.data == "yes"
        screened = commit_or_show_error(form, lambda: selection.screen(
            session, actor, found, eligible, form.reason.data or ""))
        if screened.done:
            flash(_("The application is eligible and with the selection committee: assign its "
                    "reviewers.") if eligible else
                  _("The application is marked not eligible; the applicant has been told by "
                    "mail, with your reason."), "success")
            return _back_to(found.id, "reviewers-heading" if eligible else "screening-heading")
    return _application_page(actor, found, screening=form)


@bp.route("/applications/<int:application_id>/reviewers", methods=["POST"])
@login_required
def assign_reviewer(application_id: int) -> ResponseReturnValue:
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    form = ReviewerForm(prefix="reviewer")
    if form.validate_on_submit():
        reviewer = session.get(User, form.reviewer.data)
        if reviewer is None:
            form.reviewer.errors = [_("Choose a committee member from the list.")]
        else:
            assigned = commit_or_show_error(form, lambda: selection.assign_reviewer(
                session, actor, found, reviewer))
            if assigned.done:
                flash(_("%(name)s is asked to review this application.",
                        name=reviewer.display_name), "success")
                return _back_to(found.id, "reviewers-heading")
    return _application_page(actor, found, assigning=form)


@bp.route("/applications/<int:application_id>/interview", methods=["POST"])
@login_required
def interview(application_id: int) -> ResponseReturnValue:
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    form = _interview_form(actor, found, formdata=True)
    if form.validate_on_submit():
        try:
            zone = zoneinfo.ZoneInfo(form.timezone.data)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            form.timezone.errors = [_("Choose a time zone from the list.")]
        else:
            chosen = form.interviewer_id.data
            local = dt.datetime.combine(form.starts_on.data, form.starts_time.data)

            def schedule() -> Interview:
                given = selection.InterviewInput(
                    starts_at=local_to_utc(local, zone, field="starts_time").utc,
                    minutes=form.minutes.data, place=form.place.data or "",
                    interviewer_id=int(chosen) if chosen and chosen.isdigit() else None)
                return selection.schedule_interview(session, actor, found, given)

            scheduled = commit_or_show_error(form, schedule)
            if scheduled.done:
                flash(_("The interview is set; the applicant and the interviewer have been sent "
                        "the time in their own time zones, with a calendar invitation."),
                      "success")
                note_if_repeated(local, zone)
                return _back_to(found.id, "interview-heading")
    return _application_page(actor, found, interviewing=form)


@bp.route("/applications/<int:application_id>/decision", methods=["POST"])
@login_required
def decide(application_id: int) -> ResponseReturnValue:
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    form = DecisionForm(prefix="decision")
    if form.validate_on_submit():
        outcome = S(form.outcome.data)
        decided = commit_or_show_error(form, lambda: selection.decide(
            session, actor, found, outcome, form.message.data or ""))
        if decided.done:
            flash(_("The decision is recorded and the applicant has been told by mail."),
                  "success")
            return _back_to(found.id, "decision-heading")
    return _application_page(actor, found, deciding=form)


@bp.route("/applications/<int:application_id>/release", methods=["POST"])
@login_required
def release(application_id: int) -> ResponseReturnValue:
    """Free the place of someone selected who did not answer in time; it goes to the first on
    the waiting list who fits."""
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    form = EmptyForm()
    released = commit_or_show_error(form, lambda: selection.release_lapsed_place(
        session, actor, found))
    if released.done:
        flash(_("The place is released and offered to the waiting list."), "success")
        return _back_to(found.id, "decision-heading")
    return _application_page(actor, found, releasing=form)


@bp.route("/applications/<int:application_id>/checklist/<int:item_id>", methods=["POST"])
@login_required
def tick(application_id: int, item_id: int) -> ResponseReturnValue:
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    item = next((each for each in queries.checklist_of(session, found) if each.id == item_id),
                None)
    if item is None:
        abort(404)
    form = ChecklistItemForm(prefix=f"item-{item.id}")
    if form.validate_on_submit():
        ticked = commit_or_show_error(form, lambda: onboarding.tick(
            session, actor, item, bool(form.done.data), form.note.data or ""))
        if ticked.done:
            flash(_("The checklist is updated."), "success")
            return _back_to(found.id, "checklist-heading")
    return _application_page(actor, found, ticking=(item.id, form))


# These pages use the blueprint and the helpers above, so they are imported last.
from lms.admissions import call_views  # noqa: E402, F401
