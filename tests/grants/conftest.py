"""A grant round open now, the people around it (an alumna and an alumnus from two countries,
a current trainee, two committee members, staff), and complete applications to it."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.clock import utcnow
from lms.grants import applying, services
from lms.grants.applying import ApplicationInput, BudgetLineInput
from lms.grants.models import BudgetCategory, GrantApplication, GrantRound
from lms.grants.services import RoundInput
from lms.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus
from tests import factories
from tests.conftest import PASSWORD


def alumnus(db, cohort, email: str, name: str, country: str) -> User:
    user = factories.person(db, email, name, country)
    db.add(Enrollment(cohort=cohort, user=user, role=EnrollmentRole.TRAINEE,
                      status=EnrollmentStatus.COMPLETED))
    db.flush()
    return user


def round_input(budget: int = 10_000_000, largest_award: int = 1_500_000,
                **changes) -> RoundInput:
    """A round open from yesterday for four weeks, in Tokyo's zone."""
    now = utcnow().astimezone(dt.timezone(dt.timedelta(hours=9))).replace(tzinfo=None)
    values = dict(fiscal_year=2026, title="Fiscal 2026 grants", timezone="Asia/Tokyo",
                  opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=28),
                  budget=budget, largest_award=largest_award,
                  progress_report_due_on=(now + dt.timedelta(days=180)).date(),
                  final_report_due_on=(now + dt.timedelta(days=360)).date())
    values.update(changes)
    return RoundInput(**values)


def complete_input(title: str = "Job coaching for entrepreneurs with disabilities",
                   lines: tuple[int, ...] = (60_000_000, 40_000_000),
                   stated_total: int | None = None, rate: str = "0.0093",
                   country: str = "ID", currency: str = "IDR") -> ApplicationInput:
    """Everything a submittable application says; IDR 100,000,000 is ¥930,000."""
    return ApplicationInput(
        title=title, country=country, organization="Yayasan Karya Mandiri",
        applicant_role="Program coordinator",
        problem="Young adults with disabilities in Yogyakarta find no work after school.",
        use_of_learning="Job coaching as practised at a sheltered workshop in Osaka.",
        objectives="Twenty people start a small business within a year.",
        activities="Months 1-3 training of coaches; months 4-12 coaching and market days.",
        beneficiaries="Young adults with physical and intellectual disabilities",
        beneficiary_count=20, local_currency=currency, exchange_rate=decimal.Decimal(rate),
        stated_total=sum(lines) if stated_total is None else stated_total,
        co_funding="The regency's social office lends the workshop room.",
        indicators="Businesses started; income after six months.",
        risks="Coaches leave: two are trained for each role.",
        budget_lines=[BudgetLineInput(BudgetCategory.TRAINING, f"Line {number}", amount)
                      for number, amount in enumerate(lines, start=1)])


def submitted(db, applicant: User, grant_round: GrantRound, **changes) -> GrantApplication:
    application = applying.start_application(db, applicant, grant_round)
    applying.save_draft(db, applicant, application, complete_input(**changes))
    return applying.submit(db, applicant, application)


def in_review(db, staff: User, applicant: User, grant_round: GrantRound,
              **changes) -> GrantApplication:
    application = submitted(db, applicant, grant_round, **changes)
    services.screen(db, staff, application, eligible=True, reason="")
    return application


@pytest.fixture
def world(db):
    staff = factories.staff(db)
    thirty_sixth = factories.cohort(db, number=36, starts_on=dt.date(2019, 3, 14),
                                    active=False)
    current = factories.cohort(db, number=43, starts_on=dt.date(2026, 3, 12))
    people = {
        "staff": staff,
        "alumna": alumnus(db, thirty_sixth, "putri@example.org", "Putri Handayani", "ID"),
        "alumnus": alumnus(db, thirty_sixth, "jun@example.org", "Kim Min-jun", "KR"),
        "trainee": factories.enroll(db, current, "trainee@example.org", name="Ana Reyes").user,
        "member": create_user(db, "member@example.org", "Member One", PASSWORD,
                              [Role.COMMITTEE_MEMBER]),
        "member2": create_user(db, "member2@example.org", "Member Two", PASSWORD,
                               [Role.COMMITTEE_MEMBER]),
    }
    people["round"] = services.create_round(db, staff, round_input())
    db.commit()
    return people
