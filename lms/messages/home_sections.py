"""The messages part of the home page: conversations with news, and for staff the office
inbox's waiting and unassigned questions. One query per section."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.homepage import Lines, Pending, Section
from lms.i18n import _
from lms.messages import queries
from lms.security import is_staff

TEMPLATE = "lms/messages/home_section.html"


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    unread = queries.unread_conversations(db_session, user)
    found: list[Section | Pending] = [Section("messages", 15, _("Messages"), TEMPLATE,
                                              {"unread": unread, "user_id": user.id},
                                              count=unread.total)]
    if is_staff(user):
        # Counted with the other staff sections' lines, in one query.
        found.append(Pending(queries.office_count_lines, {}, _office_sections))
    return found


def _office_sections(lines: Lines) -> list[Section]:
    counts = queries.OfficeCounts(lines.number("waiting"), lines.number("unassigned"))
    return [Section("office-inbox", 16, _("The program office's inbox"),
                    "lms/messages/home_inbox.html", {"counts": counts}, count=counts.waiting)]
