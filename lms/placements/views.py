"""Staff's pages for the register of host facilities and a cohort's placement board."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import facts, homepage
from lms.csvexport import csv_response
from lms.db import session
from lms.forms import EmptyForm, commit_or_show_error, uploaded_text
from lms.i18n import _, current_locale, ngettext
from lms.pager_html import pager_html
from lms.pagination import requested_page_number
from lms.placements import board_html, home_sections, queries, services, supervision
from lms.placements.forms import (
    FIELD_LABELS,
    READINESS_LABELS,
    FacilityFilterForm,
    FacilityForm,
    FacilityImportForm,
    PlacementForm,
    readiness_form,
)
from lms.placements.models import HostFacility, Placement, PracticeField, ReadinessKind
from lms.placements.prefectures import prefecture_name
from lms.programs.models import Cohort, Enrollment
from lms.programs.queries import cohort as cohort_by_id
from lms.security import require_user, staff_required

bp = Blueprint("placements", __name__, template_folder="templates")
homepage.register(bp, home_sections.sections)
facts.register(bp, home_sections.PLACED, queries.is_placed_condition)
facts.register(bp, supervision.SUPERVISOR, supervision.supervises_condition)


@bp.app_template_global()
def practice_field_label(value: PracticeField) -> str:
    return str(FIELD_LABELS[value])


@bp.app_template_global()
def readiness_label(value: ReadinessKind) -> str:
    return str(READINESS_LABELS[value])


bp.add_app_template_global(prefecture_name)
bp.add_app_template_global(supervision.open_until, "supervision_open_until")


@bp.app_template_global()
def trainee_placements(enrollment_id: int) -> list[Placement]:
    """Her placements with their evaluations, for her grades page (whose view has checked
    who reads it)."""
    return queries.placements_of_enrollment(session, enrollment_id)


# The register ---------------------------------------------------------------------------------

_FIELD_VALUES = {member.value for member in PracticeField}


@bp.route("/placements/facilities")
@staff_required
def facilities() -> ResponseReturnValue:
    filters = FacilityFilterForm(request.args)
    filters.validate()
    chosen_field = filters.field.data or None
    page = queries.facilities_page(
        session, requested_page_number(),
        practice_field=PracticeField(chosen_field) if chosen_field in _FIELD_VALUES else None,
        prefecture=filters.prefecture.data or None, search=(filters.q.data or "").strip())
    return render_template("lms/placements/facilities.html", page=page, filters=filters,
                           filter_args={key: value for key, value in request.args.items()
                                        if key in {"q", "field", "prefecture"} and value})


@bp.route("/placements/facilities/new", methods=["GET", "POST"])
@staff_required
def new_facility() -> ResponseReturnValue:
    form = FacilityForm()
    if request.method == "GET":
        form.prefecture.data = "13"  # Tokyo, where most of the program's facilities are
    if form.validate_on_submit():
        created = commit_or_show_error(form, lambda: services.create_facility(
            session, require_user(), _facility_details(form)))
        if (host := created.result) is not None:
            flash(_("The facility is in the register."), "success")
            return redirect(url_for(".facility", facility_id=host.id))
    return render_template("lms/placements/facility_form.html", form=form, host=None)


def _facility_or_404(facility_id: int) -> HostFacility:
    host = queries.facility(session, facility_id)
    if host is None:
        abort(404)
    return host


@bp.route("/placements/facilities/<int:facility_id>")
@staff_required
def facility(facility_id: int) -> ResponseReturnValue:
    host = _facility_or_404(facility_id)
    history = queries.facility_history(session, host, requested_page_number())
    return render_template("lms/placements/facility.html", host=host, history=history)


@bp.route("/placements/facilities/<int:facility_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_facility(facility_id: int) -> ResponseReturnValue:
    host = _facility_or_404(facility_id)
    form = FacilityForm(obj=host)
    if form.validate_on_submit():
        saved = commit_or_show_error(form, lambda: services.update_facility(
            session, require_user(), host, _facility_details(form)))
        if saved.done:
            flash(_("The facility has been saved."), "success")
            return redirect(url_for(".facility", facility_id=host.id))
    return render_template("lms/placements/facility_form.html", form=form, host=host)


def _facility_details(form: FacilityForm) -> services.FacilityDetails:
    def text(value: str | None) -> str:
        return (value or "").strip()

    return services.FacilityDetails(
        name=text(form.name.data), name_ja=text(form.name_ja.data), kind=text(form.kind.data),
        field=PracticeField(form.field.data), prefecture=form.prefecture.data or "",
        city=text(form.city.data), address=text(form.address.data),
        contact_name=text(form.contact_name.data), contact_email=text(form.contact_email.data),
        contact_phone=text(form.contact_phone.data), languages=text(form.languages.data),
        notes=text(form.notes.data))


@bp.route("/placements/facilities.csv")
@staff_required
def facilities_csv() -> ResponseReturnValue:
    # The import's columns, with the field and the prefecture as codes: the file comes back.
    def rows() -> Iterator[list[str]]:
        for host in queries.all_facilities(session):
            yield [str(host.id), host.name, host.name_ja, host.kind, host.field.value,
                   host.prefecture, host.city, host.address, host.contact_name,
                   host.contact_email, host.contact_phone, host.languages, host.notes]

    return csv_response("host-facilities.csv", list(services.FACILITY_COLUMNS), rows())


#: Far more than a council's register; a larger file is refused whole, never cut.
IMPORT_MAX_BYTES = 2_000_000


@bp.route("/placements/facilities/import", methods=["GET", "POST"])
@staff_required
def import_facilities() -> ResponseReturnValue:
    """The file is added whole or not at all: a file with problems comes back with each one
    named by its line."""
    form = FacilityImportForm()
    checked = None
    if form.validate_on_submit():
        text, problem = _uploaded_text(form)
        if problem is not None:
            form.csv_file.errors = [problem]
        elif not text.strip():
            form.csv_text.errors = [_("Choose a file or paste the register.")]
        else:
            checked = commit_or_show_error(form, lambda: services.import_facilities(
                session, require_user(), text)).result
            if checked is not None and checked.ok:
                flash(ngettext("%(num)d facility has been added or updated.",
                               "%(num)d facilities have been added or updated.",
                               len(checked.rows)), "success")
                return redirect(url_for(".facilities"))
            form.csv_text.data = text
    return render_template("lms/placements/import.html", form=form, checked=checked,
                           columns=services.FACILITY_COLUMNS)


def _uploaded_text(form: FacilityImportForm) -> tuple[str, str | None]:
    return uploaded_text(form.csv_file.data, form.csv_text.data, IMPORT_MAX_BYTES, _(
        "The file is larger than the limit of %(mb)d MB.", mb=IMPORT_MAX_BYTES // 1_000_000))


# A cohort's placements --------------------------------------------------------------------------


def _cohort_or_404(cohort_id: int) -> Cohort:
    cohort = cohort_by_id(session, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


@bp.route("/cohorts/<int:cohort_id>/placements")
@staff_required
def board(cohort_id: int) -> ResponseReturnValue:
    cohort = _cohort_or_404(cohort_id)
    board = queries.placement_board(session, cohort, requested_page_number())
    # A cell's links are the board's address with her id and the practicum's, and the
    # evaluations' address with an id: one url_for a cell cost more than the rest of it.
    board_url = url_for("lms.placements.board", cohort_id=cohort.id)
    rows = board_html.rows_html(
        board, board_url, url_for("lms.placements.evaluation", evaluation_id=0).removesuffix("0"))
    pager = pager_html(board.page, lambda number: f"{board_url}?page={number}")
    return render_template("lms/placements/board.html", cohort=cohort, board=board,
                           rows=rows, pager=pager)


@bp.route("/cohorts/<int:cohort_id>/placements/<int:enrollment_id>/<slug>",
          methods=["GET", "POST"])
@staff_required
def place(cohort_id: int, enrollment_id: int, slug: str) -> ResponseReturnValue:
    cohort = _cohort_or_404(cohort_id)
    enrollment = queries.trainee_in(session, cohort, enrollment_id)
    practicum = queries.practicum_in(cohort, slug)
    if enrollment is None or practicum is None:
        abort(404)
    placement = queries.placement_of(session, enrollment, practicum.module)
    form = PlacementForm(queries.facility_choices(session), obj=placement)
    if request.method == "GET" and placement is None:
        form.starts_on.data, form.ends_on.data = practicum.first_day, practicum.last_day
    if form.validate_on_submit():
        host = queries.facility(session, form.facility_id.data or 0)
        if host is None:
            form.facility_id.errors = [_("Choose a facility of the register.")]
        else:
            saved = commit_or_show_error(form, lambda: services.place(
                session, require_user(), enrollment, practicum.module, services.PlacementDetails(
                    facility=host, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                    field=PracticeField(form.field.data) if form.field.data else host.field,
                    supervisor_name=(form.supervisor_name.data or "").strip(),
                    supervisor_email=(form.supervisor_email.data or "").strip(),
                    lodging=(form.lodging.data or "").strip(),
                    commute=(form.commute.data or "").strip()), placement))
            if saved.done:
                flash(_("%(name)s is placed at %(facility)s.",
                        name=enrollment.user.display_name,
                        facility=host.name_ja if current_locale() == "ja" and host.name_ja
                        else host.name), "success")
                return redirect(url_for(".board", cohort_id=cohort.id))
    return render_template("lms/placements/place.html", cohort=cohort, enrollment=enrollment,
                           practicum=practicum, placement=placement, form=form,
                           invite_form=EmptyForm())


def _placement_or_404(cohort: Cohort, enrollment_id: int, slug: str
                      ) -> tuple[Enrollment, queries.Practicum, Placement]:
    """Her placement for the cohort's practicum ``slug``; 404 if she has none."""
    enrollment = queries.trainee_in(session, cohort, enrollment_id)
    practicum = queries.practicum_in(cohort, slug)
    placement = None if enrollment is None or practicum is None else \
        queries.placement_of(session, enrollment, practicum.module)
    if enrollment is None or practicum is None or placement is None:
        abort(404)
    return enrollment, practicum, placement


@bp.route("/cohorts/<int:cohort_id>/placements/<int:enrollment_id>/<slug>/readiness",
          methods=["GET", "POST"])
@staff_required
def readiness(cohort_id: int, enrollment_id: int, slug: str) -> ResponseReturnValue:
    """What she must have done before the placement, ticked with the day it was done."""
    cohort = _cohort_or_404(cohort_id)
    enrollment, practicum, placement = _placement_or_404(cohort, enrollment_id, slug)
    form = readiness_form()
    if request.method == "GET":
        for item in placement.readiness:
            form[f"{item.kind.value}_needed"].data = item.needed
            form[f"{item.kind.value}_done_on"].data = item.done_on
            form[f"{item.kind.value}_note"].data = item.note
    if form.validate_on_submit():
        entries = {kind: services.ReadinessEntry(
            needed=bool(form[f"{kind.value}_needed"].data),
            done_on=form[f"{kind.value}_done_on"].data,
            note=(form[f"{kind.value}_note"].data or "").strip()) for kind in ReadinessKind}
        if commit_or_show_error(form, lambda: services.record_readiness(
                session, require_user(), placement, entries)).done:
            flash(_("What %(name)s has done before the placement is recorded.",
                    name=enrollment.user.display_name), "success")
            return redirect(url_for(".board", cohort_id=cohort.id))
    return render_template("lms/placements/readiness.html", cohort=cohort,
                           enrollment=enrollment, practicum=practicum, placement=placement,
                           form=form, labels=READINESS_LABELS)


@bp.route("/cohorts/<int:cohort_id>/placements/<int:enrollment_id>/<slug>/invite",
          methods=["POST"])
@staff_required
def invite_supervisor(cohort_id: int, enrollment_id: int, slug: str) -> ResponseReturnValue:
    cohort = _cohort_or_404(cohort_id)
    enrollment, _practicum, placement = _placement_or_404(cohort, enrollment_id, slug)
    form = EmptyForm()
    if form.validate_on_submit() and commit_or_show_error(form, lambda: services.invite_supervisor(
            session, require_user(), placement)).done:
        flash(_("%(name)s can now see the placement; a mail tells them how.",
                name=placement.supervisor_name), "success")
    for message in form.form_errors:
        flash(message, "error")
    return redirect(url_for(".place", cohort_id=cohort.id, enrollment_id=enrollment.id,
                            slug=slug))


# The supervisor's and the evaluations' pages are on this blueprint too; importing them
# registers their routes.
from lms.placements import (  # noqa: E402, F401
    evaluation_views,
    journal_views,
    supervision_views,
)
