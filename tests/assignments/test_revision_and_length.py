"""The trainee's editor: a revision starts from the returned text under the feedback, and an
answer far from the asked length is handed in only after the trainee confirms it."""

from __future__ import annotations

from sqlalchemy import select

from lms.assignments.models import Submission, SubmissionStatus
from tests.assignments.test_views import as_user, send, work_url
from tests.conftest import post


def _return_for_revision(client, db, year, text, feedback):
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": text, "action": "submit"})
    submission = db.scalar(select(Submission))
    as_user(client, "mentor@example.org")
    url = f"/submissions/{submission.id}/grade"
    response = post(client, url, {"version": "0", "criterion-0": "2", "criterion-1": "3",
                                  "feedback": feedback, "outcome": "returned"}, token_from=url)
    assert response.status_code == 302
    as_user(client, "amihan@example.org")


def test_a_revision_starts_from_the_returned_text_under_the_feedback(client, db, year):
    _return_for_revision(client, db, year, "The day centre had *twelve* users.",
                         "Say what **you** noticed.")
    page = client.get(work_url(year)).get_data(as_text=True)
    feedback = page.index("Feedback on attempt 1")
    editor = page.index('name="text"')
    assert feedback < page.index("<strong>you</strong>") < editor
    assert "starts from the text you handed in as attempt 1" in page
    textarea = page[editor:page.index("</textarea>", editor)]
    assert "The day centre had *twelve* users." in textarea
    assert 'name="attempt" type="hidden" value="2"' in page

    # Once a draft of the revision exists, the editor holds the draft and no longer says so.
    assert send(client, work_url(year), {"attempt": "2", "text": "I noticed the quiet room.",
                                         "action": "save"}).status_code == 302
    page = client.get(work_url(year)).get_data(as_text=True)
    editor = page.index('name="text"')
    assert "I noticed the quiet room." in page[editor:page.index("</textarea>", editor)]
    assert "starts from the text you handed in" not in page
    assert page.index("Feedback on attempt 1") < editor


def test_a_first_attempt_starts_empty_without_feedback(client, db, year):
    as_user(client, "amihan@example.org")
    page = client.get(work_url(year)).get_data(as_text=True)
    editor = page.index('name="text"')
    textarea = page[editor:page.index("</textarea>", editor)]
    assert textarea[textarea.index(">") + 1:].strip() == ""
    assert "Feedback on attempt" not in page


def _asks_for_words(db, year, least=5, most=10):
    item = year["items"]["visit-note"]
    item.length_unit, item.length_min, item.length_max = "words", least, most
    db.commit()


def test_the_editor_and_the_preview_show_the_count(client, db, year):
    _asks_for_words(db, year)
    as_user(client, "amihan@example.org")
    page = client.get(work_url(year)).get_data(as_text=True)
    assert "Your answer has 0 words.</span> This assignment asks for 5–10 words." in page
    assert 'data-length-other="Your answer has 1000003 words."' in page
    assert "lms/length.js" in page
    preview = send(client, work_url(year), {"text": "- one two **three**", "action": "preview"})
    assert "Your answer has 3 words." in preview.get_data(as_text=True)
    # Outside the range, the words say so (the script shows or hides them as one types).
    assert 'length-outside"' in page and \
        '<strong class="length-note" data-length-note>Outside the length asked.' in page
    inside = send(client, work_url(year), {"text": "one two three four five",
                                           "action": "preview"}).get_data(as_text=True)
    assert 'length-outside"' not in inside and "data-length-note hidden>" in inside


def test_an_answer_outside_the_range_is_handed_in_only_after_confirming(client, db, year):
    _asks_for_words(db, year)
    as_user(client, "amihan@example.org")
    asked = send(client, work_url(year), {"text": "Too short.", "action": "submit"})
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert "Hand in at this length?" in page and 'name="confirm_length"' in page
    assert "Your answer has 2 words. This assignment asks for 5–10 words." in page
    draft = db.scalar(select(Submission))
    assert draft.status == SubmissionStatus.DRAFT and draft.text == "Too short."

    handed_in = send(client, work_url(year), {"text": "Too short.", "action": "submit",
                                               "confirm_length": "y"})
    assert handed_in.status_code == 302
    db.refresh(draft)
    assert draft.status == SubmissionStatus.SUBMITTED


def test_an_answer_within_the_range_is_handed_in_at_once(client, db, year):
    _asks_for_words(db, year)
    as_user(client, "amihan@example.org")
    response = send(client, work_url(year), {"text": "one two three four five six",
                                             "action": "submit"})
    assert response.status_code == 302
    assert db.scalar(select(Submission.status)) == SubmissionStatus.SUBMITTED
