"""Read models for grading: the grading page (a submission with her other attempts, the right
to grade it and her deadline, in one query) and the grader's queue, their statements built
once an app (lms.db.prebuilt) and bound to the grader at each visit."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from flask import current_app
from sqlalchemy import (
    Connection,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    false,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session, aliased, contains_eager, defer, joinedload

from lms import pagination
from lms.accounts.models import Role, User
from lms.assignments.language_grading import taught_work
from lms.assignments.models import Submission, SubmissionStatus
from lms.assignments.services import deadline_columns, deadline_of
from lms.audit import AuditEvent
from lms.curriculum.content import CourseContent, course_content, title_in, variant_titles
from lms.curriculum.models import Course, Item, ItemType
from lms.db import prebuilt
from lms.i18n import current_locale
from lms.language.models import JAPANESE_TRACK
from lms.pagination import Listing, Page
from lms.prepared import prepared_rows
from lms.programs.models import Cohort, Enrollment
from lms.programs.queries import current_mentorships, current_teachings

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
    # A teacher grades the language work of her cohorts' trainees (lms.assignments.
    # language_grading); a mentor grades all her trainees' work, language work included.
    may_grade = true() if staff else or_(current_mentorships(
        "trainee", mentor_user_id=viewer_id,
        trainee_enrollment_id=Submission.enrollment_id).exists(),
        taught_work(viewer_id))
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
        # Her mentorship of this one trainee, asked on its index: an IN list would be made
        # of every trainee she follows first.
        statement = statement.where(or_(Enrollment.user_id == viewer_id, may_grade))
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


def _graders_trainees() -> Select[tuple[int]]:
    return current_mentorships("trainee",
                               mentor_user_id=bindparam("grader_id", type_=Integer()))


def _follows(trainee_enrollment_id: Any) -> Any:
    return current_mentorships("trainee", mentor_user_id=bindparam("grader_id", type_=Integer()),
                               trainee_enrollment_id=trainee_enrollment_id).exists()


def _graders_language_work() -> Any:
    return taught_work(bindparam("grader_id", type_=Integer()))


def _queue_conditions(kind: QueueKind, *, by_grader: bool = True) -> list[Any]:
    # Filters are IN subqueries rather than joins, so that counting thousands of submissions
    # reads only the submissions table and its (status, ...) indexes.
    staff, by_status, by_item = kind
    conditions: list[Any] = [Submission.status != SubmissionStatus.DRAFT]
    if not staff and by_grader:
        # Her mentorship of each row's trainee, asked on its index as the rows are read in
        # order, rather than a list of every trainee she follows made first.
        conditions.append(or_(_follows(Submission.enrollment_id), _graders_language_work()))
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
        # The titles in the reader's language are the kept course's (lms.curriculum.content):
        # reading them from each row's variants here cost more than the rest of the query.
        rows = (select(Submission.id, Submission.submitted_at, Submission.is_late,
                       Submission.attempt, Submission.status,
                       User.display_name.label("trainee"), Item.title, Course.language,
                       Submission.item_id, Course.id.label("course_id"),
                       Course.content_version)
                .select_from(Submission).join(Item, Item.id == Submission.item_id)
                .join(Enrollment, Enrollment.id == Submission.enrollment_id)
                .join(User, User.id == Enrollment.user_id)
                .join(Cohort, Cohort.id == Enrollment.cohort_id)
                .outerjoin(Course, Course.id == Cohort.course_id)
                .where(*conditions).order_by(Submission.submitted_at, Submission.id))
        listings[kind] = Listing(rows, counted=_queue_counted(kind), capped=True)
    return listings


def _queue_counted(kind: QueueKind) -> Select[Any]:
    """What a queue counts. A mentor's is found from each trainee she follows on the
    submissions' index, so that the count stops at its cap rather than after a list of all her
    trainees was made to check each submission against (a mentor of 10,000 trainees)."""
    counted = select(Submission.id).where(*_queue_conditions(kind, by_grader=False))
    if kind[0]:  # staff: all trainees' work
        return counted
    followed = _graders_trainees().subquery()
    # A teacher's language work is counted beside it, but only that of trainees she does not
    # follow: the work of one she both mentors and teaches is counted once. UNION ALL rather
    # than UNION, whose removal of duplicates built the whole union before the cap.
    # Her trainees first, then each one's work on the (status, enrollment_id) index: ``+ 0``
    # keeps a planner without statistics (SQLite's) from turning the join around, walking every
    # submission of the status instead and asking each whether she follows its trainee (three
    # times the time for a page's count of a thousand). Not for one assignment's work, where
    # SQLite then read each trainee's rows from the table to find the assignment (slower).
    trainee = followed.c[0] + 0 if not kind[2] else followed.c[0]
    return union_all(
        counted.join_from(followed, Submission, Submission.enrollment_id == trainee),
        counted.where(_graders_language_work(), ~_follows(Submission.enrollment_id)))


def _queue_order() -> dict[QueueKind, Select[tuple[Submission]]]:
    return {kind: select(Submission).where(*_queue_conditions(kind))
            .order_by(Submission.submitted_at, Submission.id) for kind in _QUEUE_KINDS}


def grading_queue(db_session: Session, actor: User, number: int, item_slug: str | None = None,
                  status: SubmissionStatus | None = SubmissionStatus.SUBMITTED,
                  ) -> Page[Any]:
    """Work waiting for this grader, oldest first: a mentor's current trainees and a
    teacher's language work, or all for staff. Rows of what the list shows (id, submitted_at,
    is_late, attempt, status, trainee, title and the course's language), not entities: a page
    shows fifty."""
    kind, values = _queue_kind(actor, item_slug, status)
    listing = prebuilt(_queue_listings)[kind]
    # Paged as lms.pagination.paginate pages a capped listing, but each statement is run as
    # the driver takes it, made ready at its first visit (as a home section's lines are):
    # SQLAlchemy keying, expanding and processing them again at each visit cost the page more
    # than the database took to answer them.
    per_page = current_app.config["LMS_PAGE_SIZE"]
    counted_up_to = (number - 1 + pagination.PAGES_COUNTED_AHEAD) * per_page
    connection = db_session.connection()
    total = _prepared(connection, listing.count, (kind, "count"), {
        **values, "count_limit": counted_up_to + 1})[0][0] or 0
    more = total > counted_up_to
    total = min(total, counted_up_to)
    number = min(number, max(1, math.ceil(total / per_page)))
    rows = _prepared(connection, listing.page, (kind, "page"), {
        **values, "page_limit": per_page, "page_offset": (number - 1) * per_page})
    return Page(items=_shown_rows(db_session, rows), number=number, per_page=per_page,
                total=total, more=more)


def _prepared(connection: Connection, statement: Select[Any], key: Any,
              values: dict[str, Any]) -> list[list[Any]]:
    """The rows of one of the queue's statements, made ready for the driver at its first run
    in the app (lms.prepared.prepared_rows: the same SQL, the constants processed once)."""
    return prepared_rows(connection, ("grading queue", key), lambda: statement, values)


class QueueRow(NamedTuple):
    """A row of the queue (a tuple: a page makes fifty of them)."""
    id: int
    submitted_at: dt.datetime
    is_late: bool
    attempt: int
    status: SubmissionStatus
    trainee: str
    #: The assignment's title in the reader's language where it has a variant in it, else in
    #: the course's; ``language`` is the title's.
    title: str
    language: str | None


def _shown_rows(db_session: Session, rows: list[Any]) -> list[QueueRow]:
    """The queue's rows with each title in the reader's language, from the kept content of
    its course (at the version the row read); an assignment no longer live, from its row."""
    language = current_locale().split("_")[0]
    titles: dict[int, tuple[str, str | None]] = {}
    # Rows are unpacked by position: a page of fifty read by name cost more than the rest.
    for course_id, version in {(row[9], row[10]) for row in rows if row[9] is not None}:
        content = course_content(cast(Course, _CourseVersion(course_id, version)), language)
        titles.update(content.kept("queue_titles", lambda content=content: {
            item.id: (item.title, item.shown_language) for item in content.items}))
    missing = {row[8] for row in rows if row[8] not in titles}
    if missing:
        for item in db_session.execute(select(Item.id, Item.title, *variant_titles())
                                       .where(Item.id.in_(missing))):
            variant = title_in(item, language)
            titles[item.id] = (variant, language) if variant else (item.title, None)
    shown = []
    for (id_, submitted_at, is_late, attempt, status, trainee, _title, course_language,
         item_id, _course_id, _version) in rows:
        title, title_language = titles[item_id]
        shown.append(QueueRow(id_, submitted_at, is_late, attempt, status, trainee, title,
                              title_language or course_language))
    return shown


@dataclass(frozen=True)
class _CourseVersion:
    """What course_content reads of a course: its id and the version a query read."""
    id: int
    content_version: int | None


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
    course, not from the submissions, which would mean reading every one of them), each title
    in the grader's language where the item has a variant in it."""
    language = current_locale().split("_")[0]
    # Plain columns, run on the connection: the session's handling of a select of columns
    # cost more than the database took to answer it.
    if actor.has_role(Role.STAFF):
        rows = db_session.connection().execute(prebuilt(_staff_queue_filters))
        pairs = {(row.slug, title_in(row, language) or row.title) for row in rows}
    else:
        # A mentor's courses give all their assignments, a teacher's their language work:
        # read from each course's kept content (lms.curriculum.content), whose titles are in
        # her language already.
        # Each course's pairs are kept with its content, sorted: a mentor has one or two. The
        # statement is run as the queue's are (lms.prepared.prepared_rows): SQLAlchemy's
        # handling of it at each visit cost more than the database took to answer.
        listed = [_filter_pairs(course_content(cast(Course, _CourseVersion(course_id, version)),
                                               language), bool(mentored))
                  for course_id, version, mentored in prepared_rows(
                      db_session.connection(), ("grading queue", "courses"), _graders_courses,
                      {"grader_id": actor.id})]
        if len(listed) == 1:
            return list(listed[0])
        pairs = {pair for course_pairs in listed for pair in course_pairs}
    return sorted(pairs, key=lambda pair: pair[1])


def _filter_pairs(content: CourseContent, mentored: bool) -> tuple[tuple[str, str], ...]:
    """A course's assignments for the queue's filter (its language work only, for a teacher
    who does not mentor), by title: made once for each version of the course."""
    return content.kept(("queue_filter", mentored), lambda: tuple(sorted(
        {(item.slug, item.title) for item in content.items
         if item.type == ItemType.ASSIGNMENT and (mentored or item.track == JAPANESE_TRACK)},
        key=lambda pair: pair[1])))


def _staff_queue_filters() -> Select[Any]:
    return select(Item.slug, Item.title, *variant_titles()).where(
        Item.type == ItemType.ASSIGNMENT, Item.archived_at.is_(None))


def _graders_courses() -> Any:
    """The courses of the cohorts a grader mentors in (True) or teaches (False) now, with
    their content versions."""
    grader_id = bindparam("grader_id", type_=Integer())
    courses = (select(Course.id, Course.content_version)
               .join(Cohort, Cohort.course_id == Course.id))
    # Her own enrollments, each asked whether it has a mentorship of hers: a list of her
    # mentorships' enrollments would hold one a trainee she follows.
    mentoring = current_mentorships("mentor_enrollment", mentor_user_id=grader_id)
    return union_all(
        courses.add_columns(true()).join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == grader_id,
               mentoring.where(mentoring.selected_columns[0] == Enrollment.id).exists()),
        courses.add_columns(false()).where(Cohort.id.in_(
            current_teachings("cohort", teacher_user_id=grader_id))))


def grade_history(db_session: Session, submission: Submission) -> list[AuditEvent]:
    return list(db_session.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .where(AuditEvent.object_type == "Submission",
               AuditEvent.object_id == str(submission.id),
               AuditEvent.action == "grade_saved")
        .order_by(AuditEvent.at, AuditEvent.id)))
