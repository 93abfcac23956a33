"""The Japanese-language track: each trainee's JLPT level, recorded by her cohort's Japanese
teacher (or staff) at entry and at checkpoints. Records are never edited or deleted: a new one
is added, so the history of her levels stays whole (and each is audited)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.programs.models import Enrollment

#: The item front matter's ``track`` value for a Japanese-language assignment.
JAPANESE_TRACK = "japanese"


class JapaneseLevel(enum.StrEnum):
    """JLPT levels, from the first a beginner reaches (N5) to the highest (N1)."""

    N5 = "N5"
    N4 = "N4"
    N3 = "N3"
    N2 = "N2"
    N1 = "N1"

    @property
    def rank(self) -> int:
        """Higher is better: N5 is 1, N1 is 5."""
        return _RANKS[self]

    def reaches(self, needed: JapaneseLevel) -> bool:
        return self.rank >= needed.rank


_RANKS = {level: rank for rank, level in enumerate(JapaneseLevel, start=1)}


class Checkpoint(enum.StrEnum):
    ENTRY = "entry"
    LANGUAGE_MONTHS_END = "language_months_end"
    MID_YEAR = "mid_year"
    COMPLETION = "completion"
    OTHER = "other"


class LevelRecord(Base):
    """One trainee's Japanese level as assessed on a date, at a checkpoint."""

    __tablename__ = "lms_language_levels"
    __table_args__ = (Index("ix_lms_language_levels_enrollment_latest", "enrollment_id",
                            "assessed_on", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("lms_enrollments.id"))
    level: Mapped[JapaneseLevel] = mapped_column(enum_type(JapaneseLevel, "japanese_level"))
    checkpoint: Mapped[Checkpoint] = mapped_column(enum_type(Checkpoint, "level_checkpoint"))
    assessed_on: Mapped[dt.date]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    enrollment: Mapped[Enrollment] = relationship()
    recorded_by: Mapped[User | None] = relationship()
