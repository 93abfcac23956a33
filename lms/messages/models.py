"""Private conversations: a trainee with their current mentors, a person with the program
office, and comments on one attempt at an assignment.

Who takes part is not stored for mentors: it is the current mentorship (lms.programs.queries'
one rule), so a mentor whose mentorship ends stops seeing the conversation at once."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User

#: How long after sending a sender may still withdraw a message.
WITHDRAW_WITHIN = dt.timedelta(minutes=10)


class ConversationKind(enum.StrEnum):
    MENTOR = "mentor"  # a trainee and their current mentors
    OFFICE = "office"  # a person and the program office (the staff inbox)
    SUBMISSION = "submission"  # a trainee and their current mentors, on one attempt


class ConversationStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Conversation(Base):
    __tablename__ = "lms_conversations"
    __table_args__ = (
        # The staff inbox: office conversations of one status, newest activity first.
        Index("ix_lms_conversations_kind_status", "kind", "status", "last_message_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ConversationKind] = mapped_column(
        enum_type(ConversationKind, "conversation_kind"))
    #: The person whose conversation it is: the trainee, or whoever wrote to the office.
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("lms_users.id", ondelete="CASCADE"), index=True)
    #: For mentor and submission conversations: whose mentors take part.
    trainee_enrollment_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_enrollments.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("lms_submissions.id"))
    #: One mentor conversation per trainee enrollment and one per attempt, however many
    #: first messages arrive at once: "mentor:<enrollment id>", "submission:<id>"; None for
    #: the office, where each question is a conversation of its own.
    thread_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    #: What the office question is about; for the others, set from what they concern when
    #: started (the trainee's name, the assignment and attempt), so lists need no joins.
    subject: Mapped[str] = mapped_column(String(200))
    status: Mapped[ConversationStatus] = mapped_column(
        enum_type(ConversationStatus, "conversation_status"), default=ConversationStatus.OPEN)
    #: Office conversations: the staff member who answers it; None while unassigned.
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"), index=True)
    #: Office conversations: the last message came from the person, not from staff.
    waiting_for_office: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])


class Message(Base):
    """Never edited. Withdrawn by its sender soon after sending: the text and files go, the
    row stays so that the other side sees that something was withdrawn."""

    __tablename__ = "lms_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("lms_conversations.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None]

    conversation: Mapped[Conversation] = relationship()
    sender: Mapped[User | None] = relationship()
    attachments: Mapped[list[MessageAttachment]] = relationship(
        back_populates="message", order_by="MessageAttachment.id")


class MessageAttachment(Base):
    __tablename__ = "lms_message_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("lms_messages.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))

    message: Mapped[Message] = relationship(back_populates="attachments")


class ReadMarker(Base):
    """How far one person has read one conversation: every later message not theirs is new."""

    __tablename__ = "lms_message_read_markers"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("lms_conversations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("lms_users.id", ondelete="CASCADE"), primary_key=True)
    last_read_message_id: Mapped[int] = mapped_column(default=0)
