"""The seminars a person may register for, on their home page."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.homepage import Section
from lms.i18n import _
from lms.seminars.queries import has_open_seminars, open_seminars_for

#: The fact (lms.facts) that a person has seminars on their home: one not yet over that they
#: may register for or have registered in. Without one the home asks nothing of seminars.
SEMINAR_GOER = "seminar_goer"


def seminar_goer(user: User) -> Any:
    return has_open_seminars(user)


def sections(db_session: Session, user: User) -> list[Section]:
    if not facts.holds(db_session, user, SEMINAR_GOER):
        return []
    seminars = open_seminars_for(db_session, user)
    if not seminars:
        return []
    return [Section("seminars", 60, _("Asian Social Welfare Seminar"),
                    "lms/seminars/home_section.html", {"seminars": seminars})]
