from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.accounts.services import create_user
from lms.audit import AuditEvent
from lms.errors import NotAllowed, PolicyError, ServiceError
from lms.reviews import queries, services
from lms.reviews.models import AssignmentStatus, Recommendation
from lms.reviews.services import ReviewInput
from tests import factories
from tests.conftest import PASSWORD

CRITERIA = [
    {"key": "need", "label": "Need in the community", "weight": 3},
    {"key": "learning", "label": "Use of what was learned in Japan", "weight": 2},
    {"key": "budget", "label": "Budget", "weight": 1},
]
FULL = {"need": 5, "learning": 4, "budget": 2}


def _member(db, email, name):
    return create_user(db, email, name, PASSWORD, [Role.COMMITTEE_MEMBER])


@pytest.fixture
def world(db):
    staff = factories.staff(db)
    scheme = services.create_scheme(db, staff, "Fiscal 2026 grants", CRITERIA)
    applicant = factories.person(db, "alumna@example.org", "Putri Handayani", "ID")
    member = _member(db, "member@example.org", "Member One")
    other = _member(db, "member2@example.org", "Member Two")
    # A committee member who is also an applicant: the rule is about the person.
    member_applicant = _member(db, "member3@example.org", "Member Three")
    subject = services.open_subject(db, scheme, applicant, "Job coaching in Yogyakarta")
    own = services.open_subject(db, scheme, member_applicant, "Member's own project")
    return {"staff": staff, "scheme": scheme, "applicant": applicant, "member": member,
            "other": other, "member_applicant": member_applicant, "subject": subject,
            "own": own}


def _submit(db, world, reviewer_key, scores=None, recommendation=Recommendation.YES):
    assignment = services.assign(db, world["staff"], world["subject"], world[reviewer_key])
    return services.save_review(db, world[reviewer_key], assignment,
                                ReviewInput(scores or FULL, recommendation, "Clear plan."),
                                submit=True)


def test_a_scheme_needs_distinct_keys_and_positive_weights(db, world):
    with pytest.raises(ServiceError):
        services.create_scheme(db, world["staff"], "Bad", [
            {"key": "a", "label": "A", "weight": 1}, {"key": "a", "label": "B", "weight": 1}])
    with pytest.raises(ServiceError):
        services.create_scheme(db, world["staff"], "Bad", [{"key": "a", "label": "A",
                                                            "weight": 0}])
    with pytest.raises(NotAllowed):
        services.create_scheme(db, world["member"], "Mine", CRITERIA)


def test_nobody_is_assigned_their_own_application(db, world):
    with pytest.raises(ServiceError, match="own application"):
        services.assign(db, world["staff"], world["own"], world["member_applicant"])


def test_only_active_committee_members_are_assigned_and_only_by_staff(db, world):
    with pytest.raises(ServiceError, match="not a committee member"):
        services.assign(db, world["staff"], world["subject"], world["staff"])
    with pytest.raises(NotAllowed):
        services.assign(db, world["member"], world["subject"], world["other"])
    world["other"].is_active = False
    with pytest.raises(ServiceError):
        services.assign(db, world["staff"], world["subject"], world["other"])


def test_assigning_twice_gives_one_assignment(db, world):
    first = services.assign(db, world["staff"], world["subject"], world["member"])
    assert services.assign(db, world["staff"], world["subject"], world["member"]) is first


def test_a_declared_conflict_is_recorded_and_blocks_reassignment_and_access(db, world):
    assignment = services.assign(db, world["staff"], world["subject"], world["member"])
    with pytest.raises(NotAllowed):
        services.declare_conflict(db, world["other"], assignment, "Not mine to declare")
    with pytest.raises(ServiceError):
        services.declare_conflict(db, world["member"], assignment, " ")
    services.declare_conflict(db, world["member"], assignment, "She works in my NGO")
    assert assignment.status == AssignmentStatus.CONFLICT
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "conflict_declared"))
    assert event.after["reason"] == "She works in my NGO"
    with pytest.raises(ServiceError, match="conflict of interest"):
        services.assign(db, world["staff"], world["subject"], world["member"])
    assert queries.assignment_for(db, world["member"], assignment.id) is None
    with pytest.raises(ServiceError):
        services.save_review(db, world["member"], assignment,
                             ReviewInput(FULL, Recommendation.YES, ""), submit=True)


def test_a_conflict_after_reviewing_takes_the_review_out_of_the_results(db, world):
    review = _submit(db, world, "member")
    services.declare_conflict(db, world["member"], review.assignment, "Learned of a tie")
    subject_id = world["subject"].id
    assert queries.summaries(db, world["scheme"], [subject_id])[subject_id].count == 0
    assert queries.reviews_visible_to(db, world["staff"], world["subject"]) == []


def test_a_draft_saves_anything_and_submitting_lists_every_gap(db, world):
    assignment = services.assign(db, world["staff"], world["subject"], world["member"])
    draft = services.save_review(db, world["member"], assignment,
                                 ReviewInput({"need": 4}, None, "First thoughts"), submit=False)
    assert not draft.is_submitted and draft.scores == {"need": 4}
    with pytest.raises(PolicyError) as refused:
        services.save_review(db, world["member"], assignment,
                             ReviewInput({"need": 4, "budget": 9}, None, ""), submit=True)
    messages = [str(message) for message in refused.value.messages]
    assert "Budget: give a score from 0 to 5." in messages
    assert "Use of what was learned in Japan: give a score." in messages
    assert "Choose a recommendation." in messages


def test_a_submitted_review_is_final_and_only_its_reviewer_writes_it(db, world):
    review = _submit(db, world, "member")
    with pytest.raises(ServiceError, match="submitted"):
        services.save_review(db, world["member"], review.assignment,
                             ReviewInput(FULL, Recommendation.NO, "Changed my mind"),
                             submit=True)
    with pytest.raises(NotAllowed):
        services.save_review(db, world["other"], review.assignment,
                             ReviewInput(FULL, Recommendation.NO, ""), submit=False)


def test_others_reviews_show_only_after_ones_own_is_submitted(db, world):
    _submit(db, world, "member")
    assignment = services.assign(db, world["staff"], world["subject"], world["other"])
    assert queries.reviews_visible_to(db, world["other"], world["subject"]) == []
    services.save_review(db, world["other"], assignment,
                         ReviewInput({"need": 1}, None, ""), submit=False)
    assert queries.reviews_visible_to(db, world["other"], world["subject"]) == []
    services.save_review(db, world["other"], assignment,
                         ReviewInput({"need": 1, "learning": 1, "budget": 1}, Recommendation.NO,
                                     ""), submit=True)
    assert len(queries.reviews_visible_to(db, world["other"], world["subject"])) == 2


def test_the_applicant_never_sees_reviews_and_outsiders_see_nothing(db, world):
    _submit(db, world, "member")
    assert queries.reviews_visible_to(db, world["applicant"], world["subject"]) == []
    assert queries.reviews_visible_to(db, world["member_applicant"], world["subject"]) == []
    assert len(queries.reviews_visible_to(db, world["staff"], world["subject"])) == 1


def test_staff_see_the_weighted_average_and_the_spread(db, world):
    _submit(db, world, "member")  # (5*3 + 4*2 + 2*1) / 6 = 25/6
    _submit(db, world, "other", {"need": 2, "learning": 2, "budget": 5},
            Recommendation.MAYBE)  # (6 + 4 + 5) / 6 = 15/6
    subject_id = world["subject"].id
    summary = queries.summaries(db, world["scheme"], [subject_id])[subject_id]
    assert summary.count == 2
    assert summary.average == pytest.approx(20 / 6)
    assert summary.spread == pytest.approx(10 / 6)
    assert summary.deviation == pytest.approx(5 / 6)
    assert summary.recommendations == {Recommendation.YES: 1, Recommendation.MAYBE: 1}


def test_summaries_take_one_query_for_any_number_of_subjects(db, world, count_queries):
    subjects = [services.open_subject(db, world["scheme"], world["applicant"], f"P{n}")
                for n in range(12)]
    for subject in subjects:
        assignment = services.assign(db, world["staff"], subject, world["member"])
        services.save_review(db, world["member"], assignment,
                             ReviewInput(FULL, Recommendation.YES, ""), submit=True)
    db.commit()
    with count_queries() as few:
        queries.summaries(db, world["scheme"], [subject.id for subject in subjects[:2]])
    with count_queries() as many:
        result = queries.summaries(db, world["scheme"], [subject.id for subject in subjects])
    assert few.count == many.count == 1, many.statements
    assert len(result) == 12
