"""Two staff deciding at the same moment, each in its own thread, app context and database
session, as two gunicorn workers would. Runs on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.errors import ServiceError
from lms.grants import applying, decisions, services
from lms.grants.decisions import DecisionInput
from lms.grants.models import (
    ApplicationStatus,
    DecisionOutcome,
    GrantApplication,
    GrantDecision,
    GrantRound,
)
from tests.concurrency import run_together
from tests.conftest import PASSWORD
from tests.grants.conftest import in_review


def _approving(staff_id: int, application_id: int, amount: int) -> Callable[[Session], Any]:
    def approve(own: Session) -> Any:
        return decisions.decide(own, own.get(User, staff_id),
                                own.get(GrantApplication, application_id),
                               DecisionInput(DecisionOutcome.APPROVED, amount=amount)).id
    return approve


def test_two_staff_approving_the_last_of_a_nearly_spent_round(app, db, world):
    world["round"].budget = 1_000_000
    first = in_review(db, world["staff"], world["alumna"], world["round"])
    second = in_review(db, world["staff"], world["alumnus"], world["round"], country="KR",
                       currency="KRW", rate="0.11", lines=(5_000_000,))
    officer = create_user(db, "officer@example.org", "Emi Kobayashi", PASSWORD, [Role.STAFF])
    db.commit()
    round_id = world["round"].id

    results = run_together(app, [_approving(world["staff"].id, first.id, 600_000),
                                 _approving(officer.id, second.id, 500_000)])
    refused = [result for result in results if isinstance(result, ServiceError)]
    decided = [result for result in results if isinstance(result, int)]
    assert len(refused) == 1 and len(decided) == 1, results
    assert "of the round's budget is left" in str(refused[0].message)
    db.expire_all()
    grant_round = db.get(GrantRound, round_id)
    assert services.awarded_total(db, grant_round) in (600_000, 500_000)
    assert services.awarded_total(db, grant_round) <= grant_round.budget


def test_two_staff_approving_the_same_application_record_one_decision(app, db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    officer = create_user(db, "officer@example.org", "Emi Kobayashi", PASSWORD, [Role.STAFF])
    db.commit()

    results = run_together(app, [_approving(world["staff"].id, application.id, 900_000),
                                 _approving(officer.id, application.id, 800_000)])
    assert sum(isinstance(result, int) for result in results) == 1, results
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(GrantDecision)) == 1
    assert db.get(GrantApplication, application.id).status == ApplicationStatus.APPROVED


def test_starting_twice_at_once_opens_one_application(app, db, world):
    alumna_id, round_id = world["alumna"].id, world["round"].id

    def start(own: Session) -> int:
        return applying.start_application(own, own.get(User, alumna_id),
                                          own.get(GrantRound, round_id)).id

    results = run_together(app, [start, start, start])
    assert all(isinstance(result, int) for result in results), results
    assert len(set(results)) == 1
    assert db.scalar(select(func.count()).select_from(GrantApplication)) == 1
