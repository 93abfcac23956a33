"""``python -m bench.alumni TARGETS``: add many alumni of past cohorts, most listed in the
directory, so the alumni directory is measured at the size of decades of the program.

Run by the seeding (``add_alumni`` in bench/seeding.py) after ``flask lms demo``. It adds
completed cohorts numbered below the demo's (the 1st to the 30th, fiscal 1984 to 2013), spreads
the alumni over them, gives most a listed profile with fields of practice, and adds to TARGETS
(the JSON file bench.grow writes) the number it made.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from bench.targets import seed_and_write
from lms.accounts.models import User
from lms.alumni import tallies
from lms.alumni.models import AlumniProfile
from lms.alumni.services import FIELDS_OF_PRACTICE
from lms.db import session
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
)
from lms.programs.standing import alumni_user_ids

EMAIL = "bench.alumnus.{:05d}@bench.example"
COUNTRIES = ("KR", "TW", "PH", "TH", "MY", "LK", "ID", "BD", "NP", "MN", "VN", "IN")
FIRST_YEAR = 1984  # the 1st cohort
PAST_COHORTS = 30
BATCH = 1000


def _past_cohorts(program: Program) -> list[int]:
    existing = dict(session.execute(select(Cohort.number, Cohort.id).where(
        Cohort.program_id == program.id, Cohort.number.between(1, PAST_COHORTS))).all())
    for number in range(1, PAST_COHORTS + 1):
        if number in existing:
            continue
        year = FIRST_YEAR + number - 1
        cohort = Cohort(program_id=program.id, number=number, fiscal_year=year,
                        title=f"Cohort {number} (fiscal {year})",
                        starts_on=dt.date(year, 3, 10), ends_on=dt.date(year + 1, 2, 20),
                        capacity=200, status=CohortStatus.COMPLETED)
        session.add(cohort)
        session.flush()
        existing[number] = cohort.id
    session.commit()
    return [existing[number] for number in range(1, PAST_COHORTS + 1)]


def add_alumni(count: int) -> dict[str, Any]:
    program = session.scalar(select(Program).where(Program.kind == ProgramKind.YEAR_LONG))
    if program is None:
        raise RuntimeError("no year-long program: run `flask lms demo` first")
    cohort_ids = _past_cohorts(program)
    already = session.scalar(select(func.count()).select_from(User)
                             .where(User.email.like("bench.alumnus.%"))) or 0
    field_keys = list(FIELDS_OF_PRACTICE)
    for start in range(already + 1, count + 1, BATCH):
        numbers = range(start, min(start + BATCH, count + 1))
        session.execute(insert(User), [
            {"email": EMAIL.format(n), "display_name": f"Alumnus {n:05d}",
             "country": COUNTRIES[n % len(COUNTRIES)], "timezone": "Asia/Tokyo"}
            for n in numbers])
        ids = dict(session.execute(select(User.email, User.id).where(
            User.email.in_([EMAIL.format(n) for n in numbers]))).all())
        session.execute(insert(Enrollment), [
            {"cohort_id": cohort_ids[n % len(cohort_ids)], "user_id": ids[EMAIL.format(n)],
             "role": EnrollmentRole.TRAINEE, "status": EnrollmentStatus.COMPLETED,
             "sort_name": f"Alumnus {n:05d}"}
            for n in numbers])
        # Four in five list themselves, as an active alumni network would.
        session.execute(insert(AlumniProfile), [
            {"user_id": ids[EMAIL.format(n)], "listed": n % 5 != 0,
             "country": COUNTRIES[n % len(COUNTRIES)],
             "organization": f"Social welfare office {n}", "current_role": "Social worker",
             "fields": [field_keys[n % len(field_keys)], field_keys[(n * 7) % len(field_keys)]],
             "share_organization": True, "share_role": n % 2 == 0}
            for n in numbers])
        session.commit()
    tallies.recount(session)  # the rows above bypassed the ORM that keeps the counts
    session.commit()
    return {"alumni": session.scalar(
        select(func.count()).select_from(alumni_user_ids().subquery()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.alumni",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("targets", type=Path, help="the JSON file of targets to add to")
    parser.add_argument("--alumni", type=int, default=2000, help="alumni to add (default 2000)")
    args = parser.parse_args(argv)
    return seed_and_write("bench.alumni", lambda: add_alumni(args.alumni), args.targets,
                          merge=True)


if __name__ == "__main__":
    raise SystemExit(main())
