"""The gradebook by keyboard and screen reader: each score's link names its trainee and
assignment, the table is paged by trainees (the CSV keeps them all), and a trainee who has not
passed while the cohort runs has "not yet" passed."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from lms.assignments.models import Submission
from lms.assignments.views import GRADEBOOK_TRAINEES_PER_PAGE
from lms.programs.models import CohortStatus
from tests.assignments.test_views import _grow, as_user, send, work_url


def _gradebook(client, year, query=""):
    return client.get(f"/cohorts/{year['cohort'].id}/gradebook{query}").get_data(as_text=True)


def test_each_score_link_names_the_trainee_and_the_assignment(client, db, year):
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": "My note", "action": "submit"})
    submission = db.scalar(select(Submission))
    as_user(client, "staff@example.org")
    page = _gradebook(client, year)
    link = re.search(rf'<a href="[^"]*/submissions/{submission.id}/grade">(.*?)</a>', page)
    assert link is not None
    assert link.group(1) == ('submitted<span class="visually-hidden">: Amihan Reyes, '
                             'Visit note</span>')
    assert 'class="data-table matrix gradebook"' in page  # its name column stays in view
    assert '<a href="#after-gradebook"' in page and 'id="after-gradebook"' in page


def test_not_passed_is_not_yet_while_the_cohort_runs_and_no_after(client, db, year):
    as_user(client, "staff@example.org")
    url = f"/cohorts/{year['cohort'].id}/gradebook.csv"
    assert "<td>not yet</td>" in _gradebook(client, year)
    assert {row[-1] for row in csv.reader(io.StringIO(
        client.get(url).get_data(as_text=True).lstrip("\ufeff")))} == {"Passed", "not yet"}
    year["cohort"].status = CohortStatus.COMPLETED
    db.commit()
    page = _gradebook(client, year)
    assert "<td>no</td>" in page and "not yet" not in page
    assert {row[-1] for row in csv.reader(io.StringIO(
        client.get(url).get_data(as_text=True).lstrip("\ufeff")))} == {"Passed", "no"}


def test_the_gradebook_is_paged_by_trainees_and_the_csv_is_whole(client, db, year):
    _grow(db, year, GRADEBOOK_TRAINEES_PER_PAGE + 5)
    everyone = GRADEBOOK_TRAINEES_PER_PAGE + 5 + 2
    as_user(client, "staff@example.org")
    first = _gradebook(client, year)
    assert first.count('<th scope="row">') == GRADEBOOK_TRAINEES_PER_PAGE
    assert f"Page 1 of 2 ({everyone} in all)" in first
    assert _gradebook(client, year, "?page=2").count('<th scope="row">') == 7
    exported = client.get(f"/cohorts/{year['cohort'].id}/gradebook.csv").get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))) == everyone + 1
