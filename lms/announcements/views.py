"""Announcements: the audience's page for one (with its attachment and "dismiss"), and the
staff's list, form and withdrawal."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import homepage, navigation, uploads
from lms.accounts.models import User
from lms.announcements import home_sections, queries, services
from lms.announcements.audience import size as audience_size
from lms.announcements.forms import AUDIENCE_LABELS, AnnouncementForm
from lms.announcements.models import Announcement, Audience, Status
from lms.clock import local_to_utc, utcnow, zone_named
from lms.db import session
from lms.errors import ServiceError
from lms.forms import EmptyForm, commit_or_show_error
from lms.i18n import _, current_locale
from lms.markdown import render
from lms.pagination import requested_page_number
from lms.security import is_staff, login_required, require_user, staff_required

bp = Blueprint("announcements", __name__, template_folder="templates",
               url_prefix="/announcements")
homepage.register(bp, home_sections.sections)
home_sections.register_facts(bp)

def _status_labels() -> dict[Status, str]:
    return {Status.SCHEDULED: _("Scheduled"), Status.PUBLISHED: _("Published"),
            Status.EXPIRED: _("Expired"), Status.WITHDRAWN: _("Withdrawn")}


def _nav_items(user: User) -> list[navigation.NavItem]:
    if not is_staff(user):
        return []
    return [navigation.link(95, _("Announcements"), "lms.announcements.index",
                            blueprints=("lms.announcements",))]


navigation.register(bp, _nav_items)


def _announcement_or_404(viewer: User, announcement_id: int) -> Announcement:
    announcement = queries.announcement_for(session, viewer, announcement_id)
    if announcement is None:
        abort(404)
    return announcement


@bp.route("")
@staff_required
def index() -> ResponseReturnValue:
    page = queries.staff_page(session, requested_page_number())
    return render_template("lms/announcements/index.html", page=page, now=utcnow(),
                           status_labels=_status_labels(), audience_labels=AUDIENCE_LABELS)


@bp.route("/<int:announcement_id>")
@login_required
def show(announcement_id: int) -> ResponseReturnValue:
    viewer = require_user()
    announcement = _announcement_or_404(viewer, announcement_id)
    staff = is_staff(viewer)
    return render_template(
        "lms/announcements/show.html", announcement=announcement, body=render(
            announcement.body, top_heading=2), status=announcement.status_at(utcnow()),
        status_labels=_status_labels(), is_staff=staff,
        dismissed=queries.is_dismissed(session, viewer, announcement),
        audience_label=AUDIENCE_LABELS[announcement.audience] if staff else None,
        target=queries.target_name(session, announcement) if staff else None,
        reached=audience_size(session, announcement) if staff else None,
        dismiss_form=EmptyForm())


@bp.route("/<int:announcement_id>/attachment")
@login_required
def attachment(announcement_id: int) -> ResponseReturnValue:
    found = queries.attachment_for(session, require_user(), announcement_id)
    if found is None:
        abort(404)
    return uploads.send_stored(found.stored_name, found.content_type, found.filename)


@bp.route("/<int:announcement_id>/dismiss", methods=["POST"])
@login_required
def dismiss(announcement_id: int) -> ResponseReturnValue:
    viewer = require_user()
    if queries.announcement_reaching(session, viewer, announcement_id) is None:
        abort(404)
    commit_or_show_error(None, lambda: services.dismiss(session, viewer, announcement_id),
                         done=_("The announcement is off your home page. Its page stays "
                                "open to you."))
    return redirect(url_for("lms.home.index"))


def _zone(user: User) -> zoneinfo.ZoneInfo:
    return zone_named(user.timezone or "Asia/Tokyo", field=None)


def _utc(local: dt.datetime | None, zone: zoneinfo.ZoneInfo, field: str) -> dt.datetime | None:
    return local_to_utc(local, zone, field).utc if local is not None else None


def _input(form: AnnouncementForm, actor: User) -> services.AnnouncementInput:
    """The form's content; local times become UTC in the writer's zone (refused beside their
    field if the zone skips them)."""
    zone = _zone(actor)
    later = form.publish.data == "later"
    if later and form.publish_at.data is None:
        raise ServiceError(_("Give the publishing time, or choose to publish now."),
                           field="publish_at")
    return services.AnnouncementInput(
        title=form.title.data or "", body=form.body.data or "",
        audience=form.chosen_audience(), cohort_id=form.cohort_id.data,
        program_id=form.program_id.data, call_id=form.call_id.data,
        seminar_id=form.seminar_id.data, country=form.country.data or None,
        publish_at=_utc(form.publish_at.data, zone, "publish_at") if later else None,
        expires_at=_utc(form.expires_at.data, zone, "expires_at"))


def _upload(form: AnnouncementForm) -> services.Upload | None:
    data = form.attachment.data
    if data is None or not getattr(data, "filename", ""):
        return None
    return services.Upload(data.stream, data.filename)


def _form_page(form: AnnouncementForm, announcement: Announcement | None) -> str:
    form.offer(queries.targets(session), current_locale())
    published = announcement is not None and announcement.status_at(utcnow()) is not \
        Status.SCHEDULED
    return render_template("lms/announcements/form.html", form=form, announcement=announcement,
                           published=published, zone=_zone(require_user()).key,
                           audience_labels=AUDIENCE_LABELS,
                           target=queries.target_name(session, announcement)
                           if announcement is not None else None)


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new() -> ResponseReturnValue:
    actor = require_user()
    form = AnnouncementForm()
    form.offer(queries.targets(session), current_locale())
    if form.validate_on_submit():
        outcome = commit_or_show_error(form, lambda: services.create(
            session, actor, _input(form, actor), _upload(form)),
            done=_("The announcement is saved."))
        if outcome.done and outcome.result is not None:
            return redirect(url_for(".show", announcement_id=outcome.result.id))
    return _form_page(form, None)


@bp.route("/<int:announcement_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(announcement_id: int) -> ResponseReturnValue:
    actor = require_user()
    announcement = _announcement_or_404(actor, announcement_id)
    form = AnnouncementForm(obj=None if request.method == "POST"
                            else _Prefill(announcement, _zone(actor)))
    form.offer(queries.targets(session), current_locale())
    if form.validate_on_submit():
        outcome = commit_or_show_error(form, lambda: services.correct(
            session, actor, announcement, _input(form, actor), _upload(form),
            remove_attachment=form.remove_attachment.data))
        if outcome.done:
            return redirect(url_for(".show", announcement_id=announcement.id))
    return _form_page(form, announcement)


class _Prefill:
    """The form's starting values for a saved announcement."""

    def __init__(self, announcement: Announcement, zone: zoneinfo.ZoneInfo) -> None:
        def local(moment: dt.datetime | None) -> dt.datetime | None:
            return moment.astimezone(zone).replace(tzinfo=None) if moment else None

        self.title, self.body = announcement.title, announcement.body
        self.audience = announcement.audience.value
        seminar = announcement.audience is Audience.SEMINAR
        self.cohort_id = None if seminar else announcement.cohort_id
        self.seminar_id = announcement.cohort_id if seminar else None
        self.program_id, self.call_id = announcement.program_id, announcement.call_id
        self.country = announcement.country or ""
        self.publish = "later"
        self.publish_at = local(announcement.publish_at)
        self.expires_at = local(announcement.expires_at)


@bp.route("/<int:announcement_id>/withdraw", methods=["GET", "POST"])
@staff_required
def withdraw(announcement_id: int) -> ResponseReturnValue:
    actor = require_user()
    announcement = _announcement_or_404(actor, announcement_id)
    form = EmptyForm()
    if form.validate_on_submit():
        commit_or_show_error(None, lambda: services.withdraw(session, actor, announcement),
                             done=_("The announcement is withdrawn."))
        # Refused (withdrawn meanwhile): the flashed reason shows on the announcement's page.
        return redirect(url_for(".show", announcement_id=announcement.id))
    return render_template("lms/announcements/withdraw.html", announcement=announcement,
                           form=form, reached=audience_size(session, announcement))
