"""The journals a trainee shares with her supervisor (the course marks them with
``share_with_supervisor = true``), and the comments on them: the supervisor's, and the
trainee's replies. Who reads a placement's journals: its supervisor while it is open to them,
the trainee herself, her current mentor and staff; who writes comments: the supervisor and the
trainee."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.assignments.models import Submission, SubmissionStatus
from lms.audit import record
from lms.curriculum.content import course_content
from lms.curriculum.models import Item, ItemType
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l
from lms.notifications.services import notify
from lms.placements import supervision
from lms.placements.models import JournalComment, Placement
from lms.programs.models import Enrollment
from lms.programs.queries import current_trainees
from lms.security import is_staff
from lms.urls import external_url

#: A comment is a few paragraphs, not a report.
COMMENT_LIMIT = 3000


def readable_placement(db_session: Session, reader: User, placement_id: int
                       ) -> Placement | None:
    """The placement if ``reader`` may read its shared journals; None otherwise."""
    statement = (select(Placement).join(Enrollment, Enrollment.id == Placement.enrollment_id)
                 .options(joinedload(Placement.enrollment).joinedload(Enrollment.user),
                          joinedload(Placement.enrollment).joinedload(Enrollment.cohort),
                          joinedload(Placement.module), joinedload(Placement.facility))
                 .where(Placement.id == placement_id))
    if not is_staff(reader):
        statement = statement.where(or_(
            (Placement.supervisor_id == reader.id)
            & (Placement.ends_on >= supervision.first_open_day()),
            Enrollment.user_id == reader.id,
            Enrollment.id.in_(current_trainees(reader))))
    return db_session.scalar(statement)


def shared_items(placement: Placement) -> list[Item]:
    """The practicum's assignments the course shares with the supervisor, in order."""
    course = placement.enrollment.cohort.course
    if course is None:
        return []
    return [item for item in course_content(course).items
            if item.module_id == placement.module_id and item.type == ItemType.ASSIGNMENT
            and item.share_with_supervisor]


def latest_handed_in(db_session: Session, placement: Placement,
                     item: Item) -> Submission | None:
    """Her latest attempt handed in (a draft is hers alone)."""
    return db_session.scalar(
        select(Submission).where(Submission.enrollment_id == placement.enrollment_id,
                                 Submission.item_id == item.id,
                                 Submission.status != SubmissionStatus.DRAFT)
        .order_by(Submission.attempt.desc()).limit(1))


def handed_in_by_item(db_session: Session, placement: Placement,
                      items: list[Item]) -> dict[int, Submission]:
    """Her latest handed-in attempt at each of ``items``, by item id (one query)."""
    found: dict[int, Submission] = {}
    for submission in db_session.scalars(
            select(Submission).where(Submission.enrollment_id == placement.enrollment_id,
                                     Submission.item_id.in_([item.id for item in items]),
                                     Submission.status != SubmissionStatus.DRAFT)
            .order_by(Submission.attempt)):
        found[submission.item_id] = submission
    return found


def comments_on(db_session: Session, placement: Placement,
                submission: Submission) -> list[JournalComment]:
    return list(db_session.scalars(
        select(JournalComment).options(joinedload(JournalComment.author))
        .where(JournalComment.placement_id == placement.id,
               JournalComment.submission_id == submission.id)
        .order_by(JournalComment.created_at, JournalComment.id)))


def may_comment(db_session: Session, person: User, placement: Placement) -> bool:
    """Her supervisor (while the placement is open to them) and she herself comment."""
    return placement.enrollment.user_id == person.id or supervision.supervised_placement(
        db_session, person, placement.id) is not None


def comment(db_session: Session, author: User, placement: Placement, submission: Submission,
            body: str) -> JournalComment:
    """The supervisor's comment on her journal, or her reply; the other is told."""
    trainee = placement.enrollment.user
    if not may_comment(db_session, author, placement):
        raise NotAllowed(_l("Only the supervisor and the trainee comment on her journals."))
    is_supervisor = author.id != trainee.id
    if submission.enrollment_id != placement.enrollment_id \
            or submission.status == SubmissionStatus.DRAFT \
            or not any(item.id == submission.item_id for item in shared_items(placement)):
        raise NotAllowed(_l("This journal is not shared with the supervisor."))
    text = body.strip()
    if not text:
        raise ServiceError(_l("Write the comment."), "body")
    if len(text) > COMMENT_LIMIT:
        raise ServiceError(_l("Keep the comment under %(limit)d characters.",
                              limit=COMMENT_LIMIT), "body")
    written = JournalComment(placement_id=placement.id, submission_id=submission.id,
                             author_id=author.id, body=text)
    db_session.add(written)
    db_session.flush()
    record(db_session, author, "placements.journal_commented", written,
           after={"submission_id": submission.id})
    reader = trainee if is_supervisor else placement.supervisor
    if reader is not None:
        link = external_url("lms.placements.journal", placement_id=placement.id,
                            slug=submission.item.slug)
        notify(db_session, reader, "journal_comment",
               _l("A comment on %(title)s", title=submission.item.title),
               "lms/placements/mail/journal_comment.txt", link=link, author=author,
               item=submission.item)
    return written
