"""Writing messages, and the office's handling of its inbox. Every function takes the acting
person and checks what they may do; they flush and never commit.

Rights: a conversation is read and answered by those :func:`queries.readable` finds it for.
A trainee writes to their mentors only while they have a current one (else nobody would
read it); the office's conversations are handled (assigned, closed, reopened) by staff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit, uploads
from lms.accounts.models import User
from lms.assignments.models import Submission
from lms.clock import utcnow
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l
from lms.messages import queries
from lms.messages.models import (
    WITHDRAW_WITHIN,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Message,
    MessageAttachment,
    ReadMarker,
)
from lms.notifications.services import notify
from lms.programs.models import Enrollment
from lms.security import is_staff, require_staff
from lms.urls import external_url

MAIL_TEMPLATE = "lms/messages/mail/message.txt"
MAX_FILES = 5


@dataclass(frozen=True)
class Upload:
    filename: str
    stream: IO[bytes]


def _not_yours() -> NotAllowed:
    return NotAllowed(_l("Only the people in this conversation can read or write in it."))


def _check_reads(db_session: Session, actor: User, conversation: Conversation) -> None:
    if conversation.id is not None and not queries.may_read(db_session, actor, conversation):
        raise _not_yours()


def _check_writes(db_session: Session, actor: User, conversation: Conversation) -> None:
    _check_reads(db_session, actor, conversation)
    if (conversation.kind in queries.WITH_MENTORS and conversation.owner_id == actor.id
            and not queries.has_current_mentor(db_session, conversation.trainee_enrollment_id)):
        raise ServiceError(_l("You have no mentor at the moment, so nobody would read this. "
                              "Write to the program office instead."), field="body")


# Starting conversations ----------------------------------------------------------------------


def start_office_conversation(db_session: Session, actor: User, subject: str, body: str,
                              files: Sequence[Upload] = ()) -> Conversation:
    """Anyone signed in asks the program office something: a conversation of its own."""
    subject = subject.strip()
    if not subject:
        raise ServiceError(_l("Say in a few words what it is about."), field="subject")
    conversation = Conversation(kind=ConversationKind.OFFICE, owner_id=actor.id,
                                subject=subject[:200])
    db_session.add(conversation)
    db_session.flush()
    send(db_session, actor, conversation, body, files)
    return conversation


def mentor_conversation(db_session: Session, actor: User, trainee: Enrollment) -> Conversation:
    """The one conversation of ``trainee`` with their current mentors, started if need be by
    the trainee or one of those mentors."""
    if queries.trainee_enrollment_for(db_session, actor, trainee.id) is None:
        raise _not_yours()
    return _keyed(db_session, f"mentor:{trainee.id}", lambda: Conversation(
        kind=ConversationKind.MENTOR, owner_id=trainee.user_id,
        trainee_enrollment_id=trainee.id, subject=trainee.user.display_name[:200]))


def submission_conversation(db_session: Session, actor: User,
                            submission: Submission) -> Conversation:
    """The comments on one handed-in attempt, between its trainee and their current mentors."""
    if queries.submission_for(db_session, actor, submission.id) is None:
        raise _not_yours()
    enrollment = submission.enrollment
    return _keyed(db_session, f"submission:{submission.id}", lambda: Conversation(
        kind=ConversationKind.SUBMISSION, owner_id=enrollment.user_id,
        trainee_enrollment_id=enrollment.id, submission_id=submission.id,
        subject=submission.item.title[:200]))


def _keyed(db_session: Session, thread_key: str, new: Any) -> Conversation:
    existing = queries.by_key(db_session, thread_key)
    if existing is not None:
        return existing
    conversation: Conversation = new()
    conversation.thread_key = thread_key
    try:
        with db_session.begin_nested():
            db_session.add(conversation)
    except IntegrityError:  # a simultaneous first message started it
        return db_session.scalars(select(Conversation).where(
            Conversation.thread_key == thread_key)).one()
    return conversation


# Messages ---------------------------------------------------------------------------------------


def send(db_session: Session, actor: User, conversation: Conversation, body: str,
         files: Sequence[Upload] = ()) -> Message:
    _check_writes(db_session, actor, conversation)
    files = [upload for upload in files if upload.filename]
    if not body.strip() and not files:
        raise ServiceError(_l("Write a message or attach a file."), field="body")
    if len(files) > MAX_FILES:
        raise ServiceError(_l("Attach at most %(count)d files to one message.",
                              count=MAX_FILES), field="files")
    now = utcnow()
    message = Message(conversation_id=conversation.id, sender_id=actor.id, body=body,
                      created_at=now)
    db_session.add(message)
    db_session.flush()
    for upload in files:
        stored = uploads.store(db_session, upload.stream)
        # Only the last part of whatever name the browser sent, and only for showing.
        shown_name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
        db_session.add(MessageAttachment(
            message_id=message.id, original_name=shown_name or "file",
            stored_name=stored.stored_name, content_type=stored.content_type,
            size=stored.size, sha256=stored.sha256))
    conversation.last_message_at = now
    if conversation.kind == ConversationKind.OFFICE:
        from_the_person = actor.id == conversation.owner_id
        conversation.waiting_for_office = from_the_person
        if from_the_person:
            conversation.status = ConversationStatus.OPEN
    db_session.flush()
    _mark_read(db_session, actor, conversation, message.id)
    _tell_the_other_side(db_session, actor, conversation)
    return message


def _tell_the_other_side(db_session: Session, sender: User, conversation: Conversation) -> None:
    link = external_url("lms.messages.conversation", conversation_id=conversation.id)
    if conversation.kind == ConversationKind.OFFICE:
        if sender.id != conversation.owner_id:
            recipients = [conversation.owner]
            subject = _l("The program office answered: %(subject)s",
                         subject=conversation.subject)
        else:
            # An unassigned question waits in the inbox and on every staff home page.
            recipients = [conversation.assignee] if conversation.assignee else []
            subject = _l("%(name)s wrote to the program office: %(subject)s",
                         name=sender.display_name, subject=conversation.subject)
    else:
        if sender.id == conversation.owner_id:
            recipients = queries.current_mentor_users(db_session,
                                                      conversation.trainee_enrollment_id)
        else:
            recipients = [conversation.owner]
        subject = (_l("A message from %(name)s", name=sender.display_name)
                   if conversation.kind == ConversationKind.MENTOR else
                   _l("A comment from %(name)s on %(title)s", name=sender.display_name,
                      title=conversation.subject))
    for recipient in recipients:
        if recipient.is_active and recipient.id != sender.id:
            notify(db_session, recipient, "message", subject, MAIL_TEMPLATE, link=link,
                   sender=sender, conversation=conversation)


def withdraw(db_session: Session, actor: User, message: Message) -> None:
    """The sender takes a message back soon after sending: its text and files go, and the
    other side sees that a message was withdrawn."""
    _check_reads(db_session, actor, message.conversation)
    if message.sender_id != actor.id:
        raise NotAllowed(_l("Only its sender can withdraw a message."))
    if message.withdrawn_at is not None:
        return
    if utcnow() > message.created_at + WITHDRAW_WITHIN:
        raise ServiceError(_l("A message can be withdrawn only within %(minutes)d minutes of "
                              "sending it.",
                              minutes=int(WITHDRAW_WITHIN.total_seconds() // 60)))
    message.withdrawn_at = utcnow()
    message.body = ""
    for attachment in list(message.attachments):
        uploads.remove_when_committed(db_session, attachment.stored_name)
        db_session.delete(attachment)
    db_session.flush()


def mark_read(db_session: Session, actor: User, conversation: Conversation) -> None:
    _check_reads(db_session, actor, conversation)
    last = db_session.scalar(select(func.max(Message.id)).where(
        Message.conversation_id == conversation.id))
    if last is not None:
        _mark_read(db_session, actor, conversation, last)


def _mark_read(db_session: Session, reader: User, conversation: Conversation,
               message_id: int) -> None:
    # Only forward: a page opened earlier and answered later must not unread what came since.
    moved = db_session.execute(
        update(ReadMarker)
        .where(ReadMarker.conversation_id == conversation.id, ReadMarker.user_id == reader.id,
               ReadMarker.last_read_message_id < message_id)
        .values(last_read_message_id=message_id).execution_options(synchronize_session=False))
    if moved.rowcount:
        return
    if queries.read_up_to(db_session, reader, conversation):
        return
    try:
        with db_session.begin_nested():
            db_session.add(ReadMarker(conversation_id=conversation.id, user_id=reader.id,
                                      last_read_message_id=message_id))
    except IntegrityError:  # the same person's other tab marked it at the same moment
        pass


# The office's inbox -----------------------------------------------------------------------------


def _check_office(actor: User, conversation: Conversation) -> None:
    require_staff(actor)
    if conversation.kind != ConversationKind.OFFICE:
        raise ServiceError(_l("Only conversations with the program office are handled here."))


def assign(db_session: Session, actor: User, conversation: Conversation,
           assignee: User | None) -> None:
    _check_office(actor, conversation)
    if assignee is not None and not (assignee.is_active and is_staff(assignee)):
        raise ServiceError(_l("Choose a member of the program staff."), field="assignee")
    before = conversation.assignee_id
    new = assignee.id if assignee else None
    if before == new:
        return
    conversation.assignee_id = new
    db_session.flush()
    audit.record(db_session, actor, "conversation_assigned", conversation,
                 before={"assignee": before}, after={"assignee": new})
    if assignee is not None and assignee.id != actor.id:
        notify(db_session, assignee, "message",
               _l("A question to the program office is yours: %(subject)s",
                  subject=conversation.subject), MAIL_TEMPLATE,
               link=external_url("lms.messages.conversation", conversation_id=conversation.id),
               sender=actor, conversation=conversation)


def close(db_session: Session, actor: User, conversation: Conversation) -> None:
    _set_status(db_session, actor, conversation, ConversationStatus.CLOSED)


def reopen(db_session: Session, actor: User, conversation: Conversation) -> None:
    _set_status(db_session, actor, conversation, ConversationStatus.OPEN)


def _set_status(db_session: Session, actor: User, conversation: Conversation,
                status: ConversationStatus) -> None:
    _check_office(actor, conversation)
    if conversation.status == status:
        return
    action = ("conversation_closed" if status == ConversationStatus.CLOSED
              else "conversation_reopened")
    audit.record(db_session, actor, action, conversation,
                 before={"status": conversation.status.value}, after={"status": status.value})
    conversation.status = status
    db_session.flush()
