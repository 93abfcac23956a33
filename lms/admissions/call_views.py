"""Admissions pages for program staff about calls: the list, creating and editing a call,
a call's page with its applications and places, and its statistics (also as CSV)."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms.accounts.models import User
from lms.admissions import access, queries, services, statistics
from lms.admissions.call_html import call_body
from lms.admissions.call_rows import call_links
from lms.admissions.models import AdmissionCall, ApplicationStatus, DocumentKind, Gender
from lms.admissions.staff_forms import CallForm
from lms.admissions.staff_views import bp, page_context
from lms.admissions.statistics_html import statistics_body
from lms.admissions.workflow import STATUS_LABELS
from lms.clock import utcnow
from lms.csvexport import csv_response
from lms.db import session
from lms.i18n import _, country_name, current_locale, format_day, pgettext
from lms.names import localized_name
from lms.pagination import requested_page_number
from lms.programs.models import Cohort
from lms.reviews.staff_pages import list_words, staff_user, wide_list_rows
from lms.reviews.windows import fill_window, save_window, typed_window
from lms.security import login_required

S = ApplicationStatus

#: Staff see every state but the draft, which stays its author's until sent.
LISTED_STATUSES = [status for status in S if status != S.DRAFT]


def _call_or_404(actor: User, call_id: int) -> AdmissionCall:
    call = access.call_for_staff(session, actor, call_id)
    if call is None:
        abort(404)
    return call


# Calls ------------------------------------------------------------------------------------------


@bp.route("/")
@login_required
def calls() -> ResponseReturnValue:
    staff_user()
    return render_template("lms/admissions/staff_calls.html",
                           page=queries.calls_page(session, requested_page_number()),
                           now=utcnow(), **page_context())


@bp.route("/calls/new", methods=["GET", "POST"])
@login_required
def new_call() -> ResponseReturnValue:
    return _call_form(staff_user(), None)


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
@login_required
def edit_call(call_id: int) -> ResponseReturnValue:
    actor = staff_user()
    return _call_form(actor, _call_or_404(actor, call_id))


def _cohort_label(cohort: Cohort) -> str:
    return _("%(cohort)s (%(program)s), starts %(day)s", cohort=localized_name(cohort),
             program=localized_name(cohort.program), day=format_day(cohort.starts_on))


def _call_form(actor: User, call: AdmissionCall | None) -> ResponseReturnValue:
    cohorts = queries.cohorts_for_call(session, call)
    form = CallForm([(cohort.id, _cohort_label(cohort)) for cohort in cohorts], current_locale())
    if request.method == "GET":
        _fill_call_form(form, call)
    elif form.validate_on_submit():
        level = form.required_language_level.data
        opens_at, closes_at = typed_window(form)
        data = services.CallInput(
            cohort_id=form.cohort_id.data, title=form.title.data or "",
            timezone=form.timezone.data, opens_at=opens_at, closes_at=closes_at,
            capacity=form.capacity.data, country_quota=form.country_quota.data,
            min_years_in_welfare=form.min_years_in_welfare.data,
            required_language=form.required_language.data or None,
            required_language_level=int(level) if level else None,
            required_documents=list(form.required_documents.data or []),
            eligibility=form.eligibility.data or "", guidance=form.guidance.data or "",
            reply_days=form.reply_days.data,
            keep_unsuccessful_days=form.keep_unsuccessful_days.data,
            side_country=form.side_country.data or None)

        saved = save_window(form, lambda: services.create_call(session, actor, data)
                            if call is None else services.update_call(session, actor, call, data),
                            done=_("The call has been saved.") if call else
                            _("The call has been created."))
        if saved is not None:
            return redirect(url_for("lms.admissions_staff.call", call_id=saved.id))
    return render_template("lms/admissions/staff_call_form.html", form=form, call=call,
                           has_cohorts=bool(cohorts))


def _fill_call_form(form: CallForm, call: AdmissionCall | None) -> None:
    fill_window(form, call)
    if call is None:
        # A new call starts from the service's own defaults.
        defaults = {each.name: each.default for each in dataclasses.fields(services.CallInput)
                    if each.default is not dataclasses.MISSING}
        form.min_years_in_welfare.data = defaults["min_years_in_welfare"]
        form.reply_days.data = defaults["reply_days"]
        form.keep_unsuccessful_days.data = defaults["keep_unsuccessful_days"]
        form.required_documents.data = [DocumentKind.CV.value, DocumentKind.PASSPORT.value]
        # Opened from an edition's page for one side: "a call for participants from Korea".
        form.cohort_id.data = request.args.get("cohort", type=int)
        form.side_country.data = request.args.get("side", "")
        return
    form.cohort_id.data = call.cohort_id
    form.side_country.data = call.side_country or ""
    form.title.data = call.title
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
    found = access.call_page_for_staff(session, staff_user(), call_id)
    if found is None:
        abort(404)
    wanted = request.args.get("status", "")
    status = S(wanted) if wanted in {str(s) for s in LISTED_STATUSES} else None
    overview = queries.call_overview(session, found, taken=found.places_taken)
    wanted_country = request.args.get("country", "")
    # "All" sends an empty country, which is also the key of applications without one.
    country = wanted_country if wanted_country and wanted_country in {
        row.country for row in overview.countries} else None
    page = queries.call_applications(session, found, status, country, requested_page_number(),
                                     wide_list_rows(), overview.listed(status, country))
    filter_statuses = [s for s in LISTED_STATUSES if overview.figures.counts.get(s)]
    body = call_body(found, overview, page, status, country, filter_statuses, utcnow(),
                     **list_words(STATUS_LABELS))
    return render_template("lms/admissions/staff_call.html", call=found, body=body)


# Figures ----------------------------------------------------------------------------------------


def _gender_label(gender: Gender | None) -> str:
    return str(services.GENDER_LABELS[gender]) if gender is not None else _("not given")


@bp.route("/calls/<int:call_id>/statistics", endpoint="statistics")
@login_required
def statistics_page(call_id: int) -> ResponseReturnValue:
    found = access.call_page_for_staff(session, staff_user(), call_id)
    if found is None:
        abort(404)
    heading = _("Statistics: %(title)s", title=found.title)
    body = statistics_body(found, statistics.call_statistics(session, found),
                           call_links(found.id), LISTED_STATUSES,
                           list_words(STATUS_LABELS)["state_names"], _gender_label, heading,
                           pgettext("admissions", "Applications"))
    return render_template("lms/admissions/staff_statistics.html", heading=heading, body=body)


@bp.route("/calls/<int:call_id>/statistics.csv")
@login_required
def statistics_csv(call_id: int) -> ResponseReturnValue:
    actor = staff_user()
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
