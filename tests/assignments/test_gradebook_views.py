"""The gradebook by keyboard and screen reader: each score's link names its trainee and
assignment, the table is paged by trainees and shows one module's assignments at a time (the
CSV keeps them all, streamed as it is read), and a trainee who has not passed while the cohort
runs has "not yet" passed."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import event, select

from lms.accounts.models import User
from lms.assignments import gradebook_queries
from lms.assignments.gradebook_views import GRADEBOOK_TRAINEES_PER_PAGE
from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.clock import utcnow
from lms.curriculum.models import Module
from lms.programs.models import CohortStatus
from tests import factories
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


def test_a_cell_escapes_the_names_and_says_late_work_and_a_grade(client, db, year):
    """The cells are written in Python (lms.assignments.gradebook_cells), not by Jinja's
    autoescape: a trainee's name is still escaped, late work and points still shown."""
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": "My note", "action": "submit"})
    submission = db.scalar(select(Submission))
    submission.is_late = True
    db.get(User, submission.enrollment.user_id).display_name = "Ami <b>Reyes</b>"
    db.add(Grade(submission_id=submission.id, scores={"Observation": 3}, total=7))
    submission.status = SubmissionStatus.GRADED
    db.commit()
    as_user(client, "staff@example.org")
    page = _gradebook(client, year)
    assert (f'<td><a href="/submissions/{submission.id}/grade">7<span class="visually-hidden">'
            ': Ami &lt;b&gt;Reyes&lt;/b&gt;, Visit note</span></a> <span class="late">late</span>'
            "</td>") in page
    assert "<b>Reyes" not in page


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


def _presentation_in_a_later_module(db, year):
    """The test course keeps both assignments in "care"; the presentation moves to "later"
    (opening on day 200) so that the gradebook has two modules to choose from."""
    later = db.scalar(select(Module).where(Module.slug == "later"))
    year["items"]["presentation"].module_id = later.id
    db.commit()


def _columns(page):
    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col"[^>]*>([^<]*)', head)[1:-2]


def test_the_gradebook_shows_one_modules_assignments_at_a_time(client, db, year):
    _presentation_in_a_later_module(db, year)
    as_user(client, "staff@example.org")
    opened_last = _gradebook(client, year)  # day 33: "care" has opened, "later" has not
    assert _columns(opened_last) == ["Visit note"]
    assert re.search(r'<a href="[^"]*module=care" aria-current="page"', opened_last)
    assert "The total and “Passed” count the assignments of every module." in opened_last
    assert _columns(_gradebook(client, year, "?module=later")) == ["Journal, week 1",
                                                                   "Presentation"]
    everything = _gradebook(client, year, "?module=all")
    assert _columns(everything) == ["Visit note", "Journal, week 1", "Presentation"]
    assert re.search(r'<a href="[^"]*module=all" aria-current="page"', everything)
    assert "Total (of 40)" in opened_last and "Total (of 40)" in everything
    exported = client.get(f"/cohorts/{year['cohort'].id}/gradebook.csv?module=care")
    header = next(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert "Visit note" in header and "Presentation" in header  # the export stays whole


def test_a_module_filter_keeps_its_module_from_page_to_page(client, db, year):
    _presentation_in_a_later_module(db, year)
    _grow(db, year, GRADEBOOK_TRAINEES_PER_PAGE)
    as_user(client, "staff@example.org")
    assert "?page=2&amp;module=later" in _gradebook(client, year, "?module=later")
    assert _columns(_gradebook(client, year, "?module=later&page=2")) == ["Journal, week 1",
                                                                          "Presentation"]


@pytest.mark.parametrize("email", ["mentor2@example.org", "other@example.org",
                                   "amihan@example.org"])
def test_a_module_filter_opens_no_other_gradebook(client, db, year, email):
    _presentation_in_a_later_module(db, year)
    other_cohort = year["outsider"].cohort_id
    as_user(client, email)
    assert client.get(f"/cohorts/{other_cohort}/gradebook?module=care").status_code == 404
    if email == "mentor2@example.org":  # their own trainee's row only, in any module
        page = _gradebook(client, year, "?module=all")
        assert "Siriporn K" in page and "Amihan Reyes" not in page
    else:
        assert client.get(f"/cohorts/{year['cohort'].id}/gradebook?module=care"
                          ).status_code == 404


def _hand_in(db, enrollment, item, *, attempt=1, status=SubmissionStatus.SUBMITTED,
             points=None, returned=False):
    submission = Submission(enrollment_id=enrollment.id, item_id=item.id, attempt=attempt,
                            status=status, text="x",
                            submitted_at=None if status == SubmissionStatus.DRAFT
                            else utcnow())
    db.add(submission)
    db.flush()
    if points is not None:
        db.add(Grade(submission_id=submission.id, total=points, returned=returned))


def _exported_year(db, year):
    """Four trainees' latest attempts: revised after a return (and a draft begun since),
    waiting, passed (every assignment, the practicum journal too), returned."""
    note, presentation = year["items"]["visit-note"], year["items"]["presentation"]
    journal = year["items"]["journal-week-1"]
    putri = factories.enroll(db, year["cohort"], "putri@example.org", name="Putri H")
    rodel = factories.enroll(db, year["cohort"], "rodel@example.org", name="Rodel B")
    _hand_in(db, year["trainee"], note, status=SubmissionStatus.RETURNED, points=4,
             returned=True)
    _hand_in(db, year["trainee"], note, attempt=2, status=SubmissionStatus.GRADED, points=8)
    _hand_in(db, year["trainee"], note, attempt=3, status=SubmissionStatus.DRAFT)
    _hand_in(db, year["trainee"], presentation, status=SubmissionStatus.DRAFT)
    _hand_in(db, year["classmate"], note)
    _hand_in(db, year["classmate"], presentation, status=SubmissionStatus.GRADED, points=20)
    _hand_in(db, putri, note, status=SubmissionStatus.GRADED, points=6)
    _hand_in(db, putri, presentation, status=SubmissionStatus.GRADED, points=12)
    _hand_in(db, putri, journal, status=SubmissionStatus.GRADED, points=7)
    _hand_in(db, rodel, note, status=SubmissionStatus.RETURNED, points=3, returned=True)
    db.commit()


EXPORTED = [
    ["Email address", "Name", "Country", "Visit note", "Presentation", "Journal, week 1",
     "Total", "Passed"],
    ["amihan@example.org", "Amihan Reyes", "Philippines", "8", "", "", "8", "not yet"],
    ["putri@example.org", "Putri H", "Philippines", "6", "12", "7", "25", "yes"],
    ["rodel@example.org", "Rodel B", "Philippines", "returned for revision", "", "", "0",
     "not yet"],
    ["siriporn@example.org", "Siriporn K", "Philippines", "submitted", "20", "", "20",
     "not yet"],
]


@pytest.mark.parametrize("chunk", [gradebook_queries.EXPORT_CHUNK, 3])
def test_the_csv_is_streamed_from_one_query_read_in_chunks(client, db, year, monkeypatch,
                                                           app, chunk):
    _exported_year(db, year)
    monkeypatch.setattr(gradebook_queries, "EXPORT_CHUNK", chunk)
    as_user(client, "staff@example.org")
    read_in_chunks = []

    def note_chunks(_conn, _cursor, statement, _parameters, context, _many):
        if "lms_submissions" in statement:
            read_in_chunks.append(context.execution_options.get("yield_per"))

    event.listen(app.extensions["lms"].engine, "before_cursor_execute", note_chunks)
    try:
        response = client.get(f"/cohorts/{year['cohort'].id}/gradebook.csv", buffered=False)
        assert response.is_streamed
        assert read_in_chunks == []  # nothing is read before the body is sent
        body = response.get_data(as_text=True)
    finally:
        event.remove(app.extensions["lms"].engine, "before_cursor_execute", note_chunks)
    assert read_in_chunks == [chunk]  # one query for every trainee, fetched `chunk` at a time
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body.lstrip("\ufeff")))) == EXPORTED


def test_a_mentor_exports_only_their_trainees(client, db, year):
    _exported_year(db, year)
    as_user(client, "mentor@example.org")
    body = client.get(f"/cohorts/{year['cohort'].id}/gradebook.csv").get_data(as_text=True)
    assert list(csv.reader(io.StringIO(body.lstrip("\ufeff")))) == EXPORTED[:2]


def _page_rows(page):
    """Each row of a gradebook page: her name, her cells' shown words, her total, passed."""
    rows = []
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", page):
        name = re.search(r"<a [^>]*>(.*?)</a></th>", row).group(1)
        cells = re.findall(r"<td>(.*?)</td>", row)
        shown = [re.sub(r"<span.*", "", re.sub(r"^<a [^>]*>", "", cell)) for cell in cells[:-2]]
        rows.append([name, *shown, *cells[-2:]])
    return rows


def _page_and_csv(client, year):
    """The rows of the whole page, and the export's rows as a page writes them."""
    page = _gradebook(client, year, "?module=all")
    exported = list(csv.reader(io.StringIO(client.get(
        f"/cohorts/{year['cohort'].id}/gradebook.csv").get_data(as_text=True).lstrip("\ufeff"))))
    columns = [exported[0].index(title) for title in _columns(page)]
    assert len(columns) == 3
    return _page_rows(page), [[row[1], *(row[column] or "—" for column in columns), row[-2],
                               row[-1]] for row in exported[1:]]


def test_the_pages_read_her_work_as_the_csv_does(client, db, year):
    """The page writes its rows from the stored work as packed (lms.assignments.
    gradebook_cells), the export from the attempts: each cell, total and "passed" agree."""
    _exported_year(db, year)
    as_user(client, "staff@example.org")
    shown, exported = _page_and_csv(client, year)
    assert shown == exported and [row[-1] for row in shown].count("yes") == 1
    year["items"]["presentation"].required = year["items"]["journal-week-1"].required = False
    year["cohort"].course.content_version += 1
    db.commit()
    shown, exported = _page_and_csv(client, year)
    assert shown == exported and [row[-1] for row in shown].count("yes") == 2


def test_the_pages_follow_her_name_and_end_at_the_last(client, db, year):
    _grow(db, year, GRADEBOOK_TRAINEES_PER_PAGE + 5)
    as_user(client, "staff@example.org")
    names = [row[0] for row in _page_rows(_gradebook(client, year))]
    assert names[:2] == ["Amihan Reyes", "Bulk 10"] and "Siriporn K" not in names
    db.get(User, year["classmate"].user_id).display_name = "Aaliyah K"  # renamed: moves up
    db.commit()
    assert _page_rows(_gradebook(client, year))[0][0] == "Aaliyah K"
    past_the_end = _gradebook(client, year, "?page=99")
    assert "Page 2 of 2 (27 in all)" in past_the_end and len(_page_rows(past_the_end)) == 7
    assert "Bulk 9" in past_the_end and "Aaliyah K" not in past_the_end


def test_a_cohort_without_trainees_has_an_empty_gradebook(client, db, year):
    from lms.programs.models import Enrollment, EnrollmentRole

    for enrollment in db.scalars(select(Enrollment).where(
            Enrollment.cohort_id == year["cohort"].id, Enrollment.role == EnrollmentRole.TRAINEE)):
        enrollment.role = EnrollmentRole.TEACHER
    db.commit()
    as_user(client, "staff@example.org")
    for query in ("", "?page=3"):
        assert "No trainees to show." in _gradebook(client, year, query)
