"""The program staff's part of the home page."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.home_words import words
from lms.homepage import Section
from lms.security import is_staff


def sections(db_session: Session, user: User) -> list[Section]:
    if not is_staff(user):
        return []
    return [Section("staff", 48, words().gettext("Program staff"),
                    "lms/programs/home_section.html")]
