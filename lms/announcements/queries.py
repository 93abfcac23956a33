"""Reading announcements: what reaches a person (their home page, the announcement's page and
its attachment) and the staff's list. A person outside the audience finds nothing, so every
page answers 404 to a guessed id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.admissions.models import AdmissionCall
from lms.announcements.audience import reaches
from lms.announcements.models import (
    Announcement,
    AnnouncementAttachment,
    AnnouncementDismissal,
    Audience,
)
from lms.clock import utcnow
from lms.db import UTCDateTime
from lms.events.models import Edition
from lms.facts import Asked
from lms.names import name_column
from lms.pagination import Page, paginate
from lms.prepared import prebuilt_rows
from lms.programs.models import EVENT_KINDS, Cohort, Program
from lms.security import is_staff


def _published(now: dt.datetime | ColumnElement[dt.datetime]) -> ColumnElement[bool]:
    return and_(Announcement.withdrawn_at.is_(None), Announcement.publish_at <= now)


def _current(now: dt.datetime | ColumnElement[dt.datetime]) -> ColumnElement[bool]:
    return and_(_published(now),
                or_(Announcement.expires_at.is_(None), Announcement.expires_at > now))


def _waiting_for(user_id: int | ColumnElement[int],
                 now: dt.datetime | ColumnElement[dt.datetime]) -> ColumnElement[bool]:
    dismissed = select(AnnouncementDismissal.announcement_id).where(
        AnnouncementDismissal.announcement_id == Announcement.id,
        AnnouncementDismissal.user_id == user_id)
    return and_(_current(now), reaches(user_id), ~dismissed.exists())


def any_waiting_for(asked: Asked) -> ColumnElement[bool]:
    """A condition true when the person has an announcement to read (lms.facts asks it with
    the person's other facts, so a home without announcements spends no query on them)."""
    return select(Announcement.id).where(_waiting_for(asked.user_id, asked.now)).exists()


class HomeAnnouncement(NamedTuple):
    """What the home section shows of an announcement: plain columns, as making the ORM's
    announcements and attachments cost several times what the query took."""

    id: int
    title: str
    body: str
    publish_at: dt.datetime
    edited_at: dt.datetime | None
    #: The attachment's file name, None without one.
    attachment_name: str | None


def _for_home() -> Select[tuple[int, str, str, dt.datetime, dt.datetime | None, str | None]]:
    return (select(Announcement.id, Announcement.title, Announcement.body,
                   Announcement.publish_at, Announcement.edited_at,
                   AnnouncementAttachment.filename)
            .outerjoin(AnnouncementAttachment,
                       AnnouncementAttachment.announcement_id == Announcement.id)
            .where(_waiting_for(bindparam("user_id", type_=Integer()),
                                bindparam("now", type_=UTCDateTime())))
            .order_by(Announcement.publish_at.desc(), Announcement.id.desc()))


def for_home(db_session: Session, user: User) -> list[HomeAnnouncement]:
    """The current announcements for ``user`` that they have not put away, newest first, with
    their attachments' names: one query, made ready for the driver once
    (lms.prepared.prebuilt_rows), as every home of everyone asks it."""
    return [HomeAnnouncement(*row) for row in prebuilt_rows(
        db_session, _for_home, user_id=user.id, now=utcnow())]


def announcement_for(db_session: Session, viewer: User, announcement_id: int
                     ) -> Announcement | None:
    """The announcement if ``viewer`` may read it: staff any, the audience a published one
    (an expired one too, for the link in their notification), nobody else."""
    statement = (select(Announcement).options(joinedload(Announcement.attachment))
                 .where(Announcement.id == announcement_id))
    if not is_staff(viewer):
        statement = statement.where(_published(utcnow()), reaches(viewer.id))
    return db_session.scalar(statement)


def announcement_reaching(db_session: Session, user: User, announcement_id: int
                          ) -> Announcement | None:
    """The announcement if it is published and meant for ``user``, staff or not."""
    return db_session.scalar(select(Announcement).where(
        Announcement.id == announcement_id, _published(utcnow()), reaches(user.id)))


def attachment_for(db_session: Session, viewer: User, announcement_id: int
                   ) -> AnnouncementAttachment | None:
    announcement = announcement_for(db_session, viewer, announcement_id)
    return announcement.attachment if announcement is not None else None


def is_dismissed(db_session: Session, user: User, announcement: Announcement) -> bool:
    return db_session.get(AnnouncementDismissal, (announcement.id, user.id)) is not None


@dataclass(frozen=True)
class StaffRow:
    announcement: Announcement
    #: The cohort, program, call or seminar it is for, if its audience names one.
    target: str | None


def staff_page(db_session: Session, number: int) -> Page[StaffRow]:
    """Every announcement, newest publishing time first, with what its audience names."""
    statement = (select(Announcement, name_column(Cohort), name_column(Program),
                        AdmissionCall.title)
                 .outerjoin(Cohort, Cohort.id == Announcement.cohort_id)
                 .outerjoin(Program, Program.id == Announcement.program_id)
                 .outerjoin(AdmissionCall, AdmissionCall.id == Announcement.call_id)
                 .order_by(Announcement.publish_at.desc(), Announcement.id.desc()))
    page = paginate(db_session, statement, number)
    rows = [StaffRow(announcement, cohort or program or call)
            for announcement, cohort, program, call in page.items]
    return Page(items=rows, number=page.number, per_page=page.per_page, total=page.total)


def target_name(db_session: Session, announcement: Announcement) -> str | None:
    if announcement.audience in (Audience.COHORT, Audience.SEMINAR):
        return db_session.scalar(select(name_column(Cohort)).where(
            Cohort.id == announcement.cohort_id))
    if announcement.audience is Audience.PROGRAM:
        return db_session.scalar(select(name_column(Program)).where(
            Program.id == announcement.program_id))
    if announcement.audience is Audience.CALL:
        return db_session.scalar(select(AdmissionCall.title).where(
            AdmissionCall.id == announcement.call_id))
    return None


@dataclass(frozen=True)
class Targets:
    """What the staff's form offers for each audience that names one: (id, label) pairs."""

    cohorts: list[tuple[int, str]]
    programs: list[tuple[int, str]]
    calls: list[tuple[int, str]]
    seminars: list[tuple[int, str]]


def targets(db_session: Session) -> Targets:
    cohorts = db_session.execute(
        select(Cohort.id, name_column(Cohort)).join(Program, Program.id == Cohort.program_id)
        .where(Program.kind.not_in(EVENT_KINDS))
        .order_by(Cohort.starts_on.desc(), Cohort.id)).all()
    programs = db_session.execute(select(Program.id, name_column(Program))
                                  .order_by(name_column(Program))).all()
    calls = db_session.execute(select(AdmissionCall.id, AdmissionCall.title)
                               .order_by(AdmissionCall.opens_at.desc())).all()
    seminars = db_session.execute(
        select(Cohort.id, name_column(Cohort)).join(Edition, Edition.cohort_id == Cohort.id)
        .order_by(Cohort.starts_on.desc())).all()
    return Targets(*([(row[0], row[1]) for row in rows]
                     for rows in (cohorts, programs, calls, seminars)))
