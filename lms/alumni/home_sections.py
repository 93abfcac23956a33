"""The alumni on the home page: the alumna's way to her pages, and for staff the reports from
home waiting for review, oldest first, in one query."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.alumni.models import AlumniReport, ReportStatus
from lms.home_lists import lists_html
from lms.home_words import words
from lms.homepage import LISTS_TEMPLATE, Entry, EntryList, Lines, Pending, Section, line
from lms.i18n import _
from lms.links import link_to
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


def staff_section() -> Pending:
    """The staff's alumni section, its lines read with the other staff sections'."""
    return Pending(_staff_lines, {}, _staff_sections)


def _staff_sections(lines: Lines) -> list[Section]:
    # Words looked up once and the link built once (lms.home_words, lms.links): a lookup or
    # url_for a row cost more than the section's query.
    text = words()
    review_url = link_to("lms.alumni.review", "report_id")
    reports = EntryList(
        text.gettext("Reports from home to review"),
        [Entry(row.title or "", review_url(row.id), row.detail, text.format_when(row.at))
         for row in lines.of("report")],
        lines.number("count"), text.gettext("No report from home waits for review."))
    return [Section("staff-alumni", 44, text.gettext("Alumni"), LISTS_TEMPLATE,
                    {"lists": [reports]}, count=reports.count, html=lists_html([reports]))]


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    found: list[Section | Pending] = [staff_section()] if is_staff(user) else []
    if viewer_is_alumnus():
        found.append(Section("alumni", 50, _("Alumni"), "lms/alumni/home_section.html"))
    return found
