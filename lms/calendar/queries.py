"""The iCalendar feed: module openings and assignment deadlines of the owner's cohorts, her
practicum placements at their facilities, and the sessions of the events she is registered
for, at their place (the facility visited, the address, or "Online")."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.calendar.models import CalendarFeed
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType, Module
from lms.events.program import event_sessions_of, place_of
from lms.i18n import _
from lms.names import localized_name
from lms.placements.prefectures import prefecture_name
from lms.placements.queries import placements_of
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentStatus
from lms.urls import external_url


def feed_owner(db_session: Session, token: str) -> User | None:
    return db_session.scalar(
        select(User).join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token == token, User.is_active.is_(True)))


def build_calendar(db_session: Session, user: User) -> bytes:
    # icalendar (with dateutil) is loaded by the feed alone, not by every worker.
    from icalendar import Calendar, Event

    cohorts = list(db_session.scalars(
        select(Cohort).options(joinedload(Cohort.program))
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user.id, Enrollment.status == EnrollmentStatus.ACTIVE,
               Cohort.status.in_([CohortStatus.PLANNED, CohortStatus.ACTIVE]),
               Cohort.course_id.is_not(None))
        .distinct()))
    course_ids = {cohort.course_id for cohort in cohorts}
    modules = list(db_session.scalars(select(Module).where(
        Module.course_id.in_(course_ids), Module.archived_at.is_(None))))
    assignments = list(db_session.scalars(select(Item).where(
        Item.course_id.in_(course_ids), Item.archived_at.is_(None),
        Item.type == ItemType.ASSIGNMENT, Item.due_day.is_not(None))))

    calendar = Calendar()
    calendar.add("prodid", "-//Kakehashi//Training calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{current_app.config['LMS_SITE_NAME']}: {user.display_name}")
    stamp = utcnow()
    host_name = current_app.config.get("LMS_CALENDAR_UID_DOMAIN") or "kakehashi"
    for cohort in cohorts:
        for module in (m for m in modules if m.course_id == cohort.course_id):
            event = Event()
            # Stable ids: a calendar program updates the event instead of adding a copy.
            event.add("uid", f"cohort-{cohort.id}-module-{module.id}@{host_name}")
            event.add("dtstamp", stamp)
            event.add("summary", _("Module opens: %(title)s", title=module.title))
            event.add("dtstart", cohort.date_of_day(module.opens_day))
            event.add("dtend", cohort.date_of_day(module.opens_day) + dt.timedelta(days=1))
            event.add("description", localized_name(cohort))
            event.add("url", external_url("lms.curriculum.outline", cohort_id=cohort.id))
            calendar.add_component(event)
        for item in (i for i in assignments if i.course_id == cohort.course_id):
            due = cohort.due_time(item.due_day).astimezone(cohort.zone)
            event = Event()
            event.add("uid", f"cohort-{cohort.id}-due-{item.id}@{host_name}")
            event.add("dtstamp", stamp)
            event.add("summary", _("Due: %(title)s", title=item.title))
            event.add("dtstart", due)
            event.add("dtend", due)
            event.add("description", localized_name(cohort))
            event.add("url", external_url("lms.curriculum.item", cohort_id=cohort.id,
                                          slug=item.slug))
            calendar.add_component(event)
    for placement in placements_of(db_session, user):
        host = placement.facility
        event = Event()
        event.add("uid", f"placement-{placement.id}@{host_name}")
        event.add("dtstamp", stamp)
        event.add("summary", _("Placement: %(facility)s", facility=localized_name(host)))
        event.add("dtstart", placement.starts_on)
        event.add("dtend", placement.ends_on + dt.timedelta(days=1))
        event.add("location", " ".join(part for part in (
            prefecture_name(host.prefecture, user.locale or "en"), host.city, host.address)
            if part))
        event.add("description", placement.module.title)
        calendar.add_component(event)
    locale = user.locale or "en"
    for row, edition_cohort, edition in event_sessions_of(db_session, user):
        event = Event()
        event.add("uid", f"event-session-{row.id}@{host_name}")
        event.add("dtstamp", stamp)
        event.add("summary", row.title)
        event.add("dtstart", row.starts_at)
        event.add("dtend", row.ends_at)
        location = place_of(row, locale) or (
            f"{edition.venue}, {edition.city}" if edition is not None else "")
        if location:
            event.add("location", location)
        event.add("description", localized_name(edition_cohort))
        event.add("url", external_url("lms.events.show", cohort_id=row.cohort_id))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
