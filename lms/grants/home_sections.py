"""The grants on the home page: for staff, applications to screen, reviews outstanding per
round, reports to review and rounds opening or closing soon; for an alumna, the rounds she may
apply to, her drafts with their deadlines and the reports her projects owe. One query each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for
from sqlalchemy import case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.clock import utcnow
from lms.grants.models import (
    ApplicationStatus,
    GrantApplication,
    GrantReport,
    GrantRound,
    ReportKind,
    ReportStatus,
)
from lms.home_lists import lists_html
from lms.home_words import words
from lms.homepage import (
    DAYS_AHEAD,
    LISTS_TEMPLATE,
    Entry,
    EntryList,
    Lines,
    Pending,
    Section,
    gather,
    line,
)
from lms.i18n import _, _l, format_day, format_when
from lms.links import link_to
from lms.programs.standing import ALUMNUS
from lms.reviews.home_sections import outstanding_by_group
from lms.security import is_staff

#: How many of the oldest things each list shows; its count says how many in all.
SHOWN = 5
S = ApplicationStatus
TO_SCREEN = (S.SUBMITTED, S.SCREENING)
#: Her applications she can still change before the round closes.
DRAFTS = (S.DRAFT, S.MORE_INFORMATION)
#: A grant under way owes its reports.
FUNDED = (S.APPROVED, S.IN_PROGRESS)
REPORT_LABELS = {ReportKind.PROGRESS: _l("progress report"), ReportKind.FINAL: _l("final report")}


def _count(kind: str, statement: Any) -> Any:
    return line(kind, number=statement.scalar_subquery())


def _staff_lines(now: Any, ahead: Any) -> list[Any]:
    to_screen = GrantApplication.status.in_(TO_SCREEN)
    report_waits = GrantReport.status == ReportStatus.SUBMITTED
    next_date = case((GrantRound.opens_at > now, GrantRound.opens_at), else_=GrantRound.closes_at)
    soon = or_(GrantRound.opens_at.between(now, ahead), GrantRound.closes_at.between(now, ahead))
    first_sent = (GrantApplication.submitted_at, GrantApplication.id)
    # The oldest few found on the index of state and time sent alone, then read.
    oldest = select(GrantApplication.id).where(to_screen).order_by(*first_sent).limit(SHOWN)
    return [
        (line("screen", id=GrantApplication.id, title=GrantApplication.title,
              detail=GrantRound.title, at=GrantApplication.submitted_at)
         .select_from(GrantApplication).join(GrantRound, GrantRound.id == GrantApplication.round_id)
         .where(GrantApplication.id.in_(oldest.scalar_subquery())).order_by(*first_sent)),
        _count("screen_count", select(func.count()).where(to_screen)),
        outstanding_by_group("reviews", GrantRound, GrantRound.review_scheme_id),
        (line("report", id=GrantReport.application_id, title=GrantApplication.title,
              detail=GrantReport.kind, at=GrantReport.submitted_at)
         .select_from(GrantReport)
         .join(GrantApplication, GrantApplication.id == GrantReport.application_id)
         .where(report_waits).order_by(GrantReport.submitted_at, GrantReport.id).limit(SHOWN)),
        _count("report_count", select(func.count()).where(report_waits)),
        (line("round", id=GrantRound.id, title=GrantRound.title, at=next_date,
              number=case((GrantRound.opens_at > now, 1), else_=0))
         .where(soon).order_by(next_date, GrantRound.id)),
    ]


def staff_section() -> Pending:
    """The staff's grants section, its lines read with the other staff sections'."""
    now = utcnow()
    return Pending(_staff_lines, {"now": now, "ahead": now + dt.timedelta(days=DAYS_AHEAD)},
                   _staff_sections)


def _staff_sections(lines: Lines) -> list[Section]:
    reviews = lines.of("reviews")
    rounds = lines.of("round")
    # Words looked up once for the section and links built once a list (lms.home_words,
    # lms.links): a lookup or url_for a row cost more than the section's query.
    text = words()
    _, when = text.gettext, text.format_when
    application_url = link_to("lms.grants_staff.application", "application_id")
    round_url = link_to("lms.grants_staff.round", "round_id")
    lists = [
        EntryList(_("Applications to screen"),
                  [Entry(row.title or _("(untitled)"), application_url(row.id), row.detail,
                         when(row.at)) for row in lines.of("screen")],
                  lines.number("screen_count"), _("No grant application waits for screening.")),
        EntryList(_("Reviews outstanding"),
                  [Entry(row.title or "", round_url(row.id),
                         text.ngettext("%(num)d review not finished",
                                       "%(num)d reviews not finished", row.number or 0),
                         when(row.at)) for row in reviews],
                  sum(row.number or 0 for row in reviews),
                  _("Every review assigned has been finished."), grouped=True),
        EntryList(_("Grant reports to review"),
                  [Entry(row.title or "", application_url(row.id),
                         str(REPORT_LABELS.get(ReportKind(row.detail), row.detail)),
                         when(row.at)) for row in lines.of("report")],
                  lines.number("report_count"), _("No grant report waits for review.")),
        EntryList(_("Grant rounds opening or closing in the next %(days)s days", days=DAYS_AHEAD),
                  [Entry(row.title or "", round_url(row.id),
                         _("opens") if row.number else _("closes"),
                         when(row.at)) for row in rounds],
                  len(rounds), _("No grant round opens or closes in the next %(days)s days.",
                                 days=DAYS_AHEAD)),
    ]
    waiting = lists[0].count + lists[2].count
    return [Section("staff-grants", 42, _("Grants"), LISTS_TEMPLATE, {"lists": lists},
                    count=waiting, html=lists_html(lists))]


def _report_due(kind: ReportKind, due_on: Any, user_id: Any) -> Any:
    """Her funded projects whose report of ``kind`` is due and not yet handed in."""
    handed_in = exists().where(GrantReport.application_id == GrantApplication.id,
                               GrantReport.kind == kind,
                               GrantReport.status.in_((ReportStatus.SUBMITTED,
                                                       ReportStatus.ACCEPTED)))
    return (line("report_due", id=GrantApplication.id, title=GrantApplication.title,
                 detail=literal(kind.value), at=due_on)
            .select_from(GrantApplication)
            .join(GrantRound, GrantRound.id == GrantApplication.round_id)
            .where(GrantApplication.applicant_id == user_id, GrantApplication.status.in_(FUNDED),
                   due_on.is_not(None), ~handed_in))


def _alumna_lines(user_id: Any, now: Any) -> list[Any]:
    return [
        (line("open_round", id=GrantRound.id, title=GrantRound.title, at=GrantRound.closes_at)
         .where(GrantRound.opens_at <= now, GrantRound.closes_at > now)
         .order_by(GrantRound.closes_at, GrantRound.id)),
        (line("draft", id=GrantApplication.id, title=GrantApplication.title,
              detail=GrantRound.title, at=GrantRound.closes_at)
         .select_from(GrantApplication).join(GrantRound, GrantRound.id == GrantApplication.round_id)
         .where(GrantApplication.applicant_id == user_id, GrantApplication.status.in_(DRAFTS),
                GrantRound.closes_at > now)
         .order_by(GrantRound.closes_at, GrantApplication.id)),
        _report_due(ReportKind.PROGRESS, GrantRound.progress_report_due_on, user_id),
        _report_due(ReportKind.FINAL, GrantRound.final_report_due_on, user_id),
    ]


def alumna_section(db_session: Session, user: User) -> Section:
    lines = gather(db_session, _alumna_lines, user_id=user.id, now=utcnow())
    rounds, drafts = lines.of("open_round"), lines.of("draft")
    reports = sorted(lines.of("report_due"), key=lambda row: (row.at is None, row.at))
    lists = [
        EntryList(_("Grant rounds open now"),
                  [Entry(row.title or "", url_for("lms.grants.rounds"), _("closes"),
                         format_when(row.at)) for row in rounds],
                  len(rounds), _("No grant round is open now.")),
        EntryList(_("Your drafts"),
                  [Entry(row.title or _("(untitled)"),
                         url_for("lms.grants.edit", application_id=row.id),
                         _("%(round)s closes", round=row.detail), format_when(row.at))
                   for row in drafts],
                  len(drafts), _("You have no grant application in progress.")),
        EntryList(_("Grant reports due"),
                  [Entry(row.title or "", url_for("lms.grants.report", application_id=row.id,
                                                  kind=row.detail),
                         str(REPORT_LABELS[ReportKind(row.detail)]),
                         _("due %(day)s", day=format_day(_as_day(row.at))))
                   for row in reports],
                  len(reports), _("None of your projects owes a report now.")),
    ]
    return Section("alumni-grants", 51, _("Grants"), LISTS_TEMPLATE, {"lists": lists},
                   count=len(drafts) + len(reports), html=lists_html(lists))


def _as_day(value: Any) -> dt.date | None:
    # A date column read back through the section's datetime column.
    return value.date() if isinstance(value, dt.datetime) else value


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    found: list[Section | Pending] = [staff_section()] if is_staff(user) else []
    if facts.holds(db_session, user, ALUMNUS):
        found.append(alumna_section(db_session, user))
    return found
