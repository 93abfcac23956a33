from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.accounts.models import Role, RoleGrant
from lms.errors import ServiceError
from lms.grants import services
from lms.programs.models import Cohort
from lms.reviews import services as reviews
from lms.reviews.models import AssignmentStatus, Recommendation, Review, ReviewAssignment
from tests.conftest import csrf_token, login
from tests.grants.conftest import alumnus, in_review

SCORES = {"need": 4, "learning": 3, "feasibility": 4, "budget": 3, "sustainability": 2}


def text(response) -> str:
    return response.get_data(as_text=True)


def as_user(client, email: str) -> None:
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    response = login(client, email)
    assert response.status_code == 302, email


def send(client, url: str, data: dict | None = None, page: str | None = None):
    return client.post(url, data={"csrf_token": csrf_token(client, page or "/grants/reviews/"),
                                  **(data or {})})


def scored(scores: dict[str, int], action: str = "submit", recommendation: str = "yes",
           comments: str = "") -> dict[str, str]:
    return {**{f"score-{key}": str(value) for key, value in scores.items()},
            "recommendation": recommendation, "comments": comments, "action": action}


@pytest.fixture
def assigned(db, world):
    """The alumna's application, assigned to both committee members."""
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    mine = services.assign_reviewer(db, world["staff"], application, world["member"])
    theirs = services.assign_reviewer(db, world["staff"], application, world["member2"])
    db.commit()
    return {"application": application, "mine": mine.id, "theirs": theirs.id}


def test_visitors_are_sent_to_sign_in(client, assigned):
    for url in ("/grants/reviews/", f"/grants/reviews/{assigned['mine']}",
                f"/grants/reviews/{assigned['mine']}/conflict"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_nobody_reaches_another_member_s_assignment(client, db, world, assigned):
    mine = assigned["mine"]
    for who in ("member2", "alumna", "trainee", "staff"):
        as_user(client, world[who].email)
        for url in (f"/grants/reviews/{mine}", f"/grants/reviews/{mine}/conflict",
                    "/grants/reviews/999", "/grants/reviews/999/conflict"):
            assert client.get(url).status_code == 404, (who, url)
        assert send(client, f"/grants/reviews/{mine}", scored(SCORES)).status_code == 404
        assert send(client, f"/grants/reviews/{mine}/conflict",
                    {"reason": "Hijack"}).status_code == 404
    assert db.scalars(select(Review)).all() == []
    assert {a.status for a in db.scalars(select(ReviewAssignment))} == {AssignmentStatus.ACTIVE}


def test_the_list_shows_only_my_assignments_and_my_review_s_state(client, db, world, assigned):
    second = in_review(db, world["staff"], world["alumnus"], world["round"],
                       title="Home care for older people", country="KR", currency="KRW",
                       rate="0.11", lines=(5_000_000,))
    only_theirs = services.assign_reviewer(db, world["staff"], second, world["member2"])
    db.commit()
    as_user(client, world["member"].email)
    page = text(client.get("/grants/reviews/"))
    assert f'href="/grants/reviews/{assigned["mine"]}"' in page
    assert f"/grants/reviews/{only_theirs.id}" not in page
    assert "Home care for older people" not in page
    assert "Fiscal 2026 grants" in page and "Indonesia" in page and "not started" in page
    send(client, f"/grants/reviews/{assigned['mine']}", scored({"need": 3}, action="save"))
    assert "draft" in text(client.get("/grants/reviews/"))
    # Committee members are never sent here for the applicant's side of things.
    as_user(client, world["alumna"].email)
    assert "You have no application to review." in text(client.get("/grants/reviews/"))


def test_save_a_draft_then_submit_with_every_problem_listed(client, db, world, assigned):
    url = f"/grants/reviews/{assigned['mine']}"
    as_user(client, world["member"].email)
    page = text(client.get(url))
    assert "Job coaching for entrepreneurs with disabilities" in page
    assert "Young adults with disabilities in Yogyakarta" in page
    assert "Putri Handayani" in page and "putri@example.org" not in page
    assert "Need and who benefits (weight 3)" in page and "5 – excellent" in page
    assert len(re.findall(r'type="radio"', page)) == 5 * 6 + 3
    saved = send(client, url, scored({"need": 4, "budget": 2}, action="save",
                                     recommendation="", comments="So far so good."))
    assert saved.status_code == 302
    review = db.scalar(select(Review))
    assert (review.scores, review.submitted_at) == ({"need": 4, "budget": 2}, None)
    page = text(client.get(url))
    assert '<input checked id="score-need-4"' in page
    assert '<input checked id="score-budget-2"' in page
    assert "So far so good." in page
    refused = text(send(client, url, scored({"need": 4}, recommendation="")))
    assert "Use of what was learned in Japan: give a score." in refused
    assert "Choose a recommendation." in refused
    db.expire_all()
    assert db.scalar(select(Review)).submitted_at is None
    out_of_range = text(send(client, url, {**scored(SCORES), "score-need": "9"}))
    assert "Not a valid choice" in out_of_range or "give a score from 0 to 5" in out_of_range
    assert send(client, url, scored(SCORES, comments="Clear plan.")).status_code == 302
    db.expire_all()
    review = db.scalar(select(Review))
    assert review.is_submitted and review.scores == SCORES
    assert review.recommendation == Recommendation.YES
    # A submitted review is final, whatever is posted afterwards.
    again = text(send(client, url, scored({key: 0 for key in SCORES}, recommendation="no")))
    assert "This review is submitted and can no longer be changed." in again
    db.expire_all()
    assert db.scalar(select(Review)).scores == SCORES


def test_the_others_reviews_show_only_after_one_s_own_is_submitted(client, db, world, assigned):
    theirs = db.get(ReviewAssignment, assigned["theirs"])
    reviews.save_review(db, world["member2"], theirs, reviews.ReviewInput(
        {key: 1 for key in SCORES}, Recommendation.NO, "Too vague about the budget."),
        submit=True)
    db.commit()
    url = f"/grants/reviews/{assigned['mine']}"
    as_user(client, world["member"].email)
    blind = text(client.get(url))
    assert "Too vague about the budget." not in blind and "Member Two" not in blind
    send(client, url, scored(SCORES, action="save"))
    assert "Too vague about the budget." not in text(client.get(url))
    send(client, url, scored(SCORES))
    page = text(client.get(url))
    assert "Too vague about the budget." in page and "Member Two" in page
    assert "No: do not fund it" in page and "1.00" in page and "3.40" in page


def test_a_declared_conflict_takes_the_application_away(client, db, world, assigned):
    mine = assigned["mine"]
    as_user(client, world["member"].email)
    form = text(client.get(f"/grants/reviews/{mine}/conflict"))
    assert "What is the conflict of interest?" in form
    refused = text(send(client, f"/grants/reviews/{mine}/conflict", {"reason": " "}))
    assert 'id="reason-error">Say briefly what the conflict of interest is.' in refused
    response = send(client, f"/grants/reviews/{mine}/conflict",
                    {"reason": "The applicant is my former student."})
    assert response.status_code == 302
    page = text(client.get("/grants/reviews/"))
    assert f'href="/grants/reviews/{mine}"' not in page
    assert "Conflicts of interest you declared" in page
    assert "The applicant is my former student." in page
    for url in (f"/grants/reviews/{mine}", f"/grants/reviews/{mine}/conflict"):
        assert client.get(url).status_code == 404
    assert send(client, f"/grants/reviews/{mine}", scored(SCORES)).status_code == 404
    assignment = db.get(ReviewAssignment, mine)
    assert assignment.status == AssignmentStatus.CONFLICT
    assert db.scalars(select(Review)).all() == []


def test_an_applicant_on_the_committee_never_reviews_their_own(client, db, world):
    cohort = db.scalar(select(Cohort).where(Cohort.number == 36))
    both = alumnus(db, cohort, "both@example.org", "Committee Alumnus", "TH")
    db.add(RoleGrant(user=both, role=Role.COMMITTEE_MEMBER))
    own = in_review(db, world["staff"], both, world["round"], country="TH", currency="THB",
                    rate="4", lines=(100_000,), title="Respite care in Chiang Mai")
    other = in_review(db, world["staff"], world["alumna"], world["round"])
    services.assign_reviewer(db, world["staff"], other, both)
    db.commit()
    as_user(client, both.email)
    page = text(client.get("/grants/reviews/"))
    assert "Job coaching for entrepreneurs with disabilities" in page
    assert "Respite care in Chiang Mai" not in page
    with pytest.raises(ServiceError):
        services.assign_reviewer(db, world["staff"], own, both)
    assert db.scalars(select(ReviewAssignment.subject_id).where(
        ReviewAssignment.reviewer_id == both.id)).all() == [other.review_subject_id]


def test_the_list_costs_the_same_for_2_or_22_assignments(app, client, db, world,
                                                        count_queries):
    app.config["LMS_PAGE_SIZE"] = 15
    cohort = db.scalar(select(Cohort).where(Cohort.number == 36))

    def assign(count: int, start: int) -> None:
        for number in range(start, start + count):
            person = alumnus(db, cohort, f"a{number}@example.org", f"Alum {number}", "PH")
            application = in_review(db, world["staff"], person, world["round"],
                                    title=f"Project {number}", country="PH", currency="PHP",
                                    rate="2.5", lines=(100_000,))
            assignment = services.assign_reviewer(db, world["staff"], application,
                                                  world["member"])
            if number % 3 == 0:
                reviews.declare_conflict(db, world["member"], assignment, f"Reason {number}")
            elif number % 3 == 1:
                reviews.save_review(db, world["member"], assignment, reviews.ReviewInput(
                    SCORES, Recommendation.MAYBE, ""), submit=True)
        db.commit()

    assign(3, 0)
    as_user(client, world["member"].email)
    few = {}
    for url in ("/grants/reviews/", "/grants/reviews/?show=history"):
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        few[url] = counter
    assign(40, 3)
    app.config["LMS_PAGE_SIZE"] = 10
    for url, expected in (("/grants/reviews/", "To do (14)"),
                          ("/grants/reviews/?show=history", "Done or closed (14)")):
        with count_queries() as many:
            page = text(client.get(url))
        assert many.count == few[url].count <= 12, (few[url].statements, many.statements)
        assert expected in page and "Page 1 of 2" in page  # 14 of each, 10 a page


def test_the_review_page_costs_the_same_for_1_or_8_other_reviews(client, db, world, assigned,
                                                                 count_queries):
    from lms.accounts.services import create_user
    from tests.conftest import PASSWORD

    application = assigned["application"]

    def review_by(assignment_id: int, member) -> None:
        reviews.save_review(db, member, db.get(ReviewAssignment, assignment_id),
                            reviews.ReviewInput(SCORES, Recommendation.YES, "Fine."),
                            submit=True)

    review_by(assigned["mine"], world["member"])
    review_by(assigned["theirs"], world["member2"])
    db.commit()
    url = f"/grants/reviews/{assigned['mine']}"
    as_user(client, world["member"].email)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for number in range(7):
        member = create_user(db, f"m{number}@example.org", f"Member {number + 3}", PASSWORD,
                             [Role.COMMITTEE_MEMBER])
        review_by(services.assign_reviewer(db, world["staff"], application, member).id, member)
    db.commit()
    with count_queries() as many:
        page = text(client.get(url))
    assert many.count == few.count, (few.statements, many.statements)
    assert page.count("Comments from ") == 8
