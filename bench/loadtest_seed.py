"""``python -m bench.loadtest_seed --trainees N --mentors M --staff S TARGETS``: the people
the load test (bench/loadtest.py) signs in as, and a grant round for its staff to decide.

Trainees and mentors are enrolled in the demo's active cohort by the demo staff member through
the real services; each trainee follows two of the mentors (one with a single mentor), so two
graders often open the same submission. Staff get a grant round of their own whose budget is
well under what its in_review applications ask for together: approving them all would take it
past its budget. Everyone gets the demo password and English pages (the load test reads the
answers' wording). TARGETS gets the cohort's id, the emails of each kind of client, the slugs
of the lessons and text assignments open now (assignments whose deadline has passed are left
out when they refuse late work), the round's id and budget, and each application's request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bench.grow import _active_cohort, _lessons
from bench.targets import seed_and_write
from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.assignments.services import due_at
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType, Module
from lms.db import session
from lms.demo import DEMO_PASSWORD
from lms.grants import services as grants
from lms.grants.models import (
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    GrantApplication,
)
from lms.programs import services as programs
from lms.programs.models import Cohort, Enrollment, EnrollmentRole
from lms.reviews.models import ReviewSubject

EMAIL = "load.trainee.{:03d}@bench.example"
MENTOR_EMAIL = "load.mentor.{:03d}@bench.example"
STAFF_EMAIL = "load.staff.{:03d}@bench.example"
APPLICANT_EMAIL = "load.applicant.{:03d}@bench.example"
DEMO_STAFF_EMAIL = "staff@kakehashi.example"  # the demo staff member: see lms/demo
APPLICATIONS_PER_STAFF = 25
#: The round's budget as a share of what all its applications ask for together.
BUDGET_SHARE = decimal.Decimal("0.4")


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


def _person(email: str, roles: tuple[Role, ...] = ()) -> User:
    return create_user(session, email, email.split("@")[0], DEMO_PASSWORD, roles,
                       country="PH", locale="en")


def add_people(trainees: int, mentors: int) -> dict[str, Any]:
    cohort = _active_cohort()
    staff = session.scalar(select(User).where(User.email == DEMO_STAFF_EMAIL))
    if staff is None:
        raise RuntimeError("the demo's staff member is missing: did `flask lms demo` run?")
    cohort.capacity = max(cohort.capacity or 0, 10_000)
    mentor_emails = [MENTOR_EMAIL.format(number) for number in range(1, mentors + 1)]
    mentor_enrollments = [programs.enroll(session, staff, cohort, _person(email),
                                          EnrollmentRole.MENTOR) for email in mentor_emails]
    emails = [EMAIL.format(number) for number in range(1, trainees + 1)]
    enrollment = None
    for number, email in enumerate(emails):
        enrollment = programs.enroll(session, staff, cohort, _person(email),
                                     EnrollmentRole.TRAINEE)
        for mentor in {mentor_enrollments[number % mentors],
                       mentor_enrollments[(number + 1) % mentors]}:
            programs.assign_mentor(session, staff, mentor, enrollment)
    session.commit()
    opened_day = _opened_day(cohort)
    assert enrollment is not None
    return {
        "cohort_id": cohort.id,
        "load_trainees": emails,
        "load_mentors": mentor_emails,
        "load_assignments": _open_assignments(cohort, enrollment, opened_day),
        "load_lessons": [item.slug for item in _lessons(cohort, opened_day)],
    }


def _requested(number: int) -> int:
    """Between 200,000 and 1,190,000 yen, different from one application to the next."""
    return 200_000 + (number * 137_000) % 1_000_000


def add_grant_round(staff_count: int) -> dict[str, Any]:
    """A round closed ten days ago with its applications all with the committee, inserted in
    the shapes the services write (going through applying, screening and review for each one
    would only slow the seeding)."""
    staff_emails = [STAFF_EMAIL.format(number) for number in range(1, staff_count + 1)]
    staff = [_person(email, (Role.STAFF,)) for email in staff_emails]
    count = APPLICATIONS_PER_STAFF * staff_count
    requested = {number: _requested(number) for number in range(1, count + 1)}
    budget = int(sum(requested.values()) * BUDGET_SHARE)
    today = dt.datetime.now().replace(microsecond=0, second=0, minute=0)
    grant_round = grants.create_round(session, staff[0], grants.RoundInput(
        fiscal_year=today.year, title="Load test round", timezone="Asia/Tokyo",
        opens_at=today - dt.timedelta(days=60), closes_at=today - dt.timedelta(days=10),
        budget=budget, largest_award=max(requested.values())))
    applicants = {number: _person(APPLICANT_EMAIL.format(number))
                  for number in requested}
    sent = utcnow() - dt.timedelta(days=12)
    ids: dict[str, int] = {}
    for number, applicant in applicants.items():
        subject = ReviewSubject(scheme_id=grant_round.review_scheme_id, owner_id=applicant.id,
                                title=f"Load test project {number}")
        session.add(subject)
        session.flush()
        application = GrantApplication(
            round_id=grant_round.id, applicant_id=applicant.id,
            status=ApplicationStatus.IN_REVIEW, title=f"Load test project {number}",
            country="PH", organization=f"Welfare office {number} (load test)",
            applicant_role="Social worker", problem="Older people living alone are not "
            "visited.", objectives="Weekly visits.", activities="Training volunteers.",
            beneficiaries="Older people living alone", beneficiary_count=40,
            local_currency="JPY", exchange_rate=decimal.Decimal(1),
            stated_total=requested[number], requested_amount=requested[number], version=1,
            review_subject_id=subject.id, created_at=sent, updated_at=sent,
            submitted_at=sent)
        session.add(application)
        session.flush()
        ids[str(application.id)] = requested[number]
    session.execute(insert(BudgetLine), [
        {"application_id": int(key), "position": 1, "category": BudgetCategory.TRAINING,
         "description": "Training volunteers", "local_amount": amount}
        for key, amount in ids.items()])
    session.execute(insert(ApplicationVersion), [
        {"application_id": int(key), "number": 1, "submitted_at": sent,
         "content": {"title": "Load test project", "budget_lines": [
             {"category": "training", "description": "Training volunteers",
              "local_amount": amount}]}}
        for key, amount in ids.items()])
    session.commit()
    return {"load_staff": staff_emails, "grant_round_id": grant_round.id,
            "grant_budget": budget, "grant_requests": ids}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest_seed")
    parser.add_argument("--trainees", type=int, required=True)
    parser.add_argument("--mentors", type=int, required=True)
    parser.add_argument("--staff", type=int, required=True)
    parser.add_argument("targets", type=Path)
    args = parser.parse_args(argv)
    return seed_and_write(parser.prog, lambda: {**add_people(args.trainees, args.mentors),
                                                **add_grant_round(args.staff)},
                          args.targets, merge=True)


if __name__ == "__main__":
    raise SystemExit(main())
