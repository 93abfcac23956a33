"""The grading queue: each grader's own list, whatever the filter, from statements built once
an app; and a long list counted only a few pages ahead of the one shown."""

from __future__ import annotations

import re

import pytest

from lms import pagination
from lms.assignments.models import SubmissionStatus
from lms.programs import services as program_services
from tests import factories
from tests.assignments.test_views import as_user
from tests.home.conftest import hand_in

FILTERS = ["", "?status=all", "?assignment=visit-note", "?assignment=visit-note&status=all",
           "?status=graded", "?assignment=presentation&status=returned"]


def _listed(page: str) -> list[str]:
    """The trainees named on the queue's rows, in order."""
    return re.findall(r"<tr>\s*<td>[^<]*(?:<strong[^>]*>[^<]*</strong>)?</td>\s*<td>([^<]*)</td>",
                      page)


@pytest.fixture
def handed_in(db, year):
    """Each of the two mentors' trainees: a visit note waiting and a graded presentation;
    the trainee of another cohort, whom neither mentor follows, a visit note waiting."""
    items = year["items"]
    for trainee in (year["trainee"], year["classmate"], year["outsider"]):
        hand_in(db, trainee, items["visit-note"], days_ago=2)
        hand_in(db, trainee, items["presentation"], days_ago=3, status=SubmissionStatus.GRADED)
    db.commit()


@pytest.mark.parametrize("query", FILTERS)
def test_each_mentor_sees_their_own_trainees_whatever_the_filter(client, db, year, handed_in,
                                                                 query):
    expected = {
        "": ["{}"], "?status=all": ["{}", "{}"], "?assignment=visit-note": ["{}"],
        "?assignment=visit-note&status=all": ["{}"], "?status=graded": ["{}"],
        "?assignment=presentation&status=returned": []}[query]
    # Both in one app, one after the other: the statements built for the first are bound to
    # the second's values on their visit.
    for email, name in (("mentor@example.org", "Amihan Reyes"),
                        ("mentor2@example.org", "Siriporn K")):
        as_user(client, email)
        listed = _listed(client.get(f"/grading{query}").get_data(as_text=True))
        assert listed == [line.format(name) for line in expected], (email, query)


def test_staff_see_everyones_work_and_the_filters_narrow_it(client, db, year, handed_in):
    factories.staff(db)
    db.commit()
    as_user(client, "staff@example.org")
    assert sorted(_listed(client.get("/grading").get_data(as_text=True))) == [
        "Amihan Reyes", "Other", "Siriporn K"]
    assert len(_listed(client.get("/grading?status=all").get_data(as_text=True))) == 6
    assert _listed(client.get("/grading?assignment=presentation").get_data(as_text=True)) == []


def test_a_long_queue_is_counted_a_few_pages_ahead_and_every_page_is_reached(
        app, client, db, year, monkeypatch):
    """With a page of one and two pages counted ahead, five waiting submissions: page 1 says
    "more than 2"; paging on moves the count on; the last page and any after it are exact."""
    monkeypatch.setitem(app.config, "LMS_PAGE_SIZE", 1)
    monkeypatch.setattr(pagination, "PAGES_COUNTED_AHEAD", 2)
    year["cohort"].capacity = 20
    for number in range(5):
        trainee = factories.enroll(db, year["cohort"], f"t{number}@example.org",
                                   name=f"Trainee {number}")
        program_services.assign_mentor(db, factories.staff(db), year["mentor"], trainee)
        hand_in(db, trainee, year["items"]["visit-note"], days_ago=5 - number)
    db.commit()
    as_user(client, "mentor@example.org")
    pages = {number: client.get(f"/grading?page={number}").get_data(as_text=True)
             for number in (1, 2, 4, 5, 9)}
    assert "Page 1 of more than 2 (more than 2 in all)" in pages[1]
    assert 'href="/grading?page=2&amp;status=submitted"' in pages[1]
    assert "Page 2 of more than 3 (more than 3 in all)" in pages[2]
    assert "Page 4 of 5 (5 in all)" in pages[4]
    assert "Page 5 of 5 (5 in all)" in pages[5] and 'rel="next"' not in pages[5]
    assert "Page 5 of 5 (5 in all)" in pages[9]  # past the end: the last page
    assert [_listed(pages[number]) for number in (1, 2, 4, 5)] == [
        ["Trainee 0"], ["Trainee 1"], ["Trainee 3"], ["Trainee 4"]]


def test_a_short_queue_is_counted_whole(client, db, year, handed_in):
    as_user(client, "mentor@example.org")
    page = client.get("/grading?status=all").get_data(as_text=True)
    assert "more than" not in page and "Page 1 of" not in page  # one page: no pager
