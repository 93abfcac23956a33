"""Each enrollment keeps its person's name for the order of a cohort's trainees
(lms.programs.name_order): the kept name matches the person's after every write that makes an
enrollment or renames a person, and the placement board pages its trainees in that order."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts import services as accounts
from lms.accounts.models import User
from lms.programs.models import Enrollment
from lms.programs.name_order import _enrollments, _users
from tests import factories


def _kept_names_differ(db) -> list[tuple[int, str, str]]:
    """Enrollments whose kept name is not their person's name now, read from the tables."""
    db.flush()
    return list(db.execute(
        select(_enrollments.c.id, _enrollments.c.sort_name, _users.c.display_name)
        .join(_users, _users.c.id == _enrollments.c.user_id)
        .where(_enrollments.c.sort_name != _users.c.display_name)))


def test_an_enrollment_keeps_the_name_of_its_person_made_by_any_path(db):
    cohort = factories.cohort(db)
    enrolled = factories.enroll(db, cohort, "ana@example.org", name="Ana Reyes")
    bulk = factories.bulk_trainees(db, cohort, 3)  # by user id only, the user not loaded
    assert _kept_names_differ(db) == []
    db.expire_all()
    assert db.get(Enrollment, enrolled.id).sort_name == "Ana Reyes"
    assert db.get(Enrollment, bulk[0].id).sort_name.startswith("Bulk ")


def test_a_renamed_person_takes_her_new_name_in_every_enrollment(db):
    first = factories.cohort(db, number=36)
    second = factories.cohort(db, number=37)
    factories.enroll(db, first, "ana@example.org", name="Ana Reyes")
    factories.enroll(db, second, "ana@example.org", name="Ana Reyes")
    factories.enroll(db, second, "bo@example.org", name="Bo Chan")
    ana = db.scalar(select(User).where(User.email == "ana@example.org"))
    accounts.update_profile(db, ana, "Ana Santos", ana.country, ana.locale, ana.timezone)
    assert _kept_names_differ(db) == []
    db.expire_all()
    assert sorted(db.scalars(select(Enrollment.sort_name))) == [
        "Ana Santos", "Ana Santos", "Bo Chan"]
    # A change that leaves the name alone leaves the enrollments alone too.
    accounts.update_profile(db, ana, "Ana Santos", "JP", ana.locale, ana.timezone)
    assert _kept_names_differ(db) == []
