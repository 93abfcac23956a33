"""Event pages: the list, an edition with its program and registration, and the staff pages
for details, sessions and the attendance list. The Asian Social Welfare Seminar was the first
kind of event; its pages were under /seminars, which now leads here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from lms import facts, homepage, personal_data
from lms.accounts.models import Role, User
from lms.clock import utcnow
from lms.csvexport import csv_response
from lms.db import session
from lms.errors import TITLES
from lms.events import attendance as program_attendance
from lms.events import exchange, home_sections, program, queries, services
from lms.events.forms import (
    EditionDetailsForm,
    RegistrationForm,
    SessionForm,
    format_country_caps,
    parse_country_caps,
)
from lms.events.models import EventSession, SessionKind, TourDirection
from lms.events.personal_data import parts as personal_data_parts
from lms.forms import EmptyForm, commit_or_show_error, note_if_repeated
from lms.i18n import _, country_name, current_locale, format_clock
from lms.names import in_language, localized_name
from lms.pagination import requested_page_number
from lms.placements.queries import facility_choices
from lms.programs import places
from lms.programs.models import Cohort
from lms.programs.services import STATUS_LABELS
from lms.security import login_required, require_user, staff_required

bp = Blueprint("events", __name__, template_folder="templates", url_prefix="/events")
#: The seminar's pages before events held every kind of program: links in mail already sent
#: and bookmarks lead to the same page under /events.
moved = Blueprint("seminars_moved", __name__, url_prefix="/seminars")
homepage.register(bp, home_sections.sections)
facts.register(bp, home_sections.SEMINAR_GOER, queries.has_open_seminars)
personal_data.register(bp, personal_data_parts)


@moved.route("", defaults={"rest": ""})
@moved.route("/<path:rest>")
def seminar_page_moved(rest: str) -> ResponseReturnValue:
    address = url_for("lms.events.index") + (f"/{rest}" if rest else "")
    if request.query_string:
        address += "?" + request.query_string.decode("ascii", "replace")
    return redirect(address, 301)


def _viewer() -> User:
    """The signed-in person, if the seminar pages are for them at all; anyone else is told
    whom the seminar is for."""
    actor = require_user()
    if not services.may_see_seminars(session, actor):
        abort(make_response(render_template(
            "lms/error.html", code=403, title=TITLES[403],
            explanation=services.FOR_WHOM), 403))
    return actor


def _seminar_or_404(cohort_id: int) -> Cohort:
    cohort = queries.seminar_cohort(session, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


def _visible_or_404(viewer: User, cohort_id: int) -> Cohort:
    """An edition the viewer may see: staff any, others one open to them or one they
    registered for; any other is not found, as if it did not exist."""
    cohort = _seminar_or_404(cohort_id)
    if not services.may_see_edition(session, viewer, cohort):
        abort(404)
    return cohort


def _session_or_404(cohort: Cohort, session_id: int) -> EventSession:
    row = queries.session_in(session, cohort, session_id)
    if row is None:
        abort(404)
    return row


def _clock(moment: dt.datetime, cohort: Cohort) -> str:
    """A time of the program as the participants live it: in the seminar's zone."""
    return format_clock(moment, zone=cohort.timezone)


@bp.route("")
@login_required
def index() -> ResponseReturnValue:
    viewer = _viewer()
    page = queries.seminars_page(session, viewer, requested_page_number())
    return render_template("lms/events/index.html", page=page, status_labels=STATUS_LABELS,
                           is_staff=viewer.has_role(Role.STAFF),
                           registration_labels=services.REGISTRATION_STATUS_LABELS)


@bp.route("/<int:cohort_id>")
@login_required
def show(cohort_id: int) -> ResponseReturnValue:
    viewer = _viewer()
    cohort = _visible_or_404(viewer, cohort_id)
    return _show(viewer, cohort, RegistrationForm(current_locale()))


def _show(viewer: User, cohort: Cohort, form: RegistrationForm,
          reflection_form: Any = None) -> ResponseReturnValue:
    page = queries.seminar_page(session, cohort, viewer)
    caps = services.country_caps(session, cohort)
    way = services.way_in(session, viewer, page.seminar, cohort)
    opens_at = services.registration_opens_at(cohort, page.seminar) if page.seminar else None
    # Staff read the calls with their places given; the same rows tell anyone where to apply.
    calls = exchange.edition_calls(session, cohort, page.seminar, caps) \
        if viewer.has_role(Role.STAFF) else None
    return render_template(
        "lms/events/show.html", page=page, cohort=cohort, viewer=viewer,
        eligible=way is not None, declares=way in services.DECLARING,
        invited=services.is_invited(session, viewer, cohort.id), form=form,
        opens_later=opens_at is not None and utcnow() < opens_at,
        for_whom=services.for_whom(page.seminar), caps=caps,
        description=in_language(page.seminar.description, page.seminar.description_ja)
        if page.seminar else "",
        series=queries.series(session, cohort),
        by_country=queries.registered_by_country(session, cohort),
        direction_labels=services.TOUR_DIRECTION_LABELS, status_labels=STATUS_LABELS,
        **program_views.program_context(cohort, viewer),
        **report_views.reflection_context(cohort, viewer, reflection_form),
        calls=calls, through_calls=[line.call for line in calls.calls] if calls is not None
        else exchange.calls_of(session, cohort),
        may_cancel=page.is_registered and services.registrant_may_cancel(cohort))


@bp.route("/<int:cohort_id>/register", methods=["POST"])
@login_required
def register(cohort_id: int) -> ResponseReturnValue:
    actor = _viewer()
    cohort = _visible_or_404(actor, cohort_id)
    if services.way_in(session, actor, services.seminar_of(session, cohort),
                       cohort) in services.DECLARING:
        # Someone who is not an alumna nor a trainee says where she comes from.
        form = RegistrationForm(current_locale())
        if form.validate_on_submit():
            done = commit_or_show_error(form, lambda: services.register(
                session, actor, cohort, services.Declaration(
                    country=form.country.data, organization=form.organization.data or "")),
                done=_("You are registered for %(title)s. We have sent you a confirmation by "
                       "mail.", title=localized_name(cohort)))
            if done.done:
                return redirect(url_for("lms.events.show", cohort_id=cohort.id))
        return _show(actor, cohort, form)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(None, lambda: services.register(session, actor, cohort), done=_(
            "You are registered for %(title)s. We have sent you a confirmation by mail.",
            title=localized_name(cohort)))
    return redirect(url_for("lms.events.show", cohort_id=cohort.id))


@bp.route("/<int:cohort_id>/cancel", methods=["POST"])
@login_required
def cancel(cohort_id: int) -> ResponseReturnValue:
    actor = _viewer()
    cohort = _visible_or_404(actor, cohort_id)
    registration = queries.registration_of(session, cohort, actor)
    if registration is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(
            None, lambda: services.cancel_registration(session, actor, cohort, registration),
            done=_("Your registration for %(title)s is cancelled.", title=localized_name(cohort)))
    return redirect(url_for("lms.events.show", cohort_id=cohort.id))


# Staff ----------------------------------------------------------------------------------------


@bp.route("/<int:cohort_id>/details", methods=["GET", "POST"])
@staff_required
def details(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    seminar = services.seminar_of(session, cohort)
    form = EditionDetailsForm(current_locale(), obj=seminar)
    if request.method == "GET":
        form.country_caps.data = format_country_caps(services.country_caps(session, cohort))
        form.host_country.data = seminar.host_country or "" if seminar else ""
        form.direction.data = seminar.direction.value if seminar and seminar.direction else ""
        if seminar is None:
            form.open_to_alumni.data = form.open_to_trainees.data = True
            form.retention_days.data = 365
            form.host_country.data = services.proposed_host(session, cohort) or ""
    if form.validate_on_submit():
        saved = commit_or_show_error(form, lambda: services.save_details(
            session, actor, cohort, services.EditionDetails(
                venue=form.venue.data or "", city=form.city.data or "",
                per_country_cap=form.per_country_cap.data,
                registration_closes_on=form.registration_closes_on.data,
                description=form.description.data or "",
                description_ja=form.description_ja.data or "",
                host_organization=form.host_organization.data or "",
                host_country=form.host_country.data or None,
                organizing_partner=form.organizing_partner.data or "",
                online=form.online.data,
                direction=TourDirection(form.direction.data) if form.direction.data else None,
                open_to_alumni=form.open_to_alumni.data,
                open_to_trainees=form.open_to_trainees.data,
                open_to_public=form.open_to_public.data,
                registration_opens_on=form.registration_opens_on.data,
                retention_days=form.retention_days.data,
                country_caps=parse_country_caps(form.country_caps.data or ""))))
        if saved.done:
            flash(_("The event's details have been saved."), "success")
            return redirect(url_for("lms.events.show", cohort_id=cohort.id))
    return render_template("lms/events/details_form.html", form=form, cohort=cohort)


def _session_details(form: SessionForm) -> program.SessionDetails:
    return program.SessionDetails(
        kind=SessionKind(form.kind.data), title=form.title.data or "", day=form.day.data,
        starts=form.starts.data, ends=form.ends.data, place=form.place.data,
        description=form.description.data or "", facility_id=form.facility_id.data or None,
        online=bool(form.online.data), meeting_url=form.meeting_url.data,
        recording_url=form.recording_url.data, materials=form.materials.data or "")


def _session_form() -> SessionForm:
    return SessionForm(facility_choices(session))


def _note_repeated_times(form: SessionForm, cohort: Cohort) -> None:
    for moment in (form.starts.data, form.ends.data):
        note_if_repeated(dt.datetime.combine(form.day.data, moment), cohort.zone)


@bp.route("/<int:cohort_id>/sessions/new", methods=["GET", "POST"])
@staff_required
def add_session(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    form = _session_form()
    if request.method == "GET":
        form.day.data = cohort.starts_on
    if form.validate_on_submit():
        added = commit_or_show_error(form, lambda: program.add_session(
            session, actor, cohort, _session_details(form)))
        if added.done:
            flash(_("The session has been added to the program."), "success")
            _note_repeated_times(form, cohort)
            return redirect(url_for("lms.events.show", cohort_id=cohort.id))
    return render_template("lms/events/session_form.html", form=form, cohort=cohort,
                           row=None)


@bp.route("/<int:cohort_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_session(cohort_id: int, session_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    row = _session_or_404(cohort, session_id)
    form = _session_form()
    if request.method == "GET":
        starts, ends = row.starts_at.astimezone(cohort.zone), row.ends_at.astimezone(cohort.zone)
        form.kind.data, form.title.data = row.kind.value, row.title
        form.day.data, form.starts.data, form.ends.data = starts.date(), starts.time(), ends.time()
        form.place.data, form.description.data = row.place, row.description
        form.facility_id.data, form.online.data = row.facility_id or 0, row.online
        form.meeting_url.data, form.recording_url.data = row.meeting_url, row.recording_url
        form.materials.data = row.materials
    if form.validate_on_submit():
        saved = commit_or_show_error(form, lambda: program.update_session(
            session, actor, cohort, row, _session_details(form)))
        if saved.done:
            flash(_("The session has been saved."), "success")
            _note_repeated_times(form, cohort)
            return redirect(url_for("lms.events.show", cohort_id=cohort.id))
    return render_template("lms/events/session_form.html", form=form, cohort=cohort, row=row)


@bp.route("/<int:cohort_id>/sessions/<int:session_id>/remove", methods=["POST"])
@staff_required
def remove_session(cohort_id: int, session_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    row = _session_or_404(cohort, session_id)
    if EmptyForm().validate_on_submit() and commit_or_show_error(
            None, lambda: program.remove_session(session, actor, cohort, row),
            done=_("The session has been removed from the program.")).done:
        return redirect(url_for("lms.events.show", cohort_id=cohort.id))
    return redirect(url_for("lms.events.edit_session", cohort_id=cohort.id,
                            session_id=session_id))


@bp.route("/<int:cohort_id>/attendance")
@staff_required
def attendance(cohort_id: int) -> ResponseReturnValue:
    cohort = _seminar_or_404(cohort_id)
    return render_template(
        "lms/events/attendance.html", cohort=cohort, clock=_clock,
        sessions=program_attendance.counts_by_session(session, cohort),
        attendance=queries.attendance(session, cohort), taken=places.taken(session, cohort),
        may_cancel=services.registrations_may_change(cohort),
        cancelled=queries.cancelled_registrations(session, cohort))


@bp.route("/<int:cohort_id>/attendance.csv")
@staff_required
def attendance_csv(cohort_id: int) -> ResponseReturnValue:
    cohort = _seminar_or_404(cohort_id)
    header = [_("Country code"), _("Country"), _("Name"), _("Email address"), _("Status"),
              _("Registered at (UTC)"), _("Cancelled at (UTC)"), _("Organization")]
    labels = {status: str(label)
              for status, label in services.REGISTRATION_STATUS_LABELS.items()}

    def rows() -> Iterator[list[str]]:
        for registration in queries.all_registrations(session, cohort):
            yield [registration.country, country_name(registration.country),
                   registration.user.display_name, registration.user.email,
                   labels[registration.status],
                   registration.registered_at.strftime("%Y-%m-%d %H:%M"),
                   registration.cancelled_at.strftime("%Y-%m-%d %H:%M")
                   if registration.cancelled_at else "",
                   registration.organization or ""]

    return csv_response(f"seminar-{cohort.id}-attendance.csv", header, rows())


@bp.route("/<int:cohort_id>/registrations/<int:registration_id>/cancel", methods=["POST"])
@staff_required
def cancel_for(cohort_id: int, registration_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _seminar_or_404(cohort_id)
    registration = queries.registration_in(session, cohort, registration_id)
    if registration is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(
            None, lambda: services.cancel_registration(session, actor, cohort, registration),
            done=_("The registration of %(name)s is cancelled; they have been told by mail.",
                   name=registration.user.display_name))
    return redirect(url_for("lms.events.attendance", cohort_id=cohort.id))


# The printable program, the attendance at each session, the report and the public events
# pages register their routes on ``bp``.
from lms.events import program_views, public_views, report_views  # noqa: E402, F401
