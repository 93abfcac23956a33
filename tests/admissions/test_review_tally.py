"""The selection reviews outstanding per call, which the staff's home shows, are kept by every
service that changes them, and the migration's count of existing rows agrees with them."""

from __future__ import annotations

from lms.admissions import applying, selection
from lms.admissions.models import ApplicationStatus as S
from lms.reviews import queries
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation
from lms.reviews.staff_pages import figure
from tests.admissions.conftest import eligible
from tests.conftest import login
from tests.reviews.tallies import assert_kept, kept

SCORES = {"experience": 4, "motivation": 5, "contribution": 3, "language": 4}


def outstanding(db, world) -> tuple[int, object]:
    return kept(db).get(world["call"].review_scheme_id, (0, None))


def test_each_service_keeps_the_calls_reviews_outstanding(client, db, world):
    staff, call, member, member2 = world["staff"], world["call"], world["member"], world["member2"]
    maria = eligible(db, staff, world["maria"], call)
    somchai = eligible(db, staff, world["somchai"], call, full_name="Somchai Boonmee")
    jose = eligible(db, staff, world["jose"], call, full_name="Jose Cruz")
    first = selection.assign_reviewer(db, staff, maria, member)
    selection.assign_reviewer(db, staff, maria, member2)
    selection.assign_reviewer(db, staff, somchai, member2)
    selection.assign_reviewer(db, staff, jose, member)
    assert outstanding(db, world) == (4, first.assigned_at)
    db.commit()
    login(client, "staff@example.org")
    html = client.get("/").get_data(as_text=True)
    assert "4 reviews not finished" in html[html.index('id="staff-admissions-heading"'):]

    reviews.save_review(db, member, first, reviews.ReviewInput(
        dict(SCORES), Recommendation.YES, "Ready."), submit=True)
    assert outstanding(db, world)[0] == 3
    # Waitlisted is still with the committee; selected, or withdrawn, no longer is.
    selection.decide(db, staff, somchai, S.WAITLISTED, "On the list.")
    assert outstanding(db, world)[0] == 3
    selection.decide(db, staff, maria, S.SELECTED, "Welcome.")
    assert outstanding(db, world)[0] == 2
    applying.withdraw(db, world["jose"], jose)
    assert outstanding(db, world)[0] == 1
    assert_kept(db)
    db.commit()
    html = client.get("/").get_data(as_text=True)
    assert "1 review not finished" in html[html.index('id="staff-admissions-heading"'):]


def test_the_calls_list_shows_each_applications_reviews_as_they_stand(client, db, world):
    """The call's list reads its rows' stored review summaries: after each kind of change,
    they are what adding up the reviews now gives, and the list shows them."""
    staff, call, member, member2 = world["staff"], world["call"], world["member"], world["member2"]
    maria = eligible(db, staff, world["maria"], call)
    somchai = eligible(db, staff, world["somchai"], call, full_name="Somchai Boonmee")
    first = selection.assign_reviewer(db, staff, maria, member)
    second = selection.assign_reviewer(db, staff, maria, member2)
    selection.assign_reviewer(db, staff, somchai, member2)
    assert_kept(db)
    reviews.save_review(db, member, first, reviews.ReviewInput(
        dict(SCORES), Recommendation.YES, "Ready."), submit=True)
    assert_kept(db)
    reviews.save_review(db, member2, second, reviews.ReviewInput(
        {key: 1 for key in SCORES}, Recommendation.NO, "Not yet."), submit=True)
    assert_kept(db)
    db.commit()
    login(client, "staff@example.org")

    def maria_row() -> str:
        html = client.get(f"/admissions/staff/calls/{call.id}").get_data(as_text=True)
        row = html[html.index(f'{maria.id}">Maria Santos'):]
        return row[:row.index("</tr>")]

    assert "<td>2 of 2</td>" in maria_row()
    both = queries.summaries(db, call.review_scheme, [maria.review_subject_id])
    assert f"<td>{figure(both[maria.review_subject_id].average)}</td>" in maria_row()

    # The second member steps aside: her review no longer counts.
    reviews.declare_conflict(db, member2, second, "My former colleague.")
    assert_kept(db)
    db.commit()
    one = queries.summaries(db, call.review_scheme, [maria.review_subject_id])
    assert one[maria.review_subject_id].count == 1
    assert "<td>1 of 1</td>" in maria_row()
    assert f"<td>{figure(one[maria.review_subject_id].average)}</td>" in maria_row()
