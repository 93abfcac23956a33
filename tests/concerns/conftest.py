from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.concerns import services
from lms.concerns.models import ConcernCategory, ConcernPlace
from lms.programs import services as program_services
from lms.programs.models import EnrollmentRole
from tests import factories
from tests.conftest import PASSWORD

IN_THE_YEAR = dt.datetime(2019, 6, 3, 3, 0, tzinfo=dt.UTC)

WHAT_HAPPENED = "My host family keeps my passport and my stipend card."


@pytest.fixture
def people(db):
    """A trainee with her mentor and a classmate; a handler named by the admin, another member
    of staff, and the admin herself (not named); a committee member."""
    with time_machine.travel(IN_THE_YEAR, tick=False):
        cohort = factories.cohort(db)
        trainee = factories.enroll(db, cohort, "amihan@example.org", name="Amihan Reyes")
        classmate = factories.enroll(db, cohort, "siriporn@example.org", name="Siriporn K")
        mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR,
                                  name="Tanaka Hiroko")
        staff = factories.staff(db)
        program_services.assign_mentor(db, staff, mentor, trainee)
        handler = create_user(db, "handler@example.org", "Handa Yuki", PASSWORD, [Role.STAFF])
        admin = create_user(db, "admin@example.org", "Admin", PASSWORD, [Role.ADMIN])
        member = create_user(db, "member@example.org", "Member", PASSWORD,
                             [Role.COMMITTEE_MEMBER])
        services.name_handler(db, admin, handler)
        db.commit()
        yield {"cohort": cohort, "trainee": trainee.user, "trainee_enrollment": trainee,
               "classmate": classmate.user, "mentor": mentor.user, "staff": staff,
               "handler": handler, "admin": admin, "member": member}


@pytest.fixture(autouse=True)
def _in_the_year(people):
    with time_machine.travel(IN_THE_YEAR, tick=True):
        yield


def raise_one(db, reporter: User, category=ConcernCategory.MONEY,
              description: str = WHAT_HAPPENED):
    concern = services.raise_concern(db, reporter, services.ConcernDetails(
        category=category, description=description, place=ConcernPlace.DAILY_LIFE))
    db.commit()
    return concern


def user(db, email: str) -> User:
    return db.scalars(select(User).where(User.email == email)).one()
