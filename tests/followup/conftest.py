"""A world for follow-up tests: alumni of the 36th cohort, a current trainee who has not
completed, and a planned follow-up cohort open for applications with two places."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.followup import services
from lms.followup.models import FollowUpApplication
from lms.programs import services as program_services
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
)
from tests import factories

# 1 October 2026: the follow-up cohort of January 2027 takes applications until 30 November.
NOW = dt.datetime(2026, 10, 1, 3, 0, tzinfo=dt.UTC)
MOTIVATION = ("Since my training I have run a day programme for older persons in Bandung; I "
              "wish to compare our home-visit practice with colleagues from other countries.")

ALUMNI = (
    ("putri@example.org", "Putri Handayani", "ID"),
    ("rodel@example.org", "Rodel Bautista", "PH"),
    ("siriporn@example.org", "Siriporn Kaewmanee", "TH"),
    ("chen@example.org", "Chen Wei-ling", "TW"),
    ("park@example.org", "Park Seo-yeon", "KR"),
)


@dataclass
class World:
    staff: User
    alumni: list[User]
    trainee: User
    year: Cohort
    program: Program
    cohort: Cohort
    other_staff: User | None = None
    extra: dict[str, object] = field(default_factory=dict)


def follow_up_program(db: Session) -> Program:
    program = db.scalar(select(Program).where(Program.slug == "aswwtp-follow-up"))
    if program is None:
        program = Program(slug="aswwtp-follow-up", kind=ProgramKind.FOLLOW_UP, code="ASWWTP-FU",
                          title="Follow-up Training for Ex-trainees")
        db.add(program)
        db.flush()
    return program


def follow_up_cohort(db: Session, *, title: str = "Follow-up Training 2026",
                     starts_on: dt.date = dt.date(2027, 1, 18), capacity: int = 2,
                     last_day: dt.date | None = dt.date(2026, 11, 30)) -> Cohort:
    staff = factories.staff(db)
    cohort = program_services.create_cohort(db, staff, follow_up_program(db),
                                            program_services.CohortDetails(
        number=None, fiscal_year=starts_on.year - 1, title=title, starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=18), timezone="Asia/Tokyo", capacity=capacity,
        course_id=None))
    if last_day is not None:
        services.open_call(db, staff, cohort, "Two and a half weeks in Tokyo.", last_day)
    return cohort


def make_alumni(db: Session, year: Cohort, count: int, prefix: str = "alum") -> list[User]:
    """``count`` more alumni of ``year``, recorded as completed."""
    people = []
    for number in range(count):
        user = factories.person(db, f"{prefix}{number}@example.org", f"{prefix.title()} {number}",
                                country=("PH", "TH", "ID", "MY", "KR", "TW", "LK")[number % 7])
        db.add(Enrollment(cohort=year, user=user, role=EnrollmentRole.TRAINEE,
                          status=EnrollmentStatus.COMPLETED))
        people.append(user)
    db.flush()
    return people


def apply_all(db: Session, cohort: Cohort, people: list[User]) -> list[FollowUpApplication]:
    return [services.apply(db, person, cohort, MOTIVATION) for person in people]


@pytest.fixture
def world(db) -> World:
    with time_machine.travel(NOW, tick=False):
        staff = factories.staff(db)
        year = factories.cohort(db, number=36, starts_on=dt.date(2019, 3, 14), capacity=50)
        alumni = []
        for email, name, country in ALUMNI:
            enrollment = program_services.enroll(
                db, staff, year, factories.person(db, email, name, country),
                EnrollmentRole.TRAINEE)
            enrollment.status = EnrollmentStatus.COMPLETED
            alumni.append(enrollment.user)
        year.status = CohortStatus.COMPLETED  # a past year, recorded as history
        current = factories.cohort(db, number=43, starts_on=dt.date(2026, 3, 12))
        trainee = factories.enroll(db, current, "amihan@example.org", name="Amihan Reyes").user
        cohort = follow_up_cohort(db)
        db.commit()
        return World(staff=staff, alumni=alumni, trainee=trainee, year=year,
                     program=cohort.program, cohort=cohort)


@pytest.fixture(autouse=True)
def _now(world):
    with time_machine.travel(NOW, tick=False):
        yield


def trainee_enrollments(db: Session, cohort: Cohort) -> list[Enrollment]:
    return list(db.scalars(select(Enrollment).where(Enrollment.cohort_id == cohort.id)))
