"""The trainee's part of the home page: one section per cohort she is in."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms import facts
from lms.accounts.models import User
from lms.curriculum.dashboard import trainee_dashboards
from lms.curriculum.dashboard_html import dashboard_html
from lms.homepage import Section
from lms.language.queries import HAS_LEVELS
from lms.names import localized_name
from lms.programs.standing import TRAINEE


def sections(db_session: Session, user: User) -> list[Section]:
    if not facts.holds(db_session, user, TRAINEE):
        return []
    return [Section(f"cohort-{dashboard.enrollment.cohort.id}", 10,
                    localized_name(dashboard.enrollment.cohort), "lms/curriculum/home_section.html",
                    {"dashboard": dashboard, "html": dashboard_html(dashboard)},
                    count=dashboard.waiting)
            for dashboard in trainee_dashboards(
                db_session, user, with_levels=facts.holds(db_session, user, HAS_LEVELS))]
