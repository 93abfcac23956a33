"""Demo data: fictional people around a real program. Running it twice changes nothing.

Names and facilities are invented; the countries, dates and program facts are the program's
own. Each part seeds one domain and is safe to run again.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from lms.demo.people import DEMO_PASSWORD, DemoLogin, seed_people

__all__ = ["DEMO_PASSWORD", "DemoLogin", "seed"]


def seed(db_session: Session, courses_dir: Path | None = None) -> list[DemoLogin]:
    from lms.demo.admissions import seed_admissions
    from lms.demo.alumni import seed_alumni
    from lms.demo.assignments import seed_assignments
    from lms.demo.certificates import seed_certificates
    from lms.demo.cohorts import seed_cohorts
    from lms.demo.followup import seed_followup
    from lms.demo.grants import seed_grants
    from lms.demo.seminars import seed_seminars

    logins = seed_people(db_session)
    logins += seed_cohorts(db_session, courses_dir)
    seed_assignments(db_session)
    seed_followup(db_session)
    seed_certificates(db_session)
    seed_seminars(db_session)
    seed_alumni(db_session)
    seed_grants(db_session)
    logins += seed_admissions(db_session)
    return logins
