"""A register of host facilities, and each trainee's placement at one for a practicum."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.curriculum.models import Module
from lms.db import Base, enum_type
from lms.programs.models import Enrollment


class PracticeField(enum.StrEnum):
    """The field of practice of a facility, and of a placement there."""

    OLDER_PEOPLE = "older_people"
    CHILDREN = "children"
    DISABILITY = "disability"
    COMMUNITY = "community"
    MEDICAL = "medical"
    PUBLIC_ASSISTANCE = "public_assistance"
    OTHER = "other"


class HostFacility(Base):
    """A welfare facility that receives trainees for their practicums, as staff keep it."""

    __tablename__ = "lms_host_facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str] = mapped_column(String(200), default="")
    #: What kind of facility it is, in words ("Special nursing home for the elderly").
    kind: Mapped[str] = mapped_column(String(200), default="")
    field: Mapped[PracticeField] = mapped_column(enum_type(PracticeField, "practice_field"))
    #: The JIS code of its prefecture (lms.placements.prefectures).
    prefecture: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    #: Languages its staff speak with a trainee, in words ("Japanese, English").
    languages: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Placement(Base):
    """A trainee at a host facility for one practicum module of her cohort's course: one
    placement for each trainee and practicum."""

    __tablename__ = "lms_placements"
    __table_args__ = (UniqueConstraint("enrollment_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("lms_enrollments.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("lms_modules.id"))
    facility_id: Mapped[int] = mapped_column(ForeignKey("lms_host_facilities.id"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    field: Mapped[PracticeField] = mapped_column(enum_type(PracticeField, "practice_field"))
    #: The facility's on-site supervisor for this placement.
    supervisor_name: Mapped[str] = mapped_column(String(200), default="")
    supervisor_email: Mapped[str] = mapped_column(String(254), default="")
    #: Where she lives during the placement, and how she gets to the facility.
    lodging: Mapped[str] = mapped_column(Text, default="")
    commute: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    enrollment: Mapped[Enrollment] = relationship()
    module: Mapped[Module] = relationship()
    facility: Mapped[HostFacility] = relationship()
