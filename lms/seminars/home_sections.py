"""The seminars a person may register for, on their home page."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.homepage import Section
from lms.i18n import _
from lms.seminars.queries import open_seminars_for


def sections(db_session: Session, user: User) -> list[Section]:
    seminars = open_seminars_for(db_session, user)
    if not seminars:
        return []
    return [Section("seminars", 60, _("Asian Social Welfare Seminar"),
                    "lms/seminars/home_section.html", {"seminars": seminars})]
