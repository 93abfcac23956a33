"""The demo's published event reports, as data/event_reports.toml tells them: attendance
recorded at the first day's sessions, reflections written by participants (quoted only where
they allowed it), staff's summary, and the moment staff published it.

Attendance is written in bulk (an edition may have a hundred and sixty participants); the
reflections, the summary and the publication go through the events' services, then take the
dates of the story."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.demo.data import load
from lms.demo.people import cast
from lms.events import reflections, reports
from lms.events.models import EventSession, Registration, RegistrationStatus, SessionAttendance
from lms.events.report_models import EventReport
from lms.programs.models import Cohort, Program


@dataclass(frozen=True)
class DemoReflection:
    email: str
    body: str
    consent: bool
    selected: bool = False


@dataclass(frozen=True)
class DemoReport:
    program: str
    title: str
    published_at: dt.datetime
    summary: str
    absent: tuple[str, ...] = ()
    reflections: tuple[DemoReflection, ...] = ()


@dataclass(frozen=True)
class EventReports:
    reports: tuple[DemoReport, ...]


def seed_event_reports(db_session: Session) -> None:
    staff = cast(db_session).staff
    for spec in load("event_reports.toml", EventReports).reports:
        cohort = db_session.scalar(select(Cohort).join(Program).where(
            Program.slug == spec.program, Cohort.title == spec.title))
        if cohort is None:
            raise RuntimeError(f"no edition {spec.title!r} of {spec.program} "
                               "(seed_seminars and seed_events must run first)")
        if db_session.scalar(select(EventReport.id).where(EventReport.cohort_id == cohort.id)):
            continue  # seeded before: the story does not change
        _record_first_day(db_session, staff, cohort, spec)
        for written in spec.reflections:
            _reflect(db_session, cohort, written, spec.published_at)
        reports.save_summary(db_session, staff, cohort, spec.summary)
        reports.publish(db_session, staff, cohort, now=spec.published_at)
    db_session.flush()


def _record_first_day(db_session: Session, staff: User, cohort: Cohort,
                      spec: DemoReport) -> None:
    """Everyone registered present at each of the first day's sessions, but the absent."""
    sessions = db_session.scalars(select(EventSession).where(
        EventSession.cohort_id == cohort.id).order_by(EventSession.starts_at)).all()
    if not sessions:
        return
    first_day = sessions[0].starts_at.astimezone(cohort.zone).date()
    present = db_session.scalars(
        select(Registration.user_id).join(User, User.id == Registration.user_id)
        .where(Registration.cohort_id == cohort.id,
               Registration.status == RegistrationStatus.REGISTERED,
               User.email.not_in(spec.absent))).all()
    rows = [{"session_id": row.id, "user_id": user_id, "recorded_by_id": staff.id,
             "recorded_at": row.ends_at}
            for row in sessions if row.starts_at.astimezone(cohort.zone).date() == first_day
            for user_id in present]
    if rows:
        db_session.execute(insert(SessionAttendance), rows)


def _reflect(db_session: Session, cohort: Cohort, written: DemoReflection,
             published_at: dt.datetime) -> None:
    author = db_session.scalar(select(User).where(User.email == written.email))
    if author is None:
        raise RuntimeError(f"{cohort.title}: no demo person {written.email}")
    reflection = reflections.save_reflection(db_session, author, cohort, written.body,
                                             written.consent)
    if written.selected:
        reflections.set_selected(db_session, cast(db_session).staff, cohort, reflection, True)
    written_at = published_at - dt.timedelta(days=30)
    reflection.created_at = reflection.updated_at = written_at
    db_session.flush()
