"""What waits for graders on the home page: a mentor's trainees' work and who of them is at
risk, and for staff the work that has waited too long."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.clock import utcnow
from lms.curriculum.models import Item
from lms.curriculum.queries import trainees_at_work
from lms.curriculum.standing import Level
from lms.homepage import Lines, Section, gather, line
from lms.i18n import _
from lms.names import name_column
from lms.programs.models import Cohort, Enrollment
from lms.programs.queries import current_mentorships, current_trainees
from lms.programs.standing import viewer_is_mentor
from lms.security import is_staff

#: How many of the oldest waiting submissions a home lists; the count says how many in all.
SHOWN = 5
#: The most trainees whose standing a mentor's home judges. The judge reads each trainee's
#: whole course and work, so a mentor who follows more (a program has a handful per cohort)
#: is sent to the progress pages, which judge a page of trainees at a time.
JUDGED_AT_MOST = 20


def grading_overdue_before() -> dt.datetime:
    return utcnow() - dt.timedelta(days=current_app.config["LMS_GRADING_DAYS"])


def _waiting(enrollment_ids: Any, *, before: Any = None, since: Any = None) -> Any:
    conditions = [Submission.status == SubmissionStatus.SUBMITTED]
    if enrollment_ids is not None:
        conditions.append(Submission.enrollment_id.in_(enrollment_ids))
    if before is not None:
        conditions.append(Submission.submitted_at < before)
    if since is not None:
        conditions.append(Submission.submitted_at >= since)
    return and_(*conditions)


def _waiting_lines(kind: str, condition: Any) -> Any:
    return (line(kind, id=Submission.id, ref=Enrollment.cohort_id, title=Item.title,
                 detail=User.display_name, at=Submission.submitted_at)
            .select_from(Submission).join(Item, Item.id == Submission.item_id)
            .join(Enrollment, Enrollment.id == Submission.enrollment_id)
            .join(User, User.id == Enrollment.user_id)
            .where(condition).order_by(Submission.submitted_at, Submission.id).limit(SHOWN))


def _counts(enrollment_ids: Any, before: Any) -> list[Any]:
    """How many wait past the grading time, and how many since: the first count reads
    thousands of index entries, so all waiting is the two together rather than a third."""
    return [line(kind, number=select(func.count()).where(condition).scalar_subquery())
            for kind, condition in (
                ("overdue_count", _waiting(enrollment_ids, before=before)),
                ("recent_count", _waiting(enrollment_ids, since=before)))]


def _last_graded(enrollment_ids: Any) -> Any:
    # The newest grade first, on its index, until one of these trainees' is found.
    graded = select(Grade.graded_at).order_by(Grade.graded_at.desc()).limit(1)
    if enrollment_ids is not None:
        graded = graded.where(select(Submission.id).where(
            Submission.id == Grade.submission_id,
            Submission.enrollment_id.in_(enrollment_ids)).exists())
    return line("last_graded", at=graded.scalar_subquery())


def _mentor_lines(user_id: Any, overdue_before: Any) -> list[Any]:
    trainees = current_mentorships("trainee", mentor_user_id=user_id)
    cohorts = (line("cohort", id=Cohort.id, title=name_column(Cohort))
               .select_from(Enrollment).join(Cohort, Cohort.id == Enrollment.cohort_id)
               .where(Enrollment.id.in_(current_mentorships("mentor_enrollment",
                                                            mentor_user_id=user_id)))
               .order_by(Cohort.starts_on.desc()))
    trainee_ids = trainees.subquery()
    followed = line("trainee_count", number=select(func.count(trainee_ids.c[0].distinct()))
                    .scalar_subquery())
    return [cohorts, followed, _waiting_lines("waiting", _waiting(trainees)),
            *_counts(trainees, overdue_before), _last_graded(trainees)]


def _waiting_counts(lines: Lines) -> tuple[int, int]:
    """All waiting, and how many of those past the grading time."""
    overdue = lines.number("overdue_count")
    return overdue + lines.number("recent_count"), overdue


def mentor_section(db_session: Session, user: User) -> Section | None:
    if not viewer_is_mentor():  # asked once a request already, for the navigation
        return None
    lines = gather(db_session, _mentor_lines, user_id=user.id,
                   overdue_before=grading_overdue_before())
    if not lines.of("cohort"):
        return None
    waiting, overdue = _waiting_counts(lines)
    return Section("mentoring", 20, _("Your trainees"), "lms/assignments/home_section.html",
                   {"lines": lines, "waiting": waiting, "overdue": overdue,
                    "grading_days": current_app.config["LMS_GRADING_DAYS"]}, count=waiting)


def at_risk_section(db_session: Session, user: User, mentoring: Section) -> Section:
    """The mentor's trainees at risk, each with why, as the one standing function judges them
    (lms.certificates.standing): a section of its own, since the judge reads each trainee's
    course and work row by row, which the grading section's union of lines cannot carry.
    Beyond JUDGED_AT_MOST trainees it sends the mentor to the cohorts' progress pages."""
    lines: Lines = mentoring.context["lines"]
    followed = lines.number("trainee_count")
    if followed > JUDGED_AT_MOST:
        return Section("at-risk", 21, _("Trainees at risk"),
                       "lms/assignments/at_risk_section.html",
                       {"followed": followed, "cohorts": lines.of("cohort")})
    trainees = trainees_at_work(db_session, current_trainees(user))
    at_risk = sorted((trainee for trainee in trainees if trainee.work is not None
                      and trainee.work.standing.level == Level.AT_RISK),
                     key=lambda trainee: (trainee.enrollment.user.display_name,
                                          trainee.enrollment.id))
    return Section("at-risk", 21, _("Trainees at risk"), "lms/assignments/at_risk_section.html",
                   {"at_risk": at_risk}, count=len(at_risk))


def _staff_lines(overdue_before: Any) -> list[Any]:
    return [_waiting_lines("waiting", _waiting(None, before=overdue_before)),
            *_counts(None, overdue_before), _last_graded(None)]


def staff_section(db_session: Session) -> Section:
    lines = gather(db_session, _staff_lines, overdue_before=grading_overdue_before())
    waiting, overdue = _waiting_counts(lines)
    return Section("staff-grading", 41, _("Grading"), "lms/assignments/staff_home_section.html",
                   {"lines": lines, "overdue": overdue, "waiting": waiting,
                    "grading_days": current_app.config["LMS_GRADING_DAYS"]}, count=overdue)


def sections(db_session: Session, user: User) -> list[Section]:
    found = [] if not is_staff(user) else [staff_section(db_session)]
    mentoring = mentor_section(db_session, user)
    if mentoring is None:
        return found
    return [*found, mentoring, at_risk_section(db_session, user, mentoring)]
