"""Follow-up training on the home page: for staff, the applications waiting for a selection
and the calls closing and trainings starting soon; for an alumna, the trainings she may apply
to now and her applications in play. One query each."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

from flask import url_for
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.clock import utcnow
from lms.followup.models import ApplicationStatus, FollowUpApplication, FollowUpCall
from lms.followup.services import SELECTING_STATUSES, STATUS_LABELS
from lms.home_lists import lists_html
from lms.home_words import words
from lms.homepage import (
    DAYS_AHEAD,
    LISTS_TEMPLATE,
    Entry,
    EntryList,
    Line,
    Lines,
    Pending,
    Section,
    gather,
    line,
)
from lms.i18n import _, format_day, format_when
from lms.links import link_to
from lms.names import name_column
from lms.programs.models import Cohort, CohortStatus, Program, ProgramKind
from lms.programs.standing import ALUMNUS
from lms.security import is_staff

#: How many of the oldest applications the staff's list shows; its count says how many in all.
SHOWN = 5
S = ApplicationStatus


def _open_call(now: Any) -> Any:
    # The rule of services.is_open_for_applications, as a condition.
    return and_(Cohort.status == CohortStatus.PLANNED, FollowUpCall.closed_at.is_(None),
                FollowUpCall.closes_at >= now)


def _as_day(value: Any) -> dt.date:
    # A date column read back through the section's datetime column.
    return value.date() if isinstance(value, dt.datetime) else value


def _start(row: Line) -> dt.datetime:
    """The first moment of the training (row.at its first day, row.detail its zone), in UTC."""
    zone = zoneinfo.ZoneInfo(str(row.detail))
    return dt.datetime.combine(_as_day(row.at), dt.time(0, 0), zone).astimezone(dt.UTC)


def _staff_lines(now: Any, ahead: Any, first_day: Any, last_day: Any) -> list[Any]:
    waiting = and_(FollowUpApplication.status == S.SUBMITTED,
                   Cohort.status.in_(SELECTING_STATUSES))
    return [
        (line("waiting", id=Cohort.id, ref=FollowUpApplication.id, title=User.display_name,
              detail=name_column(Cohort), at=FollowUpApplication.submitted_at)
         .select_from(FollowUpApplication)
         .join(Cohort, Cohort.id == FollowUpApplication.cohort_id)
         .join(User, User.id == FollowUpApplication.user_id)
         .where(waiting).order_by(FollowUpApplication.submitted_at, FollowUpApplication.id)
         .limit(SHOWN)),
        line("waiting_count", number=select(func.count())
             .select_from(FollowUpApplication)
             .join(Cohort, Cohort.id == FollowUpApplication.cohort_id).where(waiting)
             .scalar_subquery()),
        (line("closes", id=Cohort.id, title=name_column(Cohort), at=FollowUpCall.closes_at)
         .select_from(FollowUpCall).join(Cohort, Cohort.id == FollowUpCall.cohort_id)
         .where(_open_call(now), FollowUpCall.closes_at <= ahead)),
        (line("starts", id=Cohort.id, title=name_column(Cohort), detail=Cohort.timezone,
              at=Cohort.starts_on)
         .select_from(Cohort).join(Program, Program.id == Cohort.program_id)
         .where(Program.kind == ProgramKind.FOLLOW_UP, Cohort.status.in_(SELECTING_STATUSES),
                Cohort.starts_on.between(first_day, last_day))),
    ]


def staff_section() -> Pending:
    """The staff's follow-up section, its lines read with the other staff sections'."""
    now = utcnow()
    ahead = now + dt.timedelta(days=DAYS_AHEAD)
    # A day's margin on either side of UTC: whether the first day falls in the window is
    # decided in _staff_sections, in each training's own zone.
    return Pending(_staff_lines, {"now": now, "ahead": ahead,
                                  "first_day": now.date() - dt.timedelta(days=1),
                                  "last_day": ahead.date() + dt.timedelta(days=1)},
                   functools.partial(_staff_sections, now, ahead))


def _staff_sections(now: dt.datetime, ahead: dt.datetime, lines: Lines) -> list[Section]:
    # Words looked up once for the section and the link built once (lms.home_words,
    # lms.links): a lookup or url_for a row cost more than the section's query.
    text = words()
    _ = text.gettext
    applications_url = link_to("lms.followup.applications", "cohort_id")
    dates = [(row.at, Entry(row.title or "", applications_url(row.id),
                            _("applications close"), text.format_when(row.at)))
             for row in lines.of("closes") if row.at is not None]
    dates += [(_start(row), Entry(row.title or "", applications_url(row.id),
                                  _("starts"), text.format_day(_as_day(row.at))))
              for row in lines.of("starts") if now <= _start(row) <= ahead]
    dates.sort(key=lambda pair: pair[0])
    lists = [
        EntryList(_("Applications waiting for a selection"),
                  [Entry(row.title or "", applications_url(row.id), row.detail,
                         text.format_when(row.at))
                   for row in lines.of("waiting")],
                  lines.number("waiting_count"),
                  _("No follow-up application waits for a selection.")),
        EntryList(_("Follow-up dates in the next %(days)s days", days=DAYS_AHEAD),
                  [entry for _moment, entry in dates], len(dates),
                  _("No call closes and no follow-up training starts in the next %(days)s days.",
                    days=DAYS_AHEAD)),
    ]
    return [Section("staff-followup", 45, _("Follow-up training"), LISTS_TEMPLATE,
                    {"lists": lists}, count=lists[0].count, html=lists_html(lists))]


def _alumna_lines(user_id: Any, now: Any) -> list[Any]:
    applied = select(FollowUpApplication.id).where(
        FollowUpApplication.cohort_id == Cohort.id, FollowUpApplication.user_id == user_id)
    # Waiting for the selection, on the waitlist, or selected for a training still to come.
    in_play = or_(and_(FollowUpApplication.status.in_((S.SUBMITTED, S.WAITLISTED)),
                       Cohort.status.in_(SELECTING_STATUSES)),
                  and_(FollowUpApplication.status == S.SELECTED,
                       Cohort.status == CohortStatus.PLANNED))
    return [
        (line("open", id=Cohort.id, title=name_column(Cohort), at=FollowUpCall.closes_at)
         .select_from(FollowUpCall).join(Cohort, Cohort.id == FollowUpCall.cohort_id)
         .where(_open_call(now), ~applied.exists())
         .order_by(FollowUpCall.closes_at, Cohort.id)),
        (line("mine", id=FollowUpApplication.id, title=name_column(Cohort),
              detail=FollowUpApplication.status, at=Cohort.starts_on)
         .select_from(FollowUpApplication)
         .join(Cohort, Cohort.id == FollowUpApplication.cohort_id)
         .where(FollowUpApplication.user_id == user_id, in_play)
         .order_by(Cohort.starts_on, FollowUpApplication.id)),
    ]


def alumna_section(db_session: Session, user: User) -> Section:
    lines = gather(db_session, _alumna_lines, user_id=user.id, now=utcnow())
    offers, applications = lines.of("open"), lines.of("mine")
    lists = [
        EntryList(_("Follow-up trainings you may apply to"),
                  [Entry(row.title or "", url_for("lms.followup.apply", cohort_id=row.id),
                         _("applications close"), format_when(row.at))
                   for row in offers],
                  len(offers), _("No follow-up training takes applications from you now.")),
        EntryList(_("Your follow-up applications"),
                  [Entry(row.title or "", url_for("lms.followup.mine"),
                         str(STATUS_LABELS[S(row.detail)]),
                         _("starts %(day)s", day=format_day(_as_day(row.at))))
                   for row in applications],
                  len(applications), _("You have no follow-up application in progress.")),
    ]
    return Section("alumni-followup", 52, _("Follow-up training"), LISTS_TEMPLATE,
                   {"lists": lists}, count=len(offers), html=lists_html(lists))


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    found: list[Section | Pending] = [staff_section()] if is_staff(user) else []
    if facts.holds(db_session, user, ALUMNUS):
        found.append(alumna_section(db_session, user))
    return found
