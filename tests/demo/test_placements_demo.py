"""The demo's placements and safety drill: the fiscal 2026 cohort placed for both practicums
(one trainee not yet for the second), and an autumn drill that one trainee never answered."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.demo.placements import seed_placements
from lms.demo.safety import seed_safety
from lms.placements.models import Evaluation, HostFacility, Placement
from lms.safety.models import SafetyAnswer, SafetyCheck, SafetyRecipient


def test_the_cohort_is_placed_with_its_readiness_and_one_not_yet(db, seeded):
    assert db.scalar(select(func.count()).select_from(HostFacility)) == 5
    placements = list(db.scalars(select(Placement)))
    assert len(placements) == 11  # six for practicum I, five for practicum II
    first = [p for p in placements if p.module.slug == "facility-practicum-i"]
    assert all(not placement.missing for placement in first)  # all done before it
    assert any(placement.missing for placement in placements
               if placement.module.slug == "facility-practicum-ii")


def test_the_autumn_drill_is_closed_with_one_trainee_silent(db, seeded):
    drill = db.scalar(select(SafetyCheck))
    assert drill.is_drill and drill.closed_at is not None
    answered = set(db.scalars(select(SafetyAnswer.user_id).where(
        SafetyAnswer.check_id == drill.id)))
    assert len(answered) == 5
    asked = set(db.scalars(select(SafetyRecipient.user_id).where(
        SafetyRecipient.check_id == drill.id)))
    silent = [db.get(User, user_id).email for user_id in asked - answered]
    assert silent == ["ayu.pratiwi@example.org"]


def test_seeding_them_twice_changes_nothing(db, seeded):
    seed_placements(db)
    seed_safety(db)
    assert db.scalar(select(func.count()).select_from(Placement)) == 11
    assert db.scalar(select(func.count()).select_from(SafetyCheck)) == 1


def test_practicum_i_has_its_final_evaluations_and_practicum_ii_a_review_to_read(db, seeded):
    written = {(e.placement.enrollment.user.email, e.placement.module.slug, e.kind.value):
               e for e in db.scalars(select(Evaluation))}
    final = written[("trainee@kakehashi.example", "facility-practicum-i", "final")]
    assert final.submitted_at and final.acknowledged_at and final.scores["attitude"] == 4
    review = written[("trainee@kakehashi.example", "facility-practicum-ii", "mid_placement")]
    assert review.submitted_at and review.acknowledged_at is None
    draft = written[("lee.minjun@example.org", "facility-practicum-ii", "mid_placement")]
    assert draft.submitted_at is None
