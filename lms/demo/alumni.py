"""Demo alumni profiles and reports from home, as data/alumni.toml tells them: profiles saved
and reports written, sent and reviewed through the alumni services, then dated as they
happened; the mail their authors were sent then is marked sent."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.alumni import services
from lms.alumni.models import AlumniProfile, AlumniReport, ReportStatus
from lms.clock import utcnow
from lms.demo.data import load
from lms.demo.files import bar_chart
from lms.demo.people import cast
from lms.mail import OutboxMessage


@dataclass(frozen=True)
class DemoProfile:
    email: str
    listed: bool
    organization: str
    current_role: str
    fields: tuple[str, ...]
    bio: str
    shared: tuple[str, ...] = ("organization", "role")


@dataclass(frozen=True)
class DemoReport:
    email: str
    title: str
    country: str
    body: str
    state: ReportStatus
    #: When it was sent and reviewed: a moment in history, or so many days before seeding.
    sent: dt.datetime | None = None
    sent_days_ago: int = 0
    reviewed: dt.datetime | None = None
    reviewed_days_ago: int | None = None
    note: str = ""
    with_chart: bool = False

    def moments(self, now: dt.datetime) -> tuple[dt.datetime, dt.datetime | None]:
        sent = self.sent or now - dt.timedelta(days=self.sent_days_ago)
        if self.reviewed is not None or self.reviewed_days_ago is None:
            return sent, self.reviewed
        return sent, now - dt.timedelta(days=self.reviewed_days_ago)


@dataclass(frozen=True)
class Chart:
    alt: str
    caption: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Alumni:
    profiles: tuple[DemoProfile, ...]
    reports: tuple[DemoReport, ...]
    #: The picture of the report that has one.
    chart: Chart


def seed_alumni(db_session: Session) -> None:
    story = load("alumni.toml", Alumni)
    staff = cast(db_session).staff
    first_new_mail = (db_session.scalar(select(func.max(OutboxMessage.id))) or 0) + 1
    for spec in story.profiles:
        _profile(db_session, spec)
    now = utcnow()
    for spec in story.reports:
        _report(db_session, staff, spec, story.chart, now)
    # The authors were told when these reports were reviewed; that mail is history, not news.
    db_session.execute(update(OutboxMessage).where(OutboxMessage.id >= first_new_mail)
                       .values(sent_at=OutboxMessage.created_at))
    db_session.flush()


def _profile(db_session: Session, spec: DemoProfile) -> None:
    user = user_by_email(db_session, spec.email)
    if user is None or db_session.scalar(select(AlumniProfile.id).where(
            AlumniProfile.user_id == user.id)) is not None:
        return
    services.save_profile(db_session, user, services.ProfileDetails(
        listed=spec.listed, country=user.country, organization=spec.organization,
        current_role=spec.current_role, fields=list(spec.fields), bio=spec.bio,
        shared=list(spec.shared)))


def _report(db_session: Session, staff: User, spec: DemoReport, chart: Chart,
            now: dt.datetime) -> None:
    author = user_by_email(db_session, spec.email)
    if author is None or db_session.scalar(select(AlumniReport.id).where(
            AlumniReport.author_id == author.id, AlumniReport.title == spec.title)) is not None:
        return
    report = services.create_report(db_session, author, services.ReportDraft(
        spec.title, spec.body, spec.country))
    if spec.with_chart:
        services.add_picture(db_session, author, report, io.BytesIO(bar_chart(chart.values)),
                             chart.alt, chart.caption)
    services.submit_report(db_session, author, report)
    if spec.state == ReportStatus.APPROVED:
        services.approve_report(db_session, staff, report, spec.note)
    elif spec.state == ReportStatus.RETURNED:
        services.return_report(db_session, staff, report, spec.note)
    # Dated as it happened rather than as seeded.
    sent, reviewed = spec.moments(now)
    report.created_at = report.updated_at = sent - dt.timedelta(days=3)
    report.submitted_at = sent
    if reviewed is not None:
        report.reviewed_at = reviewed
        if spec.state == ReportStatus.APPROVED:
            report.approved_at = reviewed
    db_session.flush()
