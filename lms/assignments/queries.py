"""Read models for submission, grading and gradebook pages, each loading a fixed handful of
queries whatever the size of the cohort, and only what the actor may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    Integer,
    Row,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased, contains_eager, defer, joinedload

from lms.accounts.models import Role, User
from lms.assignments.models import Attachment, Extension, Grade, Submission, SubmissionStatus
from lms.assignments.services import (
    deadline_columns,
    deadline_of,
    due_at,
    next_attempt_number,
)
from lms.audit import AuditEvent
from lms.curriculum.models import Course, Item, ItemType, Module
from lms.curriculum.queries import LIST_ONLY
from lms.db import prebuilt
from lms.pagination import Listing, Page, paginate
from lms.programs.models import Cohort, Enrollment
from lms.programs.queries import current_mentorships, current_trainees


def _visible_enrollments(actor: User) -> Select[tuple[int]]:
    """Trainee enrollments whose work ``actor`` may see: their own, their current trainees'."""
    own = select(Enrollment.id).where(Enrollment.user_id == actor.id)
    return own.union(current_trainees(actor))


def submission_for(db_session: Session, actor: User, submission_id: int) -> Submission | None:
    """The submission if ``actor`` may see it (its trainee, their mentor, staff), else None,
    so that a guessed id gives 404 and never someone else's work."""
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
        statement = statement.where(Submission.enrollment_id.in_(_visible_enrollments(actor)))
    return db_session.scalars(statement).unique().one_or_none()


def attachment_for(db_session: Session, actor: User, attachment_id: int) -> Attachment | None:
    statement = (select(Attachment).join(Submission, Submission.id == Attachment.submission_id)
                 .where(Attachment.id == attachment_id))
    if not actor.has_role(Role.STAFF):
        statement = statement.where(Submission.enrollment_id.in_(_visible_enrollments(actor)))
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


# The grading page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradingPage:
    submission: Submission
    #: Her other handed-in attempts at the assignment, first first (a later one too, if any).
    others: list[Submission]
    #: The viewer may grade it: staff, or the trainee's current mentor.
    may_grade: bool
    due_at: dt.datetime | None


def grading_page(db_session: Session, actor: User, submission_id: int) -> GradingPage | None:
    """The submission with her other attempts, whether ``actor`` may grade it, and her
    deadline, in one query; None if ``actor`` may not see it (as :func:`submission_for`)."""
    staff = actor.has_role(Role.STAFF)
    rows = db_session.execute(prebuilt(_attempts_for_staff if staff else _attempts_for_others),
                              {"submission_id": submission_id, "viewer_id": actor.id}
                              ).unique().all()
    asked = next((row for row in rows if row[0].id == submission_id), None)
    if asked is None:
        return None
    submission, may_grade, extension, moved = asked
    return GradingPage(submission, [row[0] for row in rows if row is not asked],
                       bool(may_grade),
                       deadline_of(submission.enrollment, submission.item, extension, moved))


def _attempts_for_staff() -> Select[Any]:
    return _attempts_statement(staff=True)


def _attempts_for_others() -> Select[Any]:
    return _attempts_statement(staff=False)


def _attempts_statement(*, staff: bool) -> Select[Any]:
    """Every attempt of the asked submission's trainee at its assignment (drafts but the asked
    one left out), each with its grade and files, and the trainee, her cohort and course, and
    the assignment joined once (built once an app: lms.db.prebuilt)."""
    asked = aliased(Submission, name="asked")
    viewer_id = bindparam("viewer_id", type_=Integer())
    may_grade = true() if staff else current_mentorships(
        "trainee", mentor_user_id=viewer_id,
        trainee_enrollment_id=Submission.enrollment_id).exists()
    statement = (
        select(Submission, may_grade,
               *deadline_columns(Submission.enrollment_id, Enrollment.cohort_id,
                                 Submission.item_id))
        .join(asked, and_(asked.enrollment_id == Submission.enrollment_id,
                          asked.item_id == Submission.item_id))
        .join(Enrollment, Enrollment.id == Submission.enrollment_id)
        .join(User, User.id == Enrollment.user_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .outerjoin(Course, Course.id == Cohort.course_id)
        .join(Item, Item.id == Submission.item_id)
        .options(contains_eager(Submission.enrollment).contains_eager(Enrollment.user)
                 .lazyload(User.role_grants),
                 contains_eager(Submission.enrollment).contains_eager(Enrollment.cohort)
                 .contains_eager(Cohort.course),
                 contains_eager(Submission.item).options(
                     defer(Item.body), defer(Item.objectives), defer(Item.submission_kinds)),
                 joinedload(Submission.attachments), joinedload(Submission.grade))
        .where(asked.id == bindparam("submission_id", type_=Integer()),
               or_(Submission.id == asked.id, Submission.status != SubmissionStatus.DRAFT))
        .order_by(Submission.attempt))
    if not staff:
        statement = statement.where(or_(
            Enrollment.user_id == viewer_id,
            Submission.enrollment_id.in_(current_mentorships("trainee",
                                                             mentor_user_id=viewer_id))))
    return statement


# Grading queue ----------------------------------------------------------------------------------


#: What a queue's statements are built for: a mentor (or staff), filtered by status (or of
#: every status), by assignment (or of all).
QueueKind = tuple[bool, bool, bool]


def _queue_kind(actor: User, item_slug: str | None, status: SubmissionStatus | None
                ) -> tuple[QueueKind, dict[str, Any]]:
    """Which of the prebuilt queues ``actor`` asks for, and the values of its parameters."""
    staff = actor.has_role(Role.STAFF)
    values: dict[str, Any] = {} if staff else {"grader_id": actor.id}
    if status is not None:
        values["status"] = status
    if item_slug:
        values["item_slug"] = item_slug
    return (staff, status is not None, bool(item_slug)), values


def _queue_conditions(kind: QueueKind) -> list[Any]:
    # Filters are IN subqueries rather than joins, so that counting thousands of submissions
    # reads only the submissions table and its (status, ...) indexes.
    staff, by_status, by_item = kind
    conditions: list[Any] = [Submission.status != SubmissionStatus.DRAFT]
    if not staff:
        conditions.append(Submission.enrollment_id.in_(current_mentorships(
            "trainee", mentor_user_id=bindparam("grader_id", type_=Integer()))))
    if by_status:
        conditions.append(Submission.status == bindparam("status"))
    if by_item:
        conditions.append(Submission.item_id.in_(
            select(Item.id).where(Item.slug == bindparam("item_slug", type_=String()))))
    return conditions


_QUEUE_KINDS: list[QueueKind] = [(staff, by_status, by_item) for staff in (False, True)
                                 for by_status in (False, True) for by_item in (False, True)]


def _queue_listings() -> dict[QueueKind, Listing]:
    """The grading queue of each kind, built once an app (lms.db.prebuilt): building its
    statements cost the page more than the database took to run them. Counted up to a cap: a
    grader of a thousand trainees may have tens of thousands of submissions waiting, and
    counting them all cost more than the rest of the page, to tell them no more than "more
    than a thousand"."""
    listings = {}
    for kind in _QUEUE_KINDS:
        conditions = _queue_conditions(kind)
        rows = (select(Submission.id, Submission.submitted_at, Submission.is_late,
                       Submission.attempt, Submission.status,
                       User.display_name.label("trainee"), Item.title, Course.language)
                .select_from(Submission).join(Item, Item.id == Submission.item_id)
                .join(Enrollment, Enrollment.id == Submission.enrollment_id)
                .join(User, User.id == Enrollment.user_id)
                .join(Cohort, Cohort.id == Enrollment.cohort_id)
                .outerjoin(Course, Course.id == Cohort.course_id)
                .where(*conditions).order_by(Submission.submitted_at, Submission.id))
        listings[kind] = Listing(rows, counted=select(Submission.id).where(*conditions),
                                 capped=True)
    return listings


def _queue_order() -> dict[QueueKind, Select[tuple[Submission]]]:
    return {kind: select(Submission).where(*_queue_conditions(kind))
            .order_by(Submission.submitted_at, Submission.id) for kind in _QUEUE_KINDS}


def grading_queue(db_session: Session, actor: User, number: int, item_slug: str | None = None,
                  status: SubmissionStatus | None = SubmissionStatus.SUBMITTED,
                  ) -> Page[Any]:
    """Work waiting for this grader, oldest first: a mentor's current trainees, or all for
    staff. Rows of what the list shows (id, submitted_at, is_late, attempt, status, trainee,
    title and the course's language), not entities: a page shows fifty."""
    kind, values = _queue_kind(actor, item_slug, status)
    return paginate(db_session, prebuilt(_queue_listings)[kind], number, values=values)


def next_in_queue(db_session: Session, actor: User, current: Submission,
                  item_slug: str | None = None,
                  status: SubmissionStatus | None = SubmissionStatus.SUBMITTED,
                  ) -> Submission | None:
    """For "Save and grade the next": the submission after ``current`` in this grader's queue
    as they had filtered it. Of the waiting work (or of all work), the next one waiting, then
    any skipped earlier; a list of graded or returned work is walked once through."""
    waiting_only = status in (SubmissionStatus.SUBMITTED, None)
    kind, values = _queue_kind(actor, item_slug,
                               SubmissionStatus.SUBMITTED if waiting_only else status)
    queue = prebuilt(_queue_order)[kind].where(Submission.id != current.id)
    after = or_(Submission.submitted_at > current.submitted_at,
                and_(Submission.submitted_at == current.submitted_at,
                     Submission.id > current.id))
    found = db_session.scalar(queue.where(after).limit(1), values)
    if found is None and waiting_only:
        found = db_session.scalar(queue.limit(1), values)
    return found


def queue_filters(db_session: Session, actor: User) -> list[tuple[str, str]]:
    """The assignments of the courses this grader works with, for the queue's filter (from the
    course, not from the submissions, which would mean reading every one of them)."""
    staff = actor.has_role(Role.STAFF)
    rows = db_session.execute(prebuilt(_staff_queue_filters if staff else _queue_filters),
                              {} if staff else {"grader_id": actor.id})
    pairs = {(slug, title) for slug, title in rows}
    return sorted(pairs, key=lambda pair: pair[1])


def _staff_queue_filters() -> Select[tuple[str, str]]:
    return select(Item.slug, Item.title).where(Item.type == ItemType.ASSIGNMENT,
                                               Item.archived_at.is_(None))


def _queue_filters() -> Select[tuple[str, str]]:
    return _staff_queue_filters().where(Item.course_id.in_(
        select(Cohort.course_id).join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.id.in_(current_mentorships(
            "mentor_enrollment", mentor_user_id=bindparam("grader_id", type_=Integer()))))))


def grade_history(db_session: Session, submission: Submission) -> list[AuditEvent]:
    return list(db_session.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .where(AuditEvent.object_type == "Submission",
               AuditEvent.object_id == str(submission.id),
               AuditEvent.action == "grade_saved")
        .order_by(AuditEvent.at, AuditEvent.id)))


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


def latest_handed_in(db_session: Session, enrollment_ids: list[int]
                     ) -> dict[int, dict[int, LatestAttempt]]:
    """Each trainee's latest handed-in attempt per assignment, by enrollment id and item
    id."""
    latest: dict[int, dict[int, LatestAttempt]] = defaultdict(dict)
    if enrollment_ids:
        for row in db_session.execute(select(latest_attempts_of(enrollment_ids))):
            latest[row[0]][row[1]] = LatestAttempt._make(row[_ATTEMPT_COLUMNS])
    return latest


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
