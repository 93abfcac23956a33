"""The messages part of the home page: conversations with news, and for staff the office
inbox's waiting and unassigned questions. One query per section."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.homepage import Section
from lms.i18n import _
from lms.messages import queries
from lms.security import is_staff

TEMPLATE = "lms/messages/home_section.html"


def sections(db_session: Session, user: User) -> list[Section]:
    unread = queries.unread_conversations(db_session, user)
    found = [Section("messages", 15, _("Messages"), TEMPLATE,
                     {"unread": unread, "user_id": user.id}, count=unread.total)]
    if is_staff(user):
        counts = queries.office_counts(db_session)
        found.append(Section("office-inbox", 16, _("The program office's inbox"),
                             "lms/messages/home_inbox.html", {"counts": counts},
                             count=counts.waiting))
    return found
