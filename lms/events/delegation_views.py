"""An edition's delegations: staff list, record and print them; a member with an account sees
her own delegation (linked from the edition's page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms.accounts.models import User
from lms.csvexport import csv_response
from lms.db import session
from lms.events import delegation_queries as queries
from lms.events import delegations as services
from lms.events.delegation_forms import DelegationForm, MemberForm, VisitForm
from lms.events.delegation_models import (
    Delegation,
    DelegationDirection,
    DelegationMember,
    DelegationVisit,
    MemberRole,
)
from lms.events.queries import seminar_cohort
from lms.forms import EmptyForm, commit_or_show_error, note_if_repeated
from lms.i18n import _, country_name, current_locale, format_when
from lms.programs.models import Cohort
from lms.security import is_staff, login_required, require_user, staff_required

bp = Blueprint("event_delegations", __name__, template_folder="templates",
               url_prefix="/events")

_PATH = "/<int:cohort_id>/delegations/<int:delegation_id>"


def _edition_or_404(cohort_id: int) -> Cohort:
    cohort = seminar_cohort(session, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


def _delegation_or_404(cohort: Cohort, delegation_id: int) -> Delegation:
    delegation = queries.delegation_in(session, cohort, delegation_id)
    if delegation is None:
        abort(404)
    return delegation


def _member_or_404(delegation: Delegation, member_id: int) -> DelegationMember:
    member = queries.member_in(session, delegation, member_id)
    if member is None:
        abort(404)
    return member


def _visit_or_404(delegation: Delegation, visit_id: int) -> DelegationVisit:
    visit = queries.visit_in(session, delegation, visit_id)
    if visit is None:
        abort(404)
    return visit


def _to_delegation(cohort: Cohort, delegation: Delegation) -> ResponseReturnValue:
    return redirect(url_for("lms.event_delegations.show", cohort_id=cohort.id,
                            delegation_id=delegation.id))


def _when(moment: dt.datetime | None, cohort: Cohort) -> str:
    """A member's arrival or departure as she lives it: in the edition's zone."""
    return format_when(moment, zone=cohort.timezone) if moment else ""


@bp.app_template_global("my_delegation")
def my_delegation(cohort: Cohort, viewer: User | None) -> Delegation | None:
    """For the edition's page: the viewer's delegation in it, if she is a member of one."""
    return queries.my_delegation(session, cohort, viewer) if viewer is not None else None


@bp.app_template_global("delegation_visits_to")
def delegation_visits_to(facility_id: int) -> Sequence[queries.FacilityVisit]:
    """For a host facility's page of history: the delegations that visited it."""
    return queries.visits_to(session, facility_id)


# The delegations ------------------------------------------------------------------------------


@bp.route("/<int:cohort_id>/delegations")
@staff_required
def index(cohort_id: int) -> ResponseReturnValue:
    cohort = _edition_or_404(cohort_id)
    return render_template("lms/events/delegation_list.html", cohort=cohort,
                           rows=queries.delegations_of(session, cohort),
                           direction_labels=services.DIRECTION_LABELS)


def _details(form: DelegationForm) -> services.DelegationDetails:
    return services.DelegationDetails(
        name=form.name.data or "", direction=DelegationDirection(form.direction.data),
        country=form.country.data or "", notes=form.notes.data or "")


@bp.route("/<int:cohort_id>/delegations/new", methods=["GET", "POST"])
@staff_required
def new(cohort_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _edition_or_404(cohort_id)
    form = DelegationForm(current_locale())
    if form.validate_on_submit():
        created = commit_or_show_error(form, lambda: services.create_delegation(
            session, actor, cohort, _details(form)))
        if created.done and created.result is not None:
            flash(_("The delegation has been recorded; add its members and visits."), "success")
            return _to_delegation(cohort, created.result)
    return render_template("lms/events/delegation_form.html", form=form, cohort=cohort,
                           delegation=None)


@bp.route(_PATH)
@login_required
def show(cohort_id: int, delegation_id: int) -> ResponseReturnValue:
    viewer = require_user()
    cohort = _edition_or_404(cohort_id)
    delegation = _delegation_or_404(cohort, delegation_id)
    services.require_may_see(session, viewer, delegation)
    return render_template(
        "lms/events/delegation_show.html", cohort=cohort,
        page=queries.delegation_page(session, delegation), viewer=viewer,
        is_staff=is_staff(viewer), when=_when,
        direction_labels=services.DIRECTION_LABELS, role_labels=services.ROLE_LABELS)


@bp.route(f"{_PATH}/edit", methods=["GET", "POST"])
@staff_required
def edit(cohort_id: int, delegation_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _edition_or_404(cohort_id)
    delegation = _delegation_or_404(cohort, delegation_id)
    form = DelegationForm(current_locale(), obj=delegation)
    if request.method == "GET":
        form.direction.data = delegation.direction.value
    if form.validate_on_submit():
        saved = commit_or_show_error(form, lambda: services.update_delegation(
            session, actor, cohort, delegation, _details(form)))
        if saved.done:
            flash(_("The delegation has been saved."), "success")
            return _to_delegation(cohort, delegation)
    return render_template("lms/events/delegation_form.html", form=form, cohort=cohort,
                           delegation=delegation)


# Members --------------------------------------------------------------------------------------


def _member_details(form: MemberForm) -> services.MemberDetails:
    return services.MemberDetails(
        email=form.email.data or "", name=form.name.data or "",
        role=MemberRole(form.role.data), organization=form.organization.data or "",
        arrives=form.arrives.data, arrival_by=form.arrival_by.data or "",
        departs=form.departs.data, departure_by=form.departure_by.data or "",
        lodging=form.lodging.data or "")


def _note_repeated_times(form: MemberForm, cohort: Cohort) -> None:
    for moment in (form.arrives.data, form.departs.data):
        if moment is not None:
            note_if_repeated(moment, cohort.zone)


def _member_form(cohort: Cohort, delegation: Delegation,
                 member: DelegationMember | None) -> ResponseReturnValue:
    actor = require_user()
    form = MemberForm()
    if request.method == "GET":
        form.role.data = MemberRole.PARTICIPANT.value
    if request.method == "GET" and member is not None:
        form.email.data = member.user.email if member.user else ""
        form.name.data, form.role.data = member.name, member.role.value
        form.organization.data = member.organization
        form.arrives.data = member.arrives_at.astimezone(cohort.zone).replace(tzinfo=None) \
            if member.arrives_at else None
        form.departs.data = member.departs_at.astimezone(cohort.zone).replace(tzinfo=None) \
            if member.departs_at else None
        form.arrival_by.data, form.departure_by.data = member.arrival_by, member.departure_by
        form.lodging.data = member.lodging
    if form.validate_on_submit():
        if member is None:
            saved = commit_or_show_error(form, lambda: services.add_member(
                session, actor, cohort, delegation, _member_details(form)))
        else:
            saved = commit_or_show_error(form, lambda: services.update_member(
                session, actor, cohort, delegation, member, _member_details(form)))
        if saved.done:
            flash(_("The member has been saved."), "success")
            _note_repeated_times(form, cohort)
            return _to_delegation(cohort, delegation)
    return render_template("lms/events/delegation_member_form.html", form=form, cohort=cohort,
                           delegation=delegation, member=member)


@bp.route(f"{_PATH}/members/new", methods=["GET", "POST"])
@staff_required
def add_member(cohort_id: int, delegation_id: int) -> ResponseReturnValue:
    cohort = _edition_or_404(cohort_id)
    return _member_form(cohort, _delegation_or_404(cohort, delegation_id), None)


@bp.route(f"{_PATH}/members/<int:member_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_member(cohort_id: int, delegation_id: int, member_id: int) -> ResponseReturnValue:
    cohort = _edition_or_404(cohort_id)
    delegation = _delegation_or_404(cohort, delegation_id)
    return _member_form(cohort, delegation, _member_or_404(delegation, member_id))


@bp.route(f"{_PATH}/members/<int:member_id>/remove", methods=["POST"])
@staff_required
def remove_member(cohort_id: int, delegation_id: int, member_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _edition_or_404(cohort_id)
    delegation = _delegation_or_404(cohort, delegation_id)
    member = _member_or_404(delegation, member_id)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(
            None, lambda: services.remove_member(session, actor, cohort, delegation, member),
            done=_("The member has been removed from the delegation."))
    return _to_delegation(cohort, delegation)


# Visits ---------------------------------------------------------------------------------------


def _visit_form(cohort: Cohort, delegation: Delegation,
                visit: DelegationVisit | None) -> ResponseReturnValue:
    actor = require_user()
    form = VisitForm(queries.facility_choices(session))
    if request.method == "GET":
        form.visited_on.data = visit.visited_on if visit else cohort.starts_on
    if request.method == "GET" and visit is not None:
        form.facility_id.data = str(visit.facility_id) if visit.facility_id else ""
        form.place.data, form.address.data = visit.place, visit.address
    if form.validate_on_submit():
        details = services.VisitDetails(
            visited_on=form.visited_on.data,
            facility_id=int(form.facility_id.data) if form.facility_id.data else None,
            place=form.place.data or "", address=form.address.data or "")
        if visit is None:
            saved = commit_or_show_error(form, lambda: services.add_visit(
                session, actor, cohort, delegation, details))
        else:
            saved = commit_or_show_error(form, lambda: services.update_visit(
                session, actor, cohort, delegation, visit, details))
        if saved.done:
            flash(_("The visit has been saved."), "success")
            return _to_delegation(cohort, delegation)
    return render_template("lms/events/delegation_visit_form.html", form=form, cohort=cohort,
                           delegation=delegation, visit=visit)


@bp.route(f"{_PATH}/visits/new", methods=["GET", "POST"])
@staff_required
def add_visit(cohort_id: int, delegation_id: int) -> ResponseReturnValue:
    cohort = _edition_or_404(cohort_id)
    return _visit_form(cohort, _delegation_or_404(cohort, delegation_id), None)


@bp.route(f"{_PATH}/visits/<int:visit_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_visit(cohort_id: int, delegation_id: int, visit_id: int) -> ResponseReturnValue:
    cohort = _edition_or_404(cohort_id)
    delegation = _delegation_or_404(cohort, delegation_id)
    return _visit_form(cohort, delegation, _visit_or_404(delegation, visit_id))


@bp.route(f"{_PATH}/visits/<int:visit_id>/remove", methods=["POST"])
@staff_required
def remove_visit(cohort_id: int, delegation_id: int, visit_id: int) -> ResponseReturnValue:
    actor = require_user()
    cohort = _edition_or_404(cohort_id)
    delegation = _delegation_or_404(cohort, delegation_id)
    visit = _visit_or_404(delegation, visit_id)
    if EmptyForm().validate_on_submit():
        commit_or_show_error(
            None, lambda: services.remove_visit(session, actor, cohort, delegation, visit),
            done=_("The visit has been removed."))
    return _to_delegation(cohort, delegation)


# The roster -----------------------------------------------------------------------------------


@bp.route("/<int:cohort_id>/delegations/roster")
@staff_required
def roster(cohort_id: int) -> ResponseReturnValue:
    cohort = _edition_or_404(cohort_id)
    return render_template("lms/events/delegation_roster.html", cohort=cohort,
                           groups=queries.roster(session, cohort), when=_when,
                           role_labels=services.ROLE_LABELS)


@bp.route("/<int:cohort_id>/delegations/roster.csv")
@staff_required
def roster_csv(cohort_id: int) -> ResponseReturnValue:
    cohort = _edition_or_404(cohort_id)
    header = [_("Delegation"), _("Country"), _("Name"), _("Role"), _("Organization"),
              _("Arrival (%(zone)s)", zone=cohort.timezone), _("Arriving by"),
              _("Departure (%(zone)s)", zone=cohort.timezone), _("Leaving by"), _("Lodging")]
    labels = {role: str(label) for role, label in services.ROLE_LABELS.items()}

    def moment(value: dt.datetime | None) -> str:
        return value.astimezone(cohort.zone).strftime("%Y-%m-%d %H:%M") if value else ""

    def rows() -> Iterator[list[str]]:
        for group in queries.roster(session, cohort):
            for member in group.members:
                yield [group.delegation.name, country_name(group.delegation.country),
                       member.display_name, labels[member.role], member.organization,
                       moment(member.arrives_at), member.arrival_by, moment(member.departs_at),
                       member.departure_by, member.lodging]

    return csv_response(f"edition-{cohort.id}-delegations.csv", header, rows())

