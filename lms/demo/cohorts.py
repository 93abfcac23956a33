"""Demo programs and cohorts of the year-long training, as data/cohorts.toml tells them.

Past years are imported as history: created through the services, their outcomes recorded as
known. The current cohort gets mentors and lessons done, each trainee at their own place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.accounts.services import create_user
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType, LessonProgress, Module
from lms.curriculum.sync import sync_courses
from lms.demo.data import load
from lms.demo.people import DEMO_PASSWORD, DemoLogin, cast
from lms.demo.timeline import ZONE
from lms.language import services as language
from lms.language.models import Checkpoint, JapaneseLevel
from lms.programs import services
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
)


@dataclass(frozen=True)
class DemoProgram:
    slug: str
    kind: ProgramKind
    code: str
    title: str
    description: str
    name_ja: str | None = None


@dataclass(frozen=True)
class DemoTrainee:
    email: str
    name: str
    country: str
    affiliation: str


@dataclass(frozen=True)
class DemoCohort:
    fiscal_year: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    status: CohortStatus
    number: int | None = None
    trainees: tuple[DemoTrainee, ...] = ()
    cancellation_reason: str | None = None
    name_ja: str | None = None
    completion_ceremony_on: dt.date | None = None


@dataclass(frozen=True)
class DemoMentor:
    """A program tutor for the year."""

    email: str
    name: str
    affiliation: str


@dataclass(frozen=True)
class Cohorts:
    capacity: int
    programs: tuple[DemoProgram, ...]
    cohorts: tuple[DemoCohort, ...]
    mentors: tuple[DemoMentor, ...]
    #: The current cohort's Japanese teacher, and each current trainee's levels (at entry, at
    #: the end of the language months), in the order of the cohort's trainees.
    teacher: DemoMentor
    japanese_levels: tuple[tuple[JapaneseLevel, ...], ...]
    #: Share of the opened lessons each current trainee has done.
    progress: tuple[float, ...]
    logins: tuple[DemoLogin, ...]


def seed_cohorts(db_session: Session, courses_dir: Path | None) -> list[DemoLogin]:
    story = load("cohorts.toml", Cohorts)
    year_course = _course(db_session, courses_dir, "aswwtp-year")
    programs = {spec.slug: program(db_session, spec) for spec in story.programs}
    staff = cast(db_session).staff
    current = None
    for spec in story.cohorts:
        cohort = _cohort(db_session, staff, programs["aswwtp"], spec, story.capacity,
                         year_course)
        enrollments = [_enroll(db_session, staff, cohort, trainee)
                       for trainee in spec.trainees]
        if spec.status == CohortStatus.COMPLETED:
            # A past year imported as history: its outcomes are known and recorded as such.
            for enrollment in enrollments:
                enrollment.status = EnrollmentStatus.COMPLETED
            cohort.status = CohortStatus.COMPLETED
        if spec.status == CohortStatus.ACTIVE:
            current = cohort
            mentors = [_mentor(db_session, staff, cohort, mentor) for mentor in story.mentors]
            for index, trainee in enumerate(enrollments):
                services.assign_mentor(db_session, staff, mentors[index % len(mentors)], trainee)
            _progress(db_session, cohort, enrollments, story.progress)
            _japanese_levels(db_session, staff, cohort, story, enrollments)
    db_session.flush()
    return list(story.logins) if current is not None else []


def _course(db_session: Session, courses_dir: Path | None, slug: str) -> Course | None:
    if courses_dir is not None and courses_dir.is_dir():
        sync_courses(db_session, courses_dir)
    return db_session.scalar(select(Course).where(Course.slug == slug))


def program(db_session: Session, spec: DemoProgram) -> Program:
    """The program of that slug, created as a record when it is not there yet."""
    found = db_session.scalar(select(Program).where(Program.slug == spec.slug))
    if found is None:
        found = Program(slug=spec.slug, kind=spec.kind, code=spec.code, title=spec.title,
                        name_ja=spec.name_ja, description=spec.description)
        db_session.add(found)
        db_session.flush()
    return found


def _cohort(db_session: Session, staff: User, program: Program, spec: DemoCohort,
            capacity: int, course: Course | None) -> Cohort:
    cohort = db_session.scalar(select(Cohort).where(Cohort.program_id == program.id,
                                                    Cohort.fiscal_year == spec.fiscal_year))
    if cohort is not None:
        return cohort
    cohort = services.create_cohort(db_session, staff, program, services.CohortDetails(
        number=spec.number, fiscal_year=spec.fiscal_year, title=spec.title,
        starts_on=spec.starts_on, ends_on=spec.ends_on, timezone=ZONE,
        capacity=capacity, course_id=course.id if course else None, name_ja=spec.name_ja,
        completion_ceremony_on=spec.completion_ceremony_on))
    if spec.status == CohortStatus.CANCELLED:
        services.change_cohort_status(db_session, staff, cohort, CohortStatus.CANCELLED,
                                      spec.cancellation_reason)
    elif spec.status in (CohortStatus.ACTIVE, CohortStatus.COMPLETED):
        services.change_cohort_status(db_session, staff, cohort, CohortStatus.ACTIVE)
    return cohort


def _person(db_session: Session, email: str, name: str, country: str) -> User:
    user = user_by_email(db_session, email)
    if user is None:
        user = create_user(db_session, email, name, DEMO_PASSWORD, country=country,
                           locale="en")
    return user


def _enroll(
    db_session: Session, staff: User, cohort: Cohort, trainee: DemoTrainee
) -> Enrollment:
    user = _person(db_session, trainee.email, trainee.name, trainee.country)
    enrollment = db_session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id))
    return enrollment or services.enroll(db_session, staff, cohort, user,
                                         EnrollmentRole.TRAINEE, trainee.affiliation)


def _mentor(db_session: Session, staff: User, cohort: Cohort, mentor: DemoMentor) -> Enrollment:
    user = _person(db_session, mentor.email, mentor.name, "JP")
    enrollment = db_session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id,
        Enrollment.role == EnrollmentRole.MENTOR))
    return enrollment or services.enroll(db_session, staff, cohort, user,
                                         EnrollmentRole.MENTOR, mentor.affiliation)


def _japanese_levels(db_session: Session, staff: User, cohort: Cohort, story: Cohorts,
                     enrollments: list[Enrollment]) -> None:
    """The teacher records each trainee's level at entry and when the language months end."""
    user = _person(db_session, story.teacher.email, story.teacher.name, "JP")
    if db_session.scalar(select(Enrollment.id).where(
            Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id)) is not None:
        return  # seeded before
    services.enroll(db_session, staff, cohort, user, EnrollmentRole.TEACHER,
                    story.teacher.affiliation)
    checkpoints = ((Checkpoint.ENTRY, 3), (Checkpoint.LANGUAGE_MONTHS_END, 120))
    for trainee, levels in zip(enrollments, story.japanese_levels, strict=False):
        for level, (checkpoint, day) in zip(levels, checkpoints, strict=True):
            language.record_level(db_session, user, trainee, level, checkpoint,
                                  cohort.starts_on + dt.timedelta(days=day - 1))


def _progress(db_session: Session, cohort: Cohort, enrollments: list[Enrollment],
              shares: tuple[float, ...]) -> None:
    if cohort.course_id is None:
        return
    today = cohort.day_at(utcnow())
    lessons = list(db_session.scalars(
        select(Item).join(Module, Item.module_id == Module.id)
        .where(Item.course_id == cohort.course_id, Item.type == ItemType.LESSON,
               Item.archived_at.is_(None), Module.opens_day <= today)
        .order_by(Module.position, Item.position)))
    done = {(row.enrollment_id, row.item_id) for row in db_session.scalars(
        select(LessonProgress).where(LessonProgress.enrollment_id.in_(
            [enrollment.id for enrollment in enrollments])))}
    for enrollment, share in zip(enrollments, shares, strict=False):
        for lesson in lessons[:round(len(lessons) * share)]:
            if (enrollment.id, lesson.id) not in done:
                db_session.add(LessonProgress(enrollment_id=enrollment.id, item_id=lesson.id))
