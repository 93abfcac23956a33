"""The alumna's part of the home page."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.homepage import Section
from lms.i18n import _
from lms.programs.standing import viewer_is_alumnus


def sections(db_session: Session, user: User) -> list[Section]:
    if not viewer_is_alumnus():
        return []
    return [Section("alumni", 50, _("Alumni"), "lms/alumni/home_section.html")]
