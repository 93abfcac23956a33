"""Interview invitations: the iCalendar event the applicant, the interviewer and staff add to
their calendars. A moved interview keeps its UID and raises its SEQUENCE, so a calendar
program replaces the event it has instead of adding a second one."""

from __future__ import annotations

import datetime as dt

from flask import current_app

from lms.accounts.models import User
from lms.admissions.models import Interview
from lms.i18n import _
from lms.urls import external_url


def interview_uid(interview: Interview) -> str:
    host = current_app.config.get("LMS_CALENDAR_UID_DOMAIN") or "kakehashi"
    return f"admission-interview-{interview.id}@{host}"


def interview_calendar(interview: Interview, viewer: User) -> bytes:
    """The interview as one VEVENT, in UTC, worded for the applicant or for the interviewer
    and staff."""
    # icalendar (with dateutil) is loaded by the invitation alone, not by every worker.
    from icalendar import Calendar, Event

    application = interview.application
    call = application.call
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("sequence", interview.sequence)
    event.add("dtstamp", interview.updated_at.astimezone(dt.UTC))
    event.add("dtstart", interview.starts_at.astimezone(dt.UTC))
    event.add("dtend", interview.ends_at.astimezone(dt.UTC))
    event.add("location", interview.place)
    if viewer.id == application.applicant_id:
        event.add("summary", _("Interview: %(call)s", call=call.title))
        link = external_url("lms.admissions.application", application_id=application.id)
        event.add("description", _(
            "Your interview for %(call)s, %(minutes)d minutes. Where: %(place)s. Your "
            "application: %(link)s", call=call.title, minutes=interview.minutes,
            place=interview.place, link=link))
        event.add("url", link)
    else:
        event.add("summary", _("Interview with %(name)s", name=application.full_name))
        event.add("description", _(
            "Interview of %(name)s (%(call)s), %(minutes)d minutes. Where: %(place)s.",
            name=application.full_name, call=call.title, minutes=interview.minutes,
            place=interview.place))
    calendar = Calendar()
    calendar.add("prodid", "-//Kakehashi//Admission interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
