"""Demo announcements, as data/announcements.toml tells them: written by the staff member
through the service when the demo is seeded, one of them scheduled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.announcements import services
from lms.announcements.models import Announcement, Audience
from lms.clock import utcnow
from lms.demo.data import load
from lms.demo.people import cast
from lms.programs.models import Cohort, Program


@dataclass(frozen=True)
class DemoAnnouncement:
    title: str
    audience: Audience
    body: str
    #: For a cohort's announcement: the year-long program's cohort of that fiscal year.
    cohort_fiscal_year: int = 0
    country: str = ""
    #: 0: published when seeded.
    publish_in_days: int = 0
    #: 0: never expires.
    expires_in_days: int = 0


@dataclass(frozen=True)
class Announcements:
    announcements: tuple[DemoAnnouncement, ...]


def seed_announcements(db_session: Session) -> None:
    staff = cast(db_session).staff
    now = utcnow()
    for told in load("announcements.toml", Announcements).announcements:
        if db_session.scalar(select(Announcement.id).where(Announcement.title == told.title)):
            continue  # seeded before
        cohort_id = None
        if told.cohort_fiscal_year:
            cohort_id = db_session.scalar(
                select(Cohort.id).join(Program, Program.id == Cohort.program_id)
                .where(Program.slug == "aswwtp", Cohort.fiscal_year == told.cohort_fiscal_year))
        publish_at = now + dt.timedelta(days=told.publish_in_days) if told.publish_in_days \
            else None
        expires_at = (publish_at or now) + dt.timedelta(days=told.expires_in_days) \
            if told.expires_in_days else None
        services.create(db_session, staff, services.AnnouncementInput(
            title=told.title, body=told.body, audience=told.audience, cohort_id=cohort_id,
            country=told.country or None, publish_at=publish_at, expires_at=expires_at))
