"""The seminars a person may register for, on their home page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.homepage import Section
from lms.i18n import _
from lms.seminars.models import RegistrationStatus, SeminarRegistration
from lms.seminars.queries import open_seminars_for
from lms.seminars.services import eligible_to_register

#: The fact (lms.facts) that a person may see seminars on their home: they may register for
#: one, or have registered.
SEMINAR_GOER = "seminar_goer"


def seminar_goer(user: User) -> Any:
    registered = select(SeminarRegistration.id).where(
        SeminarRegistration.user_id == user.id,
        SeminarRegistration.status == RegistrationStatus.REGISTERED).exists()
    return or_(eligible_to_register(user), registered)


def sections(db_session: Session, user: User) -> list[Section]:
    if not facts.holds(db_session, user, SEMINAR_GOER):
        return []
    seminars = open_seminars_for(db_session, user)
    if not seminars:
        return []
    return [Section("seminars", 60, _("Asian Social Welfare Seminar"),
                    "lms/seminars/home_section.html", {"seminars": seminars})]
