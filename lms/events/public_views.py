"""The public events pages, read without signing in: the upcoming and past editions, one
edition with its program and how to register, its program as an iCalendar file, and the
upcoming editions on the signed-out home. Registered on the events blueprint
(lms.events.views); no login decorator, like the public admissions calls."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from lms import homepage
from lms.clock import utcnow
from lms.db import session
from lms.events import exchange, program, public, queries, reflections, reports, services
from lms.events.models import EventSession
from lms.events.views import _clock, bp
from lms.i18n import _, current_locale
from lms.names import localized_name
from lms.pagination import requested_page_number
from lms.programs.models import Cohort
from lms.security import current_lms_user
from lms.urls import external_url


def _home_section(db_session: Session) -> list[homepage.Section]:
    return [homepage.Section(
        "upcoming-events", 20, _("Upcoming events"), "lms/events/public_home.html",
        {"editions": public.upcoming(db_session, public.HOME_LIMIT, with_cancelled=False)})]


homepage.register_public(bp, _home_section)


def _public_or_404(cohort_id: int) -> public.PublicEdition:
    item = public.public_edition(session, cohort_id)
    if item is None:
        abort(404)
    return item


def _program_context(cohort: Cohort) -> dict[str, Any]:
    """What lms/events/_program.html needs, for a reader who is nobody in particular: no
    session's link, recording or materials, and none of staff's links, whoever reads."""
    locale = current_locale()

    def link_of(row: EventSession) -> str:
        return str(program.LinkState.HIDDEN)

    def facility_address(facility: Any) -> str:
        return program.facility_address(facility, locale)

    return {"days": queries.program_days(session, cohort), "link_of": link_of,
            "materials": lambda row: "", "facility_address": facility_address,
            "clock": _clock, "kind_labels": services.SESSION_KIND_LABELS, "is_staff": False}


@bp.route("/public")
def public_index() -> ResponseReturnValue:
    past = public.past_page(session, requested_page_number())
    return render_template("lms/events/public_index.html",
                           upcoming=public.upcoming(session), past=past,
                           reported=reports.published_report_ids(
                               session, (item.cohort.id for item in past.items)),
                           limit=public.UPCOMING_LIMIT)


@bp.route("/public/<int:cohort_id>")
def public_show(cohort_id: int) -> ResponseReturnValue:
    item = _public_or_404(cohort_id)
    cohort = item.cohort
    replacement_public = cohort.replaced_by_id is not None and public.is_public(
        session, cohort.replaced_by_id)
    viewer = current_lms_user()
    calls = exchange.calls_of(session, cohort)
    return render_template(
        "lms/events/public_show.html", **public.template_context(item),
        registering=public.registering(item, through_calls=bool(calls)), calls=calls,
        replacement_public=replacement_public,
        signed_in=viewer is not None,
        opens_own_page=public.may_open_edition_page(session, viewer, cohort),
        for_whom=services.for_whom(item.edition),
        direction_labels=services.TOUR_DIRECTION_LABELS,
        report_url=(url_for("lms.events.public_report", cohort_id=cohort.id)
                    if reflections.is_published(session, cohort) else None),
        **_program_context(cohort))


@bp.route("/public/<int:cohort_id>/program.ics")
def public_calendar(cohort_id: int) -> ResponseReturnValue:
    """The program as an iCalendar file anyone may add to a calendar: the sessions' times,
    titles and places, never a meeting link."""
    # icalendar (with dateutil) is loaded by this file alone, not by every worker.
    from icalendar import Calendar, Event

    item = _public_or_404(cohort_id)
    cohort, edition = item.cohort, item.edition
    locale = current_locale()
    calendar = Calendar()
    calendar.add("prodid", "-//Kakehashi//Event program//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", localized_name(cohort, locale))
    stamp = utcnow()
    host_name = current_app.config.get("LMS_CALENDAR_UID_DOMAIN") or "kakehashi"
    page = external_url("lms.events.public_show", cohort_id=cohort.id)
    venue = "" if edition.online else ", ".join(
        part for part in (edition.venue, edition.city) if part)
    for day in queries.program_days(session, cohort):
        for row in day.sessions:
            event = Event()
            # The same ids as the participants' own feed: a calendar keeps one copy.
            event.add("uid", f"event-session-{row.id}@{host_name}")
            event.add("dtstamp", stamp)
            event.add("summary", row.title)
            event.add("dtstart", row.starts_at)
            event.add("dtend", row.ends_at)
            location = program.place_of(row, locale) or venue
            if location:
                event.add("location", location)
            event.add("description", localized_name(cohort, locale))
            event.add("url", page)
            if item.cancelled:
                # Calendars that already hold the session strike it out.
                event.add("status", "CANCELLED")
            calendar.add_component(event)
    return Response(calendar.to_ical(), mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="event-{cohort.id}.ics"'})

