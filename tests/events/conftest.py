"""A year-long program with a current cohort and alumni, and a seminar open for registration.

The clock stands at 1 November 2026 (UTC); the seminar runs 7–11 December 2026 in Tokyo, with
five places, at most two per country, and registration until 30 November."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from lms.events import services
from lms.programs import services as program_services
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramKind,
)
from tests import factories
from tests.conftest import login

NOW = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def seminar_program(db):
    program = db.scalar(select(Program).where(Program.slug == "asw-seminar"))
    if program is None:
        program = Program(slug="asw-seminar", kind=ProgramKind.SEMINAR, code="ASWS",
                          title="Asian Social Welfare Seminar")
        db.add(program)
        db.flush()
    return program


def make_seminar(db, number=8, starts_on=dt.date(2026, 12, 7), days=5, capacity=5,
                 cap=2, closes_on=dt.date(2026, 11, 30), details=True):
    cohort = program_services.create_cohort(
        db, factories.staff(db), seminar_program(db), program_services.CohortDetails(
            number=number, fiscal_year=starts_on.year,
            title=f"{number}th Asian Social Welfare Seminar", starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=days - 1), timezone="Asia/Tokyo",
            capacity=capacity, course_id=None))
    if details:
        services.save_details(db, factories.staff(db), cohort, services.EditionDetails(
            venue="Shin-Kasumigaseki Building", city="Tokyo", per_country_cap=cap,
            registration_closes_on=closes_on))
    return cohort


def complete(db, cohort: Cohort, outcome=EnrollmentStatus.COMPLETED):
    """A past year recorded as history, as the demo does."""
    for enrollment in db.scalars(select(Enrollment).where(Enrollment.cohort_id == cohort.id)):
        enrollment.status = outcome
    cohort.status = CohortStatus.COMPLETED


@pytest.fixture
def world(app, db):
    staff = factories.staff(db)
    past = factories.cohort(db, number=35, starts_on=dt.date(2018, 3, 15))
    for email, name, country in (("alumna@example.org", "Putri Handayani", "ID"),
                                 ("alumnus@example.org", "Wichai Boonmee", "TH"),
                                 ("maricel@example.org", "Maricel Dizon", "PH"),
                                 ("jerome@example.org", "Jerome Villanueva", "PH")):
        factories.person(db, email, name, country)
        factories.enroll(db, past, email)
    complete(db, past)
    failed = factories.cohort(db, number=34, starts_on=dt.date(2017, 3, 16))
    factories.person(db, "notdone@example.org", "Not Completed", "LK")
    factories.enroll(db, failed, "notdone@example.org")
    complete(db, failed, EnrollmentStatus.NOT_COMPLETED)
    current = factories.cohort(db, number=None, starts_on=dt.date(2026, 3, 12), capacity=10)
    for email, name, country in (("trainee@example.org", "Amihan Reyes", "PH"),
                                 ("kittipong@example.org", "Kittipong Srisuk", "TH")):
        factories.person(db, email, name, country)
        factories.enroll(db, current, email)
    factories.person(db, "plain@example.org", "Plain Person", "PH")
    seminar = make_seminar(db)
    past_seminar = make_seminar(db, number=7, starts_on=dt.date(2019, 12, 2), capacity=80,
                                cap=10, closes_on=None)
    past_seminar.status = CohortStatus.COMPLETED
    db.commit()
    return {"staff": staff, "seminar": seminar, "past_seminar": past_seminar,
            "current": current, "past": past}


def user(db, email):
    from lms.accounts.queries import user_by_email

    return user_by_email(db, email)


def as_user(client, email):
    client.delete_cookie("kakehashi_session")
    assert login(client, email).status_code == 302, email
