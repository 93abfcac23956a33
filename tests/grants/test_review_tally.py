"""The reviews outstanding per round, which the staff's home shows, are kept by every service
that changes them: assigning, stepping aside, submitting, and the application leaving review;
a change is on the home at once."""

from __future__ import annotations

from lms.grants import services
from lms.grants.decisions import DecisionInput, decide
from lms.grants.models import DecisionOutcome
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation
from tests.conftest import login
from tests.grants.conftest import in_review
from tests.reviews.tallies import assert_kept, kept

SCORES = {"need": 4, "learning": 3, "feasibility": 4, "budget": 3, "sustainability": 2}


def outstanding(db, world) -> tuple[int, object]:
    return kept(db).get(world["round"].review_scheme_id, (0, None))


def staff_grants(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return html[html.index('id="staff-grants-heading"'):html.index('id="staff-admissions')]


def test_each_service_keeps_the_rounds_reviews_outstanding(client, db, world):
    staff, member, member2 = world["staff"], world["member"], world["member2"]
    first = in_review(db, staff, world["alumna"], world["round"])
    second = in_review(db, staff, world["alumnus"], world["round"], title="Second project")
    assert outstanding(db, world) == (0, None)

    one = services.assign_reviewer(db, staff, first, member)
    assert outstanding(db, world) == (1, one.assigned_at)
    two = services.assign_reviewer(db, staff, first, member2)
    services.assign_reviewer(db, staff, second, member)
    assert outstanding(db, world)[0] == 3
    # Asking the same member again changes nothing.
    services.assign_reviewer(db, staff, second, member)
    assert outstanding(db, world)[0] == 3
    db.commit()
    login(client, "staff@example.org")
    assert "3 reviews not finished" in staff_grants(client)

    # A draft is not finished; a submitted review is.
    reviews.save_review(db, member, one, reviews.ReviewInput(
        dict(SCORES), None, "Half way."), submit=False)
    assert outstanding(db, world)[0] == 3
    reviews.save_review(db, member, one, reviews.ReviewInput(
        dict(SCORES), Recommendation.YES, "Strong plan."), submit=True)
    assert outstanding(db, world)[0] == 2
    reviews.declare_conflict(db, member2, two, "My former student.")
    assert outstanding(db, world)[0] == 1
    db.commit()
    assert "1 review not finished" in staff_grants(client)

    # Out of review, its reviews no longer wait.
    decide(db, staff, second, DecisionInput(DecisionOutcome.REJECTED, message="Not this year."))
    assert outstanding(db, world) == (0, None)
    assert_kept(db)
    db.commit()
    assert "Every review assigned has been finished." in staff_grants(client)


def test_more_information_takes_the_reviews_out_until_it_is_back(db, world):
    staff = world["staff"]
    application = in_review(db, staff, world["alumna"], world["round"])
    services.assign_reviewer(db, staff, application, world["member"])
    assert outstanding(db, world)[0] == 1
    decide(db, staff, application, DecisionInput(DecisionOutcome.MORE_INFORMATION,
                                                message="Which partner?"))
    # Still with the committee while the applicant answers (as the home counted before).
    assert_kept(db)
