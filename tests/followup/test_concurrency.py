"""Simultaneous requests, each in its own thread, app context and database session, as two
gunicorn workers would run them. Runs on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.errors import ServiceError
from lms.followup import services
from lms.followup.models import ApplicationStatus, FollowUpApplication
from lms.programs.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from tests.concurrency import run_together
from tests.conftest import PASSWORD
from tests.followup.conftest import MOTIVATION, apply_all


def _active_trainees(db, cohort_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Enrollment).where(
        Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.TRAINEE,
        Enrollment.status != EnrollmentStatus.WITHDRAWN))


def test_two_staff_selecting_different_people_for_the_last_place(app, db, world):
    first, second, third = apply_all(db, world.cohort, world.alumni[:3])
    services.select_applicants(db, world.staff, world.cohort, [first.id])
    second_staff = create_user(db, "officer@example.org", "Emi Kobayashi", PASSWORD,
                               [Role.STAFF])
    db.commit()
    cohort_id = world.cohort.id

    def selecting(staff_id: int, application_id: int) -> Callable[[Session], Any]:
        def select_one(own: Session) -> Any:
            result = services.select_applicants(own, own.get(User, staff_id),
                                                own.get(Cohort, cohort_id), [application_id])
            return [application.id for application in result.selected]
        return select_one

    results = run_together(app, [selecting(world.staff.id, second.id),
                                 selecting(second_staff.id, third.id)])
    refused = [result for result in results if isinstance(result, ServiceError)]
    chosen = [result for result in results if isinstance(result, list)]
    assert len(refused) == 1 and len(chosen) == 1, results
    assert "0 places are left" in str(refused[0].message)
    db.expire_all()
    assert _active_trainees(db, cohort_id) == 2
    statuses = {a.id: a.status for a in db.scalars(select(FollowUpApplication))}
    winner = chosen[0][0]
    loser = ({second.id, third.id} - {winner}).pop()
    assert statuses[winner] == ApplicationStatus.SELECTED
    assert statuses[loser] == ApplicationStatus.WAITLISTED  # from the first round


def test_a_double_submitted_application_is_stored_once(app, db, world):
    alumna_id, cohort_id = world.alumni[0].id, world.cohort.id

    def apply(own: Session) -> int:
        return services.apply(own, own.get(User, alumna_id), own.get(Cohort, cohort_id),
                              MOTIVATION).id

    results = run_together(app, [apply, apply, apply])
    assert all(isinstance(result, int) for result in results), results
    assert len(set(results)) == 1
    assert db.scalar(select(func.count()).select_from(FollowUpApplication)) == 1


def test_a_withdrawal_and_a_selection_at_the_same_moment_never_both_win(app, db, world):
    application = services.apply(db, world.alumni[0], world.cohort, MOTIVATION)
    db.commit()
    application_id, alumna_id = application.id, world.alumni[0].id
    staff_id, cohort_id = world.staff.id, world.cohort.id

    def withdraw(own: Session) -> str:
        services.withdraw(own, own.get(User, alumna_id), own.get(FollowUpApplication,
                                                                 application_id))
        return "withdrawn"

    def select_her(own: Session) -> str:
        services.select_applicants(own, own.get(User, staff_id), own.get(Cohort, cohort_id),
                                   [application_id])
        return "selected"

    results = run_together(app, [withdraw, select_her])
    db.expire_all()
    final = db.get(FollowUpApplication, application_id).status
    trainees = _active_trainees(db, cohort_id)
    if final == ApplicationStatus.WITHDRAWN:
        assert results[0] == "withdrawn" and isinstance(results[1], ServiceError), results
        assert trainees == 0
    else:
        assert final == ApplicationStatus.SELECTED, results
        assert results[1] == "selected" and isinstance(results[0], ServiceError), results
        assert trainees == 1
