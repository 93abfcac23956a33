"""The alumni on the home page: the alumna's way to her pages, and for staff the reports from
home waiting for review, oldest first, in one query."""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.alumni.models import AlumniReport, ReportStatus
from lms.homepage import LISTS_TEMPLATE, Entry, EntryList, Section, gather, line
from lms.i18n import _, format_when
from lms.programs.standing import viewer_is_alumnus
from lms.security import is_staff

#: How many of the oldest reports the staff's home lists; the count says how many in all.
SHOWN = 5


def _staff_lines() -> list[Any]:
    waiting = AlumniReport.status == ReportStatus.SUBMITTED
    return [
        (line("report", id=AlumniReport.id, title=AlumniReport.title,
              detail=User.display_name, at=AlumniReport.submitted_at)
         .select_from(AlumniReport).join(User, User.id == AlumniReport.author_id)
         .where(waiting).order_by(AlumniReport.submitted_at, AlumniReport.id).limit(SHOWN)),
        line("count", number=select(func.count()).where(waiting).scalar_subquery()),
    ]


def staff_section(db_session: Session) -> Section:
    lines = gather(db_session, _staff_lines)
    reports = EntryList(
        _("Reports from home to review"),
        [Entry(row.title or "", url_for("lms.alumni.review", report_id=row.id), row.detail,
               format_when(row.at)) for row in lines.of("report")],
        lines.number("count"), _("No report from home waits for review."))
    return Section("staff-alumni", 44, _("Alumni"), LISTS_TEMPLATE, {"lists": [reports]},
                   count=reports.count)


def sections(db_session: Session, user: User) -> list[Section]:
    found = [staff_section(db_session)] if is_staff(user) else []
    if viewer_is_alumnus():
        found.append(Section("alumni", 50, _("Alumni"), "lms/alumni/home_section.html"))
    return found
