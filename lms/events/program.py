"""The program of an edition: its sessions (lectures, site visits to a facility of the register
or a free address, summary sessions, meetings, travel, ...), online sessions with their
meeting link, recording and materials, and who may see the link when.

The meeting link is for registered participants and staff. Participants see it from
:data:`LINK_LEAD` before the start until the end; before that the page says when it appears,
and after the end it gives the recording and the materials instead. Staff see it always.
Services check rights, flush and never commit; every change is audited.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms import audit
from lms.accounts.models import Role, User
from lms.clock import local_to_utc, utcnow
from lms.errors import ServiceError
from lms.events.editions import OPEN_STATUSES, require_event, require_open
from lms.events.models import (
    Edition,
    EventSession,
    Registration,
    RegistrationStatus,
    SessionKind,
)
from lms.i18n import _l, format_day
from lms.names import in_language
from lms.placements.models import HostFacility
from lms.placements.prefectures import prefecture_name
from lms.programs.models import Cohort
from lms.security import require_staff

#: How long before its start an online session's link is shown to participants.
LINK_LEAD = dt.timedelta(minutes=30)


@dataclass
class SessionDetails:
    kind: SessionKind
    title: str
    day: dt.date
    starts: dt.time
    ends: dt.time
    #: A free address, or the room at the venue.
    place: str | None = None
    description: str = ""
    facility_id: int | None = None
    online: bool = False
    meeting_url: str | None = None
    recording_url: str | None = None
    materials: str = ""


def _times(cohort: Cohort, details: SessionDetails) -> tuple[dt.datetime, dt.datetime]:
    """The session's start and end in UTC, from a day and clock times in the seminar's zone."""
    if not cohort.starts_on <= details.day <= cohort.ends_on:
        raise ServiceError(_l("Choose a day of the event, from %(first)s to %(last)s.",
                              first=format_day(cohort.starts_on),
                              last=format_day(cohort.ends_on)), field="day")
    if details.ends <= details.starts:
        raise ServiceError(_l("The session must end after it starts."), field="ends")
    zone = cohort.zone
    return (local_to_utc(dt.datetime.combine(details.day, details.starts), zone, "starts").utc,
            local_to_utc(dt.datetime.combine(details.day, details.ends), zone, "ends").utc)


def https_link(value: str | None, field: str) -> str | None:
    """A link as given, stripped, if it is a whole https address; None if empty."""
    link = (value or "").strip()
    if not link:
        return None
    parts = urlsplit(link)
    if parts.scheme != "https" or not parts.hostname or any(ch.isspace() for ch in link):
        raise ServiceError(_l("Give a whole link starting with https://."), field=field)
    if len(link) > 500:
        raise ServiceError(_l("The link is longer than 500 characters."), field=field)
    return link


def _apply(db_session: Session, row: EventSession, cohort: Cohort,
           details: SessionDetails) -> None:
    title = details.title.strip()
    if not title:
        raise ServiceError(_l("Give the session a title."), field="title")
    row.starts_at, row.ends_at = _times(cohort, details)
    place = (details.place or "").strip() or None
    facility = None
    if details.facility_id is not None:
        facility = db_session.get(HostFacility, details.facility_id)
        if facility is None:
            raise ServiceError(_l("Choose a facility of the register."), field="facility_id")
        if place:
            raise ServiceError(_l("Give either a facility of the register or an address, not "
                                  "both."), field="place")
    meeting_url = https_link(details.meeting_url, "meeting_url")
    recording_url = https_link(details.recording_url, "recording_url")
    if not details.online and (meeting_url or recording_url):
        raise ServiceError(_l("Only an online session has a meeting link or a recording; "
                              "tick “Online” or leave the links empty."), field="online")
    row.kind = details.kind
    row.title = title
    row.place = place
    row.facility_id = facility.id if facility else None
    row.online = details.online
    row.meeting_url, row.recording_url = meeting_url, recording_url
    row.materials = details.materials.strip()
    row.description = details.description.strip()


def _session_snapshot(row: EventSession) -> dict[str, Any]:
    return {"kind": str(row.kind), "title": row.title, "starts_at": row.starts_at.isoformat(),
            "ends_at": row.ends_at.isoformat(), "place": row.place,
            "facility_id": row.facility_id, "online": row.online,
            "meeting_url": row.meeting_url, "recording_url": row.recording_url,
            "materials": row.materials, "description": row.description}


def add_session(db_session: Session, actor: User, cohort: Cohort,
                details: SessionDetails) -> EventSession:
    require_staff(actor)
    require_event(cohort)
    require_open(cohort)
    row = EventSession(cohort_id=cohort.id)
    _apply(db_session, row, cohort, details)
    db_session.add(row)
    db_session.flush()
    audit.record(db_session, actor, "seminar_session_added", row, after=_session_snapshot(row))
    return row


def update_session(db_session: Session, actor: User, cohort: Cohort, row: EventSession,
                   details: SessionDetails) -> None:
    """Change a session. The recording and materials come after the session: they may be
    added once the edition is over, but nothing else changes then."""
    require_staff(actor)
    if row.cohort_id != cohort.id:
        raise ServiceError(_l("This session belongs to another event."))
    before = _session_snapshot(row)
    _apply(db_session, row, cohort, details)
    after = _session_snapshot(row)
    changed = {key for key in after if after[key] != before[key]}
    if changed - {"recording_url", "materials"}:
        require_open(cohort)
    db_session.flush()
    if changed:
        audit.record(db_session, actor, "seminar_session_changed", row, before=before,
                     after=after)


def remove_session(db_session: Session, actor: User, cohort: Cohort, row: EventSession) -> None:
    """Remove a session, with the attendance recorded at it (the audit keeps the record)."""
    require_staff(actor)
    require_open(cohort)
    if row.cohort_id != cohort.id:
        raise ServiceError(_l("This session belongs to another event."))
    audit.record(db_session, actor, "seminar_session_removed", row,
                 before=_session_snapshot(row))
    db_session.delete(row)
    db_session.flush()


# Who sees the meeting link, and when ---------------------------------------------------------


class LinkState(enum.StrEnum):
    #: Not an online session, or the viewer is not a registered participant nor staff.
    HIDDEN = "hidden"
    #: Earlier than LINK_LEAD before the start: the page says when the link appears.
    NOT_YET = "not_yet"
    OPEN = "open"
    #: After the end: the recording and the materials instead.
    OVER = "over"


def may_join(db_session: Session, cohort: Cohort, viewer: User) -> bool:
    """Staff, and the people registered (not cancelled) for the edition."""
    if viewer.has_role(Role.STAFF):
        return True
    return db_session.scalar(select(Registration.id).where(
        Registration.cohort_id == cohort.id, Registration.user_id == viewer.id,
        Registration.status == RegistrationStatus.REGISTERED)) is not None


def link_state(row: EventSession, joins: bool, now: dt.datetime | None = None) -> LinkState:
    """What a viewer who may (``joins``) or may not join the edition sees of ``row``'s link."""
    if not row.online or not joins:
        return LinkState.HIDDEN
    now = now or utcnow()
    if now >= row.ends_at:
        return LinkState.OVER
    if now < row.starts_at - LINK_LEAD:
        return LinkState.NOT_YET
    return LinkState.OPEN


def facility_address(facility: HostFacility, locale: str) -> str:
    """Where a facility is, as the register keeps it: prefecture, city and street address."""
    return " ".join(part for part in (prefecture_name(facility.prefecture, locale),
                                      facility.city, facility.address) if part)


def place_of(row: EventSession, locale: str) -> str:
    """Where the session is, in words: the facility visited (its name in ``locale`` and its
    address), else the free address, else "Online"; empty at the edition's venue."""
    if row.facility is not None:
        return ", ".join(part for part in (in_language(row.facility.name, row.facility.name_ja,
                                                       locale),
                                           facility_address(row.facility, locale)) if part)
    if row.place:
        return row.place
    return str(_l("Online")) if row.online else ""


def event_sessions_of(db_session: Session, user: User
                      ) -> list[tuple[EventSession, Cohort, Edition | None]]:
    """Every session of the editions ``user`` is registered for (not cancelled), with the
    facility visited, the edition's cohort and its details: one query."""
    rows = db_session.execute(
        select(EventSession, Cohort, Edition)
        .join(Registration, Registration.cohort_id == EventSession.cohort_id)
        .join(Cohort, Cohort.id == EventSession.cohort_id)
        .outerjoin(Edition, Edition.cohort_id == EventSession.cohort_id)
        .options(joinedload(EventSession.facility))
        .where(Registration.user_id == user.id,
               Registration.status == RegistrationStatus.REGISTERED,
               Cohort.status.in_(OPEN_STATUSES))
        .order_by(EventSession.starts_at, EventSession.id)).all()
    return [(row, cohort, edition) for row, cohort, edition in rows]
