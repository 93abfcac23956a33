"""Read models for submission, grading and gradebook pages, each loading a fixed handful of
queries whatever the size of the cohort, and only what the actor may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, contains_eager, defer, joinedload

from lms.accounts.models import Role, User
from lms.assignments.models import Attachment, Extension, Submission, SubmissionStatus
from lms.assignments.services import due_at, next_attempt_number, passes
from lms.audit import AuditEvent
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType, Module
from lms.pagination import Page, paginate
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole
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


# Grading queue ----------------------------------------------------------------------------------


def _queue_conditions(actor: User, item_slug: str | None = None,
                      status: SubmissionStatus | None = SubmissionStatus.SUBMITTED) -> list[Any]:
    # Filters are IN subqueries rather than joins, so that counting thousands of submissions
    # reads only the submissions table and its (status, ...) indexes.
    conditions: list[Any] = [Submission.status != SubmissionStatus.DRAFT]
    if not actor.has_role(Role.STAFF):
        conditions.append(Submission.enrollment_id.in_(current_trainees(actor)))
    if status is not None:
        conditions.append(Submission.status == status)
    if item_slug:
        conditions.append(Submission.item_id.in_(select(Item.id).where(Item.slug == item_slug)))
    return conditions


def _queue(actor: User, item_slug: str | None = None,
           status: SubmissionStatus | None = SubmissionStatus.SUBMITTED,
           ) -> Select[tuple[Submission]]:
    return (select(Submission).where(*_queue_conditions(actor, item_slug, status))
            .order_by(Submission.submitted_at, Submission.id))


def grading_queue(db_session: Session, actor: User, number: int, item_slug: str | None = None,
                  status: SubmissionStatus | None = SubmissionStatus.SUBMITTED,
                  ) -> Page[Any]:
    """Work waiting for this grader, oldest first: a mentor's current trainees, or all for
    staff. Rows of what the list shows (id, submitted_at, is_late, attempt, status, trainee,
    title and the course's language), not entities: a page shows fifty."""
    conditions = _queue_conditions(actor, item_slug, status)
    rows = (select(Submission.id, Submission.submitted_at, Submission.is_late,
                   Submission.attempt, Submission.status, User.display_name.label("trainee"),
                   Item.title, Course.language)
            .select_from(Submission).join(Item, Item.id == Submission.item_id)
            .join(Enrollment, Enrollment.id == Submission.enrollment_id)
            .join(User, User.id == Enrollment.user_id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .outerjoin(Course, Course.id == Cohort.course_id)
            .where(*conditions).order_by(Submission.submitted_at, Submission.id))
    return paginate(db_session, rows, number,
                    total_of=select(func.count()).select_from(Submission).where(*conditions))


def next_in_queue(db_session: Session, actor: User, current: Submission,
                  item_slug: str | None = None,
                  status: SubmissionStatus | None = SubmissionStatus.SUBMITTED,
                  ) -> Submission | None:
    """For "Save and grade the next": the submission after ``current`` in this grader's queue
    as they had filtered it. Of the waiting work (or of all work), the next one waiting, then
    any skipped earlier; a list of graded or returned work is walked once through."""
    waiting_only = status in (SubmissionStatus.SUBMITTED, None)
    queue = _queue(actor, item_slug, SubmissionStatus.SUBMITTED if waiting_only else status
                   ).where(Submission.id != current.id)
    after = or_(Submission.submitted_at > current.submitted_at,
                and_(Submission.submitted_at == current.submitted_at,
                     Submission.id > current.id))
    found = db_session.scalar(queue.where(after).limit(1))
    if found is None and waiting_only:
        found = db_session.scalar(queue.limit(1))
    return found


def queue_filters(db_session: Session, actor: User) -> list[tuple[str, str]]:
    """The assignments of the courses this grader works with, for the queue's filter (from the
    course, not from the submissions, which would mean reading every one of them)."""
    statement = (select(Item.slug, Item.title)
                 .where(Item.type == ItemType.ASSIGNMENT, Item.archived_at.is_(None)))
    if not actor.has_role(Role.STAFF):
        statement = statement.where(Item.course_id.in_(
            select(Cohort.course_id).join(Enrollment, Enrollment.cohort_id == Cohort.id)
            .where(Enrollment.id.in_(current_mentorships("mentor_enrollment",
                                                         mentor_user_id=actor.id)))))
    pairs = {(slug, title) for slug, title in db_session.execute(statement)}
    return sorted(pairs, key=lambda pair: pair[1])


def grade_history(db_session: Session, submission: Submission) -> list[AuditEvent]:
    return list(db_session.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .where(AuditEvent.object_type == "Submission",
               AuditEvent.object_id == str(submission.id),
               AuditEvent.action == "grade_saved")
        .order_by(AuditEvent.at, AuditEvent.id)))


# Gradebook --------------------------------------------------------------------------------------


@dataclass
class GradebookRow:
    enrollment: Enrollment
    latest: dict[int, Submission] = field(default_factory=dict)

    def total(self) -> int:
        return sum(s.grade.total for s in self.latest.values()
                   if s.grade is not None and not s.grade.returned)


@dataclass
class Gradebook:
    cohort: Cohort
    assignments: list[Item]
    page: Page[GradebookRow]
    pass_mark: int
    #: The module whose assignments the page shows, or None for all of them; totals and
    #: "passed" always count every assignment.
    module: Module | None = None

    @property
    def modules(self) -> list[Module]:
        """The modules that have assignments, in the course's order."""
        return list({item.module.id: item.module for item in self.assignments}.values())

    @property
    def shown(self) -> list[Item]:
        if self.module is None:
            return self.assignments
        return [item for item in self.assignments if item.module_id == self.module.id]

    @property
    def possible(self) -> int:
        return sum(item.points or 0 for item in self.assignments)

    def passed(self, row: GradebookRow) -> bool:
        return passed_all(self.assignments, row, self.pass_mark)

    @property
    def still_running(self) -> bool:
        """Whether a trainee who has not passed may still: "not yet" rather than "no"."""
        return is_running(self.cohort)


def is_running(cohort: Cohort) -> bool:
    return cohort.status in (CohortStatus.PLANNED, CohortStatus.ACTIVE)


def passed_all(assignments: list[Item], row: GradebookRow, pass_mark: int) -> bool:
    """Every required assignment graded at or above the pass mark."""
    return all(passes(item, row.latest[item.id].grade if item.id in row.latest else None,
                      pass_mark) for item in assignments if item.required)


def pass_mark_of(cohort: Cohort) -> int:
    return cohort.course.pass_mark if cohort.course else 60


def cohort_assignments(db_session: Session, cohort: Cohort) -> list[Item]:
    return list(db_session.scalars(
        select(Item).join(Module, Module.id == Item.module_id)
        .options(contains_eager(Item.module))
        .where(Item.course_id == cohort.course_id, Item.type == ItemType.ASSIGNMENT,
               Item.archived_at.is_(None), Module.archived_at.is_(None))
        .order_by(Module.position, Item.position)))


def _trainees(cohort: Cohort, actor: User) -> Select[tuple[Enrollment]]:
    statement = (select(Enrollment).join(User, User.id == Enrollment.user_id)
                 .options(joinedload(Enrollment.user))
                 .where(Enrollment.cohort_id == cohort.id,
                        Enrollment.role == EnrollmentRole.TRAINEE)
                 .order_by(User.display_name, Enrollment.id))
    if not actor.has_role(Role.STAFF):
        statement = statement.where(or_(Enrollment.user_id == actor.id,
                                        Enrollment.id.in_(current_trainees(actor, cohort.id))))
    return statement


def latest_submissions(db_session: Session, enrollment_ids: list[int]
                       ) -> dict[int, dict[int, Submission]]:
    """Each trainee's latest handed-in attempt per assignment, with its grade."""
    latest: dict[int, dict[int, Submission]] = defaultdict(dict)
    if not enrollment_ids:
        return latest
    rows = db_session.scalars(
        select(Submission).options(joinedload(Submission.grade), defer(Submission.text))
        .where(Submission.enrollment_id.in_(enrollment_ids),
               Submission.status != SubmissionStatus.DRAFT)
        .order_by(Submission.attempt))
    for submission in rows:
        latest[submission.enrollment_id][submission.item_id] = submission
    return latest


#: ``module`` value for the whole course in the gradebook.
ALL_MODULES = "all"


def gradebook(db_session: Session, actor: User, cohort: Cohort, number: int,
              per_page: int | None = None, module: str = ALL_MODULES) -> Gradebook:
    """A page of trainees with their latest work; ``module`` a module's slug, ALL_MODULES, or
    "" for the module opened most recently (the one being worked on)."""
    page = paginate(db_session, _trainees(cohort, actor), number, per_page)
    latest = latest_submissions(db_session, [e.id for e in page.items])
    rows = [GradebookRow(enrollment, latest.get(enrollment.id, {})) for enrollment in page.items]
    book = Gradebook(cohort, cohort_assignments(db_session, cohort),
                     Page(rows, page.number, page.per_page, page.total), pass_mark_of(cohort))
    if module != ALL_MODULES:
        book.module = next((m for m in book.modules if m.slug == module), None) \
            if module else _latest_opened(cohort, book.modules)
    return book


def _latest_opened(cohort: Cohort, modules: list[Module]) -> Module | None:
    """The last module with assignments that has opened for the cohort (else the first)."""
    now = utcnow()
    opened = [m for m in modules if cohort.opening_time(m.opens_day) <= now]
    return opened[-1] if opened else next(iter(modules), None)


def all_gradebook_rows(db_session: Session, actor: User, cohort: Cohort,
                       batch: int = 500) -> Iterator[GradebookRow]:
    first = paginate(db_session, _trainees(cohort, actor), 1, batch)
    for number in range(1, first.count + 1):
        page = first if number == 1 else paginate(db_session, _trainees(cohort, actor), number,
                                                  batch)
        latest = latest_submissions(db_session, [e.id for e in page.items])
        for enrollment in page.items:
            yield GradebookRow(enrollment, latest.get(enrollment.id, {}))


def cohort_deadlines(db_session: Session, cohort: Cohort) -> dict[int, dt.datetime]:
    from lms.assignments.models import DeadlineChange

    return dict(db_session.execute(select(DeadlineChange.item_id, DeadlineChange.due_at)
                                   .where(DeadlineChange.cohort_id == cohort.id)).all())


def may_see_gradebook(db_session: Session, actor: User, cohort: Cohort) -> bool:
    """Staff, or a current mentor in the cohort (who then sees their own trainees' rows
    only)."""
    if actor.has_role(Role.STAFF):
        return True
    return db_session.scalar(current_trainees(actor, cohort.id).limit(1)) is not None
