"""The selection committee's pages: a member reaches only their own active assignments, reads
the application with the documents that bear on selection, and sees the other members'
reviews only once their own is submitted."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Role
from lms.accounts.services import create_user
from lms.admissions import selection
from lms.admissions.models import DocumentKind
from lms.errors import ServiceError
from lms.mail import OutboxMessage
from lms.reviews import services as reviews
from lms.reviews.models import AssignmentStatus, Recommendation, Review, ReviewAssignment
from tests.admissions.conftest import PDF, eligible
from tests.conftest import PASSWORD, csrf_token, login

SCORES = {"experience": 4, "motivation": 5, "contribution": 3, "language": 4}


def text(response) -> str:
    return response.get_data(as_text=True)


def as_user(client, email: str) -> None:
    client.delete_cookie("kakehashi_session")
    response = login(client, email)
    assert response.status_code == 302, email


def send(client, url: str, data: dict | None = None):
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), **(data or {})})


@pytest.fixture
def scene(db, world):
    """Maria's eligible application, with a CV, a passport and a diploma, assigned to both
    members; Somchai's assigned to the second member only."""
    call = world["call"]
    call.required_documents = [DocumentKind.CV.value, DocumentKind.PASSPORT.value,
                               DocumentKind.DIPLOMA.value]
    maria = eligible(db, world["staff"], world["maria"], call)
    somchai = eligible(db, world["staff"], world["somchai"], call, full_name="Somchai Boonmee")
    first = selection.assign_reviewer(db, world["staff"], maria, world["member"])
    second = selection.assign_reviewer(db, world["staff"], maria, world["member2"])
    other = selection.assign_reviewer(db, world["staff"], somchai, world["member2"])
    db.commit()
    documents = {document.kind: document.id for document in maria.documents}
    return {"maria": maria, "somchai": somchai, "first": first.id, "second": second.id,
            "other": other.id, "documents": documents,
            "somchai_cv": somchai.document(DocumentKind.CV).id}


def test_the_mail_names_the_applicant_and_the_call_and_links_the_review(db, scene):
    mail = db.scalar(select(OutboxMessage).where(
        OutboxMessage.to_address == "member@example.org"))
    assert mail.subject == "An application to review"
    assert "Hello Member One," in mail.body
    assert "the application of Maria Santos (Philippines) to “Call for the 44th cohort”" \
        in mail.body
    assert f"http://kakehashi.test/admissions/reviews/{scene['first']}" in mail.body
    assert "declare it on the review page" in mail.body


def test_a_member_lists_only_their_active_assignments(client, world, scene):
    as_user(client, world["member"].email)
    page = text(client.get("/admissions/reviews/"))
    assert "Maria Santos" in page and "Somchai Boonmee" not in page
    assert f'/admissions/reviews/{scene["first"]}"' in page
    assert "not started" in page
    as_user(client, world["member2"].email)
    page = text(client.get("/admissions/reviews/"))
    assert "Maria Santos" in page and "Somchai Boonmee" in page


def test_review_page_shows_the_application_and_selection_documents_only(client, world, scene):
    as_user(client, world["member"].email)
    base = f"/admissions/reviews/{scene['first']}"
    page = text(client.get(base))
    for shown in ("Review: Maria Santos", "Quezon City Social Services", "Case manager",
                  "English: fluent or native", "I coordinate home care", "Curriculum vitae",
                  "Diploma of your highest degree", "Nomination letter", "Yes: select",
                  "Maybe: waiting list", "No: do not select",
                  "Experience in social welfare practice (weight 3)"):
        assert shown in page, shown
    # Contact details, identity and health documents stay with staff.
    for hidden in ("+63 2 8123 4567", "May 4, 1992", "Passport (the page with your photo)"):
        assert hidden not in page, hidden
    documents = scene["documents"]
    assert f'href="{base}/documents/{documents[DocumentKind.CV]}" download' in page
    response = client.get(f"{base}/documents/{documents[DocumentKind.CV]}")
    assert response.status_code == 200 and response.data == PDF
    assert client.get(f"{base}/documents/{documents[DocumentKind.PASSPORT]}").status_code == 404
    # Another application's document is not found through this assignment.
    assert client.get(f"{base}/documents/{scene['somchai_cv']}").status_code == 404


def test_a_member_never_reaches_another_members_assignment(client, db, world, scene):
    as_user(client, world["member2"].email)
    base = f"/admissions/reviews/{scene['first']}"
    cv = scene["documents"][DocumentKind.CV]
    for url in (base, f"{base}/conflict", f"{base}/documents/{cv}", "/admissions/reviews/999"):
        assert client.get(url).status_code == 404, url
    response = send(client, base, {**{f"score-{k}": v for k, v in SCORES.items()},
                                   "recommendation": "yes", "action": "submit"})
    assert response.status_code == 404
    assert send(client, f"{base}/conflict", {"reason": "None"}).status_code == 404
    assert db.scalar(select(func.count()).select_from(Review)) == 0
    assert db.get(ReviewAssignment, scene["first"]).status == AssignmentStatus.ACTIVE


@pytest.mark.parametrize("who", ["maria", "staff", "trainee"])
def test_people_who_are_not_assigned_find_nothing(client, world, scene, who):
    as_user(client, world[who].email)
    base = f"/admissions/reviews/{scene['first']}"
    for url in (base, f"{base}/conflict",
                f"{base}/documents/{scene['documents'][DocumentKind.CV]}"):
        assert client.get(url).status_code == 404, (who, url)
    assert "You have no applicant to review." in text(client.get("/admissions/reviews/"))


def test_others_reviews_stay_hidden_until_ones_own_is_submitted(client, db, world, scene):
    second = db.get(ReviewAssignment, scene["second"])
    reviews.save_review(db, world["member2"], second, reviews.ReviewInput(
        dict(SCORES), Recommendation.MAYBE, "A strong nominee from the ministry."), submit=True)
    db.commit()
    as_user(client, world["member"].email)
    url = f"/admissions/reviews/{scene['first']}"
    assert "A strong nominee from the ministry." not in text(client.get(url))
    incomplete = send(client, url, {"score-experience": "4", "recommendation": "yes",
                                    "comments": "Clear goals.", "action": "submit"})
    assert incomplete.status_code == 200
    page = text(incomplete)
    assert "Motivation and learning goals: give a score." in page
    assert "A strong nominee from the ministry." not in page
    assert db.scalar(select(Review).where(Review.assignment_id == scene["first"])) is None
    draft = send(client, url, {"score-experience": "4", "comments": "Clear goals.",
                               "action": "save"})
    assert draft.status_code == 302
    page = text(client.get(url))
    assert "A strong nominee from the ministry." not in page and "Clear goals." in page
    response = send(client, url, {**{f"score-{k}": v for k, v in SCORES.items()},
                                  "recommendation": "yes", "comments": "Clear goals.",
                                  "action": "submit"})
    assert response.status_code == 302
    review = db.scalar(select(Review).where(Review.assignment_id == scene["first"]))
    assert review.is_submitted and review.recommendation == Recommendation.YES
    assert review.scores == SCORES
    page = text(client.get(url))
    assert "A strong nominee from the ministry." in page
    assert "Member Two" in page and "Maybe: waiting list" in page


def test_a_conflicted_member_steps_aside_and_finds_nothing_after(client, db, world, scene):
    as_user(client, world["member"].email)
    base = f"/admissions/reviews/{scene['first']}"
    page = text(client.get(f"{base}/conflict"))
    assert "Declare a conflict of interest: Maria Santos" in page
    refused = send(client, f"{base}/conflict", {"reason": " "})
    assert refused.status_code == 200
    assert 'id="reason-error">Say briefly what the conflict of interest is.' in text(refused)
    response = send(client, f"{base}/conflict", {"reason": "She works in my department."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admissions/reviews/")
    assignment = db.get(ReviewAssignment, scene["first"])
    assert assignment.status == AssignmentStatus.CONFLICT
    assert assignment.conflict_reason == "She works in my department."
    cv = scene["documents"][DocumentKind.CV]
    for url in (base, f"{base}/conflict", f"{base}/documents/{cv}"):
        assert client.get(url).status_code == 404, url
    # She is listed only among the conflicts declared, with the reason, and no longer linked.
    listing = text(client.get("/admissions/reviews/"))
    assert f'href="{base}"' not in listing
    assert re.search(r'<th scope="row">Maria Santos</th>\s*<td>Call for the 44th cohort</td>'
                     r'\s*<td>She works in my department.</td>', listing)
    # Staff see the conflict, and cannot ask the member again.
    as_user(client, world["staff"].email)
    staff_page = f"/admissions/staff/applications/{scene['maria'].id}"
    assert "She works in my department." in text(client.get(staff_page))
    refused = send(client, f"{staff_page}/reviewers",
                   {"reviewer-reviewer": str(world["member"].id)})
    assert "Member One declared a conflict of interest with this application." in text(refused)
    assert db.get(ReviewAssignment, scene["first"]).status == AssignmentStatus.CONFLICT


def test_an_applicant_is_never_asked_to_review_their_own(client, db, world):
    rosa = create_user(db, "rosa@example.org", "Rosa Member", PASSWORD,
                       [Role.COMMITTEE_MEMBER], country="PH")
    application = eligible(db, world["staff"], rosa, world["call"], full_name="Rosa Member")
    db.commit()
    with pytest.raises(ServiceError, match="cannot review their own application"):
        selection.assign_reviewer(db, world["staff"], application, rosa)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(ReviewAssignment)) == 0
    as_user(client, rosa.email)
    assert "You have no applicant to review." in text(client.get("/admissions/reviews/"))


def test_a_submitted_review_moves_from_to_do_to_done_or_closed(client, world, scene):
    as_user(client, world["member"].email)
    base = f"/admissions/reviews/{scene['first']}"
    assert send(client, base, {**{f"score-{k}": v for k, v in SCORES.items()},
                               "recommendation": "yes", "action": "submit"}).status_code == 302
    to_do = text(client.get("/admissions/reviews/"))
    assert f'href="{base}"' not in to_do and "To do (0)" in to_do
    assert "You have no applicant to review." in to_do
    history = text(client.get("/admissions/reviews/?show=history"))
    assert f'href="{base}"' in history and "Done or closed (1)" in history
