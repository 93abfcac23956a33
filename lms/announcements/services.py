"""Writing, correcting and withdrawing announcements (staff only), putting one away from one's
home page, and telling the audience once it is published: at once when it is published now,
by ``flask lms announcements publish`` when it was scheduled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

import babel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms import audit, uploads
from lms.accounts.models import User
from lms.admissions.models import AdmissionCall
from lms.announcements import audience, queries
from lms.announcements.models import (
    Announcement,
    AnnouncementAttachment,
    AnnouncementDismissal,
    Audience,
    Status,
)
from lms.clock import utcnow
from lms.errors import NotAllowed, ServiceError
from lms.events.models import Edition
from lms.i18n import _l
from lms.notifications.services import notify
from lms.programs.models import Cohort, Program, is_event
from lms.security import require_staff
from lms.urls import external_url

MAIL_TEMPLATE = "lms/announcements/mail/published.txt"


@dataclass(frozen=True)
class AnnouncementInput:
    title: str
    body: str
    #: None only when correcting a published one, whose audience stays.
    audience: Audience | None
    cohort_id: int | None = None
    program_id: int | None = None
    call_id: int | None = None
    #: The seminar's cohort.
    seminar_id: int | None = None
    country: str | None = None
    #: None: publish now.
    publish_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None


@dataclass(frozen=True)
class Upload:
    stream: IO[bytes]
    filename: str


def create(db_session: Session, actor: User, data: AnnouncementInput,
           upload: Upload | None = None) -> Announcement:
    require_staff(actor)
    now = utcnow()
    announcement = Announcement(created_by_id=actor.id)
    _apply(db_session, announcement, data, now, published=False)
    db_session.add(announcement)
    db_session.flush()
    if upload is not None:
        _attach(db_session, announcement, upload)
    audit.record(db_session, actor, "announcement_created", announcement,
                 after=_snapshot(announcement))
    _tell_if_due(db_session, announcement, now)
    db_session.flush()
    return announcement


def correct(db_session: Session, actor: User, announcement: Announcement,
            data: AnnouncementInput, upload: Upload | None = None,
            remove_attachment: bool = False) -> Announcement:
    """Change an announcement. Once published its audience and publishing time stay as they
    were (people were told), and the audience sees that it was edited and when."""
    require_staff(actor)
    now = utcnow()
    if announcement.withdrawn_at is not None:
        raise ServiceError(_l("This announcement was withdrawn; it can no longer be changed."))
    before = _snapshot(announcement)
    published = announcement.status_at(now) is not Status.SCHEDULED
    _apply(db_session, announcement, data, now, published=published)
    if remove_attachment or upload is not None:
        _detach(db_session, announcement)
    if upload is not None:
        _attach(db_session, announcement, upload)
    if published:
        announcement.edited_at = now
    audit.record(db_session, actor, "announcement_changed", announcement, before=before,
                 after=_snapshot(announcement))
    _tell_if_due(db_session, announcement, now)
    db_session.flush()
    return announcement


def withdraw(db_session: Session, actor: User, announcement: Announcement) -> None:
    require_staff(actor)
    if announcement.withdrawn_at is not None:
        raise ServiceError(_l("This announcement was already withdrawn."))
    before = {"status": str(announcement.status_at(utcnow()))}
    announcement.withdrawn_at = utcnow()
    audit.record(db_session, actor, "announcement_withdrawn", announcement, before=before,
                 after={"status": str(Status.WITHDRAWN)})
    db_session.flush()


def dismiss(db_session: Session, user: User, announcement_id: int) -> None:
    """Take the announcement off ``user``'s home page; again is nothing new."""
    if queries.announcement_reaching(db_session, user, announcement_id) is None:
        raise NotAllowed(_l("This announcement is not for you."))
    if db_session.get(AnnouncementDismissal, (announcement_id, user.id)) is None:
        db_session.add(AnnouncementDismissal(announcement_id=announcement_id, user_id=user.id))
        db_session.flush()


def publish_due(db_session: Session) -> int:
    """Tell the audience of every announcement whose time has come and who were not told yet;
    how many announcements that was. Safe to run every few minutes, and in two processes at
    once: each announcement is claimed by the transaction that tells its audience."""
    now = utcnow()
    due = db_session.scalars(
        select(Announcement).where(Announcement.notified_at.is_(None),
                                   Announcement.withdrawn_at.is_(None),
                                   Announcement.publish_at <= now)
        .order_by(Announcement.publish_at, Announcement.id)).all()
    return sum(_tell_if_due(db_session, announcement, now) for announcement in due)


def _tell_if_due(db_session: Session, announcement: Announcement, now: dt.datetime) -> bool:
    """Notify the audience if the announcement is current and nobody claimed it yet."""
    if announcement.notified_at is not None or announcement.status_at(now) is not Status.PUBLISHED:
        return False
    # The claim and the notifications commit together; a second run waits for the first's
    # row lock and then finds the announcement taken (or, if it rolled back, still free).
    claimed = db_session.execute(
        update(Announcement)
        .where(Announcement.id == announcement.id, Announcement.notified_at.is_(None))
        .values(notified_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db_session.refresh(announcement)
        return False
    announcement.notified_at = now
    link = external_url("lms.announcements.show", announcement_id=announcement.id)
    for person in audience.people(db_session, announcement):
        notify(db_session, person, "announcement",
               _l("Announcement: %(title)s", title=announcement.title), MAIL_TEMPLATE,
               link=link, announcement=announcement)
    return True


def _apply(db_session: Session, announcement: Announcement, data: AnnouncementInput,
           now: dt.datetime, *, published: bool) -> None:
    title, body = data.title.strip(), data.body.strip()
    if not title:
        raise ServiceError(_l("Give the announcement a title."), field="title")
    if len(title) > 200:
        raise ServiceError(_l("Keep the title under 200 characters."), field="title")
    if not body:
        raise ServiceError(_l("Write what you want to tell them."), field="body")
    announcement.title, announcement.body = title, body
    if not published:
        _apply_audience(db_session, announcement, data)
        if data.publish_at is not None and data.publish_at <= now:
            raise ServiceError(_l("Choose a time in the future, or publish now."),
                               field="publish_at")
        announcement.publish_at = data.publish_at or now
    if data.expires_at is not None and data.expires_at <= max(announcement.publish_at, now):
        raise ServiceError(_l("The announcement must expire after it is published."),
                           field="expires_at")
    announcement.expires_at = data.expires_at


def _apply_audience(db_session: Session, announcement: Announcement,
                    data: AnnouncementInput) -> None:
    kind = data.audience
    if kind is None:
        raise ServiceError(_l("Choose who it is for."), field="audience")
    announcement.audience = kind
    announcement.cohort_id = announcement.program_id = announcement.call_id = None
    announcement.country = None
    if kind is Audience.COHORT:
        cohort = db_session.get(Cohort, data.cohort_id) if data.cohort_id else None
        if cohort is None or is_event(db_session.get(Program, cohort.program_id).kind):
            raise ServiceError(_l("Choose the cohort."), field="cohort_id")
        announcement.cohort_id = cohort.id
    elif kind is Audience.SEMINAR:
        found = db_session.scalar(select(Edition.cohort_id).where(
            Edition.cohort_id == data.seminar_id)) if data.seminar_id else None
        if found is None:
            raise ServiceError(_l("Choose the seminar."), field="seminar_id")
        announcement.cohort_id = found
    elif kind is Audience.PROGRAM:
        if not data.program_id or db_session.get(Program, data.program_id) is None:
            raise ServiceError(_l("Choose the program."), field="program_id")
        announcement.program_id = data.program_id
    elif kind is Audience.CALL:
        if not data.call_id or db_session.get(AdmissionCall, data.call_id) is None:
            raise ServiceError(_l("Choose the call for applications."), field="call_id")
        announcement.call_id = data.call_id
    elif kind is Audience.ALUMNI_OF_COUNTRY:
        country = (data.country or "").upper()
        if country not in babel.Locale("en").territories or not country.isalpha():
            raise ServiceError(_l("Choose the country."), field="country")
        announcement.country = country


def _attach(db_session: Session, announcement: Announcement, upload: Upload) -> None:
    try:
        stored = uploads.store(db_session, upload.stream, field="attachment")
    except uploads.FileTooLarge:
        raise ServiceError(_l("The file is larger than %(mb)d MB. Send a smaller one.",
                              mb=uploads.max_bytes() // (1024 * 1024)),
                           field="attachment") from None
    announcement.attachment = AnnouncementAttachment(
        stored_name=stored.stored_name, filename=(upload.filename or "attachment")[-255:],
        content_type=stored.content_type, size=stored.size, sha256=stored.sha256)
    db_session.flush()


def _detach(db_session: Session, announcement: Announcement) -> None:
    attachment = announcement.attachment
    if attachment is None:
        return
    stored_name = attachment.stored_name
    announcement.attachment = None
    # The old row must be gone before a new one takes its place (one per announcement).
    db_session.flush()
    uploads.remove_when_committed(db_session, stored_name)


def _snapshot(announcement: Announcement) -> dict[str, Any]:
    return {"title": announcement.title, "audience": str(announcement.audience),
            "cohort_id": announcement.cohort_id, "program_id": announcement.program_id,
            "call_id": announcement.call_id, "country": announcement.country,
            "publish_at": announcement.publish_at.isoformat(),
            "expires_at": announcement.expires_at.isoformat() if announcement.expires_at
            else None,
            "attachment": announcement.attachment.filename if announcement.attachment
            else None}
