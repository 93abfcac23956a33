"""The program staff's part of the home page."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.homepage import Section
from lms.i18n import _
from lms.security import is_staff


def sections(db_session: Session, user: User) -> list[Section]:
    if not is_staff(user):
        return []
    return [Section("staff", 48, _("Program staff"), "lms/programs/home_section.html")]
