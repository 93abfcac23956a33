"""Admissions pages for program staff: calls, the applications sent to each, screening,
reviewer assignment, interviews, decisions, the pre-arrival checklist, and statistics."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import uploads
from lms.accounts.models import User
from lms.admissions import access, onboarding, queries, selection, services, statistics
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationStatus,
    ChecklistItem,
    DocumentKind,
    Gender,
    Interview,
    NominationMethod,
)
from lms.admissions.staff_forms import (
    RECOMMENDATION_LABELS,
    CallForm,
    ChecklistItemForm,
    DecisionForm,
    InterviewForm,
    ScreeningForm,
)
from lms.admissions.workflow import HOLDS_PLACE, STATUS_LABELS
from lms.clock import local_to_utc, utcnow
from lms.csvexport import csv_response
from lms.db import session
from lms.errors import ServiceError
from lms.forms import EmptyForm, commit_or_show_error, note_if_repeated
from lms.i18n import _, country_name, current_locale
from lms.markdown import render as render_markdown
from lms.pagination import requested_page_number
from lms.programs.models import Cohort
from lms.programs.services import require_staff
from lms.reviews import queries as review_queries
from lms.reviews.forms import ReviewerForm
from lms.reviews.models import AssignmentStatus
from lms.reviews.services import weighted_score
from lms.security import login_required, require_user

bp = Blueprint("admissions_staff", __name__, template_folder="templates",
               url_prefix="/admissions/staff")

S = ApplicationStatus

#: The service names the call's times by what they are; the form has a date and a time each.
CALL_FIELDS = {"opens_at": "opens_on", "closes_at": "closes_on"}
#: Staff see every state but the draft, which stays its author's until sent.
LISTED_STATUSES = [status for status in S if status != S.DRAFT]


def _staff() -> User:
    actor = require_user()
    require_staff(actor)  # refuses with the reason, as a 403
    return actor


def _call_or_404(actor: User, call_id: int) -> AdmissionCall:
    call = access.call_for_staff(session, actor, call_id)
    if call is None:
        abort(404)
    return call


def _application_or_404(actor: User, application_id: int) -> AdmissionApplication:
    application = access.application_for_staff(session, actor, application_id)
    if application is None:
        abort(404)
    return application


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _page_context() -> dict[str, Any]:
    return {"status_labels": STATUS_LABELS, "S": ApplicationStatus, "holds_place": HOLDS_PLACE,
            "figure": _figure}


# Calls ------------------------------------------------------------------------------------------


@bp.route("/")
@login_required
def calls() -> ResponseReturnValue:
    _staff()
    return render_template("lms/admissions/staff_calls.html",
                           page=queries.calls_page(session, requested_page_number()),
                           now=utcnow(), **_page_context())


@bp.route("/calls/new", methods=["GET", "POST"])
@login_required
def new_call() -> ResponseReturnValue:
    return _call_form(_staff(), None)


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
@login_required
def edit_call(call_id: int) -> ResponseReturnValue:
    actor = _staff()
    return _call_form(actor, _call_or_404(actor, call_id))


def _cohort_label(cohort: Cohort) -> str:
    return _("%(cohort)s (%(program)s), starts %(day)s", cohort=cohort.title,
             program=cohort.program.title, day=cohort.starts_on.isoformat())


def _call_form(actor: User, call: AdmissionCall | None) -> ResponseReturnValue:
    cohorts = queries.cohorts_for_call(session, call)
    form = CallForm([(cohort.id, _cohort_label(cohort)) for cohort in cohorts], current_locale())
    if request.method == "GET":
        _fill_call_form(form, call)
    elif form.validate_on_submit():
        level = form.required_language_level.data
        data = services.CallInput(
            cohort_id=form.cohort_id.data, title=form.title.data or "",
            timezone=form.timezone.data,
            opens_at=dt.datetime.combine(form.opens_on.data, form.opens_time.data),
            # Taken until the end of the minute given, as "closes at 17:00" is read.
            closes_at=dt.datetime.combine(form.closes_on.data,
                                          form.closes_time.data.replace(second=59)),
            capacity=form.capacity.data, country_quota=form.country_quota.data,
            min_years_in_welfare=form.min_years_in_welfare.data,
            required_language=form.required_language.data or None,
            required_language_level=int(level) if level else None,
            required_documents=list(form.required_documents.data or []),
            eligibility=form.eligibility.data or "", guidance=form.guidance.data or "",
            reply_days=form.reply_days.data,
            keep_unsuccessful_days=form.keep_unsuccessful_days.data)

        def save() -> AdmissionCall:
            try:
                if call is None:
                    return services.create_call(session, actor, data)
                return services.update_call(session, actor, call, data)
            except ServiceError as error:
                error.field = CALL_FIELDS.get(error.field or "", error.field)
                raise

        saved = commit_or_show_error(form, save)
        if saved.result is not None:
            flash(_("The call has been saved.") if call else _("The call has been created."),
                  "success")
            for local in (data.opens_at, data.closes_at):
                note_if_repeated(local, saved.result.zone)
            return redirect(url_for("lms.admissions_staff.call", call_id=saved.result.id))
    return render_template("lms/admissions/staff_call_form.html", form=form, call=call,
                           has_cohorts=bool(cohorts))


def _fill_call_form(form: CallForm, call: AdmissionCall | None) -> None:
    if call is None:
        # A new call starts from the service's own defaults.
        defaults = {each.name: each.default for each in dataclasses.fields(services.CallInput)
                    if each.default is not dataclasses.MISSING}
        form.timezone.data = "Asia/Tokyo"
        form.opens_time.data = dt.time(0, 0)
        form.closes_time.data = dt.time(23, 59)
        form.min_years_in_welfare.data = defaults["min_years_in_welfare"]
        form.reply_days.data = defaults["reply_days"]
        form.keep_unsuccessful_days.data = defaults["keep_unsuccessful_days"]
        form.required_documents.data = [DocumentKind.CV.value, DocumentKind.PASSPORT.value]
        return
    opens = call.opens_at.astimezone(call.zone)
    closes = call.closes_at.astimezone(call.zone)
    form.cohort_id.data = call.cohort_id
    form.title.data = call.title
    form.timezone.data = call.timezone
    form.opens_on.data, form.opens_time.data = opens.date(), opens.time().replace(second=0)
    form.closes_on.data, form.closes_time.data = closes.date(), closes.time().replace(second=0)
    form.capacity.data = call.capacity
    form.country_quota.data = call.country_quota
    form.min_years_in_welfare.data = call.min_years_in_welfare
    form.required_language.data = call.required_language or ""
    form.required_language_level.data = str(call.required_language_level or "")
    form.required_documents.data = list(call.required_documents)
    form.eligibility.data = call.eligibility
    form.guidance.data = call.guidance
    form.reply_days.data = call.reply_days
    form.keep_unsuccessful_days.data = call.keep_unsuccessful_days


@bp.route("/calls/<int:call_id>")
@login_required
def call(call_id: int) -> ResponseReturnValue:
    """The call's applications with what the committee said, and its places."""
    actor = _staff()
    found = _call_or_404(actor, call_id)
    wanted = request.args.get("status", "")
    status = S(wanted) if wanted in {str(s) for s in LISTED_STATUSES} else None
    countries = queries.places_by_country(session, found)
    wanted_country = request.args.get("country", "")
    country = wanted_country if wanted_country in {row.country for row in countries} else None
    page = queries.call_applications(session, found, status, country, requested_page_number())
    figures = queries.call_figures(session, [found.id])[found.id]
    return render_template(
        "lms/admissions/staff_call.html", call=found, page=page, status=status,
        country=country, countries=countries, figures=figures,
        filter_statuses=[s for s in LISTED_STATUSES if figures.counts.get(s)], now=utcnow(),
        guidance=render_markdown(found.guidance), document_labels=services.DOCUMENT_LABELS,
        level_labels={int(level): label for level, label in services.LEVEL_LABELS.items()},
        **_page_context())


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
        **_page_context())


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
    actor = _staff()
    return _application_page(actor, _application_or_404(actor, application_id))


@bp.route("/applications/<int:application_id>/documents/<int:document_id>")
@login_required
def document(application_id: int, document_id: int) -> ResponseReturnValue:
    actor = _staff()
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
    actor = _staff()
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
    actor = _staff()
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
    actor = _staff()
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
    actor = _staff()
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
    actor = _staff()
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
    actor = _staff()
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


# Figures ----------------------------------------------------------------------------------------


def _gender_label(gender: Gender | None) -> str:
    return str(services.GENDER_LABELS[gender]) if gender is not None else _("not given")


@bp.route("/calls/<int:call_id>/statistics", endpoint="statistics")
@login_required
def statistics_page(call_id: int) -> ResponseReturnValue:
    actor = _staff()
    found = _call_or_404(actor, call_id)
    return render_template("lms/admissions/staff_statistics.html", call=found,
                           stats=statistics.call_statistics(session, found),
                           gender_label=_gender_label, statuses=LISTED_STATUSES,
                           **_page_context())


@bp.route("/calls/<int:call_id>/statistics.csv")
@login_required
def statistics_csv(call_id: int) -> ResponseReturnValue:
    actor = _staff()
    found = _call_or_404(actor, call_id)
    stats = statistics.call_statistics(session, found)
    header = [_("Grouped by"), _("Group"), _("Applications sent"), _("Found eligible"),
              _("Selected")]
    rows: list[list[Any]] = [[_("Call"), found.title, stats.total.applications,
                              stats.total.eligible, stats.total.selected]]
    rows += [[_("Country"), country_name(code) or _("not given"), figures.applications,
              figures.eligible, figures.selected] for code, figures in stats.by_country.items()]
    rows += [[_("Gender"), _gender_label(gender), figures.applications, figures.eligible,
              figures.selected] for gender, figures in stats.by_gender.items()]
    return csv_response(f"admission-call-{found.id}-statistics.csv", header, rows)
