"""``python -m bench.grow TARGETS``: grow the demo's active cohort to many trainees.

Run by the seeding (``grow_cohort`` in bench/seeding.py) after ``flask lms demo``, with the
benchmark's environment, so it writes to the same database through the app's own models.
It adds trainees without passwords (nobody signs in as them), each with some of the opened
lessons done, raises the cohort's capacity to fit, and writes TARGETS: a JSON file with what
the scenario's paths need, the cohort's id and the slug of a lesson open from day 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, insert, select

from lms.accounts.models import User
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType, LessonProgress, Module
from lms.db import session
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole

# The demo's current cohort: see lms/demo/cohorts.py.
FISCAL_YEAR = 2026
COURSE_SLUG = "aswwtp-year"
EMAIL = "bench.trainee.{:05d}@bench.example"
COUNTRIES = ("PH", "BD", "LK", "TH", "KR", "ID", "MY", "VN", "NP", "MN", "TW", "IN")
BATCH = 500  # trainees per commit

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


def _trainee_count(cohort: Cohort) -> int:
    return session.scalar(
        select(func.count()).select_from(Enrollment)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)
    ) or 0


def _add_trainees(cohort: Cohort, numbers: Sequence[int], opened: list[Item]) -> None:
    """Users, their enrollments and their lesson progress, one batch per commit."""
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
             "affiliation": f"Social welfare office no. {number}"}
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
        session.commit()


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
    session.commit()
    _add_trainees(cohort, range(already + 1, already + missing + 1), opened)

    if (count := _trainee_count(cohort)) < trainees:
        raise GrowError(f"the cohort has {count} trainees after growing, not {trainees}")
    progress_rows = session.scalar(
        select(func.count()).select_from(LessonProgress)
        .join(Enrollment, LessonProgress.enrollment_id == Enrollment.id)
        .where(Enrollment.cohort_id == cohort.id)) or 0
    return {
        "cohort_id": cohort.id,
        "lesson_slug": first_lessons[0].slug,
        "trainees": count,
        "added_trainees": missing,
        "opened_lessons": len(opened),
        "lesson_progress_rows": progress_rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grow",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("targets", type=Path, help="the JSON file to write the targets to")
    parser.add_argument("--trainees", type=int, default=1000,
                        help="trainees the active cohort should have (default 1000)")
    args = parser.parse_args(argv)

    from wsgi import app  # creates the app from the environment: the bench's database

    with app.app_context():
        try:
            targets = grow(args.trainees)
        except GrowError as error:
            print(f"bench.grow: {error}", file=sys.stderr)
            return 1
    args.targets.write_text(json.dumps(targets, indent=2) + "\n")
    print(json.dumps(targets))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
