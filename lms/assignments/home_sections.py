"""What waits for graders on the home page: a mentor's trainees' work, and for staff the work
that has waited too long."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import Date, and_, exists, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import FunctionElement

from lms.accounts.models import User
from lms.assignments.models import DeadlineChange, Extension, Grade, Submission, SubmissionStatus
from lms.clock import utcnow
from lms.curriculum.models import Item, ItemType
from lms.homepage import Section, gather, line
from lms.i18n import _
from lms.programs.models import Cohort, Enrollment, EnrollmentRole
from lms.programs.queries import current_mentorships, current_trainees
from lms.programs.standing import viewer_is_mentor
from lms.security import is_staff

#: How many of the oldest waiting submissions a home lists; the count says how many in all.
SHOWN = 5


class _day_of_cohort(FunctionElement[dt.date]):
    """The date of a cohort's day ``n`` (day 1 is its first), computed in the database."""

    type = Date()
    inherit_cache = True


@compiles(_day_of_cohort)
def _day_of_cohort_default(element: Any, compiler: Any, **kw: Any) -> str:
    starts_on, day = list(element.clauses)
    return f"({compiler.process(starts_on, **kw)} + {compiler.process(day, **kw)} - 1)"


@compiles(_day_of_cohort, "sqlite")
def _day_of_cohort_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    starts_on, day = list(element.clauses)
    return (f"date({compiler.process(starts_on, **kw)}, "
            f"printf('%+d days', {compiler.process(day, **kw)} - 1))")


def grading_overdue_before() -> dt.datetime:
    return utcnow() - dt.timedelta(days=current_app.config["LMS_GRADING_DAYS"])


def _at_risk(trainee: type[Enrollment] | Any) -> Any:
    """Work overdue and not handed in, or returned for revision and not handed in again.

    A stand-in until the trainee's standing has its own function; deadlines are compared by
    day in UTC, which is near enough for a home page's count."""
    now = utcnow()
    cohort = aliased(Cohort)
    later = aliased(Submission)
    handed_in = exists().where(Submission.enrollment_id == trainee.id,
                               Submission.item_id == Item.id,
                               Submission.status != SubmissionStatus.DRAFT)
    moved_later = or_(
        exists().where(Extension.enrollment_id == trainee.id, Extension.item_id == Item.id,
                       Extension.due_at >= now),
        exists().where(DeadlineChange.cohort_id == trainee.cohort_id,
                       DeadlineChange.item_id == Item.id, DeadlineChange.due_at >= now))
    overdue = (exists().where(cohort.id == trainee.cohort_id, Item.course_id == cohort.course_id,
                              Item.type == ItemType.ASSIGNMENT, Item.archived_at.is_(None),
                              Item.due_day.is_not(None),
                              _day_of_cohort(cohort.starts_on, Item.due_day) < now.date(),
                              ~handed_in, ~moved_later))
    returned = exists().where(
        Submission.enrollment_id == trainee.id, Submission.status == SubmissionStatus.RETURNED,
        ~exists().where(later.enrollment_id == Submission.enrollment_id,
                        later.item_id == Submission.item_id, later.attempt > Submission.attempt,
                        later.status != SubmissionStatus.DRAFT))
    return or_(overdue, returned)


def _waiting(enrollment_ids: Any, *, before: dt.datetime | None = None) -> Any:
    conditions = [Submission.status == SubmissionStatus.SUBMITTED]
    if enrollment_ids is not None:
        conditions.append(Submission.enrollment_id.in_(enrollment_ids))
    if before is not None:
        conditions.append(Submission.submitted_at < before)
    return and_(*conditions)


def _waiting_lines(kind: str, condition: Any) -> Any:
    return (line(kind, id=Submission.id, ref=Enrollment.cohort_id, title=Item.title,
                 detail=User.display_name, at=Submission.submitted_at)
            .select_from(Submission).join(Item, Item.id == Submission.item_id)
            .join(Enrollment, Enrollment.id == Submission.enrollment_id)
            .join(User, User.id == Enrollment.user_id)
            .where(condition).order_by(Submission.submitted_at, Submission.id).limit(SHOWN))


def _count(kind: str, condition: Any) -> Any:
    return line(kind, number=select(func.count(Submission.id)).where(condition)
                .scalar_subquery())


def _last_graded(enrollment_ids: Any) -> Any:
    graded = select(func.max(Grade.graded_at)).join(Submission,
                                                    Submission.id == Grade.submission_id)
    if enrollment_ids is not None:
        graded = graded.where(Submission.enrollment_id.in_(enrollment_ids))
    return line("last_graded", at=graded.scalar_subquery())


def mentor_section(db_session: Session, user: User) -> Section | None:
    if not viewer_is_mentor():  # asked once a request already, for the navigation
        return None
    cohorts = (line("cohort", id=Cohort.id, title=Cohort.title)
               .select_from(Enrollment).join(Cohort, Cohort.id == Enrollment.cohort_id)
               .where(Enrollment.id.in_(current_mentorships("mentor_enrollment",
                                                            mentor_user_id=user.id)))
               .order_by(Cohort.starts_on.desc()))
    trainees = current_trainees(user)
    risky = aliased(Enrollment)
    risky_user = aliased(User)
    lines = gather(
        db_session, cohorts,
        _waiting_lines("waiting", _waiting(trainees)),
        _count("waiting_count", _waiting(trainees)),
        _count("overdue_count", _waiting(trainees, before=grading_overdue_before())),
        _last_graded(trainees),
        (line("at_risk", id=risky.id, ref=risky.cohort_id, title=risky_user.display_name)
         .select_from(risky).join(risky_user, risky_user.id == risky.user_id)
         .where(risky.id.in_(trainees), risky.role == EnrollmentRole.TRAINEE,
                _at_risk(risky))
         .order_by(risky_user.display_name, risky.id)))
    if not lines.of("cohort"):
        return None
    waiting = lines.number("waiting_count")
    return Section("mentoring", 20, _("Your trainees"), "lms/assignments/home_section.html",
                   {"lines": lines, "waiting": waiting,
                    "overdue": lines.number("overdue_count"),
                    "grading_days": current_app.config["LMS_GRADING_DAYS"]}, count=waiting)


def staff_section(db_session: Session) -> Section:
    before = grading_overdue_before()
    lines = gather(db_session,
                   _waiting_lines("waiting", _waiting(None, before=before)),
                   _count("overdue_count", _waiting(None, before=before)),
                   _count("waiting_count", _waiting(None)),
                   _last_graded(None))
    overdue = lines.number("overdue_count")
    return Section("staff-grading", 41, _("Grading"), "lms/assignments/staff_home_section.html",
                   {"lines": lines, "overdue": overdue, "waiting": lines.number("waiting_count"),
                    "grading_days": current_app.config["LMS_GRADING_DAYS"]}, count=overdue)


def sections(db_session: Session, user: User) -> list[Section]:
    found = [] if not is_staff(user) else [staff_section(db_session)]
    mentoring = mentor_section(db_session, user)
    return found + ([mentoring] if mentoring else [])
