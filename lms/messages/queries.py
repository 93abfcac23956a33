"""Who may read which conversation, and the read models of the messages pages.

Every conversation is loaded through :func:`readable`, so a guessed id of someone else's
conversation finds nothing (404). Mentors' access is the current mentorship, asked as a
subquery: it adds no query to a page and ends the moment the mentorship does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, joinedload, selectinload

from lms.accounts.models import User
from lms.assignments.models import Submission, SubmissionStatus
from lms.clock import utcnow
from lms.db import prebuilt
from lms.homepage import line
from lms.messages.models import (
    WITHDRAW_WITHIN,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Message,
    MessageAttachment,
    ReadMarker,
)
from lms.pagination import Page, paginate
from lms.prepared import prebuilt_rows
from lms.programs.models import Enrollment, EnrollmentRole
from lms.programs.queries import current_mentorships
from lms.security import is_staff

WITH_MENTORS = (ConversationKind.MENTOR, ConversationKind.SUBMISSION)


def taking_part(user: User) -> ColumnElement[bool]:
    """The conversations ``user`` is a side of: their own, those of the trainees they mentor
    now, and (staff) the office conversations assigned to them."""
    return _taking_part(user.id, staff=is_staff(user))


def _taking_part(user_id: Any, *, staff: bool) -> ColumnElement[bool]:
    # Her mentorship of each conversation's trainee, asked on its index as the conversations
    # are read, rather than a list of every trainee she follows made first (a mentor of
    # 10,000 trainees made it at every home for a handful of conversations).
    clauses = [Conversation.owner_id == user_id,
               and_(Conversation.kind.in_(WITH_MENTORS),
                    current_mentorships("trainee", mentor_user_id=user_id,
                                        trainee_enrollment_id=Conversation.trainee_enrollment_id)
                    .exists())]
    if staff:
        clauses.append(and_(Conversation.kind == ConversationKind.OFFICE,
                            Conversation.assignee_id == user_id))
    return or_(*clauses)


def readable(user: User) -> ColumnElement[bool]:
    """What ``user`` may read and answer: what they take part in, and for staff every office
    conversation (the shared inbox)."""
    if is_staff(user):
        return or_(taking_part(user), Conversation.kind == ConversationKind.OFFICE)
    return taking_part(user)


def conversation_for(db_session: Session, user: User, conversation_id: int) -> Conversation | None:
    return db_session.scalar(select(Conversation).where(
        Conversation.id == conversation_id, readable(user)))


def may_read(db_session: Session, user: User, conversation: Conversation) -> bool:
    return conversation_for(db_session, user, conversation.id) is not None


def has_current_mentor(db_session: Session, trainee_enrollment_id: int) -> bool:
    return db_session.scalar(current_mentorships(
        "mentor_user", trainee_enrollment_id=trainee_enrollment_id).limit(1)) is not None


def current_mentor_users(db_session: Session, trainee_enrollment_id: int) -> list[User]:
    return list(db_session.scalars(select(User).where(
        User.id.in_(current_mentorships("mentor_user",
                                        trainee_enrollment_id=trainee_enrollment_id)),
        User.is_active.is_(True)).order_by(User.display_name)))


def _mentored(user: User, enrollment_id: Any) -> Any:
    """``user`` mentors the trainee of ``enrollment_id`` now, asked of that one mentorship on
    its index: an IN list would be made of every trainee they follow first."""
    return current_mentorships("trainee", mentor_user_id=user.id,
                               trainee_enrollment_id=enrollment_id).exists()


def trainee_enrollment_for(db_session: Session, user: User,
                           enrollment_id: int) -> Enrollment | None:
    """A trainee enrollment that is ``user``'s own or one of the trainees they mentor now."""
    return db_session.scalar(
        select(Enrollment).options(joinedload(Enrollment.user), joinedload(Enrollment.cohort))
        .where(Enrollment.id == enrollment_id, Enrollment.role == EnrollmentRole.TRAINEE,
               or_(Enrollment.user_id == user.id, _mentored(user, Enrollment.id))))


def submission_for(db_session: Session, user: User, submission_id: int) -> Submission | None:
    """A handed-in attempt of ``user``'s own or of a trainee they mentor now."""
    return db_session.scalar(
        select(Submission).join(Enrollment, Enrollment.id == Submission.enrollment_id)
        .where(Submission.id == submission_id, Submission.status != SubmissionStatus.DRAFT,
               or_(Enrollment.user_id == user.id, _mentored(user, Submission.enrollment_id))))


def by_key(db_session: Session, thread_key: str) -> Conversation | None:
    return db_session.scalar(select(Conversation).where(Conversation.thread_key == thread_key))


def message_for(db_session: Session, user: User, message_id: int) -> Message | None:
    return db_session.scalar(
        select(Message).join(Conversation, Conversation.id == Message.conversation_id)
        .where(Message.id == message_id, readable(user)))


def attachment_for(db_session: Session, user: User,
                   attachment_id: int) -> MessageAttachment | None:
    return db_session.scalar(
        select(MessageAttachment)
        .join(Message, Message.id == MessageAttachment.message_id)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(MessageAttachment.id == attachment_id, Message.withdrawn_at.is_(None),
               readable(user)))


def _read_up_to(user_id: Any) -> Any:
    # Correlated by name: nested in the count below, it would otherwise take the conversations
    # into its own FROM (PostgreSQL refuses the many rows; SQLite quietly took the first).
    return func.coalesce(select(ReadMarker.last_read_message_id).where(
        ReadMarker.conversation_id == Conversation.id, ReadMarker.user_id == user_id)
        .correlate(Conversation).scalar_subquery(), 0)


def unread_count_of(user: User) -> Any:
    """Per conversation row: the messages from others after ``user``'s read marker."""
    return _unread_count_of(user.id)


def _unread_count_of(user_id: Any) -> Any:
    return (select(func.count(Message.id))
            .where(Message.conversation_id == Conversation.id,
                   Message.id > _read_up_to(user_id),
                   or_(Message.sender_id.is_(None), Message.sender_id != user_id))
            .correlate(Conversation).scalar_subquery())


def read_up_to(db_session: Session, user: User, conversation: Conversation) -> int:
    return db_session.scalar(select(ReadMarker.last_read_message_id).where(
        ReadMarker.conversation_id == conversation.id, ReadMarker.user_id == user.id)) or 0


@dataclass(frozen=True)
class Listed:
    conversation: Conversation
    unread: int


def _listed(rows: list[Any]) -> list[Listed]:
    return [Listed(row[0], row[1]) for row in rows]


def my_conversations(db_session: Session, user: User, number: int) -> Page[Listed]:
    statement = (select(Conversation, unread_count_of(user))
                 .where(taking_part(user)).order_by(Conversation.last_message_at.desc(),
                                                    Conversation.id.desc()))
    page = paginate(db_session, statement, number)
    return Page(_listed(page.items), page.number, page.per_page, page.total)


@dataclass(frozen=True)
class InboxFilters:
    status: ConversationStatus | None = ConversationStatus.OPEN
    #: "mine", "unassigned" or None for everyone's.
    who: str | None = None


def office_inbox(db_session: Session, user: User, filters: InboxFilters,
                 number: int) -> Page[Listed]:
    """The staff's shared inbox; those waiting for an answer first, the longest waiting
    first among them."""
    statement: Select[Any] = (
        select(Conversation, unread_count_of(user))
        .options(joinedload(Conversation.owner), joinedload(Conversation.assignee))
        .where(Conversation.kind == ConversationKind.OFFICE)
        .order_by(Conversation.waiting_for_office.desc(),
                  case((Conversation.waiting_for_office, Conversation.last_message_at))
                  .asc(), Conversation.last_message_at.desc(), Conversation.id))
    if not is_staff(user):
        statement = statement.where(false())
    if filters.status is not None:
        statement = statement.where(Conversation.status == filters.status)
    if filters.who == "mine":
        statement = statement.where(Conversation.assignee_id == user.id)
    elif filters.who == "unassigned":
        statement = statement.where(Conversation.assignee_id.is_(None))
    page = paginate(db_session, statement, number)
    return Page(_listed(page.items), page.number, page.per_page, page.total)


def thread(db_session: Session, conversation: Conversation, number: int) -> Page[Message]:
    """The conversation's messages, oldest first, a page at a time."""
    return paginate(db_session, select(Message)
                    .options(joinedload(Message.sender), selectinload(Message.attachments))
                    .where(Message.conversation_id == conversation.id)
                    .order_by(Message.id), number)


def staff_members(db_session: Session) -> list[User]:
    from lms.accounts.models import Role, RoleGrant

    return list(db_session.scalars(
        select(User).join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role.in_([Role.STAFF, Role.ADMIN]), User.is_active.is_(True))
        .distinct().order_by(User.display_name)))


# The home page ---------------------------------------------------------------------------------


class TitleParts(NamedTuple):
    """What a conversation's title (_conversation_title.html) is made of."""

    id: int
    kind: ConversationKind
    owner_id: int
    subject: str


@dataclass(frozen=True)
class UnreadListed:
    conversation: TitleParts
    unread: int


@dataclass(frozen=True)
class Unread:
    listed: list[UnreadListed]
    total: int


def unread_conversations(db_session: Session, user: User, limit: int = 10) -> Unread:
    """The conversations with news for ``user``, the longest waiting first, in one query,
    built once for staff and once for everyone else: every home asks it. Plain columns, run
    as lms.prepared.prebuilt_rows runs them: the ORM's handling of it cost several times
    what the database took to answer."""
    rows = prebuilt_rows(db_session, _unread_for_staff if is_staff(user) else _unread_for_others,
                         user_id=user.id, limit=limit)
    return Unread([UnreadListed(TitleParts(*row[:4]), row[4]) for row in rows],
                  rows[0][5] if rows else 0)


def _unread_for_staff() -> Select[Any]:
    return _unread_statement(staff=True)


def _unread_for_others() -> Select[Any]:
    return _unread_statement(staff=False)


def _unread_statement(*, staff: bool) -> Select[Any]:
    user_id = bindparam("user_id", type_=Integer())
    unread = _unread_count_of(user_id)
    return (select(Conversation.id, Conversation.kind, Conversation.owner_id,
                   Conversation.subject, unread, func.count().over())
            .where(_taking_part(user_id, staff=staff), unread > 0)
            .order_by(Conversation.last_message_at, Conversation.id)
            .limit(bindparam("limit", type_=Integer())))


@dataclass(frozen=True)
class OfficeCounts:
    waiting: int
    unassigned: int


def office_counts(db_session: Session) -> OfficeCounts:
    """Open office conversations waiting for the office's answer, and those nobody has."""
    waiting, unassigned = db_session.execute(prebuilt(_office_counts)).one()
    return OfficeCounts(int(waiting), int(unassigned))


def office_count_lines() -> list[Select[Any]]:
    """office_counts as a home section's lines (lms.homepage.line), "waiting" and
    "unassigned", for the staff's home to read with its other sections' lines."""
    counts = _office_counts().subquery()
    return [line("waiting", number=counts.c[0]).select_from(counts),
            line("unassigned", number=counts.c[1]).select_from(counts)]


def _office_counts() -> Select[Any]:
    # Built once (lms.db.prebuilt): every staff home asks it, and building it cost more than
    # answering it.
    return (select(func.coalesce(func.sum(case((Conversation.waiting_for_office, 1), else_=0)), 0),
                   func.coalesce(func.sum(case((Conversation.assignee_id.is_(None), 1),
                                               else_=0)), 0))
            .where(Conversation.kind == ConversationKind.OFFICE,
                   Conversation.status == ConversationStatus.OPEN))


# Submission comments on the work and grading pages --------------------------------------------


@dataclass(frozen=True)
class Comments:
    submission: Submission
    conversation: Conversation | None
    messages: list[Message]
    read_up_to: int
    may_write: bool
    #: Messages sent after this may still be withdrawn by their sender.
    withdraw_since: dt.datetime


def comments_on(db_session: Session, user: User, submission: Submission) -> Comments | None:
    """The comments on ``submission`` for ``user``, or None when they take no part (staff,
    a former mentor): two queries, whatever the number of comments."""
    if submission.status == SubmissionStatus.DRAFT:
        return None
    row = db_session.execute(prebuilt(_comments_statement), {
        "user_id": user.id, "submission_id": submission.id,
        "thread_key": f"submission:{submission.id}"}).first()
    if row is None:
        return None
    conversation, marker = row[1], row[2] or 0
    messages: list[Message] = []
    if conversation is not None:
        messages = list(db_session.scalars(
            select(Message).options(joinedload(Message.sender),
                                    selectinload(Message.attachments))
            .where(Message.conversation_id == conversation.id).order_by(Message.id)))
    return Comments(submission, conversation, messages, marker, may_write=bool(row[3]),
                    withdraw_since=utcnow() - WITHDRAW_WITHIN)


def _comments_statement() -> Select[Any]:
    """The submission's thread, the reader's marker in it and whether the trainee has a mentor
    now, if the reader is the trainee or her current mentor: built once an app (lms.db.prebuilt),
    as every work and grading page asks it."""
    user_id = bindparam("user_id", type_=Integer())
    return (select(Submission.id, Conversation, _read_up_to(user_id),
                   current_mentorships("mentor_user",
                                       trainee_enrollment_id=Submission.enrollment_id).exists())
            .join(Enrollment, Enrollment.id == Submission.enrollment_id)
            .outerjoin(Conversation,
                       Conversation.thread_key == bindparam("thread_key", type_=String()))
            .where(Submission.id == bindparam("submission_id", type_=Integer()), or_(
                Enrollment.user_id == user_id,
                current_mentorships("trainee", mentor_user_id=user_id,
                                    trainee_enrollment_id=Submission.enrollment_id).exists())))

