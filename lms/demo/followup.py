"""Demo follow-up trainings, for alumni of the year-long program, as data/followup.toml tells
them: a training held, imported as history; one whose call has closed, its applications
imported as sent and the selection made through the selection service (which enrolls, audits
and mails as it would for staff); and one open now, applied to through the service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.clock import utcnow
from lms.curriculum.models import Course
from lms.demo.data import load
from lms.demo.people import cast
from lms.demo.timeline import ZONE
from lms.followup import services
from lms.followup.models import ApplicationStatus, FollowUpApplication, FollowUpCall
from lms.programs import services as program_services
from lms.programs.models import (
    Cohort,
    CohortStatus,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
)
from lms.programs.replacing import replace_cohort

PROGRAM_SLUG = COURSE_SLUG = "aswwtp-follow-up"


@dataclass(frozen=True)
class DemoApplication:
    email: str
    motivation: str
    submitted_on: dt.date


@dataclass(frozen=True)
class DemoFollowUp:
    fiscal_year: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    last_day: dt.date
    applications: tuple[DemoApplication, ...]
    #: When staff selected the applicants of a training imported as history (else on the
    #: call's last day).
    decided_on: dt.date | None = None
    #: In the order staff ticked them; the other applicants go on the waitlist.
    selected: tuple[str, ...] = ()
    name_ja: str | None = None


@dataclass(frozen=True)
class NotHeld:
    """A training that was not held: cancelled, or replaced by a seminar held instead."""

    fiscal_year: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    reason: str
    name_ja: str | None = None
    replaced_by_seminar: int | None = None


@dataclass(frozen=True)
class FollowUps:
    capacity: int
    intro: str
    history: DemoFollowUp
    current: DemoFollowUp
    next: DemoFollowUp
    cancelled: tuple[NotHeld, ...] = ()


def seed_followups_not_held(db_session: Session) -> None:
    """The trainings cancelled or replaced, through the cohort services; after the seminars,
    since a replaced one names the seminar held instead."""
    story = load("followup.toml", FollowUps)
    program = db_session.scalar(select(Program).where(Program.slug == PROGRAM_SLUG))
    seminars = db_session.scalar(select(Program).where(Program.slug == "asw-seminar"))
    if program is None or seminars is None:
        raise RuntimeError("seed_cohorts must run before seed_followups_not_held")
    staff = cast(db_session).staff
    for spec in story.cancelled:
        if db_session.scalar(select(Cohort.id).where(
                Cohort.program_id == program.id,
                Cohort.fiscal_year == spec.fiscal_year)) is not None:
            continue
        cohort = program_services.create_cohort(
            db_session, staff, program, program_services.CohortDetails(
                number=None, fiscal_year=spec.fiscal_year, title=spec.title,
                starts_on=spec.starts_on, ends_on=spec.ends_on, timezone=ZONE,
                capacity=story.capacity, course_id=None, name_ja=spec.name_ja))
        if spec.replaced_by_seminar is None:
            program_services.change_cohort_status(db_session, staff, cohort,
                                                  CohortStatus.CANCELLED, spec.reason)
            continue
        seminar = db_session.scalar(select(Cohort).where(
            Cohort.program_id == seminars.id, Cohort.number == spec.replaced_by_seminar))
        if seminar is None:
            raise RuntimeError(f"{spec.title}: no seminar numbered {spec.replaced_by_seminar}")
        replace_cohort(db_session, staff, cohort, seminar, spec.reason)
    db_session.flush()


def seed_followup(db_session: Session) -> None:
    story = load("followup.toml", FollowUps)
    program = db_session.scalar(select(Program).where(Program.slug == PROGRAM_SLUG))
    if program is None:
        raise RuntimeError("seed_cohorts must run before seed_followup")
    staff = cast(db_session).staff
    course = db_session.scalar(select(Course).where(Course.slug == COURSE_SLUG))
    _history(db_session, staff, program, course, story)
    _current(db_session, staff, program, course, story)
    _next(db_session, staff, program, course, story)
    db_session.flush()


def _cohort(db_session: Session, staff: User, program: Program, spec: DemoFollowUp,
            capacity: int, course: Course | None) -> tuple[Cohort, bool]:
    cohort = db_session.scalar(select(Cohort).where(Cohort.program_id == program.id,
                                                    Cohort.fiscal_year == spec.fiscal_year))
    if cohort is not None:
        return cohort, False
    cohort = program_services.create_cohort(db_session, staff, program,
                                            program_services.CohortDetails(
        number=None, fiscal_year=spec.fiscal_year, title=spec.title, starts_on=spec.starts_on,
        ends_on=spec.ends_on, timezone=ZONE, capacity=capacity,
        course_id=course.id if course else None, name_ja=spec.name_ja))
    return cohort, True


def _sent_at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 30), dt.UTC)


def _imported_call(db_session: Session, staff: User, cohort: Cohort, spec: DemoFollowUp,
                   intro: str) -> None:
    """A call that has closed already: recorded as history, as the service opens only calls
    that close in the future."""
    db_session.add(FollowUpCall(cohort_id=cohort.id, intro=intro,
                                closes_at=services.closing_time(cohort, spec.last_day),
                                opened_at=_sent_at(spec.applications[0].submitted_on
                                                   - dt.timedelta(days=30)),
                                opened_by_id=staff.id))


def _imported_applications(db_session: Session, cohort: Cohort,
                           spec: DemoFollowUp) -> dict[str, FollowUpApplication]:
    applications = {}
    for demo in spec.applications:
        user = user_by_email(db_session, demo.email)
        if user is None:
            continue
        application = FollowUpApplication(cohort_id=cohort.id, user_id=user.id,
                                          motivation=demo.motivation,
                                          status=ApplicationStatus.SUBMITTED,
                                          submitted_at=_sent_at(demo.submitted_on))
        db_session.add(application)
        applications[demo.email] = application
    db_session.flush()
    return applications


def _history(db_session: Session, staff: User, program: Program, course: Course | None,
             story: FollowUps) -> None:
    spec = story.history
    cohort, created = _cohort(db_session, staff, program, spec, story.capacity, course)
    if not created:
        return
    _imported_call(db_session, staff, cohort, spec, story.intro)
    applications = _imported_applications(db_session, cohort, spec)
    program_services.change_cohort_status(db_session, staff, cohort, CohortStatus.ACTIVE)
    for application in applications.values():
        enrollment = program_services.enroll(db_session, staff, cohort, application.user,
                                             EnrollmentRole.TRAINEE)
        enrollment.status = EnrollmentStatus.COMPLETED
        application.enrollment = enrollment
        application.status = ApplicationStatus.SELECTED
        application.decided_at = _sent_at(spec.decided_on or spec.last_day)
        application.decided_by_id = staff.id
    # A past training imported as history: its outcomes are known and recorded as such.
    cohort.status = CohortStatus.COMPLETED


def _current(db_session: Session, staff: User, program: Program, course: Course | None,
             story: FollowUps) -> None:
    spec = story.current
    cohort, created = _cohort(db_session, staff, program, spec, story.capacity, course)
    if not created:
        return
    _imported_call(db_session, staff, cohort, spec, story.intro)
    applications = _imported_applications(db_session, cohort, spec)
    chosen = [applications[email].id for email in spec.selected if email in applications]
    if chosen:
        services.select_applicants(db_session, staff, cohort, chosen)


def _next(db_session: Session, staff: User, program: Program, course: Course | None,
          story: FollowUps) -> None:
    spec = story.next
    cohort, created = _cohort(db_session, staff, program, spec, story.capacity, course)
    if not created or services.closing_time(cohort, spec.last_day) <= utcnow():
        return  # the demo is run after this call would have closed: leave it unopened
    services.open_call(db_session, staff, cohort, story.intro, spec.last_day)
    for demo in spec.applications:
        user = user_by_email(db_session, demo.email)
        if user is not None:
            services.apply(db_session, user, cohort, demo.motivation)
