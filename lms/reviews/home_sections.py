"""The committee member's part of the home page."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.homepage import Section
from lms.i18n import _


def sections(db_session: Session, user: User) -> list[Section]:
    if not user.has_role(Role.COMMITTEE_MEMBER):
        return []
    return [Section("committee", 30, _("Fund committee"), "lms/reviews/home_section.html")]
