"""``python -m bench.grow TARGETS``: grow the demo's active cohort to many trainees.

Run by the seeding (``grow_cohort`` in bench/seeding.py) after ``flask lms demo``, with the
benchmark's environment, so it writes to the same database through the app's own models.
It adds trainees without passwords (nobody signs in as them), each with some of the opened
lessons done, raises the cohort's capacity to fit, and writes TARGETS: a JSON file with what
the scenario's paths need, the cohort's id and the slug of a lesson open from day 1.

Then it fills the grading side: the demo mentor follows every trainee of the cohort, and
every trainee has handed in every assignment (most waiting in the mentor's queue, a share
graded, a few returned for revision). TARGETS also gets the id of one submission waiting for
the mentor, for the grading page.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, insert, select

from bench.targets import seed_and_write
from lms.accounts.models import User
from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType, LessonProgress, Module
from lms.db import session
from lms.placements.models import HostFacility, Placement, PracticeField
from lms.placements.queries import practicums_of
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, Mentorship
from lms.safety.models import (
    SILENT,
    URGENCY,
    SafetyAnswer,
    SafetyAudience,
    SafetyCheck,
    SafetyRecipient,
    SafetyStatus,
)

# The demo's current cohort: see lms/demo/cohorts.py.
FISCAL_YEAR = 2026
COURSE_SLUG = "aswwtp-year"
EMAIL = "bench.trainee.{:05d}@bench.example"
COUNTRIES = ("PH", "BD", "LK", "TH", "KR", "ID", "MY", "VN", "NP", "MN", "TW", "IN")
BATCH = 500  # trainees per INSERT of users, enrollments and their progress
MENTOR_EMAIL = "mentor@kakehashi.example"  # the demo mentor: see lms/demo/cohorts.py
# The issue asks for 40 assignments, but the course has 39: every live one is used, up to 40.
ASSIGNMENTS = 40
SUBMISSION_BATCH = 100  # trainees per INSERT of submissions: about 3,900 of them
MENTORSHIP_BATCH = 2000
SUBMITTED_OVER = dt.timedelta(days=21)  # hand-ins spread over the past three weeks

T = TypeVar("T")


class GrowError(RuntimeError):
    pass


def _chunks(values: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def share_done(number: int) -> float:
    """From nothing to everything done, spread evenly and the same on every run."""
    return (number * 37 % 101) / 100


def _active_cohort() -> Cohort:
    cohort = session.scalar(
        select(Cohort).join(Course, Cohort.course_id == Course.id)
        .where(Cohort.fiscal_year == FISCAL_YEAR, Cohort.status == CohortStatus.ACTIVE,
               Course.slug == COURSE_SLUG))
    if cohort is None:
        raise GrowError(f"no active fiscal {FISCAL_YEAR} cohort on course {COURSE_SLUG}: "
                        "did `flask lms courses sync` and `flask lms demo` run?")
    return cohort


def _lessons(cohort: Cohort, opened_by_day: int) -> list[Item]:
    """The cohort's live lessons in modules opening on or before ``opened_by_day``, in order."""
    return list(session.scalars(
        select(Item).join(Module, Item.module_id == Module.id)
        .where(Item.course_id == cohort.course_id, Item.type == ItemType.LESSON,
               Item.archived_at.is_(None), Module.archived_at.is_(None),
               Module.opens_day <= opened_by_day)
        .order_by(Module.position, Module.id, Item.position, Item.id)))


def _assignments(cohort: Cohort) -> list[Item]:
    """The cohort's live assignments in course order, at most ``ASSIGNMENTS``."""
    return list(session.scalars(
        select(Item).join(Module, Item.module_id == Module.id)
        .where(Item.course_id == cohort.course_id, Item.type == ItemType.ASSIGNMENT,
               Item.archived_at.is_(None), Module.archived_at.is_(None))
        .order_by(Module.position, Module.id, Item.position, Item.id)
        .limit(ASSIGNMENTS)))


def _trainee_count(cohort: Cohort) -> int:
    return session.scalar(
        select(func.count()).select_from(Enrollment)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)
    ) or 0


def _add_trainees(cohort: Cohort, numbers: Sequence[int], opened: list[Item]) -> None:
    """Users, their enrollments and their lesson progress, a batch at a time."""
    for chunk in _chunks(numbers, BATCH):
        emails = {EMAIL.format(number): number for number in chunk}
        session.execute(insert(User), [
            {"email": email, "display_name": f"Bench Trainee {number:05d}",
             "country": COUNTRIES[number % len(COUNTRIES)], "locale": "en"}
            for email, number in emails.items()])
        users = session.execute(select(User.id, User.email).where(User.email.in_(list(emails))))
        number_of_user = {user_id: emails[email] for user_id, email in users}
        session.execute(insert(Enrollment), [
            {"cohort_id": cohort.id, "user_id": user_id, "role": EnrollmentRole.TRAINEE,
             "affiliation": f"Social welfare office no. {number}",
             "sort_name": f"Bench Trainee {number:05d}"}
            for user_id, number in number_of_user.items()])
        enrollments = session.execute(
            select(Enrollment.id, Enrollment.user_id)
            .where(Enrollment.cohort_id == cohort.id,
                   Enrollment.user_id.in_(list(number_of_user))))
        progress = [
            {"enrollment_id": enrollment_id, "item_id": lesson.id}
            for enrollment_id, user_id in enrollments
            for lesson in opened[:round(len(opened) * share_done(number_of_user[user_id]))]
        ]
        if progress:
            session.execute(insert(LessonProgress), progress)


def _mentor_enrollment(cohort: Cohort) -> tuple[int, int]:
    """The demo mentor's enrollment id in ``cohort`` and their user id."""
    found = session.execute(
        select(Enrollment.id, Enrollment.user_id).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.MENTOR,
               User.email == MENTOR_EMAIL)).first()
    if found is None:
        raise GrowError(f"{MENTOR_EMAIL} is not a mentor of the active cohort: "
                        "did `flask lms demo` run?")
    return found[0], found[1]


def _trainee_ids(cohort: Cohort) -> list[int]:
    return list(session.scalars(
        select(Enrollment.id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)
        .order_by(Enrollment.id)))


def _mentor_everyone(mentor_id: int, trainee_ids: list[int]) -> int:
    """The mentor follows every trainee, except where they already do; returns rows added."""
    already = set(session.scalars(select(Mentorship.trainee_enrollment_id)
                                  .where(Mentorship.mentor_enrollment_id == mentor_id)))
    missing = [trainee_id for trainee_id in trainee_ids if trainee_id not in already]
    for chunk in _chunks(missing, MENTORSHIP_BATCH):
        session.execute(insert(Mentorship), [
            {"mentor_enrollment_id": mentor_id, "trainee_enrollment_id": trainee_id}
            for trainee_id in chunk])
    return len(missing)


def _place_everyone(cohort: Cohort, trainee_ids: list[int]) -> int:
    """Every trainee placed for each practicum of the course at one of the register's
    facilities (the demo's), round the register, except where she already is; returns rows
    added. The placement board is measured on them."""
    facility_ids = list(session.scalars(select(HostFacility.id).order_by(HostFacility.id)))
    if not facility_ids:
        raise GrowError("the register has no host facility to place the trainees at")
    practicums, _spans = practicums_of(cohort)
    added = 0
    for practicum in practicums:
        already = set(session.scalars(select(Placement.enrollment_id)
                                      .where(Placement.module_id == practicum.module.id)))
        missing = [trainee_id for trainee_id in trainee_ids if trainee_id not in already]
        for chunk in _chunks(missing, MENTORSHIP_BATCH):
            session.execute(insert(Placement), [
                {"enrollment_id": trainee_id, "module_id": practicum.module.id,
                 "facility_id": facility_ids[trainee_id % len(facility_ids)],
                 "starts_on": practicum.first_day, "ends_on": practicum.last_day,
                 "field": PracticeField.OTHER, "supervisor_name": "", "supervisor_email": "",
                 "lodging": "", "commute": "", "created_at": utcnow(), "updated_at": utcnow()}
                for trainee_id in chunk])
        added += len(missing)
    return added


def _safety_check(cohort: Cohort) -> int:
    """An open safety check sent to every trainee of the cohort, two in three of whom have
    answered (each of the three answers in turn): the safety board is measured on it."""
    message = "Bench: an earthquake struck the Tokyo area. Are you safe?"
    found = session.scalar(select(SafetyCheck.id).where(SafetyCheck.message == message))
    if found is not None:
        return found
    check = SafetyCheck(message=message, audience=SafetyAudience.COHORT, cohort_id=cohort.id)
    session.add(check)
    session.flush()
    people = session.execute(
        select(Enrollment.user_id, User.display_name).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)
        .order_by(Enrollment.id)).all()
    statuses = list(SafetyStatus)
    for chunk in _chunks(people, MENTORSHIP_BATCH):
        # Each person's place on the board is kept with their answer, as services.answer does.
        session.execute(insert(SafetyRecipient), [
            {"check_id": check.id, "user_id": user_id, "sort_name": name,
             "urgency": URGENCY[statuses[user_id % 3]] if user_id % 3 else SILENT}
            for user_id, name in chunk])
        session.execute(insert(SafetyAnswer), [
            {"check_id": check.id, "user_id": user_id, "status": statuses[user_id % 3],
             "note": "", "location": "", "answered_at": utcnow()}
            for user_id, _name in chunk if user_id % 3 != 0])
    return check.id


def _spread(enrollment_id: int, index: int) -> int:
    """A number in 0..9999, scattered over trainees and assignments, the same on every run."""
    return (enrollment_id * 7919 + index * 104729 + enrollment_id * index * 31) % 10_000


def _status(spread: int) -> SubmissionStatus:
    """About 70% waiting for the mentor, 25% graded, 5% returned for revision."""
    if spread < 2_500:
        return SubmissionStatus.GRADED
    if spread < 3_000:
        return SubmissionStatus.RETURNED
    return SubmissionStatus.SUBMITTED


def _scores(item: Item, spread: int) -> dict[str, int]:
    """Scores the grading form could have saved: one of the rubric's levels per criterion
    (the higher ones more often), or a single score within the points."""
    if item.rubric:
        scores = {}
        for number, criterion in enumerate(item.rubric):
            levels = sorted(level["points"] for level in criterion["levels"])
            pick = (spread // (number + 1) + number * 3) % (len(levels) + 2)
            scores[criterion["criterion"]] = levels[min(pick, len(levels) - 1)]
        return scores
    points = item.points or 0
    return {"score": points - (spread * 13 % (points // 2 + 1)) if points else 0}


def _submission_text(item: Item, number: int) -> str:
    return (f"## {item.title}\n\nWork handed in by bench trainee {number}.\n\n"
            "What I observed this week, what I tried, and what I would do differently "
            "next time, with one case described in detail and the questions it raised "
            "for my practice back home.\n")


def _hand_in_everything(cohort: Cohort, trainee_ids: list[int], grader_id: int,
                        assignments: list[Item]) -> None:
    """One attempt per trainee and assignment (skipping pairs that already have one), with a
    grade for those graded or returned; a batch of trainees at a time."""
    now = utcnow()
    due = {item.id: cohort.due_time(item.due_day) for item in assignments if item.due_day}
    by_id = {item.id: (index, item) for index, item in enumerate(assignments)}
    for chunk in _chunks(trainee_ids, SUBMISSION_BATCH):
        taken = {(enrollment_id, item_id) for enrollment_id, item_id in session.execute(
            select(Submission.enrollment_id, Submission.item_id)
            .where(Submission.enrollment_id.in_(chunk)))}
        rows = []
        for enrollment_id in chunk:
            for index, item in enumerate(assignments):
                if (enrollment_id, item.id) in taken:
                    continue
                spread = _spread(enrollment_id, index)
                submitted_at = now - SUBMITTED_OVER * (spread / 10_000) \
                    - dt.timedelta(minutes=5)
                rows.append({
                    "enrollment_id": enrollment_id, "item_id": item.id, "attempt": 1,
                    "status": _status(spread), "text": _submission_text(item, enrollment_id),
                    "created_at": submitted_at - dt.timedelta(hours=2),
                    "saved_at": submitted_at, "submitted_at": submitted_at,
                    "is_late": item.id in due and submitted_at > due[item.id]})
        if not rows:
            continue
        session.execute(insert(Submission), rows)
        del rows
        assessed = session.execute(
            select(Submission.id, Submission.enrollment_id, Submission.item_id,
                   Submission.status, Submission.submitted_at)
            .where(Submission.enrollment_id.in_(chunk),
                   Submission.status.in_([SubmissionStatus.GRADED, SubmissionStatus.RETURNED]))
            .outerjoin(Grade, Grade.submission_id == Submission.id)
            .where(Grade.id.is_(None)))
        grades = []
        for submission_id, enrollment_id, item_id, status, submitted_at in assessed:
            if item_id not in by_id:
                continue
            index, item = by_id[item_id]
            spread = _spread(enrollment_id, index)
            scores = _scores(item, spread)
            returned = status == SubmissionStatus.RETURNED
            grades.append({
                "submission_id": submission_id, "scores": scores,
                "total": sum(scores.values()), "returned": returned,
                "feedback": ("Please revise: describe the case in more detail." if returned
                             else "Clear and well observed. Thank you."),
                "graded_by_id": grader_id, "version": 1,
                "graded_at": min(now, submitted_at + dt.timedelta(hours=1 + spread % 48))})
        if grades:
            session.execute(insert(Grade), grades)


def _count(statement: Any) -> int:
    return session.scalar(statement) or 0


def grow(trainees: int) -> dict[str, Any]:
    """Bring the active cohort up to ``trainees`` trainees; returns the pages' targets."""
    cohort = _active_cohort()
    first_lessons = _lessons(cohort, opened_by_day=1)
    if not first_lessons:
        raise GrowError(f"course {COURSE_SLUG} has no lesson in a module opening on day 1")
    opened = _lessons(cohort, opened_by_day=cohort.day_at(utcnow()))

    missing = max(0, trainees - _trainee_count(cohort))
    already = session.scalar(
        select(func.count()).select_from(User).where(User.email.like("bench.trainee.%"))) or 0
    cohort.capacity = max(cohort.capacity, trainees)
    # Everything in one transaction, committed once below: a commit per batch had SQLite
    # write to the disk a hundred times, a tenth of the time at 10,000 trainees.
    _add_trainees(cohort, range(already + 1, already + missing + 1), opened)

    if (count := _trainee_count(cohort)) < trainees:
        raise GrowError(f"the cohort has {count} trainees after growing, not {trainees}")
    progress_rows = session.scalar(
        select(func.count()).select_from(LessonProgress)
        .join(Enrollment, LessonProgress.enrollment_id == Enrollment.id)
        .where(Enrollment.cohort_id == cohort.id)) or 0

    assignments = _assignments(cohort)
    if not assignments:
        raise GrowError(f"course {COURSE_SLUG} has no assignment")
    mentor_id, mentor_user_id = _mentor_enrollment(cohort)
    trainee_ids = _trainee_ids(cohort)
    added_mentorships = _mentor_everyone(mentor_id, trainee_ids)
    added_placements = _place_everyone(cohort, trainee_ids)
    safety_check_id = _safety_check(cohort)
    _hand_in_everything(cohort, trainee_ids, mentor_user_id, assignments)
    session.commit()

    mentees = select(Mentorship.trainee_enrollment_id).where(
        Mentorship.mentor_enrollment_id == mentor_id)
    waiting = session.scalar(
        select(Submission.id)
        .where(Submission.enrollment_id.in_(mentees),
               Submission.status == SubmissionStatus.SUBMITTED)
        .order_by(Submission.submitted_at, Submission.id).limit(1))
    if waiting is None:
        raise GrowError(f"no submitted work waits for {MENTOR_EMAIL}")
    in_cohort = Submission.enrollment_id.in_(
        select(Enrollment.id).where(Enrollment.cohort_id == cohort.id))
    by_status = {status: n for status, n in session.execute(
        select(Submission.status, func.count()).where(in_cohort).group_by(Submission.status))}
    return {
        "cohort_id": cohort.id,
        "lesson_slug": first_lessons[0].slug,
        "submission_id": waiting,
        "trainees": count,
        "added_trainees": missing,
        "opened_lessons": len(opened),
        "lesson_progress_rows": progress_rows,
        "assignments": len(assignments),
        "mentor_trainees": _count(select(func.count()).select_from(mentees.subquery())),
        "added_mentorships": added_mentorships,
        "added_placements": added_placements,
        "safety_check_id": safety_check_id,
        "submissions": {str(status): n for status, n in sorted(by_status.items())},
        "grades": _count(select(func.count()).select_from(Grade)
                         .join(Submission, Submission.id == Grade.submission_id)
                         .where(in_cohort)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grow",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("targets", type=Path, help="the JSON file to write the targets to")
    parser.add_argument("--trainees", type=int, default=1000,
                        help="trainees the active cohort should have (default 1000)")
    args = parser.parse_args(argv)
    return seed_and_write("bench.grow", lambda: grow(args.trainees), args.targets,
                          merge=False)


if __name__ == "__main__":
    raise SystemExit(main())
