"""Grant pages for program staff: rounds, screening, reviewer assignment, one application's
decision, payments, grantee reports, statistics and exports. A committee meeting's decisions,
recorded together, are in ``decision_views`` and the round's figures and CSV downloads in
``export_views``, both on this blueprint too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import uploads
from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import session
from lms.errors import ServiceError
from lms.forms import commit_or_show_error, note_if_repeated
from lms.grants import applying, decisions, projects, queries, services
from lms.grants.models import (
    AWARDED_STATES,
    ApplicationStatus,
    DecisionOutcome,
    GrantApplication,
    GrantRound,
    ReportKind,
    ReportStatus,
)
from lms.grants.staff_forms import (
    RECOMMENDATION_LABELS,
    DecisionForm,
    PaymentForm,
    ReportReviewForm,
    RoundForm,
    ScreeningForm,
)
from lms.i18n import _
from lms.pagination import requested_page_number
from lms.reviews import queries as review_queries
from lms.reviews.forms import ReviewerForm
from lms.reviews.models import AssignmentStatus
from lms.reviews.services import weighted_score
from lms.security import login_required, require_staff, require_user

bp = Blueprint("grants_staff", __name__, template_folder="templates",
               url_prefix="/grants/staff")

S = ApplicationStatus

#: The service names the round's times by what they are; the form has a date and a time each.
ROUND_FIELDS = {"opens_at": "opens_on", "closes_at": "closes_on"}


def staff_user() -> User:
    actor = require_user()
    require_staff(actor)  # refuses with the reason, as a 403
    return actor


def round_or_404(round_id: int) -> GrantRound:
    grant_round = queries.round_by_id(session, round_id)
    if grant_round is None:
        abort(404)
    return grant_round


def _application_or_404(actor: User, application_id: int) -> GrantApplication:
    application = queries.application_for_staff(session, actor, application_id)
    if application is None:
        abort(404)
    return application


def page_context() -> dict[str, Any]:
    return {"status_labels": services.STATUS_LABELS, "S": ApplicationStatus,
            "awarded_states": AWARDED_STATES,
            "category_labels": services.CATEGORY_LABELS,
            "outcome_labels": services.OUTCOME_LABELS,
            "report_kind_labels": projects.REPORT_KIND_LABELS,
            "report_status_labels": projects.REPORT_STATUS_LABELS}


def figure(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


# Rounds -----------------------------------------------------------------------------------------


@bp.route("/")
@login_required
def rounds() -> ResponseReturnValue:
    staff_user()
    return render_template("lms/grants/staff_rounds.html",
                           page=queries.rounds_page(session, requested_page_number()),
                           now=utcnow(), statuses=list(ApplicationStatus), **page_context())


@bp.route("/rounds/new", methods=["GET", "POST"])
@login_required
def new_round() -> ResponseReturnValue:
    return _round_form(staff_user(), None)


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@login_required
def edit_round(round_id: int) -> ResponseReturnValue:
    actor = staff_user()
    return _round_form(actor, round_or_404(round_id))


def _round_form(actor: User, grant_round: GrantRound | None) -> ResponseReturnValue:
    courses = queries.guide_courses(session, grant_round.guide_course_id if grant_round else None)
    form = RoundForm([(course_id, title) for course_id, _slug, title in courses])
    if request.method == "GET":
        _fill_round_form(form, grant_round, courses)
    elif form.validate_on_submit():
        data = services.RoundInput(
            fiscal_year=form.fiscal_year.data, title=form.title.data or "",
            timezone=form.timezone.data, currency=form.currency.data or "",
            opens_at=dt.datetime.combine(form.opens_on.data, form.opens_time.data),
            # Taken until the end of the minute given, as "closes at 17:00" is read.
            closes_at=dt.datetime.combine(form.closes_on.data,
                                          form.closes_time.data.replace(second=59)),
            budget=form.budget.data, largest_award=form.largest_award.data,
            guide_course_id=int(form.guide_course_id.data) if form.guide_course_id.data
            else None,
            allow_several=form.allow_several.data,
            progress_report_due_on=form.progress_report_due_on.data,
            final_report_due_on=form.final_report_due_on.data)

        def save() -> GrantRound:
            try:
                if grant_round is None:
                    return services.create_round(session, actor, data)
                return services.update_round(session, actor, grant_round, data)
            except ServiceError as error:
                error.field = ROUND_FIELDS.get(error.field or "", error.field)
                raise

        saved = commit_or_show_error(form, save)
        if saved.result is not None:
            flash(_("The round has been saved.") if grant_round else
                  _("The round has been created."), "success")
            for local in (data.opens_at, data.closes_at):
                note_if_repeated(local, saved.result.zone)
            return redirect(url_for("lms.grants_staff.round", round_id=saved.result.id))
    return render_template("lms/grants/staff_round_form.html", form=form,
                           grant_round=grant_round)


def _fill_round_form(form: RoundForm, grant_round: GrantRound | None,
                     courses: list[tuple[int, str, str]]) -> None:
    if grant_round is None:
        today = utcnow().date()
        form.fiscal_year.data = today.year
        form.timezone.data = "Asia/Tokyo"
        form.currency.data = "JPY"
        form.opens_time.data = dt.time(0, 0)
        form.closes_time.data = dt.time(23, 59)
        form.guide_course_id.data = next(
            (str(course_id) for course_id, slug, _title in courses if slug == "grant-guide"), "")
        return
    opens = grant_round.opens_at.astimezone(grant_round.zone)
    closes = grant_round.closes_at.astimezone(grant_round.zone)
    form.fiscal_year.data = grant_round.fiscal_year
    form.title.data = grant_round.title
    form.timezone.data = grant_round.timezone
    form.opens_on.data, form.opens_time.data = opens.date(), opens.time().replace(second=0)
    form.closes_on.data, form.closes_time.data = closes.date(), closes.time().replace(second=0)
    form.currency.data = grant_round.currency
    form.budget.data = grant_round.budget
    form.largest_award.data = grant_round.largest_award
    form.guide_course_id.data = str(grant_round.guide_course_id or "")
    form.allow_several.data = grant_round.allow_several
    form.progress_report_due_on.data = grant_round.progress_report_due_on
    form.final_report_due_on.data = grant_round.final_report_due_on


@bp.route("/rounds/<int:round_id>", endpoint="round")
@login_required
def round_page(round_id: int) -> ResponseReturnValue:
    """The round's applications with what the reviewers said, and its budget."""
    staff_user()
    grant_round = round_or_404(round_id)
    wanted = request.args.get("status", "")
    status = S(wanted) if wanted in {str(s) for s in S if s != S.DRAFT} else None
    page = queries.round_applications(session, grant_round, status, requested_page_number())
    figures = queries.round_figures(session, [grant_round.id])[grant_round.id]
    return render_template(
        "lms/grants/staff_round.html", grant_round=grant_round, page=page, status=status,
        figures=figures, awarded=figures.awarded, left=grant_round.budget - figures.awarded,
        filter_statuses=[s for s in S if s != S.DRAFT], now=utcnow(), figure=figure,
        **page_context())


# One application --------------------------------------------------------------------------------


def _application_page(actor: User, application: GrantApplication, *,
                      screening: ScreeningForm | None = None,
                      assigning: ReviewerForm | None = None,
                      deciding: DecisionForm | None = None,
                      paying: PaymentForm | None = None,
                      reviewing: tuple[ReportKind, ReportReviewForm] | None = None,
                      ) -> ResponseReturnValue:
    grant_round = application.round
    scheme = grant_round.review_scheme
    subject = application.review_subject
    reviews = review_queries.reviews_visible_to(session, actor, subject) if subject else []
    summary = (review_queries.summaries(session, [subject.id]).get(subject.id)
               if subject else None)
    reviewers = review_queries.assignable_reviewers(session, application.review_subject) \
        if application.status == S.IN_REVIEW else []
    assigning = assigning or ReviewerForm(prefix="reviewer")
    assigning.reviewer.choices = [(reviewer.id, reviewer.display_name)
                                  for reviewer in reviewers]
    awarded = application.status in AWARDED_STATES
    payments = queries.payments_of(session, application) if awarded else []
    paid = sum(payment.amount for payment in payments)
    reports = queries.reports_of(session, application) \
        if application.status in (S.IN_PROGRESS, S.CLOSED) else {}
    report_forms = {kind: ReportReviewForm(prefix=f"report-{kind}")
                    for kind, report in reports.items() if report.status == ReportStatus.SUBMITTED}
    if reviewing is not None:
        report_forms[reviewing[0]] = reviewing[1]
    payment_form = paying or PaymentForm(prefix="payment")
    if paying is None:
        payment_form.paid_on.data = utcnow().date()
    return render_template(
        "lms/grants/staff_application.html", application=application,
        grant_round=grant_round, content=applying.snapshot(application),
        versions=queries.versions_of(session, application),
        assignments=review_queries.assignments_of(session, application.review_subject_id),
        reviews=[(review, weighted_score(scheme, review.scores)) for review in reviews],
        criteria=scheme.criteria, summary=summary, figure=figure,
        decisions=queries.decisions_of(session, application),
        payments=payments, paid=paid, to_pay=(application.awarded_amount or 0) - paid,
        reports=reports, report_forms=report_forms,
        lines_by_id={line.id: line for line in application.budget_lines},
        screening=screening or ScreeningForm(prefix="screening"), assigning=assigning,
        deciding=deciding or DecisionForm(prefix="decision"), paying=payment_form,
        may_screen=application.status in (S.SUBMITTED, S.SCREENING),
        may_decide=application.status == S.IN_REVIEW,
        may_pay=application.status in (S.IN_PROGRESS, S.CLOSED),
        round_awarded=services.awarded_total(session, grant_round)
        if application.status == S.IN_REVIEW else 0,
        recommendation_labels=RECOMMENDATION_LABELS,
        AssignmentStatus=AssignmentStatus, ReportKind=ReportKind, **page_context())


@bp.route("/applications/<int:application_id>")
@login_required
def application(application_id: int) -> ResponseReturnValue:
    actor = staff_user()
    return _application_page(actor, _application_or_404(actor, application_id))


@bp.route("/applications/<int:application_id>/versions/<int:number>")
@login_required
def version(application_id: int, number: int) -> ResponseReturnValue:
    """What the application said when it was sent for the ``number``th time."""
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    kept = queries.version_of(session, found, number)
    if kept is None:
        abort(404)
    return render_template("lms/grants/staff_version.html", application=found, version=kept,
                           grant_round=found.round, content=kept.content, **page_context())


def _back_to(application_id: int, anchor: str) -> ResponseReturnValue:
    return redirect(url_for("lms.grants_staff.application", application_id=application_id,
                            _anchor=anchor))


@bp.route("/applications/<int:application_id>/screening", methods=["POST"])
@login_required
def screen(application_id: int) -> ResponseReturnValue:
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    form = ScreeningForm(prefix="screening")
    if form.validate_on_submit():
        eligible = form.eligible.data == "yes"
        screened = commit_or_show_error(form, lambda: services.screen(
            session, actor, found, eligible, form.reason.data or ""))
        if screened.done:
            flash(_("The application is eligible and with the committee: assign its "
                    "reviewers.") if eligible else
                  _("The application is marked not eligible; the applicant has been told "
                    "by mail, with your reason."), "success")
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
            assigned = commit_or_show_error(form, lambda: services.assign_reviewer(
                session, actor, found, reviewer))
            if assigned.done:
                flash(_("%(name)s is asked to review this application.",
                        name=reviewer.display_name), "success")
                return _back_to(found.id, "reviewers-heading")
    return _application_page(actor, found, assigning=form)


def decision_input(outcome: str, amount: int | None, message: str) -> decisions.DecisionInput:
    return decisions.DecisionInput(DecisionOutcome(outcome), amount, message)


@bp.route("/applications/<int:application_id>/decision", methods=["POST"])
@login_required
def decide(application_id: int) -> ResponseReturnValue:
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    form = DecisionForm(prefix="decision")
    if form.validate_on_submit():
        decision = decision_input(form.outcome.data, form.amount.data,
                                  form.message.data or "")
        decided = commit_or_show_error(form, lambda: decisions.decide(
            session, actor, found, decision))
        if decided.done:
            flash(_("The decision is recorded and the applicant has been told by mail."),
                  "success")
            return _back_to(found.id, "decision-heading")
    return _application_page(actor, found, deciding=form)


@bp.route("/applications/<int:application_id>/payments", methods=["POST"])
@login_required
def record_payment(application_id: int) -> ResponseReturnValue:
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    form = PaymentForm(prefix="payment")
    if form.validate_on_submit():
        recorded = commit_or_show_error(form, lambda: projects.record_disbursement(
            session, actor, found, form.paid_on.data, form.amount.data,
            form.reference.data or ""))
        if recorded.done:
            flash(_("The payment is recorded."), "success")
            return _back_to(found.id, "payments-heading")
    return _application_page(actor, found, paying=form)


@bp.route("/applications/<int:application_id>/reports/<kind>", methods=["POST"])
@login_required
def review_report(application_id: int, kind: str) -> ResponseReturnValue:
    actor = staff_user()
    found = _application_or_404(actor, application_id)
    if kind not in {str(k) for k in ReportKind}:
        abort(404)
    report_kind = ReportKind(kind)
    report = queries.reports_of(session, found).get(report_kind)
    if report is None:
        abort(404)
    form = ReportReviewForm(prefix=f"report-{report_kind}")
    if form.validate_on_submit():
        action = request.form.get("action")
        if action not in ("accept", "changes"):
            abort(400)
        accept = action == "accept"
        reviewed = commit_or_show_error(form, lambda: projects.review_report(
            session, actor, report, accept, form.note.data or ""))
        if reviewed.done:
            flash(_("The report is accepted and the grantee has been told.") if accept else
                  _("The report has gone back to the grantee with your note."), "success")
            return _back_to(found.id, f"report-{report_kind}-heading")
    return _application_page(actor, found, reviewing=(report_kind, form))


@bp.route("/attachments/<int:attachment_id>")
@login_required
def report_attachment(attachment_id: int) -> ResponseReturnValue:
    found = queries.report_attachment_for_staff(session, staff_user(), attachment_id)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type, found.filename)


# These pages use the blueprint and the helpers above, so they are imported last.
from lms.grants import decision_views, export_views  # noqa: E402, F401
