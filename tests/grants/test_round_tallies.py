"""A round's stored tallies (lms.grants.tallies) follow every write of its applications, and
the figures the round's pages read from them are those of adding up the applications."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from lms.clock import utcnow
from lms.grants import applying, decisions, queries, services, statistics, tallies
from lms.grants.decisions import DecisionInput
from lms.grants.models import AWARDED_STATES, ApplicationStatus, DecisionOutcome, GrantApplication
from lms.grants.tallies import GrantRoundTally
from tests.grants.conftest import complete_input, in_review, submitted

S = ApplicationStatus
Figures = dict[tuple[str, S, bool], tuple[int, int, int]]


def stored(db, round_id: int) -> Figures:
    return {(row.country, row.status, row.sent): (row.count, row.requested, row.awarded)
            for row in db.scalars(select(GrantRoundTally)
                                  .where(GrantRoundTally.round_id == round_id))
            if (row.count, row.requested, row.awarded) != (0, 0, 0)}


def counted(db, round_id: int) -> Figures:
    a = GrantApplication
    sent = a.submitted_at.is_not(None)
    return {(country or "", status, was_sent): (count, requested, awarded)
            for country, status, was_sent, count, requested, awarded in db.execute(
                select(a.country, a.status, sent, func.count(),
                       func.coalesce(func.sum(a.requested_amount), 0),
                       func.coalesce(func.sum(a.awarded_amount), 0))
                .where(a.round_id == round_id).group_by(a.country, a.status, sent))}


def live_figures(db, round_id: int) -> tuple[dict[S, int], int]:
    """The round page's counts by state and its awarded money, from the applications."""
    by_state: dict[S, int] = {}
    awarded = 0
    for (_country, status, sent), (count, _requested, money) in counted(db, round_id).items():
        if sent or status == S.DRAFT:
            by_state[status] = by_state.get(status, 0) + count
        if status in AWARDED_STATES:
            awarded += money
    return by_state, awarded


def assert_kept(db, round_id: int) -> None:
    assert stored(db, round_id) == counted(db, round_id)
    figures = queries.round_figures(db, [round_id])[round_id]
    assert (figures.counts, figures.awarded) == live_figures(db, round_id)
    assert queries.awarded_in(db, round_id) == figures.awarded


def test_every_step_of_an_application_is_counted(db, world):
    grant_round = world["round"]
    draft = applying.start_application(db, world["alumna"], grant_round)
    assert_kept(db, grant_round.id)
    applying.save_draft(db, world["alumna"], draft, complete_input(lines=(300_000, 200_000)))
    assert_kept(db, grant_round.id)
    applying.submit(db, world["alumna"], draft)
    assert_kept(db, grant_round.id)
    other = in_review(db, world["staff"], world["alumnus"], grant_round)
    assert_kept(db, grant_round.id)
    decisions.decide(db, world["staff"], other,
                     DecisionInput(DecisionOutcome.APPROVED, amount=400_000))
    assert_kept(db, grant_round.id)
    services.screen(db, world["staff"], draft, eligible=False, reason="Not a home country.")
    db.commit()
    assert_kept(db, grant_round.id)
    assert queries.awarded_in(db, grant_round.id) == 400_000 == services.awarded_total(
        db, grant_round)
    stats = statistics.round_statistics(db, grant_round)
    assert stats.awarded_total == 400_000 and stats.by_state == live_figures(db, grant_round.id)[0]


def test_a_withdrawn_draft_and_a_change_to_an_expired_application(db, world):
    grant_round = world["round"]
    draft = applying.start_application(db, world["alumna"], grant_round)
    applying.withdraw(db, world["alumna"], draft)
    application = submitted(db, world["alumnus"], grant_round)
    db.commit()
    application.status = S.INELIGIBLE
    db.flush()
    assert_kept(db, grant_round.id)
    db.rollback()
    assert stored(db, grant_round.id) == counted(db, grant_round.id)
    assert ("ID", S.SUBMITTED, True) in stored(db, grant_round.id)
    db.delete(db.get(GrantApplication, draft.id))
    db.flush()
    assert_kept(db, grant_round.id)


def test_recount_after_a_bulk_insert(db, world):
    grant_round = world["round"]
    db.execute(insert(GrantApplication), [
        {"round_id": grant_round.id, "applicant_id": world["alumna"].id, "country": "ID",
         "status": S.APPROVED, "submitted_at": utcnow(), "requested_amount": 500_000,
         "awarded_amount": 450_000},
        {"round_id": grant_round.id, "applicant_id": world["alumnus"].id, "country": None,
         "status": S.DRAFT}])
    tallies.recount(db, [grant_round.id])
    assert_kept(db, grant_round.id)
    tallies.recount(db)
    assert_kept(db, grant_round.id)
    assert queries.awarded_in(db, grant_round.id) == 450_000
