"""The selection reviews outstanding per call, which the staff's home shows, are kept by every
service that changes them, and the migration's count of existing rows agrees with them."""

from __future__ import annotations

from lms.admissions import applying, selection
from lms.admissions.models import ApplicationStatus as S
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation
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
