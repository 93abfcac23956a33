"""``python -m bench.loadtest_seed --trainees N TARGETS``: trainees who can sign in, for the
load test (bench/loadtest.py), in the demo's active cohort.

Each gets the demo password, an enrollment made by the demo staff member through the real
service, and the demo mentor. TARGETS gets the cohort's id, the trainees' emails, and the
slugs of the lessons and text assignments open to them now (assignments whose deadline has
passed are left out when they refuse late work).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.grow import _active_cohort, _lessons
from bench.targets import seed_and_write
from lms.accounts.models import User
from lms.accounts.services import create_user
from lms.assignments.services import due_at
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType, Module
from lms.db import session
from lms.demo import DEMO_PASSWORD
from lms.programs import services as programs
from lms.programs.models import Cohort, Enrollment, EnrollmentRole

EMAIL = "load.trainee.{:03d}@bench.example"
STAFF_EMAIL = "staff@kakehashi.example"  # the demo staff member: see lms/demo
MENTOR_EMAIL = "mentor@kakehashi.example"


def _opened_day(cohort: Cohort) -> int:
    """The last course day whose modules are open now."""
    days = session.scalars(select(Module.opens_day).where(
        Module.course_id == cohort.course_id).distinct())
    return max((day for day in days if cohort.opening_time(day) <= utcnow()), default=0)


def _open_assignments(cohort: Cohort, enrollment: Enrollment, opened_day: int) -> list[str]:
    items = session.scalars(
        select(Item).join(Module, Item.module_id == Module.id)
        .where(Item.course_id == cohort.course_id, Item.type == ItemType.ASSIGNMENT,
               Item.archived_at.is_(None), Module.opens_day <= opened_day)
        .order_by(Module.position, Item.position))
    slugs = []
    for item in items:
        deadline = due_at(session, enrollment, item)
        if "text" in item.submission_kinds and not (
                item.closes_at_deadline and deadline is not None and deadline < utcnow()):
            slugs.append(item.slug)
    return slugs


def add_trainees(count: int) -> dict[str, Any]:
    cohort = _active_cohort()
    staff = session.scalar(select(User).where(User.email == STAFF_EMAIL))
    mentor = session.scalar(select(Enrollment).join(User).where(
        User.email == MENTOR_EMAIL, Enrollment.cohort_id == cohort.id,
        Enrollment.role == EnrollmentRole.MENTOR))
    if staff is None or mentor is None:
        raise RuntimeError("the demo's staff member or mentor is missing: did `flask lms demo` "
                           "run?")
    cohort.capacity = max(cohort.capacity or 0, 10_000)
    emails = [EMAIL.format(number) for number in range(1, count + 1)]
    enrollment = None
    for email in emails:
        user = create_user(session, email, email.split("@")[0], DEMO_PASSWORD, country="PH")
        enrollment = programs.enroll(session, staff, cohort, user, EnrollmentRole.TRAINEE)
        programs.assign_mentor(session, staff, mentor, enrollment)
    session.commit()
    opened_day = _opened_day(cohort)
    assert enrollment is not None
    return {
        "cohort_id": cohort.id,
        "load_trainees": emails,
        "load_assignments": _open_assignments(cohort, enrollment, opened_day),
        "load_lessons": [item.slug for item in _lessons(cohort, opened_day)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest_seed")
    parser.add_argument("--trainees", type=int, required=True)
    parser.add_argument("targets", type=Path)
    args = parser.parse_args(argv)
    return seed_and_write(parser.prog, lambda: add_trainees(args.trainees), args.targets,
                          merge=True)


if __name__ == "__main__":
    raise SystemExit(main())
