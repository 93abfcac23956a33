"""Assignments in a real browser: a trainee writes, attaches and hands in work, a mentor grades
it or returns it for revision, the draft saves itself (and survives a lost connection), a
double click hands in once; and every assignment page passes axe, in English and Japanese.

These tests use the conftest's second cohort, on its 36th day: the module "Long-term care"
(day 30) is open and its assignment "Visit note" (rubric: Observation 4/2/0 and Reflection
6/3/0, 10 points, due on day 40) is due in a few days. Its one trainee is followed by the
seeded mentor. The work handed in, grades and extensions are wiped before every test.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.locate import flash, html_lang, kept_drafts, path_of

pytestmark = pytest.mark.browser

ASSIGNMENT = "visit-note"
ASSIGNMENT_TITLE = "Visit note"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_NAME = "visit-note.pdf"

ANSWER = "I visited Mrs Sato at home.\n\nShe cooks for herself but no longer goes out alone."
REVISED = "I visited Mrs Sato at home with her care manager.\n\nIn the kitchen I saw old food."
FEEDBACK = "Clear observations. Say more about **why** the family asked for help."
RETURN_NOTE = "Please add what you saw in the kitchen."

AUTOSAVE_TIMEOUT = 10_000  # the page saves 3 seconds after the last key press


def button(page: Page, name: str) -> Locator:
    return page.locator("main").get_by_role("button", name=name, exact=True)


def level(where: Page | Locator, criterion: str, name: str) -> Locator:
    """A level of the rubric: a radio button in the criterion's group."""
    return where.get_by_role("group", name=criterion, exact=True).get_by_role(
        "radio", name=name, exact=True
    )


def choose_level(where: Page | Locator, criterion: str, name: str) -> None:
    level(where, criterion, name).check()


# Reading and writing the database through the app --------------------------------------------


@dataclass
class Coursework:
    """Work handed in and graded through the services (not the pages) for tests that need it
    ready, and the database read back for the checks a page cannot show."""

    app: Any
    seeded: Any
    accounts: Any

    @contextmanager
    def _db(self) -> Iterator[Any]:
        from lms.db import session

        with self.app.app_context():
            yield session

    def _user(self, db: Any, person: Any) -> Any:
        from sqlalchemy import select

        from lms.accounts.models import User

        return db.scalars(select(User).where(User.email == person.email)).one()

    def _enrollment_and_item(self, db: Any) -> tuple[Any, Any]:
        from lms.assignments import queries
        from lms.programs.models import Enrollment

        enrollment = db.get(Enrollment, self.seeded.care_enrollment_id)
        item = queries.assignment_in(db, enrollment.cohort, ASSIGNMENT)
        assert item is not None
        return enrollment, item

    def hand_in(self, text: str = ANSWER, *, attempt: int = 1, with_file: bool = False) -> int:
        """The trainee hands in ``attempt``; returns the submission's id."""
        from lms.assignments import services

        with self._db() as db:
            trainee = self._user(db, self.accounts.care_trainee)
            enrollment, item = self._enrollment_and_item(db)
            if with_file:
                services.attach(db, trainee, enrollment, item, attempt, PDF_NAME, io.BytesIO(PDF))
            submission = services.submit(db, trainee, enrollment, item, attempt, text)
            db.commit()
            return int(submission.id)

    def assess(
        self,
        submission_id: int,
        scores: dict[str, int],
        feedback: str = FEEDBACK,
        *,
        returned: bool = False,
        by: str = "mentor",
    ) -> None:
        """Grade (or return) a submission, as the mentor or as staff, from whatever version
        the grade is at now."""
        from lms.assignments import grading
        from lms.assignments.models import Submission

        with self._db() as db:
            grader = self._user(db, getattr(self.accounts, by))
            submission = db.get(Submission, submission_id)
            version = submission.grade.version if submission.grade else 0
            grading.grade(
                db, grader, submission, grading.Assessment(scores, feedback, returned), version
            )
            db.commit()

    def attempts(self) -> list[tuple[int, str]]:
        """(attempt, status) of every row of the trainee's work on the assignment."""
        from sqlalchemy import select

        from lms.assignments.models import Submission

        with self._db() as db:
            _enrollment, item = self._enrollment_and_item(db)
            rows = db.execute(
                select(Submission.attempt, Submission.status)
                .where(
                    Submission.enrollment_id == self.seeded.care_enrollment_id,
                    Submission.item_id == item.id,
                )
                .order_by(Submission.attempt)
            ).all()
            return [(attempt, str(status)) for attempt, status in rows]

    def draft_text(self) -> str | None:
        """The text of the draft as the server has it, with the browser's line breaks (forms
        send CR LF, which a textarea shows as LF) made LF again."""
        from sqlalchemy import select

        from lms.assignments.models import Submission, SubmissionStatus

        with self._db() as db:
            text = db.scalar(
                select(Submission.text).where(
                    Submission.enrollment_id == self.seeded.care_enrollment_id,
                    Submission.status == SubmissionStatus.DRAFT,
                )
            )
            return None if text is None else text.replace("\r\n", "\n")


@pytest.fixture
def coursework(server: Any, seeded: Any, accounts: Any) -> Coursework:
    return Coursework(server.app, seeded, accounts)


@pytest.fixture
def work_address(seeded: Any) -> str:
    return f"/cohorts/{seeded.care_cohort_id}/work/{ASSIGNMENT}"


@pytest.fixture
def pdf_file(tmp_path: Path) -> Path:
    path = tmp_path / PDF_NAME
    path.write_bytes(PDF)
    return path


GRADED_SCORES = {"Observation": 4, "Reflection": 3}


# The journeys ----------------------------------------------------------------------------------


def test_trainee_hands_in_and_the_mentor_grades_without_javascript(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    sign_in: Callable,
    coursework: Coursework,
    work_address: str,
    pdf_file: Path,
) -> None:
    trainee, mentor = accounts.care_trainee, accounts.mentor

    # The trainee writes an answer and saves it as a draft.
    page = new_page(java_script_enabled=False)
    sign_in(page, trainee)
    response = page.goto(work_address)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(ASSIGNMENT_TITLE)
    expect(page.get_by_text("Write a note about the visit.")).to_be_visible()
    form = page.get_by_role("region", name="Your answer")
    answer = form.get_by_role("textbox", name="Your answer")
    answer.fill(ANSWER)
    button(page, "Save draft").click()
    expect(page).to_have_url(re.compile(rf"{work_address}$"))
    expect(flash(page, "Draft saved")).to_be_visible()
    expect(answer).to_have_value(ANSWER)
    assert coursework.attempts() == [(1, "draft")]

    # A file, attached with the next save.
    form.get_by_label("Attach files").set_input_files(pdf_file)
    button(page, "Save draft").click()
    expect(flash(page, "Draft saved")).to_be_visible()
    files = form.locator(".file-list")
    expect(files.get_by_role("link", name=PDF_NAME, exact=True)).to_be_visible()
    expect(files.get_by_role("button", name=f"Remove {PDF_NAME}")).to_be_visible()
    expect(answer).to_have_value(ANSWER)

    # Handed in: the form goes, the attempt is shown with its text and file.
    button(page, "Hand in").click()
    expect(page).to_have_url(re.compile(rf"{work_address}$"))
    expect(flash(page, "Your work has been handed in.")).to_be_visible()
    handed_in = page.get_by_role("region", name="What you handed in")
    expect(handed_in.get_by_role("heading", name="Attempt 1 · submitted")).to_be_visible()
    expect(handed_in).to_contain_text("She cooks for herself but no longer goes out alone.")
    expect(handed_in.get_by_role("link", name=PDF_NAME, exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Your answer")).to_have_count(0)
    expect(button(page, "Hand in")).to_have_count(0)
    assert coursework.attempts() == [(1, "submitted")]

    # The mentor finds it under Grading, reads it, downloads the file and grades it.
    mentor_page = new_page(java_script_enabled=False)
    sign_in(mentor_page, mentor)
    mentor_page.get_by_role("navigation", name="Main").get_by_role("link", name="Grading").click()
    expect(mentor_page).to_have_url(re.compile(r"/grading$"))
    expect(mentor_page.get_by_role("heading", level=1)).to_have_text("Work to grade")
    row = mentor_page.get_by_role("table").get_by_role("row").filter(has_text=trainee.name)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=ASSIGNMENT_TITLE).click()
    expect(mentor_page).to_have_url(re.compile(r"/submissions/\d+/grade$"))
    expect(mentor_page.get_by_role("heading", level=1)).to_have_text(ASSIGNMENT_TITLE)
    the_work = mentor_page.get_by_role("region", name="The work")
    expect(the_work).to_contain_text("She cooks for herself but no longer goes out alone.")
    with mentor_page.expect_download() as download:
        the_work.get_by_role("link", name=PDF_NAME).click()
    assert download.value.suggested_filename == PDF_NAME
    assert Path(download.value.path()).read_bytes() == PDF

    grading = mentor_page.get_by_role("region", name="Grade", exact=True)
    choose_level(grading, "Observation (up to 4 points)", "4 points: Precise")
    choose_level(grading, "Reflection (up to 6 points)", "3 points: Some")
    grading.get_by_label("Feedback", exact=True).fill(FEEDBACK)
    expect(grading.get_by_label("Graded", exact=True)).to_be_checked()
    grading.get_by_role("button", name="Save the grade").click()
    expect(mentor_page).to_have_url(re.compile(r"/submissions/\d+/grade$"))
    expect(flash(mentor_page, f"Saved. {trainee.name} has been told by mail.")).to_be_visible()
    expect(mentor_page.get_by_role("heading", name="Change the grade")).to_be_visible()
    expect(level(mentor_page, "Observation (up to 4 points)", "4 points: Precise")).to_be_checked()
    expect(level(mentor_page, "Reflection (up to 6 points)", "3 points: Some")).to_be_checked()
    assert coursework.attempts() == [(1, "graded")]

    # The trainee sees the grade, criterion by criterion, and the feedback.
    page.reload()
    handed_in = page.get_by_role("region", name="What you handed in")
    expect(handed_in.get_by_role("heading", name="Attempt 1 · graded")).to_be_visible()
    assessment = handed_in.get_by_role("region", name="Assessment")
    expect(assessment).to_contain_text("Grade: 7 of 10 points")
    rubric = assessment.get_by_role("table")
    for criterion, score in (("Observation", "4 / 4 — Precise"), ("Reflection", "3 / 6 — Some")):
        rubric_row = rubric.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=criterion, exact=True)
        )
        expect(rubric_row.get_by_role("cell")).to_have_text(score)
    expect(assessment.get_by_role("heading", name="Feedback")).to_be_visible()
    expect(assessment).to_contain_text("Say more about why the family asked for help.")
    expect(assessment.locator("strong", has_text="why")).to_have_count(1)  # Markdown

    # And "Your grades" has it in the total.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Your grades"
    ).click()
    expect(page).to_have_url(re.compile(rf"/cohorts/{seeded.care_cohort_id}/grades$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your grades")
    grades_row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=ASSIGNMENT_TITLE)
    )
    expect(grades_row).to_contain_text("graded")
    expect(grades_row).to_contain_text("7 / 10")
    expect(page.get_by_text("Total: 7 of 40 points.")).to_be_visible()


def test_work_returned_for_revision_is_handed_in_again(
    new_page: Callable[..., Page],
    accounts: Any,
    sign_in: Callable,
    coursework: Coursework,
    work_address: str,
) -> None:
    trainee = accounts.care_trainee
    page = new_page(java_script_enabled=False)
    sign_in(page, trainee)
    page.goto(work_address)
    page.get_by_role("textbox", name="Your answer").fill(ANSWER)
    button(page, "Hand in").click()
    expect(flash(page, "Your work has been handed in.")).to_be_visible()

    # The mentor returns it.
    mentor_page = new_page(java_script_enabled=False)
    sign_in(mentor_page, accounts.mentor)
    mentor_page.goto("/grading")
    mentor_page.get_by_role("table").get_by_role("row").filter(has_text=trainee.name).get_by_role(
        "link", name=ASSIGNMENT_TITLE
    ).click()
    grading = mentor_page.get_by_role("region", name="Grade", exact=True)
    choose_level(grading, "Observation (up to 4 points)", "2 points: General")
    choose_level(grading, "Reflection (up to 6 points)", "0 points: Missing")
    grading.get_by_label("Feedback", exact=True).fill(RETURN_NOTE)
    grading.get_by_label("Returned for revision", exact=True).check()
    grading.get_by_role("button", name="Save the grade").click()
    expect(flash(mentor_page, "has been told by mail")).to_be_visible()
    expect(mentor_page.get_by_label("Returned for revision", exact=True)).to_be_checked()
    assert coursework.attempts() == [(1, "returned")]

    # The trainee is asked for a revised answer: the feedback first, then the editor holding
    # the returned text to work from; the returned attempt stays in view below.
    page.reload()
    revision = page.get_by_role("region", name="Your revised answer")
    expect(revision).to_be_visible()
    feedback = revision.get_by_role("region", name="Feedback on attempt 1")
    expect(feedback).to_contain_text(RETURN_NOTE)
    editor = revision.get_by_role("textbox", name="Your answer")
    expect(editor).to_have_value(ANSWER)
    assert feedback.bounding_box()["y"] < editor.bounding_box()["y"]
    expect(revision).to_contain_text("Your revision starts from the text you handed in")
    handed_in = page.get_by_role("region", name="What you handed in")
    first = handed_in.get_by_role("article").filter(
        has=page.get_by_role("heading", name="Attempt 1 · returned for revision")
    )
    expect(first.get_by_role("region", name="Assessment")).to_contain_text("Returned for revision")
    expect(first).to_contain_text(RETURN_NOTE)
    expect(first.get_by_role("table")).to_have_count(0)  # no rubric scores for returned work

    revision.get_by_role("textbox", name="Your answer").fill(REVISED)
    button(page, "Hand in").click()
    expect(flash(page, "Your work has been handed in.")).to_be_visible()
    expect(page.get_by_role("region", name="Your revised answer")).to_have_count(0)
    handed_in = page.get_by_role("region", name="What you handed in")
    expect(handed_in.get_by_role("heading", level=3)).to_have_text(
        ["Attempt 2 · submitted", "Attempt 1 · returned for revision"]
    )
    expect(handed_in.get_by_role("article").first).to_contain_text("In the kitchen I saw old food.")
    expect(handed_in.get_by_role("article").last).to_contain_text("She cooks for herself")
    assert coursework.attempts() == [(1, "returned"), (2, "submitted")]

    # The mentor's queue has the second attempt; its page shows the first one as earlier.
    mentor_page.goto("/grading")
    row = mentor_page.get_by_role("table").get_by_role("row").filter(has_text=trainee.name)
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(3)).to_have_text("2")
    row.get_by_role("link", name=ASSIGNMENT_TITLE).click()
    expect(mentor_page.get_by_role("region", name="The work")).to_contain_text(
        "In the kitchen I saw old food."
    )
    earlier = mentor_page.get_by_role("region", name="Earlier attempts")
    expect(earlier.get_by_role("heading", name="Attempt 1 · returned for revision")).to_be_visible()


def test_the_draft_saves_itself_and_survives_a_lost_connection(
    new_page: Callable[..., Page],
    accounts: Any,
    sign_in: Callable,
    coursework: Coursework,
    work_address: str,
) -> None:
    page = new_page()  # JavaScript on
    sign_in(page, accounts.care_trainee)
    page.goto(work_address)
    answer = page.get_by_role("textbox", name="Your answer")
    status = page.locator("main .autosave-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("")

    # Typing is enough: the page saves the draft and says so.
    answer.fill(ANSWER)
    expect(status).to_contain_text("Draft saved", timeout=AUTOSAVE_TIMEOUT)
    assert coursework.draft_text() == ANSWER
    page.reload()
    expect(answer).to_have_value(ANSWER)
    expect(status).to_have_text("")  # nothing to put back: the server had it all

    # The connection drops: the page says the text is not saved, but keeps it.
    autosave = f"**{work_address}/autosave"
    page.route(autosave, lambda route: route.abort())
    more = ANSWER + "\n\nHer daughter visits on Sundays."
    answer.fill(more)
    expect(status).to_contain_text("Not saved", timeout=AUTOSAVE_TIMEOUT)
    assert coursework.draft_text() == ANSWER

    # Back online, the page is reloaded: the text comes back from the browser's storage.
    page.unroute(autosave)
    page.reload()
    expect(answer).to_have_value(more)
    expect(status).to_have_text("Unsaved text kept in this browser has been put back.")


class SlowHandIn:
    """Holds back the answer to every POST of the work page for a moment, after the server
    has done the work, as a slow connection would: the trainee sees nothing happen and
    presses again. Counts the POSTs that reached the server."""

    def __init__(self, wsgi_app: Any, path: str, seconds: float) -> None:
        self.wsgi_app = wsgi_app
        self.path = path
        self.seconds = seconds
        self.posts = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ["REQUEST_METHOD"] != "POST" or environ["PATH_INFO"] != self.path:
            return self.wsgi_app(environ, start_response)
        self.posts += 1
        response = self.wsgi_app(environ, start_response)
        time.sleep(self.seconds)
        return response


@pytest.fixture
def slow_hand_in(server: Any, work_address: str) -> Iterator[SlowHandIn]:
    app = server.app
    original = app.wsgi_app
    slow = SlowHandIn(original, work_address, seconds=1.0)
    app.wsgi_app = slow
    try:
        yield slow
    finally:
        app.wsgi_app = original


def test_the_rubric_starts_empty_and_totals_as_the_mentor_chooses(
    new_page: Callable[..., Page],
    accounts: Any,
    sign_in: Callable,
    coursework: Coursework,
) -> None:
    submission = coursework.hand_in()
    page = new_page()
    sign_in(page, accounts.mentor)
    page.goto(f"/submissions/{submission}/grade")
    grading = page.get_by_role("region", name="Grade", exact=True)
    expect(grading.get_by_role("combobox")).to_have_count(0)
    expect(grading.get_by_role("radio", checked=True)).to_have_count(1)  # "Graded" only
    expect(grading.get_by_role("radio", name="Graded", exact=True)).to_be_checked()
    total = grading.locator("output")
    expect(total).to_have_text("—")

    # Saving without a look is refused, beside each criterion, and nothing is saved.
    button(page, "Save the grade").click()
    expect(page.get_by_role("alert")).to_be_visible()
    for criterion in ("Observation (up to 4 points)", "Reflection (up to 6 points)"):
        group = page.get_by_role("group", name=criterion, exact=True)
        expect(group).to_have_accessible_description("Choose a level for this criterion.")
    assert coursework.attempts() == [(1, "submitted")]

    # The total follows the levels chosen.
    grading = page.get_by_role("region", name="Grade", exact=True)
    choose_level(grading, "Observation (up to 4 points)", "4 points: Precise")
    expect(grading.locator("output")).to_have_text("4")
    choose_level(grading, "Reflection (up to 6 points)", "3 points: Some")
    expect(grading.locator("output")).to_have_text("7")
    choose_level(grading, "Observation (up to 4 points)", "2 points: General")
    expect(grading.locator("output")).to_have_text("5")
    button(page, "Save and grade the next").click()
    expect(page).to_have_url(re.compile(r"/grading$"))
    expect(flash(page, "Nothing else is waiting for a grade.")).to_be_visible()
    assert coursework.attempts() == [(1, "graded")]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("presses", ["double-click", "again-while-waiting"])
def test_pressing_hand_in_twice_hands_in_once(
    new_page: Callable[..., Page],
    accounts: Any,
    sign_in: Callable,
    coursework: Coursework,
    work_address: str,
    slow_hand_in: SlowHandIn,
    presses: str,
    javascript: bool,
) -> None:
    page = new_page(java_script_enabled=javascript)
    sign_in(page, accounts.care_trainee)
    page.goto(work_address)
    page.get_by_role("textbox", name="Your answer").fill(ANSWER)
    hand_in = button(page, "Hand in")
    if presses == "double-click":
        hand_in.dblclick()
    else:
        # The first request reaches the server; the second press, while its answer is on
        # the way, sends the form again. The mouse, since a locator would wait for the
        # page the first press asked for.
        hand_in.scroll_into_view_if_needed()
        box = hand_in.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.click(x, y)
        page.wait_for_timeout(300)
        page.mouse.click(x, y)
    expect(flash(page, "Your work has been handed in.")).to_be_visible()
    page.wait_for_load_state("networkidle")
    handed_in = page.get_by_role("region", name="What you handed in")
    expect(handed_in.get_by_role("article")).to_have_count(1)
    expect(handed_in.get_by_role("heading", name="Attempt 1 · submitted")).to_be_visible()
    assert coursework.attempts() == [(1, "submitted")]
    if presses == "again-while-waiting":
        assert slow_hand_in.posts == 2, "the second press did not reach the server"
    else:
        assert slow_hand_in.posts in (1, 2)  # the browser may drop the second of a pair


# Accessibility ---------------------------------------------------------------------------------


@dataclass
class Prepared:
    """What a page's address needs, made before the page is opened."""

    submission: int = 0


def _handed_in(coursework: Coursework) -> Prepared:
    return Prepared(coursework.hand_in(with_file=True))


def _graded(coursework: Coursework) -> Prepared:
    submission = coursework.hand_in(with_file=True)
    coursework.assess(submission, GRADED_SCORES)
    return Prepared(submission)


def _returned(coursework: Coursework) -> Prepared:
    submission = coursework.hand_in()
    coursework.assess(submission, {"Observation": 2, "Reflection": 0}, RETURN_NOTE, returned=True)
    return Prepared(submission)


def _second_attempt(coursework: Coursework) -> Prepared:
    _returned(coursework)
    return Prepared(coursework.hand_in(REVISED, attempt=2, with_file=True))


def _preview_draft(page: Page, coursework: Coursework) -> None:
    page.locator("main textarea[name=text]").fill(FEEDBACK)
    # Found by value rather than by label, which changes with the language.
    page.locator("main button[name=action][value=preview]").click()
    expect(page.locator("main .preview strong")).to_have_text("why")


def _hand_in_nothing(page: Page, coursework: Coursework) -> None:
    page.locator("main button[name=action][value=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("main textarea[name=text]")).to_have_attribute("aria-invalid", "true")


def _grade_in_conflict(page: Page, coursework: Coursework) -> None:
    """Staff save a grade after this page was opened; then the mentor saves theirs."""
    submission = int(re.findall(r"/submissions/(\d+)/", page.url)[0])
    coursework.assess(submission, GRADED_SCORES, "Graded by staff.", by="staff")
    # The levels by value and the button by name, as their labels change with the language.
    page.locator("main input[name=criterion-0][value='4']").check()
    page.locator("main input[name=criterion-1][value='6']").check()
    page.locator("main button[name=then][value=stay]").click()
    expect(page.locator("#conflict-heading")).to_be_visible()
    expect(page.get_by_role("alert")).to_be_visible()


def _grade_without_a_look(page: Page, coursework: Coursework) -> None:
    page.locator("main button[name=then][value=stay]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("main fieldset[aria-describedby]")).to_have_count(2)


def _grant_nothing(page: Page, coursework: Coursework) -> None:
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("main [aria-invalid=true]")).to_have_count(2)


Preparation = Callable[[Coursework], Prepared]
Action = Callable[[Page, Coursework], None]

WORK = f"/cohorts/{{cohort}}/work/{ASSIGNMENT}"
A11Y_PAGES: dict[str, tuple[str, str, Preparation | None, Action | None]] = {
    # name: (who signs in, the address, what to make first, what to do on the page)
    # In the address, {cohort} is the second cohort, {submission} what was prepared.
    "work-empty": ("care_trainee", WORK, None, None),
    "work-draft-preview": ("care_trainee", WORK, None, _preview_draft),
    "work-with-errors": ("care_trainee", WORK, None, _hand_in_nothing),
    "work-handed-in": ("care_trainee", WORK, _handed_in, None),
    "work-graded": ("care_trainee", WORK, _graded, None),
    "work-returned": ("care_trainee", WORK, _returned, None),
    "grading-queue": ("mentor", "/grading", _handed_in, None),
    "grading-queue-empty": ("mentor", "/grading", None, None),
    "grade": ("mentor", "/submissions/{submission}/grade", _handed_in, None),
    "grade-graded": ("mentor", "/submissions/{submission}/grade", _graded, None),
    "grade-history": ("staff", "/submissions/{submission}/grade", _graded, None),
    "grade-earlier-attempts": ("mentor", "/submissions/{submission}/grade", _second_attempt, None),
    "grade-conflict": ("mentor", "/submissions/{submission}/grade", _handed_in, _grade_in_conflict),
    "grade-with-errors": (
        "mentor",
        "/submissions/{submission}/grade",
        _handed_in,
        _grade_without_a_look,
    ),
    "extension": ("mentor", "/submissions/{submission}/extension", _handed_in, None),
    "extension-with-errors": (
        "mentor",
        "/submissions/{submission}/extension",
        _handed_in,
        _grant_nothing,
    ),
    "gradebook-staff": ("staff", "/cohorts/{cohort}/gradebook", _graded, None),
    "gradebook-mentor": ("mentor", "/cohorts/{cohort}/gradebook", _graded, None),
    "my-grades": ("care_trainee", "/cohorts/{cohort}/grades", _graded, None),
    "trainee-grades": ("mentor", "/cohorts/{cohort}/trainees/{trainee}/grades", _graded, None),
    "deadlines": ("staff", "/cohorts/{cohort}/deadlines", None, None),
}


@pytest.mark.parametrize("language", ["English", "日本語"])
@pytest.mark.parametrize("name", list(A11Y_PAGES))
def test_accessibility(
    new_page: Callable[..., Page],
    accounts: Any,
    seeded: Any,
    coursework: Coursework,
    sign_in: Callable,
    switch_language: Callable,
    assert_accessible: Callable,
    name: str,
    language: str,
) -> None:
    who, address, prepare, action = A11Y_PAGES[name]
    prepared = prepare(coursework) if prepare is not None else Prepared()
    address = address.format(cohort=seeded.care_cohort_id, submission=prepared.submission,
                             trainee=seeded.care_enrollment_id)
    lang = "en" if language == "English" else "ja"

    page = new_page()
    sign_in(page, getattr(accounts, who))
    response = page.goto(address)
    assert response is not None and response.status == 200
    assert path_of(page) == address
    if language != "English":
        switch_language(page, language)
        assert path_of(page) == address
    assert html_lang(page) == lang
    if action is not None:
        action(page, coursework)
        assert path_of(page) == address
        assert html_lang(page) == lang

    assert_accessible(page, f"{name} in {language}")


def test_the_browser_copy_of_a_draft_is_removed_once_handed_in(page, accounts, seeded,
                                                               sign_in):
    """On a shared computer the next person must not find the trainee's text."""
    sign_in(page, accounts.care_trainee)
    page.goto(f"/cohorts/{seeded.care_cohort_id}/work/visit-note")
    page.get_by_role("textbox", name="Your answer").fill("Kept only until handed in")
    assert kept_drafts(page) != []
    page.get_by_role("button", name="Hand in").click()
    page.wait_for_load_state()
    assert "What you handed in" in page.content()
    assert kept_drafts(page) == []
