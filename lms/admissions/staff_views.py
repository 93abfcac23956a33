"""Admissions pages for program staff about one application: screening, reviewer assignment,
interviews, decisions, releasing a lapsed place, and the pre-arrival checklist. The calls
(list, form, each call's applications and statistics) are in ``call_views``, on this
blueprint too."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from flask import Blueprint, abort, render_template
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
from lms.clock import local_to_utc, utcnow, zone_named
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error, note_if_repeated
from lms.i18n import _, _l, pgettext
from lms.reviews import queries as review_queries
from lms.reviews.forms import ReviewerForm
from lms.reviews.staff_pages import StaffDesk, figure, reviewer_form
from lms.security import login_required

bp = Blueprint("admissions_staff", __name__, template_folder="templates",
               url_prefix="/admissions/staff")

S = ApplicationStatus


def page_context() -> dict[str, Any]:
    return {"status_labels": STATUS_LABELS, "S": ApplicationStatus, "holds_place": HOLDS_PLACE,
            "figure": figure}


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
    with_committee = application.is_with_committee
    panel = review_queries.review_panel(session, actor, call.review_scheme,
                                        application.review_subject,
                                        with_committee=with_committee, zone=call.zone)
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
        review=panel, interview=interview, applicant_zone=applicant_zone,
        screening=screening or ScreeningForm(prefix="screening"),
        assigning=reviewer_form(panel, assigning),
        interviewing=interviewing, deciding=deciding or DecisionForm(prefix="decision"),
        releasing=releasing or EmptyForm(), checklist=checklist, tick_forms=tick_forms,
        taken=taken, quota_country=quota_country, with_committee=with_committee,
        may_release=(application.status == S.SELECTED and application.reply_by is not None
                     and utcnow() > application.reply_by),
        document_labels=services.DOCUMENT_LABELS,
        checklist_labels=onboarding.CHECKLIST_LABELS, recommendation_labels=RECOMMENDATION_LABELS,
        NominationMethod=NominationMethod, **page_context())


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
    return _application_page(*DESK.open(application_id))


@bp.route("/applications/<int:application_id>/documents/<int:document_id>")
@login_required
def document(application_id: int, document_id: int) -> ResponseReturnValue:
    _actor, found_application = DESK.open(application_id)
    found = queries.document_of(found_application, document_id)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type, found.original_name)


#: Screening (POST .../screening, endpoint ``screen``) and asking a committee member to review
#: (POST .../reviewers, ``assign_reviewer``) are the shared staff pages of lms.reviews.
DESK = StaffDesk(endpoint="lms.admissions_staff.application",
                 load=access.application_for_staff, page=_application_page,
                 screen=selection.screen, assign=selection.assign_reviewer,
                 screening_form=ScreeningForm,
                 zone_of=lambda application: application.call.zone,
                 eligible_done=_l("The application is eligible and with the selection committee: "
                                  "assign its reviewers."))
DESK.add_routes(bp)


@bp.route("/applications/<int:application_id>/interview", methods=["POST"])
@login_required
def interview(application_id: int) -> ResponseReturnValue:
    actor, found = DESK.open(application_id)
    form = _interview_form(actor, found, formdata=True)
    if form.validate_on_submit():
        chosen = form.interviewer_id.data
        local = dt.datetime.combine(form.starts_on.data, form.starts_time.data)

        def schedule() -> Interview:
            given = selection.InterviewInput(
                starts_at=local_to_utc(local, zone_named(form.timezone.data),
                                       field="starts_time").utc,
                minutes=form.minutes.data, place=form.place.data or "",
                interviewer_id=int(chosen) if chosen and chosen.isdigit() else None)
            return selection.schedule_interview(session, actor, found, given)

        scheduled = commit_or_show_error(form, schedule, done=_(
            "The interview is set; the applicant and the interviewer have been sent the time "
            "in their own time zones, with a calendar invitation."))
        if scheduled.done:
            note_if_repeated(local, zone_named(form.timezone.data))
            return DESK.back_to(found.id, "interview-heading")
    return _application_page(actor, found, interviewing=form)


@bp.route("/applications/<int:application_id>/decision", methods=["POST"])
@login_required
def decide(application_id: int) -> ResponseReturnValue:
    actor, found = DESK.open(application_id)
    form = DecisionForm(prefix="decision")
    if form.validate_on_submit():
        outcome = S(form.outcome.data)
        decided = commit_or_show_error(form, lambda: selection.decide(
            session, actor, found, outcome, form.message.data or ""), done=pgettext(
            "admissions", "The decision is recorded and the applicant has been told by mail."))
        if decided.done:
            return DESK.back_to(found.id, "decision-heading")
    return _application_page(actor, found, deciding=form)


@bp.route("/applications/<int:application_id>/release", methods=["POST"])
@login_required
def release(application_id: int) -> ResponseReturnValue:
    """Free the place of someone selected who did not answer in time; it goes to the first on
    the waiting list who fits."""
    actor, found = DESK.open(application_id)
    form = EmptyForm()
    released = commit_or_show_error(form, lambda: selection.release_lapsed_place(
        session, actor, found), done=_("The place is released and offered to the waiting list."))
    if released.done:
        return DESK.back_to(found.id, "decision-heading")
    return _application_page(actor, found, releasing=form)


@bp.route("/applications/<int:application_id>/checklist/<int:item_id>", methods=["POST"])
@login_required
def tick(application_id: int, item_id: int) -> ResponseReturnValue:
    actor, found = DESK.open(application_id)
    item = next((each for each in queries.checklist_of(session, found) if each.id == item_id),
                None)
    if item is None:
        abort(404)
    form = ChecklistItemForm(prefix=f"item-{item.id}")
    if form.validate_on_submit():
        ticked = commit_or_show_error(form, lambda: onboarding.tick(
            session, actor, item, bool(form.done.data), form.note.data or ""),
            done=_("The checklist is updated."))
        if ticked.done:
            return DESK.back_to(found.id, "checklist-heading")
    return _application_page(actor, found, ticking=(item.id, form))


# These pages use the blueprint and the helpers above, so they are imported last.
from lms.admissions import call_views  # noqa: E402, F401
