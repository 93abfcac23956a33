"""Models of the events domain: the Asian Social Welfare Seminar and every other program the
councils run for a few days (exchanges, study tours, forums, online sessions, meetings,
lectures).

An event is a program and an edition of it is one of its cohorts (its number, dates, time zone
and overall places live there); these tables hold what only an edition has: its place and
per-country cap, its program of sessions, and who registered. The tables keep the names they
were made with when the seminar was the only event (lms_seminars, lms_seminar_sessions,
lms_seminar_registrations): renaming them would buy nothing but a risky migration.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Select,
    String,
    Text,
    UniqueConstraint,
    false,
    select,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type
from lms.placements.models import HostFacility
from lms.programs import places

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.programs.models import Cohort


class SessionKind(enum.StrEnum):
    OPENING = "opening"
    LECTURE = "lecture"
    COUNTRY_REPORT = "country_report"
    DISCUSSION = "discussion"
    SITE_VISIT = "site_visit"
    SUMMARY = "summary"
    CLOSING = "closing"
    MEETING = "meeting"
    TRAVEL = "travel"


class TourDirection(enum.StrEnum):
    """Which way a study tour goes: visitors come to Japan, or people from Japan go abroad."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    CANCELLED = "cancelled"


class Edition(Base):
    """An edition's own facts, one row per event cohort, created when staff first save them.

    Registration opens only once this row exists: before that nobody knows where the edition
    is held or how many may come from each country."""

    __tablename__ = "lms_seminars"
    __table_args__ = (
        CheckConstraint("per_country_cap IS NULL OR per_country_cap > 0",
                        name="per_country_cap_positive"),
        CheckConstraint("retention_days >= 0", name="retention_days_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"), unique=True)
    venue: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(120))
    #: "Up to 10 participants from each country"; None means no cap per country.
    per_country_cap: Mapped[int | None]
    #: The last day (in the seminar's zone) people may register; None: until the seminar starts.
    registration_closes_on: Mapped[dt.date | None]
    description: Mapped[str] = mapped_column(Text, default="")
    #: The description in Japanese; the public pages show the reader's language, else the other
    #: (lms.names.in_language).
    description_ja: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Who receives the participants, and in which country (ISO code).
    host_organization: Mapped[str] = mapped_column(String(200), default="", server_default="")
    host_country: Mapped[str | None] = mapped_column(String(2))
    #: The council's partner that organizes it with them, such as a Korean council.
    organizing_partner: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: Held online: it has no venue or city.
    online: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: For a study tour: coming to Japan or going abroad.
    direction: Mapped[TourDirection | None] = mapped_column(
        enum_type(TourDirection, "event_tour_direction"))
    #: Who may register; the seminar's people (alumni and current trainees) by default.
    open_to_alumni: Mapped[bool] = mapped_column(default=True, server_default=true())
    open_to_trainees: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Anyone signed in with a confirmed email address, who then declares a country.
    open_to_public: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The first day (in the edition's zone) people may register; None: as soon as saved.
    registration_opens_on: Mapped[dt.date | None]
    #: Days after the edition's last day that the personal data of participants who are not
    #: alumni is kept before ``flask lms retention apply`` blanks it.
    retention_days: Mapped[int] = mapped_column(default=365, server_default="365")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    cohort: Mapped[Cohort] = relationship()


class CountryCap(Base):
    """A cap for one named country at one edition ("up to 10 from Korea"), in place of the
    edition's uniform cap per country for that country."""

    __tablename__ = "lms_event_country_caps"
    __table_args__ = (UniqueConstraint("cohort_id", "country"),
                      CheckConstraint("cap > 0", name="cap_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"))
    country: Mapped[str] = mapped_column(String(2))
    cap: Mapped[int]


class EventSession(Base):
    """One item of an edition's program. Times are stored in UTC and shown in the edition's
    zone, as the participants live them."""

    __tablename__ = "lms_seminar_sessions"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="times_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"), index=True)
    kind: Mapped[SessionKind] = mapped_column(enum_type(SessionKind, "seminar_session_kind"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    #: A free address (or the room at the venue), when the session is not at a facility of
    #: the register.
    place: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: The facility of the register a site visit goes to; its name and address are shown.
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("lms_host_facilities.id"),
                                                    index=True)
    online: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: An https link, shown to registered participants from 30 minutes before the start until
    #: the end (lms.events.program.link_state), and to staff at any time.
    meeting_url: Mapped[str | None] = mapped_column(String(500))
    #: Shown to participants after the end, with the materials (Markdown, sanitized).
    recording_url: Mapped[str | None] = mapped_column(String(500))
    materials: Mapped[str] = mapped_column(Text, default="", server_default="")

    facility: Mapped[HostFacility | None] = relationship()


class SessionAttendance(Base):
    """A registered participant staff recorded as present at a session (ticked, or imported
    from the meeting tool's attendance report); no row means not recorded as present."""

    __tablename__ = "lms_seminar_session_attendance"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("lms_seminar_sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


#: What a participant came as (Registration.came_as, and the kinds an event report counts):
#: the ways in of lms.events.audience, and SELECTED, given a place through one of the
#: edition's calls.
ALUMNUS, TRAINEE, PUBLIC, INVITED = "alumnus", "trainee", "public", "invited"
SELECTED = "selected"


class Registration(Base):
    """A person's place at an edition. Cancelling keeps the row, and registering again reuses
    it, so there is one row per person and edition whatever happened in between."""

    __tablename__ = "lms_seminar_registrations"
    # The unique constraint's index also serves the lookups by seminar.
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    #: The country the person came from when they registered; the cap counts this one, so a
    #: later change of the account's country does not move them between countries' places.
    country: Mapped[str] = mapped_column(String(2))
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_type(RegistrationStatus, "seminar_registration_status"),
        default=RegistrationStatus.REGISTERED)
    registered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[dt.datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"))
    #: What a participant who is not an alumna or trainee declared: the organization they
    #: come from (the country is ``country``). Blanked by the retention rule.
    organization: Mapped[str | None] = mapped_column(String(200))
    #: What the person came as when she registered (lms.events.audience: "alumnus",
    #: "trainee", "public"), so that an event's report counts her as she was then. None for
    #: registrations made before it was recorded: the report then reads her standing today.
    came_as: Mapped[str | None] = mapped_column(String(16))
    #: Set when the retention rule blanked the registration's personal data.
    anonymized_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Invitation(Base):
    """Staff invite someone with an account to an edition: she may then see it and register
    for it though it is not open to people like her (lms.events.audience). Removing the
    invitation removes that right, not a registration already made."""

    __tablename__ = "lms_event_invitations"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))
    invited_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


def _registered() -> Select[tuple[int, int]]:
    return select(Registration.cohort_id, Registration.user_id).where(
        Registration.status == RegistrationStatus.REGISTERED)


# A registration takes one of the seminar's places (lms.programs.places counts them all).
places.holds_places(_registered)

# Those an admissions call selects for an edition join it as registrations (registered with
# lms.programs.joining). Delegations live in a module of their own; imported here so the
# events' tables are one set.
from lms.events import joining as _joining  # noqa: E402, F401
from lms.events.delegation_models import (  # noqa: E402, F401
    Delegation,
    DelegationMember,
    DelegationVisit,
)
from lms.events.report_models import EventReport, Reflection  # noqa: E402, F401
