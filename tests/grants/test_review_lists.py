"""A committee member's list of grant reviews: the reviews to do first, and behind a link (a
plain GET) those done or closed, so that years of past rounds never bury today's work."""

from __future__ import annotations

from sqlalchemy import select

from lms.grants import services
from lms.grants.models import ApplicationStatus
from lms.programs.models import Cohort
from lms.reviews import services as reviews
from lms.reviews import tally
from lms.reviews.models import Recommendation
from tests.grants.conftest import alumnus, in_review
from tests.grants.test_review_views import SCORES, as_user, text


def _application(db, world, number: int):
    cohort = db.scalar(select(Cohort).where(Cohort.number == 36))
    person = alumnus(db, cohort, f"h{number}@example.org", f"Alum {number}", "PH")
    application = in_review(db, world["staff"], person, world["round"],
                            title=f"Project {number}", country="PH", currency="PHP",
                            rate="2.5", lines=(100_000,))
    return application, services.assign_reviewer(db, world["staff"], application,
                                                 world["member"])


def test_to_do_first_and_the_rest_behind_a_link(client, db, world):
    _to_do, to_do = _application(db, world, 1)
    _submitted, submitted = _application(db, world, 2)
    reviews.save_review(db, world["member"], submitted,
                        reviews.ReviewInput(SCORES, Recommendation.MAYBE, ""), submit=True)
    decided, drafted = _application(db, world, 3)  # a draft left when it was decided
    reviews.save_review(db, world["member"], drafted,
                        reviews.ReviewInput({"need": 3}, None, ""), submit=False)
    decided.status = ApplicationStatus.REJECTED
    # Set past the services: what the lists read is counted again (lms.reviews.tally).
    tally.recount(db, world["round"].review_scheme_id)
    db.commit()
    as_user(client, world["member"].email)

    page = text(client.get("/grants/reviews/"))
    assert f'href="/grants/reviews/{to_do.id}"' in page
    for other in (submitted, drafted):
        assert f'href="/grants/reviews/{other.id}"' not in page
    assert '<a href="/grants/reviews/" aria-current="page">To do (1)</a>' in page
    assert '<a href="/grants/reviews/?show=history">Done or closed (2)</a>' in page

    history = text(client.get("/grants/reviews/?show=history"))
    assert f'href="/grants/reviews/{to_do.id}"' not in history
    assert history.index("Project 3") < history.index("Project 2")  # latest asked first
    assert '<a href="/grants/reviews/?show=history" aria-current="page">' in history
    assert "submitted" in history and "draft" in history


def test_nothing_done_yet_says_so(client, db, world):
    _application(db, world, 1)
    db.commit()
    as_user(client, world["member"].email)
    history = text(client.get("/grants/reviews/?show=history"))
    assert "No review of yours is done or closed yet." in history
    assert "Done or closed (0)" in history and "To do (1)" in history


def test_the_history_is_paged_with_its_filter(app, client, db, world):
    app.config["LMS_PAGE_SIZE"] = 2
    for number in range(5):
        application, _assignment = _application(db, world, number)
        application.status = ApplicationStatus.APPROVED
    tally.recount(db, world["round"].review_scheme_id)
    db.commit()
    as_user(client, world["member"].email)
    history = text(client.get("/grants/reviews/?show=history"))
    assert "Page 1 of 3 (5 in all)" in history
    assert 'href="/grants/reviews/?page=2&amp;show=history"' in history
    assert "You have no application to review." in text(client.get("/grants/reviews/"))
