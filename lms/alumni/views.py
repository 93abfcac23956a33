"""Alumni pages: the directory and profiles, and reports from home with their review."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import homepage, navigation, personal_data, uploads
from lms.accounts.models import Role, User
from lms.alumni import directory_form, home_sections, queries, services
from lms.alumni.directory_rows import DirectoryRows
from lms.alumni.forms import (
    ProfileForm,
    ReportFilterForm,
    ReportForm,
    ReviewForm,
)
from lms.alumni.models import AlumniReport, ReportStatus
from lms.alumni.personal_data import parts as personal_data_parts
from lms.certificates.queries import certificates_of
from lms.clock import utcnow
from lms.db import session
from lms.errors import NotAllowed
from lms.events.queries import open_seminars_for
from lms.followup.queries import open_cohorts_for
from lms.followup.services import STATUS_LABELS as FOLLOWUP_LABELS
from lms.forms import commit_or_show_error
from lms.grants import queries as grant_queries
from lms.grants.services import EDITABLE_STATES as GRANT_EDITABLE_STATES
from lms.grants.services import STATUS_LABELS as GRANT_LABELS
from lms.i18n import _, _l, country_name, current_locale
from lms.markdown import render
from lms.pager_html import pager_html
from lms.pagination import requested_page_number
from lms.programs.standing import require_alumnus, viewer_is_alumnus
from lms.security import is_staff, login_required, require_user, staff_required

bp = Blueprint("alumni", __name__, template_folder="templates", url_prefix="/alumni")
homepage.register(bp, home_sections.sections)
personal_data.register(bp, personal_data_parts)


def _nav_items(user: User) -> list[navigation.NavItem]:
    if not (is_staff(user) or viewer_is_alumnus()):
        return []
    # Follow-up trainings and seminars are reached from the alumni home.
    return [navigation.link(60, _("Alumni"), "lms.alumni.home",
                            blueprints=("lms.alumni", "lms.followup", "lms.events"))]


navigation.register(bp, _nav_items)


# Both checks go through viewer_is_alumnus, which the navigation also asks: once a request.


def _alumni_or_staff() -> User:
    actor = require_user()
    if not (actor.has_role(Role.STAFF) or viewer_is_alumnus()):
        raise NotAllowed(_l("The alumni pages are open to people who completed the year-long "
                            "training program, and to program staff."))
    return actor


def _alumnus() -> User:
    actor = require_user()
    if not viewer_is_alumnus():
        require_alumnus(session, actor)  # refuses, with the reason
    return actor


def _page_context() -> dict[str, object]:
    return {"status_labels": services.STATUS_LABELS, "fields_of_practice":
            services.FIELDS_OF_PRACTICE, "ReportStatus": ReportStatus}


# Directory and profiles -------------------------------------------------------------------------


@bp.route("/directory")
@login_required
def directory() -> ResponseReturnValue:
    viewer = _alumni_or_staff()
    cohorts = queries.alumni_cohorts(session)
    filters = directory_form.filters_of(request.args)
    page = queries.directory(session, viewer, filters, requested_page_number(), cohorts=cohorts)
    locale = current_locale()
    return render_template(
        "lms/alumni/directory.html", page=page, filters=filters,
        filter_form=directory_form.filter_form(locale, cohorts, request.args),
        pager=pager_html(page, lambda number: url_for(
            "lms.alumni.directory", page=number, name=filters.name or None,
            country=filters.country, cohort=filters.cohort_id, field=filters.field)),
        is_staff=viewer.has_role(Role.STAFF),
        # The route ends with the person's id: its address is built once, not once a row.
        rows=DirectoryRows(locale, url_for("lms.alumni.person", user_id=0)[:-1],
                           _("not listed"))(page.items))


@bp.route("/people/<int:user_id>")
@login_required
def person(user_id: int) -> ResponseReturnValue:
    viewer = _alumni_or_staff()
    card = queries.alumnus_card(session, viewer, user_id)
    if card is None:
        abort(404)
    return render_template(
        "lms/alumni/person.html", card=card, is_staff=viewer.has_role(Role.STAFF),
        reports=queries.published_reports_by(session, user_id), **_page_context())


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> ResponseReturnValue:
    actor = _alumnus()
    form = ProfileForm(current_locale())
    if request.method == "GET":
        current = queries.own_profile(session, actor)
        if current is None:
            form.country.data = actor.country or ""
        else:
            form.listed.data = current.listed
            form.country.data = current.country or ""
            form.organization.data = current.organization
            form.current_role.data = current.current_role
            form.fields.data = list(current.fields)
            form.bio.data = current.bio
            form.shared.data = services.shared_items(current)
    elif form.validate_on_submit():
        details = services.ProfileDetails(
            listed=form.listed.data, country=form.country.data or None,
            organization=form.organization.data or "",
            current_role=form.current_role.data or "", fields=list(form.fields.data or []),
            bio=form.bio.data or "", shared=list(form.shared.data or []))
        saved = commit_or_show_error(form, lambda: services.save_profile(session, actor,
                                                                         details))
        if saved.done:
            flash(_("Your profile has been saved.") if saved.result.listed else
                  _("Your profile has been saved. You are not listed in the directory."),
                  "success")
            return redirect(url_for("lms.alumni.person", user_id=actor.id))
    return render_template("lms/alumni/profile_form.html", form=form, user=actor)


# Reports ----------------------------------------------------------------------------------------


@bp.route("/reports")
@login_required
def reports() -> ResponseReturnValue:
    _alumni_or_staff()
    countries = sorted(((code, country_name(code))
                        for code in queries.published_countries(session)),
                       key=lambda pair: pair[1])
    form = ReportFilterForm(countries, request.args)
    country = form.country.data if form.country.data in dict(countries) else None
    page = queries.published_reports(session, requested_page_number(), country)
    return render_template("lms/alumni/reports.html", page=page, form=form, country=country,
                           **_page_context())


@bp.route("/reports/mine")
@login_required
def my_reports() -> ResponseReturnValue:
    actor = _alumnus()
    page = queries.my_reports(session, actor, requested_page_number())
    return render_template("lms/alumni/my_reports.html", page=page, **_page_context())


@bp.route("/reports/<int:report_id>")
@login_required
def report(report_id: int) -> ResponseReturnValue:
    viewer = _alumni_or_staff()
    found = queries.report_for(session, viewer, report_id)
    if found is None:
        abort(404)
    return render_template(
        "lms/alumni/report.html", report=found, body=render(found.body),
        is_author=found.author_id == viewer.id, is_staff=viewer.has_role(Role.STAFF),
        editable=services.EDITABLE, **_page_context())


@bp.route("/reports/new", methods=["GET", "POST"])
@login_required
def new_report() -> ResponseReturnValue:
    return _report_form(_alumnus(), None)


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def edit_report(report_id: int) -> ResponseReturnValue:
    actor = _alumnus()
    found = queries.own_report(session, actor, report_id)
    if found is None:
        abort(404)
    if found.status not in services.EDITABLE:
        flash(_("This report is with staff or published, so it cannot be changed now."),
              "error")
        return redirect(url_for("lms.alumni.report", report_id=found.id))
    return _report_form(actor, found)


def _report_form(actor: User, existing: AlumniReport | None) -> ResponseReturnValue:
    form = ReportForm(current_locale())
    preview = None
    if request.method == "GET":
        if existing is None:
            form.country.data = services.default_country(session, actor) or ""
        else:
            form.title.data, form.body.data = existing.title, existing.body
            form.country.data = existing.country
    elif form.validate_on_submit():
        action = request.form.get("action", "save")
        if action == "preview":
            preview = render(form.body.data)
        else:
            saved = commit_or_show_error(form, lambda: _save_report(
                actor, existing, form, submit=action == "submit"))
            if isinstance(saved.refusal, uploads.StorageUnavailable):
                # The page is now the kept draft's, so the next save changes it rather than
                # writing another.
                existing = _keep_the_text(actor, existing, form) or existing
            if saved.done:
                if action == "submit":
                    flash(_("Your report has been sent to the program staff. It is published "
                            "once they approve it."), "success")
                    return redirect(url_for("lms.alumni.report", report_id=saved.result.id))
                flash(_("Your report has been saved. It stays private until you send it to "
                        "staff."), "success")
                _remove_chosen(actor, saved.result)
                return redirect(url_for("lms.alumni.edit_report", report_id=saved.result.id))
    return render_template("lms/alumni/report_form.html", form=form, report=existing,
                           preview=preview, max_pictures=services.MAX_PICTURES,
                           **_page_context())


def _save_text(actor: User, existing: AlumniReport | None, form: ReportForm) -> AlumniReport:
    draft = services.ReportDraft(form.title.data or "", form.body.data or "",
                                 form.country.data or None)
    return (services.update_report(session, actor, existing, draft)
            if existing is not None else services.create_report(session, actor, draft))


def _save_report(actor: User, existing: AlumniReport | None, form: ReportForm,
                 submit: bool) -> AlumniReport:
    """Save the report with its new picture, and send it to staff if asked."""
    saved = _save_text(actor, existing, form)
    upload = form.picture.data
    if upload and getattr(upload, "filename", None):
        services.add_picture(session, actor, saved, upload.stream,
                             form.alt_text.data or "", form.caption.data or "")
    if submit:
        services.submit_report(session, actor, saved)
    return saved


def _remove_chosen(actor: User, report: AlumniReport) -> None:
    """The picture whose Remove button (one of the report form's) was pressed, removed after
    the text was saved. An id that names none of this report's pictures removes nothing, and
    the text is kept all the same."""
    removing = uploads.chosen_removal()
    found = next((p for p in report.pictures if p.id == removing), None)
    if found is not None:
        commit_or_show_error(None, lambda: services.remove_picture(session, actor, found),
                             done=_("The picture has been removed."))


def _keep_the_text(actor: User, existing: AlumniReport | None,
                   form: ReportForm) -> AlumniReport | None:
    """The picture could not be stored, and the request's other work is undone; the text is
    still saved, in a transaction of its own. The draft kept, if it could be."""
    kept = commit_or_show_error(form, lambda: _save_text(actor, existing, form))
    if kept.done:
        form.picture.errors = [*form.picture.errors, _(
            "Your text has been saved; the report stays private until you send it to staff.")]
    return kept.result


@bp.route("/pictures/<int:picture_id>")
@login_required
def picture(picture_id: int) -> ResponseReturnValue:
    found = queries.picture_for(session, _alumni_or_staff(), picture_id)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type)


# Staff review -----------------------------------------------------------------------------------


@bp.route("/review")
@staff_required
def review_queue() -> ResponseReturnValue:
    page = queries.review_queue(session, requested_page_number())
    return render_template("lms/alumni/review_queue.html", page=page, **_page_context())


@bp.route("/reports/<int:report_id>/review", methods=["GET", "POST"])
@staff_required
def review(report_id: int) -> ResponseReturnValue:
    actor = require_user()
    found = queries.report_for(session, actor, report_id)
    if found is None:
        abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        action = request.form.get("action")
        note = form.note.data or ""
        decisions = {
            "approve": (lambda: services.approve_report(session, actor, found, note),
                        _("The report is published and its author has been told.")),
            "return": (lambda: services.return_report(session, actor, found, note),
                       _("The report has gone back to its author with your note.")),
        }
        if action not in decisions:
            abort(400)
        decide, message = decisions[action]
        if commit_or_show_error(form, decide).done:
            flash(message, "success")
            return redirect(url_for("lms.alumni.review_queue"))
    return render_template("lms/alumni/review.html", report=found, body=render(found.body),
                           form=form, **_page_context())


# The alumni home ---------------------------------------------------------------------------------


@bp.route("/")
@login_required
def home() -> ResponseReturnValue:
    """What an alumna needs first: her certificate, what is open to her, her grant
    applications and her reports."""
    viewer = _alumni_or_staff()
    alumnus = viewer_is_alumnus()
    return render_template(
        "lms/alumni/home.html", alumnus=alumnus,
        certificates=certificates_of(session, viewer),
        follow_ups=open_cohorts_for(session, viewer) if alumnus else [],
        seminars=open_seminars_for(session, viewer),
        grant_rounds=grant_queries.open_rounds(session, utcnow()),
        grant_applications=grant_queries.recent_applications_of(session, viewer, limit=5),
        my_reports=queries.reports_by(session, viewer, limit=5),
        recent_reports=queries.recent_approved_reports(session, limit=5),
        followup_labels=FOLLOWUP_LABELS, report_labels=services.STATUS_LABELS,
        grant_labels=GRANT_LABELS, grant_editable_states=GRANT_EDITABLE_STATES)
