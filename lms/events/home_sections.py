"""The seminars on the home page: for the people they are for, the seminars they may register
for; for staff, the seminars that cannot open registration until their details are saved, and
registration closing and seminars starting soon. One query each."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.clock import utcnow
from lms.events.models import Edition, Registration, RegistrationStatus
from lms.events.open_list_html import open_list_html
from lms.events.queries import SeminarValues, open_seminar_values
from lms.events.services import OPEN_STATUSES, registration_is_open
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
    line,
)
from lms.links import link_to
from lms.names import name_column
from lms.programs.models import EVENT_KINDS, Cohort, Program
from lms.security import is_staff

#: The fact (lms.facts) that a person has seminars on their home: one not yet over that they
#: may register for or have registered in. Without one the home asks nothing of seminars.
SEMINAR_GOER = "seminar_goer"
#: How many seminars without details the staff's list shows; its count says how many in all.
SHOWN = 5


def _as_day(value: Any) -> dt.date:
    # A date column read back through the section's datetime column.
    return value.date() if isinstance(value, dt.datetime) else value


def _midnight_after(row: Line, days: int) -> dt.datetime:
    """The start of the day ``days`` after row.at in the seminar's zone (row.detail), in UTC:
    registration closes at the end of its last day (services.registration_closes_at)."""
    local = dt.datetime.combine(_as_day(row.at) + dt.timedelta(days=days), dt.time(0, 0),
                                zoneinfo.ZoneInfo(str(row.detail)))
    return local.astimezone(dt.UTC)


def _seminars(statement: Select[Any]) -> Select[Any]:
    """``statement`` over the seminars whose details and registrations can still change."""
    return (statement.select_from(Cohort).join(Program, Program.id == Cohort.program_id)
            .where(Program.kind.in_(EVENT_KINDS), Cohort.status.in_(OPEN_STATUSES)))


def _staff_lines(since: Any, first_day: Any, last_day: Any) -> list[Any]:
    without_details = and_(~select(Edition.id).where(Edition.cohort_id == Cohort.id).exists(),
                           Cohort.ends_on >= since)
    registered = (select(func.count(Registration.id))
                  .where(Registration.cohort_id == Cohort.id,
                         Registration.status == RegistrationStatus.REGISTERED)
                  .scalar_subquery())
    return [
        _seminars(line("no_details", id=Cohort.id, title=name_column(Cohort), at=Cohort.starts_on))
        .where(without_details).order_by(Cohort.starts_on, Cohort.id).limit(SHOWN),
        line("no_details_count", number=_seminars(select(func.count(Cohort.id)))
             .where(without_details).scalar_subquery()),
        _seminars(line("closes", id=Cohort.id, title=name_column(Cohort), detail=Cohort.timezone,
                       at=Edition.registration_closes_on, number=registered))
        .join(Edition, Edition.cohort_id == Cohort.id)
        .where(Edition.registration_closes_on.between(first_day, last_day)),
        _seminars(line("starts", id=Cohort.id, title=name_column(Cohort), detail=Cohort.timezone,
                       at=Cohort.starts_on, number=registered))
        .where(Cohort.starts_on.between(first_day, last_day)),
    ]


def staff_section() -> Pending:
    """The staff's events section, its lines read with the other staff sections'."""
    now = utcnow()
    ahead = now + dt.timedelta(days=DAYS_AHEAD)
    # A day's margin on either side of UTC: whether a day falls in the window is decided
    # in _staff_sections, in each seminar's own zone.
    return Pending(_staff_lines, {"since": now.date() - dt.timedelta(days=1),
                                  "first_day": now.date() - dt.timedelta(days=2),
                                  "last_day": ahead.date() + dt.timedelta(days=1)},
                   functools.partial(_staff_sections, now, ahead))


def _staff_sections(now: dt.datetime, ahead: dt.datetime, lines: Lines) -> list[Section]:
    # Words looked up once for the section and links built once a list (lms.home_words,
    # lms.links), as the other staff sections do: a lookup or url_for a row cost more than
    # the section's query.
    text = words()
    _, day = text.gettext, text.format_day
    attendance_url = link_to("lms.events.attendance", "cohort_id")
    details_url = link_to("lms.events.details", "cohort_id")
    dates = [(_midnight_after(row, 1), Entry(
                row.title or "", attendance_url(row.id),
                _("last day to register; %(count)s registered", count=row.number or 0),
                day(_as_day(row.at))))
             for row in lines.of("closes") if now < _midnight_after(row, 1) <= ahead]
    dates += [(_midnight_after(row, 0), Entry(
                 row.title or "", attendance_url(row.id),
                 _("starts; %(count)s registered", count=row.number or 0),
                 day(_as_day(row.at))))
              for row in lines.of("starts") if now <= _midnight_after(row, 0) <= ahead]
    dates.sort(key=lambda pair: pair[0])
    lists = [
        EntryList(_("Events waiting for their details"),
                  [Entry(row.title or "", details_url(row.id),
                         _("registration opens once the venue is saved"),
                         _("starts %(day)s", day=day(_as_day(row.at))))
                   for row in lines.of("no_details")],
                  lines.number("no_details_count"),
                  _("Every event to come has its details; registration can open.")),
        EntryList(_("Event dates in the next %(days)s days", days=DAYS_AHEAD),
                  [entry for _moment, entry in dates], len(dates),
                  _("No event closes registration or starts in the next %(days)s days.",
                    days=DAYS_AHEAD)),
    ]
    return [Section("staff-seminars", 46, _("Events"), LISTS_TEMPLATE, {"lists": lists},
                    count=lists[0].count, html=lists_html(lists))]


class SeminarCohort:
    """The columns of a seminar's cohort that a home shows and its rules read, with Cohort's
    own rules for its days (the same functions): making a Cohort entity of each row, its
    state and its attributes' events, cost the home more than reading the row."""

    __slots__ = ("ends_on", "id", "name", "name_ja", "starts_on", "status", "timezone")

    zone = Cohort.zone
    length_in_days = Cohort.length_in_days
    date_of_day = Cohort.date_of_day
    opening_time = Cohort.opening_time

    def __init__(self, row: SeminarValues) -> None:
        (self.id, self.name, self.name_ja, self.starts_on, self.ends_on, self.timezone,
         self.status) = row[:7]


@dataclass(frozen=True)
class ShownSeminar:
    """What a home lists of a seminar to come (events/_open_list.html reads these names, as
    of queries.OpenSeminar): the cohort holds only the columns shown and those the rules
    below read."""

    cohort: SeminarCohort
    is_registered: bool
    registration_open: bool


def shown_seminars(db_session: Session, user: User) -> list[ShownSeminar]:
    """queries.open_seminars_for's seminars, with what the home shows of them. Every home of
    an alumna or a trainee lists them, so it runs as plain SQL (loading the seminars' four
    entities cost the ORM more than twice what the database took) and makes, of each row, a
    cohort (SeminarCohort) and an edition (the row's registration days) for the rules that
    read them."""
    now = utcnow()
    rows = open_seminar_values(db_session, user, now)
    shown = []
    for row in rows:
        cohort = SeminarCohort(row)
        if now >= cohort.opening_time(cohort.length_in_days + 1):
            continue
        # The rules read the cohort's and the edition's columns only.
        edition: Any = None if row.edition_id is None else row
        shown.append(ShownSeminar(cohort, row.registration_status == RegistrationStatus.REGISTERED,
                                  registration_is_open(cohort, edition, now)))
    return shown


def participant_sections(db_session: Session, user: User) -> list[Section]:
    if not facts.holds(db_session, user, SEMINAR_GOER):
        return []
    seminars = shown_seminars(db_session, user)
    if not seminars:
        return []
    # Looked up once a request (lms.home_words), as its lines are. Its body given as ``html``
    # too, as its template writes it (after a line): an include cost more than writing it.
    html = open_list_html(seminars)
    return [Section("seminars", 60, words().gettext("Events"),
                    "lms/events/home_section.html", {"seminars": seminars, "html": html},
                    html=Markup("\n") + html)]


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    found: list[Section | Pending] = [staff_section()] if is_staff(user) else []
    return found + participant_sections(db_session, user)
