from __future__ import annotations

import io

from sqlalchemy import select

from lms.messages import services
from lms.messages.models import Conversation, ConversationStatus
from tests.admissions.conftest import PDF
from tests.conftest import login, post


def _ask_the_office(db, year, subject="My visa"):
    conversation = services.start_office_conversation(db, year["trainee"].user, subject,
                                                      "When does it **arrive**?")
    db.commit()
    return conversation.id


def test_a_trainee_writes_to_her_mentor_who_sees_it_new_and_answers(app, client, db, year):
    trainee = year["trainee"]
    login(client, "amihan@example.org")
    page = client.get(f"/messages/mentor/{trainee.id}").get_data(as_text=True)
    assert "Tanaka Hiroko" in page
    response = post(client, f"/messages/mentor/{trainee.id}",
                    {"body": "Can we meet?", "files": [(io.BytesIO(PDF), "plan.pdf")]},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    conversation_id = db.scalar(select(Conversation.id))
    client = app.test_client()
    login(client, "mentor@example.org")
    home = client.get("/").get_data(as_text=True)
    assert "With Amihan Reyes" in home and "1 new message" in home
    page = client.get(f"/messages/{conversation_id}").get_data(as_text=True)
    assert "Can we meet?" in page and "New" in page and "plan.pdf" in page
    assert "1 new message" not in client.get("/").get_data(as_text=True)
    assert post(client, f"/messages/{conversation_id}", {"body": "Friday at 10."}
                ).status_code == 302


def test_someone_elses_conversation_is_not_found(client, db, year):
    conversation_id = _ask_the_office(db, year)
    login(client, "siriporn@example.org")
    assert client.get(f"/messages/{conversation_id}").status_code == 404
    assert post(client, f"/messages/{conversation_id}", {"body": "Hi"}).status_code == 404
    assert client.get(f"/messages/mentor/{year['trainee'].id}").status_code == 404


def test_staff_assign_answer_and_close_from_the_inbox(client, db, year):
    conversation_id = _ask_the_office(db, year)
    staff = year["staff"]
    login(client, staff.email)
    inbox = client.get("/messages/inbox?who=unassigned").get_data(as_text=True)
    assert "My visa" in inbox and "Waiting for an answer" in inbox
    home = client.get("/").get_data(as_text=True)
    assert "1 open conversation is waiting for an answer" in home
    assert post(client, f"/messages/{conversation_id}/assign",
                {"assignee": str(staff.id)}).status_code == 302
    assert post(client, f"/messages/{conversation_id}", {"body": "Next week."}).status_code == 302
    assert post(client, f"/messages/{conversation_id}/close").status_code == 302
    db.expire_all()
    conversation = db.get(Conversation, conversation_id)
    assert conversation.assignee_id == staff.id
    assert conversation.status == ConversationStatus.CLOSED
    assert "My visa" not in client.get("/messages/inbox").get_data(as_text=True)
    assert "My visa" in client.get("/messages/inbox?status=closed").get_data(as_text=True)


def test_comments_show_on_the_work_page_and_the_grading_page(app, client, db, year):
    submission = year["submission"]
    login(client, "mentor@example.org")
    assert post(client, f"/messages/submissions/{submission.id}",
                {"body": "See paragraph *two*."}).status_code == 302
    grading = client.get(f"/submissions/{submission.id}/grade").get_data(as_text=True)
    assert "Comments on attempt 1" in grading and "<em>two</em>" in grading
    client = app.test_client()
    login(client, "amihan@example.org")
    work = client.get(f"/cohorts/{year['cohort'].id}/work/visit-note").get_data(as_text=True)
    assert "See paragraph" in work
    # The other mentor's trainee's work is not hers to comment on.
    assert post(client, f"/messages/submissions/{year['other_submission'].id}",
                {"body": "Hi"}).status_code == 404


def test_staff_see_no_comments_on_the_grading_page(client, db, year):
    submission = year["submission"]
    conversation = services.submission_conversation(db, year["mentor"].user, submission)
    services.send(db, year["mentor"].user, conversation, "A private remark")
    db.commit()
    login(client, year["staff"].email)
    page = client.get(f"/submissions/{submission.id}/grade").get_data(as_text=True)
    assert "A private remark" not in page and "Comments on attempt" not in page


def test_a_withdrawn_message_shows_as_withdrawn(app, client, db, year):
    trainee = year["trainee"]
    conversation = services.mentor_conversation(db, trainee.user, trainee)
    message = services.send(db, trainee.user, conversation, "Sent too soon")
    db.commit()
    login(client, "amihan@example.org")
    assert post(client, f"/messages/sent/{message.id}/withdraw").status_code == 302
    client = app.test_client()
    login(client, "mentor@example.org")
    page = client.get(f"/messages/{conversation.id}").get_data(as_text=True)
    assert "Sent too soon" not in page and "withdrawn by its sender" in page


def test_the_conversation_page_makes_the_same_queries_however_long(client, db, year,
                                                                   count_queries):
    trainee = year["trainee"]
    conversation = services.mentor_conversation(db, trainee.user, trainee)

    def write(count):
        for number in range(count):
            services.send(db, trainee.user, conversation, f"Message {number}",
                          [services.Upload("a.pdf", io.BytesIO(PDF))])
        db.commit()

    write(2)
    login(client, "mentor@example.org")
    client.get(f"/messages/{conversation.id}")  # her read marker exists from now on
    write(2)
    with count_queries() as few:
        client.get(f"/messages/{conversation.id}")
    write(4)
    with count_queries() as more:
        client.get(f"/messages/{conversation.id}")
    assert more.count == few.count
