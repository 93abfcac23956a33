"""Demo data: fictional people around a real program. Running it twice changes nothing.

Names and facilities are invented; the countries, dates and program facts are the program's
own. The story is told in the TOML files of lms/demo/data/; each module here plays one part
of it through one domain's services, and is safe to run again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from lms.demo.data import load
from lms.demo.people import DEMO_PASSWORD, DemoLogin, seed_people

__all__ = ["DEMO_PASSWORD", "DemoLogin", "seed"]


def seed(db_session: Session, courses_dir: Path | None = None) -> list[DemoLogin]:
    from lms.demo.admissions import seed_admissions
    from lms.demo.alumni import seed_alumni
    from lms.demo.announcements import seed_announcements
    from lms.demo.assignments import seed_assignments
    from lms.demo.certificates import seed_certificates
    from lms.demo.cohorts import seed_cohorts
    from lms.demo.concerns import seed_concerns
    from lms.demo.event_reports import seed_event_reports
    from lms.demo.events import seed_events
    from lms.demo.exchange_calls import seed_exchange_calls
    from lms.demo.followup import seed_followup, seed_followups_not_held
    from lms.demo.grants import seed_grants
    from lms.demo.messages import seed_messages
    from lms.demo.notifications import seed_notifications
    from lms.demo.placements import seed_placements
    from lms.demo.safety import seed_safety
    from lms.demo.seminars import seed_seminars

    # A mistake in any file stops the demo before it seeds anything.
    for name, shape in story_files().items():
        load(name, shape)
    logins = seed_people(db_session)
    logins += seed_cohorts(db_session, courses_dir)
    seed_assignments(db_session)
    seed_placements(db_session)
    seed_safety(db_session)
    seed_followup(db_session)
    seed_certificates(db_session)
    seed_seminars(db_session)
    logins += seed_events(db_session)
    seed_event_reports(db_session)
    seed_followups_not_held(db_session)
    seed_alumni(db_session)
    seed_grants(db_session)
    logins += seed_admissions(db_session)
    seed_exchange_calls(db_session)  # after seed_events: it fills the exchange's edition
    seed_announcements(db_session)
    seed_messages(db_session)
    seed_concerns(db_session)
    seed_notifications(db_session)  # last: it reads what the other parts notified
    return logins


def story_files() -> dict[str, Any]:
    """Each data file, with the shape its part of the demo reads it as."""
    from lms.demo.admission_steps import Documents
    from lms.demo.admission_story import Admissions, ExchangeCalls
    from lms.demo.alumni import Alumni
    from lms.demo.announcements import Announcements
    from lms.demo.assignments import Assignments
    from lms.demo.cohorts import Cohorts
    from lms.demo.concerns import Concerns
    from lms.demo.event_reports import EventReports
    from lms.demo.events import Events
    from lms.demo.followup import FollowUps
    from lms.demo.grant_story import Grants
    from lms.demo.messages import Messages
    from lms.demo.notifications import Notifications
    from lms.demo.people import People
    from lms.demo.placements import Placements
    from lms.demo.reviewing import Comments
    from lms.demo.safety import Drill
    from lms.demo.seminars import Seminars

    return {"people.toml": People, "cohorts.toml": Cohorts, "assignments.toml": Assignments,
            "followup.toml": FollowUps, "seminars.toml": Seminars, "alumni.toml": Alumni,
            "grants.toml": Grants, "reviews.toml": Comments, "admissions.toml": Admissions,
            "exchange-calls.toml": ExchangeCalls, "documents.toml": Documents,
            "messages.toml": Messages, "placements.toml": Placements, "safety.toml": Drill,
            "announcements.toml": Announcements, "concerns.toml": Concerns,
            "notifications.toml": Notifications, "events.toml": Events,
            "event_reports.toml": EventReports}
