"""Grant pages for program staff: rounds, screening, reviewer assignment, one application's
decision, payments, grantee reports, statistics and exports. A committee meeting's decisions,
recorded together, are in ``decision_views`` and the round's figures and CSV downloads in
``export_views``, both on this blueprint too."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from lms import uploads
from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import session
from lms.forms import commit_or_show_error
from lms.grants import (
    body_html,
    decisions,
    projects,
    queries,
    round_lists,
    services,
    staff_queries,
)
from lms.grants.models import (
    AWARDED_STATES,
    ApplicationStatus,
    DecisionOutcome,
    GrantApplication,
    GrantRound,
    ReportKind,
)
from lms.grants.round_page_html import round_body
from lms.grants.round_table import round_pager, round_rows
from lms.grants.staff_forms import (
    RECOMMENDATION_LABELS,
    DecisionForm,
    PaymentForm,
    ReportReviewForm,
    RoundForm,
    ScreeningForm,
)
from lms.i18n import _, _l, current_locale, pgettext
from lms.pagination import requested_page_number
from lms.reviews import panel_html
from lms.reviews.forms import ReviewerForm
from lms.reviews.staff_pages import (
    StaffDesk,
    list_words,
    reviewer_form,
    staff_user,
    text_html,
    wide_list_rows,
)
from lms.reviews.windows import fill_window, save_window, typed_window
from lms.security import login_required

bp = Blueprint("grants_staff", __name__, template_folder="templates",
               url_prefix="/grants/staff")

S = ApplicationStatus
bp.add_app_template_global(text_html)
bp.add_app_template_global(body_html.application_body, "application_body_html")


def round_or_404(round_id: int) -> GrantRound:
    grant_round = queries.round_by_id(session, round_id)
    if grant_round is None:
        abort(404)
    return grant_round


def page_context() -> dict[str, Any]:
    return {"status_labels": services.STATUS_LABELS, "S": ApplicationStatus,
            "awarded_states": AWARDED_STATES,
            "category_labels": services.CATEGORY_LABELS,
            "outcome_labels": services.OUTCOME_LABELS,
            "report_kind_labels": projects.REPORT_KIND_LABELS,
            "report_status_labels": projects.REPORT_STATUS_LABELS}


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
        opens_at, closes_at = typed_window(form)
        data = services.RoundInput(
            fiscal_year=form.fiscal_year.data, title=form.title.data or "",
            timezone=form.timezone.data, currency=form.currency.data or "",
            opens_at=opens_at, closes_at=closes_at,
            budget=form.budget.data, largest_award=form.largest_award.data,
            guide_course_id=int(form.guide_course_id.data) if form.guide_course_id.data
            else None,
            allow_several=form.allow_several.data,
            progress_report_due_on=form.progress_report_due_on.data,
            final_report_due_on=form.final_report_due_on.data)

        saved = save_window(form, lambda: services.create_round(session, actor, data)
                            if grant_round is None else
                            services.update_round(session, actor, grant_round, data),
                            done=_("The round has been saved.") if grant_round else
                            _("The round has been created."))
        if saved is not None:
            return redirect(url_for("lms.grants_staff.round", round_id=saved.id))
    return render_template("lms/grants/staff_round_form.html", form=form,
                           grant_round=grant_round)


def _fill_round_form(form: RoundForm, grant_round: GrantRound | None,
                     courses: list[tuple[int, str, str]]) -> None:
    fill_window(form, grant_round)
    if grant_round is None:
        today = utcnow().date()
        form.fiscal_year.data = today.year
        form.currency.data = "JPY"
        form.guide_course_id.data = next(
            (str(course_id) for course_id, slug, _title in courses if slug == "grant-guide"), "")
        return
    form.fiscal_year.data = grant_round.fiscal_year
    form.title.data = grant_round.title
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
    figures = queries.one_round_figures(session, grant_round.id)
    page = round_lists.round_applications(session, grant_round, status,
                                         requested_page_number(), wide_list_rows(),
                                         figures.listed(status))
    words = list_words(services.STATUS_LABELS)
    rows = round_rows(page.items, grant_round.currency, **words)
    return render_template(
        "lms/grants/staff_round.html", grant_round=grant_round,
        body=round_body(grant_round, figures, page, status, rows,
                        round_pager(page, grant_round.id, status), utcnow(),
                        words["state_names"]))


# One application --------------------------------------------------------------------------------


def _application_page(actor: User, application: GrantApplication, *,
                      screening: ScreeningForm | None = None,
                      assigning: ReviewerForm | None = None,
                      deciding: DecisionForm | None = None,
                      paying: PaymentForm | None = None,
                      reviewing: tuple[ReportKind, ReportReviewForm] | None = None,
                      ) -> ResponseReturnValue:
    """The page, with a posted form shown again with its errors."""
    page = staff_queries.staff_application_page(session, actor, application.id)
    if page is None:
        abort(404)
    return _shown(page, screening=screening, assigning=assigning, deciding=deciding,
                  paying=paying, reviewing=reviewing)


def _shown(page: staff_queries.StaffApplicationPage, *,
           screening: ScreeningForm | None = None, assigning: ReviewerForm | None = None,
           deciding: DecisionForm | None = None, paying: PaymentForm | None = None,
           reviewing: tuple[ReportKind, ReportReviewForm] | None = None) -> ResponseReturnValue:
    """Only the forms the page shows are built: building the others cost more than a third
    of the page. The review panel and what the application says are written in Python
    (lms.reviews.panel_html, lms.grants.body_html)."""
    report_forms = {kind: ReportReviewForm(prefix=f"report-{kind}")
                    for kind in page.reports_to_review}
    if reviewing is not None:
        report_forms[reviewing[0]] = reviewing[1]
    if paying is None and page.may_pay and page.to_pay > 0:
        paying = PaymentForm(prefix="payment")
        paying.paid_on.data = utcnow().date()
    if screening is None and page.may_screen:
        screening = ScreeningForm(prefix="screening")
    application_id = page.application.id
    return render_template(
        "lms/grants/staff_application.html", page=page, screening=screening,
        assigning=reviewer_form(page.review, assigning, shown=page.may_decide),  # type: ignore[arg-type]
        deciding=deciding, decision_fields=decision_fields(deciding) if page.may_decide
        else None, no_form_errors=no_form_errors(), paying=paying,
        report_forms=report_forms, ReportKind=ReportKind,
        body=body_html.application_body(page.content, page.grant_round.currency, 3),
        # A reviewer still to submit links to her due date's page: a few at most.
        reviewers_table=panel_html.reviewers_table_html(page.review, (
            lambda assignment_id: url_for("lms.grants_staff.review_due",
                                          application_id=application_id,
                                          assignment_id=assignment_id))
            if page.may_decide else None),
        submitted_reviews=panel_html.submitted_reviews_html(page.review,
                                                            RECOMMENDATION_LABELS),
        **page_context())


_DECISION_FIELDS_KEY = "lms_grants_decision_fields"


def decision_fields(form: DecisionForm | None) -> Markup:
    """The decision form's questions (``form`` is the one posted, if any). Before anything is
    posted they read the same on every application, so they are written once per language
    and kept: the radio buttons and the fields through their macros cost more than the rest
    of the page's forms. A form is built only to write them the first time."""
    if form is not None and form.is_submitted():
        return _written_fields(form)
    kept: dict[str, Markup] = current_app.extensions.setdefault(_DECISION_FIELDS_KEY, {})
    locale = current_locale()
    fields = kept.get(locale)
    if fields is None:
        fields = kept[locale] = _written_fields(form or DecisionForm(prefix="decision"))
    return fields


class _Unposted:
    """A form nothing was posted to, as the form_errors macro reads it."""

    errors: dict[str, list[str]] = {}
    form_errors: list[str] = []


_NO_ERRORS_KEY = "lms_grants_no_form_errors"


def no_form_errors() -> Markup:
    """What the form_errors macro writes for a form nothing was posted to (blank lines), in
    the place of the decision form's errors, which the page no longer builds to write
    nothing. Written once by the macro itself, so the page stays the same bytes."""
    kept: Markup | None = current_app.extensions.get(_NO_ERRORS_KEY)
    if kept is None:
        # The macro's output is already markup: the template escapes as it writes.
        kept = current_app.extensions[_NO_ERRORS_KEY] = get_template_attribute(
            "lms/macros/forms.html", "form_errors")(_Unposted())
    return kept


def _written_fields(form: DecisionForm) -> Markup:
    html = render_template("lms/grants/_decision_fields.html", deciding=form)
    return Markup(html)  # noqa: S704 - an autoescaped template's output


#: Screening (POST .../screening, endpoint ``screen``) and asking a committee member to review
#: (POST .../reviewers, ``assign_reviewer``) are the shared staff pages of lms.reviews.
DESK = StaffDesk(endpoint="lms.grants_staff.application", load=queries.application_for_staff,
                 page=_application_page, screen=services.screen,
                 assign=services.assign_reviewer, screening_form=ScreeningForm,
                 zone_of=lambda application: application.round.zone,
                 eligible_done=_l("The application is eligible and with the committee: assign "
                                  "its reviewers."))
DESK.add_routes(bp)


@bp.route("/applications/<int:application_id>")
@login_required
def application(application_id: int) -> ResponseReturnValue:
    page = staff_queries.staff_application_page(session, staff_user(), application_id)
    if page is None:
        abort(404)
    return _shown(page)


@bp.route("/applications/<int:application_id>/versions/<int:number>")
@login_required
def version(application_id: int, number: int) -> ResponseReturnValue:
    """What the application said when it was sent for the ``number``th time."""
    _actor, found = DESK.open(application_id)
    kept = staff_queries.version_of(session, found, number)
    if kept is None:
        abort(404)
    return render_template("lms/grants/staff_version.html", application=found, version=kept,
                           grant_round=found.round, content=kept.content, **page_context())


def decision_input(outcome: str, amount: int | None, message: str) -> decisions.DecisionInput:
    return decisions.DecisionInput(DecisionOutcome(outcome), amount, message)


@bp.route("/applications/<int:application_id>/decision", methods=["POST"])
@login_required
def decide(application_id: int) -> ResponseReturnValue:
    actor, found = DESK.open(application_id)
    form = DecisionForm(prefix="decision")
    if form.validate_on_submit():
        decision = decision_input(form.outcome.data, form.amount.data,
                                  form.message.data or "")
        decided = commit_or_show_error(form, lambda: decisions.decide(
            session, actor, found, decision), done=pgettext(
                "grants", "The decision is recorded and the applicant has been told by mail."))
        if decided.done:
            return DESK.back_to(found.id, "decision-heading")
    return _application_page(actor, found, deciding=form)


@bp.route("/applications/<int:application_id>/payments", methods=["POST"])
@login_required
def record_payment(application_id: int) -> ResponseReturnValue:
    actor, found = DESK.open(application_id)
    form = PaymentForm(prefix="payment")
    if form.validate_on_submit():
        recorded = commit_or_show_error(form, lambda: projects.record_disbursement(
            session, actor, found, form.paid_on.data, form.amount.data,
            form.reference.data or ""), done=_("The payment is recorded."))
        if recorded.done:
            return DESK.back_to(found.id, "payments-heading")
    return _application_page(actor, found, paying=form)


@bp.route("/applications/<int:application_id>/reports/<kind>", methods=["POST"])
@login_required
def review_report(application_id: int, kind: str) -> ResponseReturnValue:
    actor, found = DESK.open(application_id)
    if kind not in {str(k) for k in ReportKind}:
        abort(404)
    report_kind = ReportKind(kind)
    report = staff_queries.reports_of(session, found).get(report_kind)
    if report is None:
        abort(404)
    form = ReportReviewForm(prefix=f"report-{report_kind}")
    if form.validate_on_submit():
        action = request.form.get("action")
        if action not in ("accept", "changes"):
            abort(400)
        accept = action == "accept"
        reviewed = commit_or_show_error(form, lambda: projects.review_report(
            session, actor, report, accept, form.note.data or ""), done=_(
            "The report is accepted and the grantee has been told.") if accept else _(
            "The report has gone back to the grantee with your note."))
        if reviewed.done:
            return DESK.back_to(found.id, f"report-{report_kind}-heading")
    return _application_page(actor, found, reviewing=(report_kind, form))


@bp.route("/attachments/<int:attachment_id>")
@login_required
def report_attachment(attachment_id: int) -> ResponseReturnValue:
    found = staff_queries.report_attachment_for_staff(session, staff_user(), attachment_id)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type, found.filename)


# These pages use the blueprint and the helpers above, so they are imported last.
from lms.grants import decision_views, export_views  # noqa: E402, F401
