"""The demo's conversations: a trainee and her mentor with news for him, an open question to
the program office nobody has taken yet, and a closed one."""

from __future__ import annotations

from sqlalchemy import select

from lms.demo.people import cast
from lms.messages import queries
from lms.messages.models import Conversation, ConversationKind, ConversationStatus


def test_the_demo_has_conversations_with_unread_messages(db, seeded):
    conversations = db.scalars(select(Conversation).order_by(Conversation.id)).all()
    kinds = [(c.kind, c.status, c.assignee_id) for c in conversations]
    assert kinds == [(ConversationKind.MENTOR, ConversationStatus.OPEN, None),
                     (ConversationKind.OFFICE, ConversationStatus.OPEN, None),
                     (ConversationKind.OFFICE, ConversationStatus.CLOSED, None)]
    with_mentor = conversations[0]
    [mentor] = queries.current_mentor_users(db, with_mentor.trainee_enrollment_id)
    assert queries.unread_conversations(db, mentor).total == 1
    assert queries.office_counts(db) == queries.OfficeCounts(waiting=1, unassigned=1)
    assert queries.unread_conversations(db, conversations[2].owner).total == 1
    assert cast(db).officer
