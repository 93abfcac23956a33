from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type
from lms.language.models import JapaneseLevel


class ItemType(enum.StrEnum):
    LESSON = "lesson"
    ASSIGNMENT = "assignment"


class Course(Base):
    """A course as synced from ``courses/<slug>/``. Rows are matched to files by slug, so a
    sync never loses what trainees did; what disappears from the files is archived."""

    __tablename__ = "lms_courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    #: Percent of an assignment's points needed to pass it.
    pass_mark: Mapped[int] = mapped_column(default=60)
    #: Completing asks a submitted final evaluation from each practicum's supervisor
    #: (``final_evaluation_required = true`` in course.toml).
    final_evaluation_required: Mapped[bool] = mapped_column(default=False,
                                                            server_default=false())
    #: Completing asks this Japanese level or higher as her latest recorded level
    #: (``required_japanese_level = "N4"`` in course.toml); None asks none.
    required_japanese_level: Mapped[JapaneseLevel | None] = mapped_column(
        enum_type(JapaneseLevel, "required_japanese_level"))
    archived_at: Mapped[dt.datetime | None]
    synced_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Goes up with each sync that changes the course, its modules or its items: the pages
    #: keep the course's content in memory under it (curriculum.content).
    content_version: Mapped[int] = mapped_column(default=0)
    #: Its texts in each language it has a variant in (course.ja.toml): {"ja": {title, summary}}.
    variants: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'"))

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position"
    )


class Module(Base):
    __tablename__ = "lms_modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("lms_courses.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Day of the cohort on which the module opens; day 1 is the cohort's first day.
    opens_day: Mapped[int]
    #: A facility practicum (``practicum = true`` in its module.toml): staff place each
    #: trainee at a host facility for it (lms.placements).
    practicum: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Its texts in each language it has a variant in (module.ja.toml): {"ja": {title, summary}}.
    variants: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'"))
    archived_at: Mapped[dt.datetime | None]
    #: The language of the texts this copy holds when curriculum.content put a variant's in
    #: (None: the course's own). Not a column: only the copies it keeps in memory have one.
    shown_language = None  # type: str | None

    course: Mapped[Course] = relationship(back_populates="modules")


class Item(Base):
    """A lesson or an assignment. Its slug is unique in the course (not just the module), so
    an item can move between modules and keep every trainee's progress."""

    __tablename__ = "lms_items"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("lms_courses.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("lms_modules.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]
    type: Mapped[ItemType] = mapped_column(enum_type(ItemType, "item_type"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    estimated_minutes: Mapped[int | None]
    required: Mapped[bool] = mapped_column(default=True)
    # Assignments only:
    due_day: Mapped[int | None]
    points: Mapped[int | None]
    submission_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    rubric: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    allow_revision: Mapped[bool] = mapped_column(default=True)
    closes_at_deadline: Mapped[bool] = mapped_column(default=False)
    #: The length asked for, if any: "words" (counted between blanks) or "characters"
    #: (blanks not counted, for Japanese writing), from length_min to length_max.
    length_unit: Mapped[str | None] = mapped_column(String(10))
    length_min: Mapped[int | None]
    length_max: Mapped[int | None]
    #: The trainee's facility supervisor reads her answer (``share_with_supervisor = true``).
    share_with_supervisor: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Its texts in each language it has a variant in (NN-slug.ja.md): {"ja": {title, body,
    #: objectives, rubric}}, the rubric with the default's points. Loaded only where asked
    #: (curriculum.content): the other pages read an item's own texts or the kept copies.
    variants: Mapped[dict[str, dict[str, Any]]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'"), deferred=True)
    #: The track the item belongs to (``track = "japanese"``: the cohort's Japanese teacher
    #: grades it); None for the course's main track.
    track: Mapped[str | None] = mapped_column(String(32))
    archived_at: Mapped[dt.datetime | None]
    #: As Module.shown_language.
    shown_language = None  # type: str | None

    module: Mapped[Module] = relationship()

    @property
    def is_lesson(self) -> bool:
        return self.type == ItemType.LESSON


class EvaluationKind(enum.StrEnum):
    MID_PLACEMENT = "mid_placement"
    FINAL = "final"


class EvaluationForm(Base):
    """A form a facility supervisor fills in for a trainee, as synced from
    ``courses/<course>/evaluations/<slug>.toml`` and its language variants. Matched to its file
    by slug; archived, never deleted, when the file is removed."""

    __tablename__ = "lms_evaluation_forms"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("lms_courses.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    kind: Mapped[EvaluationKind] = mapped_column(enum_type(EvaluationKind, "evaluation_kind"))
    #: The form in each language it is written in, by language ("en" always, "ja" if there
    #: is a variant): as curriculum.evaluation_source reads it.
    definitions: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSON, default=dict)
    archived_at: Mapped[dt.datetime | None]


class LessonProgress(Base):
    """A trainee marked a lesson done. Kept when the lesson is edited, moved or archived."""

    __tablename__ = "lms_lesson_progress"
    __table_args__ = (UniqueConstraint("enrollment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("lms_enrollments.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("lms_items.id"), index=True)
    completed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# Each trainee's lessons done and work are kept on a row of her own (model and session events).
from lms.curriculum import work_summary  # noqa: E402, F401
