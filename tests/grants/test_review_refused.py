"""A committee member's review refused for a blank criterion: the summary comes first on the
page (above the long application), each blank question is tied to its words, and everything the
member chose and wrote is still there."""

from __future__ import annotations

from sqlalchemy import select

from lms.reviews.models import Review
from tests.grants.test_review_views import as_user, assigned, scored, send, text  # noqa: F401
from tests.html_elements import by_id, elements, first_in_main


def test_a_refused_review_shows_its_problems_first_and_keeps_every_entry(client, db, world,
                                                                        assigned):  # noqa: F811
    url = f"/grants/reviews/{assigned['mine']}"
    as_user(client, world["member"].email)
    page = text(send(client, url, scored({"need": 4, "budget": 2}, recommendation="",
                                         comments="Strong local partner."), page=url))
    assert db.scalars(select(Review)).all() == []
    first = first_in_main(page)
    assert first.tag == "div" and "error-summary" in first.classes
    assert page.index('class="error-summary"') < page.index('id="application-heading"')
    # The summary links to each blank question, which says what is missing and is tied to it.
    assert 'href="#score-learning"' in page and 'href="#recommendation"' in page
    learning = by_id(page, "score-learning")
    assert learning.tag == "fieldset" and learning.described_by() == ["score-learning-error"]
    assert "give a score." in page[page.index('id="score-learning-error"'):][:200]
    assert all(element.attrs.get("aria-invalid") == "true" for element in elements(page)
               if element.attrs.get("name") == "score-learning")
    assert "aria-invalid" not in by_id(page, "score-need-4").attrs
    # What was chosen and written is kept.
    assert "checked" in by_id(page, "score-need-4").attrs
    assert "checked" in by_id(page, "score-budget-2").attrs
    assert "Strong local partner." in page
    assert "not saved yet: see the problems above" in page
    assert "not started" not in page
