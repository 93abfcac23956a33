"""The committee member's home: grant and admissions reviews to do, oldest first, apart from
finished ones and those no longer wanted; never another member's."""

from __future__ import annotations

import pytest

from lms.accounts.models import Role
from lms.accounts.services import create_user
from lms.admissions import selection
from lms.admissions import services as admission_services
from lms.grants import services as grant_services
from lms.reviews import services as review_services
from lms.reviews.models import Recommendation
from tests import factories
from tests.admissions.conftest import call_input
from tests.admissions.conftest import eligible as eligible_admission
from tests.conftest import PASSWORD
from tests.grants.conftest import alumnus, in_review, round_input
from tests.home.conftest import home, queries_of, section_of


@pytest.fixture
def desks(db):
    staff = factories.staff(db)
    old_cohort = factories.cohort(db, number=36, active=False)
    next_cohort = factories.cohort(db, number=44, active=False)
    member = create_user(db, "member@example.org", "Member One", PASSWORD,
                         [Role.COMMITTEE_MEMBER])
    other = create_user(db, "member2@example.org", "Member Two", PASSWORD,
                        [Role.COMMITTEE_MEMBER])
    grant_round = grant_services.create_round(db, staff, round_input())
    call = admission_services.create_call(db, staff, call_input(next_cohort.id))
    grants = [in_review(db, staff, alumnus(db, old_cohort, f"a{n}@example.org", f"Alumna {n}",
                                           "ID"), grant_round, title=f"Project {n}")
              for n in range(3)]
    for application in grants:
        grant_services.assign_reviewer(db, staff, application, member)
    grant_services.assign_reviewer(db, staff, grants[0], other)
    applicant = factories.person(db, "maria@example.org", "Maria Santos", "PH")
    admission = eligible_admission(db, staff, applicant, call)
    selection.assign_reviewer(db, staff, admission, other)
    db.commit()
    return {"staff": staff, "member": member, "grants": grants, "admission": admission,
            "round": grant_round, "call": call, "other": other, "old_cohort": old_cohort}


def test_reviews_to_do_are_listed_with_links_and_counted(client, db, desks):
    section = section_of(home(client, "member@example.org"), "committee")
    assert '<span class="count">3</span>' in section
    assert "3 reviews to do." in section
    for name in ("Project 0", "Project 1", "Project 2"):
        assert name in section
    assert section.index("Project 0") < section.index("Project 2")
    assert "/grants/reviews/" in section
    # No admissions review is assigned to her: said in words, not a blank box.
    assert "Nothing to review — no application has been assigned to you." in section
    assert "Maria Santos" not in section


def test_admissions_reviews_are_listed_too(client, db, desks):
    section = section_of(home(client, "member2@example.org"), "committee")
    assert "Maria Santos" in section and "/admissions/reviews/" in section
    assert "Project 0" in section and "Project 1" not in section


def test_finished_reviews_leave_the_list_and_are_counted(client, db, desks):
    from sqlalchemy import select

    from lms.reviews.models import ReviewAssignment

    member = desks["member"]
    assignment = db.scalar(select(ReviewAssignment).where(
        ReviewAssignment.reviewer_id == member.id,
        ReviewAssignment.subject_id == desks["grants"][0].review_subject_id))
    scores = {criterion["key"]: 4 for criterion in assignment.subject.scheme.criteria}
    review_services.save_review(db, member, assignment, review_services.ReviewInput(
        scores=scores, recommendation=Recommendation.YES, comments="Good."), submit=True)
    db.commit()
    section = section_of(home(client, "member@example.org"), "committee")
    assert "2 reviews to do." in section and "Project 0" not in section


def test_people_outside_the_committee_have_no_such_section(client, db, desks):
    assert 'id="committee-heading"' not in home(client, "maria@example.org")


def test_the_committee_home_makes_the_same_queries_however_many_reviews(
        client, db, desks, count_queries):
    home(client, "member@example.org")
    few = queries_of(client, count_queries)
    for n in range(3, 9):
        application = in_review(db, desks["staff"], alumnus(
            db, desks["old_cohort"], f"a{n}@example.org", f"Alumna {n}", "ID"), desks["round"],
            title=f"Project {n}")
        grant_services.assign_reviewer(db, desks["staff"], application, desks["member"])
    db.commit()
    assert queries_of(client, count_queries) == few


def _review(db, member, application, *, submit):
    from sqlalchemy import select

    from lms.reviews.models import ReviewAssignment

    assignment = db.scalar(select(ReviewAssignment).where(
        ReviewAssignment.reviewer_id == member.id,
        ReviewAssignment.subject_id == application.review_subject_id))
    scores = {criterion["key"]: 4 for criterion in assignment.subject.scheme.criteria}
    review_services.save_review(db, member, assignment, review_services.ReviewInput(
        scores=scores, recommendation=Recommendation.YES, comments="Good."), submit=submit)


def test_a_draft_is_said_saved_and_stays_to_do(client, db, desks):
    _review(db, desks["member"], desks["grants"][1], submit=False)
    db.commit()
    section = section_of(home(client, "member@example.org"), "committee")
    assert "3 reviews to do." in section
    listed = section[section.index("Project 1"):section.index("Project 2")]
    assert "draft saved" in listed
    assert "draft saved" not in section[section.index("Project 0"):section.index("Project 1")]


def test_when_all_are_finished_the_finished_ones_are_counted(client, db, desks):
    for application in desks["grants"]:
        _review(db, desks["member"], application, submit=True)
    db.commit()
    section = section_of(home(client, "member@example.org"), "committee")
    assert "Nothing to review — you have finished 3 reviews, the last on" in section
    assert "Project 0" not in section
