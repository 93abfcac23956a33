"""Safety checks (安否確認): after an earthquake or a typhoon, the program office asks a group
of people whether they are safe, and each answers by a personal link."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.clock import utcnow
from lms.db import Base, enum_type


class SafetyAudience(enum.StrEnum):
    CURRENT_TRAINEES = "current_trainees"  # every active cohort's active trainees
    COHORT = "cohort"  # one cohort's trainees
    ALUMNI_OF_COUNTRY = "alumni_of_country"
    SEMINAR = "seminar"  # a seminar's registered participants
    PREFECTURE = "prefecture"  # anyone placed at a facility in the prefecture today


class SafetyStatus(enum.StrEnum):
    SAFE = "safe"
    NEED_HELP = "need_help"
    NOT_SAFE = "not_safe"


#: Where an answer puts its person on the board: those not safe first, then those who need
#: help, then those not heard from (SILENT), those safe last.
URGENCY = {SafetyStatus.NOT_SAFE: 0, SafetyStatus.NEED_HELP: 1, SafetyStatus.SAFE: 3}
SILENT = 2


class SafetyCheck(Base):
    __tablename__ = "lms_safety_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    message: Mapped[str] = mapped_column(Text)
    audience: Mapped[SafetyAudience] = mapped_column(enum_type(SafetyAudience,
                                                               "safety_audience"))
    #: The cohort (COHORT) or the seminar's cohort (SEMINAR).
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("lms_cohorts.id"), index=True)
    #: ALUMNI_OF_COUNTRY: an ISO 3166 code.
    country: Mapped[str | None] = mapped_column(String(2))
    #: PREFECTURE: its JIS code (lms.placements.prefectures).
    prefecture: Mapped[str | None] = mapped_column(String(2))
    is_drill: Mapped[bool] = mapped_column(default=False)
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    #: Once set, the links stop taking answers.
    closed_at: Mapped[dt.datetime | None]
    last_reminded_at: Mapped[dt.datetime | None]


class SafetyRecipient(Base):
    """A person the check was sent to. The audience is resolved once, when the check starts,
    so "who has not answered" stays the same list however the group changes afterwards."""

    __tablename__ = "lms_safety_recipients"
    # The board's order, so that a page of it reads its rows from the index instead of
    # sorting every person of the check (ten thousand after an earthquake).
    __table_args__ = (Index("ix_lms_safety_recipients_board_order",
                            "check_id", "urgency", "sort_name", "user_id"),)

    check_id: Mapped[int] = mapped_column(
        ForeignKey("lms_safety_checks.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("lms_users.id", ondelete="CASCADE"), primary_key=True, index=True)
    #: How soon the office should reach them: URGENCY of their answer, SILENT until they
    #: answer; services.answer keeps it with the answer.
    urgency: Mapped[int] = mapped_column(SmallInteger, default=SILENT,
                                         server_default=str(SILENT))
    #: Their name as the check was sent or as they last answered, for the board's order.
    sort_name: Mapped[str] = mapped_column(String(200), default="", server_default="")


class SafetyAnswer(Base):
    """A person's current answer to a check; answering again replaces it (the audit trail
    keeps the earlier ones)."""

    __tablename__ = "lms_safety_answers"
    # Only a person the check was sent to can have answered it.
    __table_args__ = (ForeignKeyConstraint(
        ["check_id", "user_id"],
        ["lms_safety_recipients.check_id", "lms_safety_recipients.user_id"],
        ondelete="CASCADE"),)

    check_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[SafetyStatus] = mapped_column(enum_type(SafetyStatus, "safety_status"))
    note: Mapped[str] = mapped_column(Text, default="")
    #: Where the person is now, in their words ("at the evacuation centre of Wajima").
    location: Mapped[str] = mapped_column(String(200), default="")
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
