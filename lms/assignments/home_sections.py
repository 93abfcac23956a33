"""The mentor's part of the home page."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.curriculum.queries import mentor_enrollments
from lms.homepage import Section
from lms.i18n import _


def sections(db_session: Session, user: User) -> list[Section]:
    mentoring = mentor_enrollments(db_session, user)
    if not mentoring:
        return []
    return [Section("mentoring", 20, _("Your trainees"), "lms/assignments/home_section.html",
                    {"mentoring": mentoring})]
