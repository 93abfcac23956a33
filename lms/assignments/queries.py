"""Read models for submission, grading and gradebook pages, each loading a fixed handful of
queries whatever the size of the cohort, and only what the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Row, Select, Subquery, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, contains_eager, joinedload

from lms.accounts.models import Role, User
from lms.assignments.language_grading import taught_work
from lms.assignments.models import Attachment, Extension, Grade, Submission, SubmissionStatus
from lms.assignments.services import due_at, next_attempt_number
from lms.curriculum.models import Item, ItemType, Module
from lms.curriculum.queries import LIST_ONLY
from lms.programs.models import Cohort, Enrollment
from lms.programs.queries import current_trainees


def _visible_enrollments(actor: User) -> Select[tuple[int]]:
    """Trainee enrollments whose work ``actor`` may see: their own, their current trainees'."""
    own = select(Enrollment.id).where(Enrollment.user_id == actor.id)
    return own.union(current_trainees(actor))


def _visible_work(actor: User) -> Any:
    """Submissions ``actor`` may see: of the trainees above, and the language-track work of the
    cohorts she teaches Japanese in."""
    return or_(Submission.enrollment_id.in_(_visible_enrollments(actor)),
               taught_work(actor.id))


def submission_for(db_session: Session, actor: User, submission_id: int) -> Submission | None:
    """The submission if ``actor`` may see it (its trainee, their mentor, staff, the teacher
    of language work), else None, so that a guessed id gives 404 and never someone else's
    work."""
    # One query: the trainee's name is shown, never her roles; her course's language marks
    # the assignment's title; a handful of attachments is joined rather than asked apart.
    statement = (select(Submission)
                 .options(joinedload(Submission.enrollment).joinedload(Enrollment.cohort)
                          .joinedload(Cohort.course),
                          joinedload(Submission.enrollment).joinedload(Enrollment.user)
                          .lazyload(User.role_grants),
                          joinedload(Submission.item).joinedload(Item.module),
                          joinedload(Submission.attachments), joinedload(Submission.grade))
                 .where(Submission.id == submission_id))
    if not actor.has_role(Role.STAFF):
        statement = statement.where(_visible_work(actor))
    return db_session.scalars(statement).unique().one_or_none()


def attachment_for(db_session: Session, actor: User, attachment_id: int) -> Attachment | None:
    statement = (select(Attachment).join(Submission, Submission.id == Attachment.submission_id)
                 .where(Attachment.id == attachment_id))
    if not actor.has_role(Role.STAFF):
        statement = statement.where(_visible_work(actor))
    return db_session.scalar(statement)


def assignment_in(db_session: Session, cohort: Cohort, slug: str) -> Item | None:
    return db_session.scalar(
        select(Item).options(joinedload(Item.module))
        .where(Item.course_id == cohort.course_id, Item.slug == slug,
               Item.type == ItemType.ASSIGNMENT, Item.archived_at.is_(None)))


def history(db_session: Session, enrollment: Enrollment, item: Item) -> list[Submission]:
    """Her attempts at ``item``, first first, with their grades and files, in one query."""
    return list(db_session.scalars(
        select(Submission)
        .options(joinedload(Submission.attachments), joinedload(Submission.grade))
        .where(Submission.enrollment_id == enrollment.id, Submission.item_id == item.id)
        .order_by(Submission.attempt)).unique())


@dataclass
class WorkPage:
    item: Item
    enrollment: Enrollment
    attempts: list[Submission]
    due_at: dt.datetime | None
    extension: Extension | None
    next_attempt: int | None

    @property
    def draft(self) -> Submission | None:
        latest = self.attempts[-1] if self.attempts else None
        return latest if latest and latest.status == SubmissionStatus.DRAFT else None

    @property
    def handed_in(self) -> list[Submission]:
        return [s for s in reversed(self.attempts) if s.status != SubmissionStatus.DRAFT]

    @property
    def returned(self) -> Submission | None:
        """The attempt returned for revision that the trainee now works from, if any: its
        feedback is what the next attempt answers."""
        earlier = [s for s in self.attempts if s.attempt < (self.next_attempt or 0)]
        latest = earlier[-1] if earlier else None
        return latest if latest and latest.status == SubmissionStatus.RETURNED else None

    @property
    def starting_text(self) -> str:
        """What the editor opens with: the draft, or else a revision starts from the returned
        attempt's text rather than from nothing."""
        if self.draft is not None:
            return self.draft.text
        return self.returned.text if self.returned is not None else ""


def work_page(db_session: Session, enrollment: Enrollment, item: Item) -> WorkPage:
    attempts = history(db_session, enrollment, item)
    extension = db_session.scalar(select(Extension).where(
        Extension.enrollment_id == enrollment.id, Extension.item_id == item.id))
    return WorkPage(item, enrollment, attempts, due_at(db_session, enrollment, item), extension,
                    next_attempt_number(attempts, item))


# Latest attempts ------------------------------------------------------------------------------


class LatestAttempt(NamedTuple):
    """A trainee's latest handed-in attempt at one assignment, as the pages read it. (A tuple:
    a page makes a thousand or more.)"""

    id: int
    status: SubmissionStatus
    is_late: bool
    #: The grade's total; None while it waits for a grade.
    points: int | None
    #: The grade sent the attempt back for revision.
    grade_returned: bool

    @property
    def returned(self) -> bool:
        """Sent back for revision, by its status or by its grade."""
        return self.status == SubmissionStatus.RETURNED or self.grade_returned

    @property
    def scored(self) -> bool:
        """Graded and not sent back: its points count."""
        return self.points is not None and not self.grade_returned


#: The columns of :class:`LatestAttempt` in a row of :func:`latest_attempts_of`, after the
#: enrollment id and the item id.
_ATTEMPT_COLUMNS = slice(2, 7)


def latest_attempts_of(enrollment_ids: Select[tuple[int]] | list[int]) -> Subquery:
    """One row per trainee and assignment she handed in: enrollment_id, item_id and the
    columns of :class:`LatestAttempt`, only for the trainees a page shows.

    The latest is found in SQL, as the attempt handed in with none handed in after it, by a
    range of the unique index of her attempts. A page then reads one row where she made
    several attempts; measured on SQLite, this costs half of ranking with row_number() over
    (partition by …), which sorts every attempt first."""
    later = aliased(Submission)
    return (
        select(Submission.enrollment_id, Submission.item_id, Submission.id, Submission.status,
               Submission.is_late, Grade.total.label("points"),
               func.coalesce(Grade.returned, False).label("grade_returned"))
        .outerjoin(Grade, Grade.submission_id == Submission.id)
        .where(Submission.enrollment_id.in_(enrollment_ids),
               Submission.status != SubmissionStatus.DRAFT,
               ~exists().where(later.enrollment_id == Submission.enrollment_id,
                               later.item_id == Submission.item_id,
                               later.attempt > Submission.attempt,
                               later.status != SubmissionStatus.DRAFT))
        .subquery("latest"))


def attempt_of(row: Row[Any]) -> LatestAttempt | None:
    """The attempt on a row that selected the columns of :func:`latest_attempts_of` after an
    enrollment id and an item id (None when an outer join found none)."""
    values = row[_ATTEMPT_COLUMNS]
    return None if values[0] is None else LatestAttempt._make(values)


def pass_mark_of(cohort: Cohort) -> int:
    return cohort.course.pass_mark if cohort.course else 60


def cohort_assignments(db_session: Session, cohort: Cohort) -> list[Item]:
    return list(db_session.scalars(
        select(Item).join(Module, Module.id == Item.module_id)
        .options(contains_eager(Item.module), *LIST_ONLY)
        .where(Item.course_id == cohort.course_id, Item.type == ItemType.ASSIGNMENT,
               Item.archived_at.is_(None), Module.archived_at.is_(None))
        .order_by(Module.position, Item.position)))


def cohort_deadlines(db_session: Session, cohort: Cohort) -> dict[int, dt.datetime]:
    from lms.assignments.models import DeadlineChange

    return dict(db_session.execute(select(DeadlineChange.item_id, DeadlineChange.due_at)
                                   .where(DeadlineChange.cohort_id == cohort.id)).all())
