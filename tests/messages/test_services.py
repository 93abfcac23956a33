from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import Role
from lms.accounts.services import create_user
from lms.errors import NotAllowed, ServiceError
from lms.messages import export, queries, services
from lms.messages.models import ConversationStatus, Message
from lms.notifications.models import Notification
from lms.programs import services as program_services
from tests.admissions.conftest import PDF
from tests.conftest import PASSWORD


def _mentor_conversation(db, year, text="Hello, I have a question."):
    trainee = year["trainee"]
    conversation = services.mentor_conversation(db, trainee.user, trainee)
    services.send(db, trainee.user, conversation, text)
    db.flush()
    return conversation


def test_a_trainee_and_her_mentor_write_to_each_other_and_are_told(db, year):
    conversation = _mentor_conversation(db, year)
    mentor = year["mentor"].user
    assert queries.unread_conversations(db, mentor).total == 1
    told = db.scalars(select(Notification).where(Notification.user_id == mentor.id,
                                                  Notification.kind == "message")).all()
    assert len(told) == 1
    services.send(db, mentor, conversation, "Of course.")
    assert queries.unread_conversations(db, year["trainee"].user).total == 1
    # Answering means having read what came before, and one's own message is never new.
    assert queries.unread_conversations(db, mentor).total == 0
    services.send(db, year["trainee"].user, conversation, "Thank you!")
    assert queries.unread_conversations(db, mentor).total == 1
    services.mark_read(db, mentor, conversation)
    assert queries.unread_conversations(db, mentor).total == 0
    # One conversation per trainee, however it is reached.
    assert services.mentor_conversation(db, mentor, year["trainee"]).id == conversation.id


def test_each_conversation_counts_what_is_new_since_its_own_read_marker(db, year):
    """Two conversations read to different points: each counts from its own marker, not from
    another conversation's."""
    trainee, mentor, staff = year["trainee"].user, year["mentor"].user, year["staff"]
    with_mentor = _mentor_conversation(db, year, "First to my mentor.")
    services.send(db, mentor, with_mentor, "Answer one.")
    services.send(db, mentor, with_mentor, "Answer two.")
    office = services.start_office_conversation(db, trainee, "Train pass", "How do I get one?")
    services.assign(db, staff, office, staff)
    services.send(db, staff, office, "At the station.")
    services.mark_read(db, trainee, office)
    db.flush()
    unread = {listed.conversation.id: listed.unread
              for listed in queries.unread_conversations(db, trainee).listed}
    assert unread == {with_mentor.id: 2}


def test_a_mentor_whose_mentorship_ended_loses_the_conversation_at_once(db, year):
    conversation = _mentor_conversation(db, year)
    mentor = year["mentor"].user
    program_services.unassign_mentor(db, year["staff"], year["mentorship"])
    db.flush()
    assert queries.conversation_for(db, mentor, conversation.id) is None
    with pytest.raises(NotAllowed):
        services.send(db, mentor, conversation, "Still here?")
    assert queries.unread_conversations(db, mentor).total == 0
    # And the trainee, now without a mentor, is told to write to the office instead.
    with pytest.raises(ServiceError):
        services.send(db, year["trainee"].user, conversation, "Hello?")


@pytest.mark.parametrize("who", ["other_mentor", "outsider", "classmate"])
def test_nobody_else_reads_or_starts_a_trainees_conversation(db, year, who):
    conversation = _mentor_conversation(db, year)
    stranger = year[who].user
    assert queries.conversation_for(db, stranger, conversation.id) is None
    with pytest.raises(NotAllowed):
        services.send(db, stranger, conversation, "Hi")
    with pytest.raises(NotAllowed):
        services.mentor_conversation(db, stranger, year["trainee"])
    # Staff read office conversations only.
    assert queries.conversation_for(db, year["staff"], conversation.id) is None


def test_the_office_inbox_assign_answer_close_and_a_new_question_reopens(db, year):
    trainee = year["trainee"].user
    staff = year["staff"]
    colleague = create_user(db, "colleague@example.org", "Colleague", PASSWORD, [Role.STAFF])
    conversation = services.start_office_conversation(db, trainee, "My visa", "When?")
    assert queries.office_counts(db) == queries.OfficeCounts(waiting=1, unassigned=1)
    with pytest.raises(ServiceError):
        services.assign(db, staff, conversation, year["mentor"].user)  # not staff
    services.assign(db, staff, conversation, colleague)
    assert queries.office_counts(db) == queries.OfficeCounts(waiting=1, unassigned=0)
    assert db.scalar(select(Notification).where(Notification.user_id == colleague.id))
    services.send(db, colleague, conversation, "Next week.")
    assert queries.office_counts(db).waiting == 0
    services.close(db, colleague, conversation)
    assert conversation.status == ConversationStatus.CLOSED
    assert queries.office_counts(db) == queries.OfficeCounts(0, 0)
    services.send(db, trainee, conversation, "One more thing.")
    assert conversation.status == ConversationStatus.OPEN
    assert queries.office_counts(db).waiting == 1
    # Only staff handle the inbox; nobody else reads someone's office conversation.
    for person in (trainee, year["mentor"].user, year["classmate"].user):
        with pytest.raises(NotAllowed):
            services.close(db, person, conversation)
    assert queries.conversation_for(db, year["classmate"].user, conversation.id) is None
    assert queries.conversation_for(db, staff, conversation.id) is not None


def test_inbox_filters(db, year):
    staff = year["staff"]
    mine = services.start_office_conversation(db, year["trainee"].user, "A", "a")
    services.start_office_conversation(db, year["classmate"].user, "B", "b")
    closed = services.start_office_conversation(db, year["outsider"].user, "C", "c")
    services.assign(db, staff, mine, staff)
    services.close(db, staff, closed)

    def subjects(**filters):
        page = queries.office_inbox(db, staff, queries.InboxFilters(**filters), 1)
        return sorted(listed.conversation.subject for listed in page.items)

    assert subjects() == ["A", "B"]
    assert subjects(who="mine") == ["A"]
    assert subjects(who="unassigned") == ["B"]
    assert subjects(status=ConversationStatus.CLOSED) == ["C"]
    assert subjects(status=None) == ["A", "B", "C"]
    assert queries.office_inbox(db, year["trainee"].user, queries.InboxFilters(), 1).items == []


def test_a_sender_withdraws_within_ten_minutes_and_the_text_and_files_go(db, year):
    trainee = year["trainee"].user
    conversation = services.mentor_conversation(db, trainee, year["trainee"])
    message = services.send(db, trainee, conversation, "Oops, wrong text",
                            [services.Upload("scan.pdf", io.BytesIO(PDF))])
    db.flush()
    with pytest.raises(NotAllowed):
        services.withdraw(db, year["mentor"].user, message)
    services.withdraw(db, trainee, message)
    db.flush()
    db.refresh(message)
    assert message.withdrawn_at is not None and message.body == "" and not message.attachments
    late = services.send(db, trainee, conversation, "Meant it")
    with time_machine.travel(dt.datetime(2019, 4, 15, 3, 11, tzinfo=dt.UTC)), \
            pytest.raises(ServiceError):
        services.withdraw(db, trainee, late)


def test_attachments_are_checked_like_every_upload(db, year):
    trainee = year["trainee"].user
    conversation = services.mentor_conversation(db, trainee, year["trainee"])
    with pytest.raises(ServiceError):
        services.send(db, trainee, conversation, "",
                      [services.Upload("run.exe", io.BytesIO(b"MZ\x90\x00\x03" + b"\x00" * 60))])
    with pytest.raises(ServiceError):
        services.send(db, trainee, conversation, "   ")


def test_comments_on_a_submission_are_between_the_trainee_and_her_mentor(db, year):
    submission = year["submission"]
    trainee, mentor = year["trainee"].user, year["mentor"].user
    conversation = services.submission_conversation(db, mentor, submission)
    services.send(db, mentor, conversation, "Good start; see paragraph 2.")
    db.flush()
    comments = queries.comments_on(db, trainee, submission)
    assert [m.body for m in comments.messages] == ["Good start; see paragraph 2."]
    assert comments.may_write
    for stranger in (year["other_mentor"].user, year["outsider"].user, year["staff"]):
        assert queries.comments_on(db, stranger, submission) is None
        with pytest.raises(NotAllowed):
            services.submission_conversation(db, stranger, submission)
    with pytest.raises(NotAllowed):
        services.submission_conversation(db, year["mentor"].user, year["other_submission"])


def test_the_personal_data_part_has_messages_and_only_attachment_names(db, year):
    trainee = year["trainee"].user
    conversation = services.mentor_conversation(db, trainee, year["trainee"])
    services.send(db, trainee, conversation, "With a file",
                  [services.Upload("scan.pdf", io.BytesIO(PDF))])
    services.start_office_conversation(db, year["classmate"].user, "Not hers", "x")
    db.flush()
    part = export.part(db, trainee)["messages"]
    assert [c["kind"] for c in part["conversations"]] == ["mentor"]
    [message] = part["conversations"][0]["messages"]
    assert message["attachments"] == ["scan.pdf"] and message["from"] == "you"
    # The mentor, once the mentorship ended, keeps only what she wrote.
    mentor = year["mentor"].user
    services.send(db, mentor, conversation, "Reply")
    program_services.unassign_mentor(db, year["staff"], year["mentorship"])
    db.flush()
    mentor_part = export.part(db, mentor)["messages"]
    assert mentor_part["conversations"] == []
    assert [m["text"] for m in mentor_part["written_elsewhere"]] == ["Reply"]


def test_home_sections_count_without_growing_with_data(app, db, year, count_queries):
    from lms import homepage
    from lms.messages import home_sections

    staff = year["staff"]
    for number in range(2):
        services.start_office_conversation(db, year["trainee"].user, f"Q{number}", "?")
    _mentor_conversation(db, year)
    db.flush()
    # In a request, as on the home: the sections write their links.
    with app.test_request_context(), count_queries() as few:
        homepage.made(db, home_sections.sections(db, staff))
        homepage.made(db, home_sections.sections(db, year["mentor"].user))
    for number in range(4):
        services.start_office_conversation(db, year["classmate"].user, f"R{number}", "?")
        services.send(db, year["trainee"].user, queries.by_key(
            db, f"mentor:{year['trainee'].id}"), f"more {number}")
    db.flush()
    with app.test_request_context(), count_queries() as more:
        staff_sections = homepage.made(db, home_sections.sections(db, staff))
        mentor_sections = homepage.made(db, home_sections.sections(db, year["mentor"].user))
    assert more.count == few.count == 3
    assert staff_sections[1].context["counts"] == queries.OfficeCounts(6, 6)
    assert mentor_sections[0].count == 1
    assert mentor_sections[0].context["unread"].listed[0].unread == 5
    assert db.scalar(select(Message.id).limit(1))
