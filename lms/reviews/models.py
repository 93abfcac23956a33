"""The review machinery shared by grant applications and admissions.

A domain that wants something reviewed gives it a ``ReviewSubject``: the row every assignment,
conflict and review hangs on, with the person it belongs to (never its reviewer) and the
``ReviewScheme`` whose weighted criteria reviewers score.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import Base, enum_type

if TYPE_CHECKING:
    from lms.accounts.models import User


class ReviewScheme(Base):
    """Criteria with weights, such as a grant round's; each scored 0–5 by every reviewer."""

    __tablename__ = "lms_review_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: [{"key": "relevance", "label": "Relevance to the home community", "weight": 3}, ...]
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: Reviews assigned and not yet finished on subjects still under review, and when the
    #: oldest of them was assigned: the staff's home shows them per round and call. Kept by
    #: the services that change either (lms.reviews.tally), in their transaction.
    outstanding: Mapped[int] = mapped_column(default=0, server_default="0")
    oldest_outstanding_at: Mapped[dt.datetime | None]


class ReviewSubject(Base):
    __tablename__ = "lms_review_subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("lms_review_schemes.id"), index=True)
    #: Whose application this is: they are never assigned to review it.
    owner_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # What the reviewers said, for the staff's long lists (lms.reviews.queries.ReviewSummary),
    # kept by lms.reviews.tally.recount in the transaction of every change to it: the members
    # actively asked, the reviews that count (submitted, by a member still asked), their
    # weighted points (lms.reviews.services.weighted_points) added up, squared and added up,
    # the highest and lowest, and how many recommended each way.
    reviews_asked: Mapped[int] = mapped_column(default=0, server_default="0")
    reviews_counted: Mapped[int] = mapped_column(default=0, server_default="0")
    points: Mapped[int] = mapped_column(default=0, server_default="0")
    squared_points: Mapped[int] = mapped_column(default=0, server_default="0")
    highest_points: Mapped[int] = mapped_column(default=0, server_default="0")
    lowest_points: Mapped[int] = mapped_column(default=0, server_default="0")
    recommended_yes: Mapped[int] = mapped_column(default=0, server_default="0")
    recommended_maybe: Mapped[int] = mapped_column(default=0, server_default="0")
    recommended_no: Mapped[int] = mapped_column(default=0, server_default="0")

    scheme: Mapped[ReviewScheme] = relationship()


class AssignmentStatus(enum.StrEnum):
    ACTIVE = "active"
    CONFLICT = "conflict"


class ReviewAssignment(Base):
    """A reviewer asked to review a subject. A declared conflict keeps the row, with its
    reason, so the reviewer can never be assigned to that subject again."""

    __tablename__ = "lms_review_assignments"
    __table_args__ = (
        UniqueConstraint("subject_id", "reviewer_id"),
        # A member's lists count their active assignments and their declared conflicts apart,
        # and her home counts them on each desk from the index alone.
        Index("ix_lms_review_assignments_reviewer_status", "reviewer_id", "status", "subject_id",
              "due_on", "assigned_at"),
        # A member's lists and home read their counts, their reviews to do in due order and
        # their last submitted review on each desk from this index alone (lms.reviews.tally).
        Index("ix_lms_review_assignments_reviewer_desk", "reviewer_id", "desk", "status",
              "waiting", "due_on", "assigned_at", "review_submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("lms_review_subjects.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("lms_users.id"), index=True)
    status: Mapped[AssignmentStatus] = mapped_column(
        enum_type(AssignmentStatus, "review_assignment_status"), default=AssignmentStatus.ACTIVE)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_users.id"))
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: The review is due by the end of this day in the round's or call's time zone. None only
    #: on rows older than due dates, which the migration filled in.
    due_on: Mapped[dt.date | None]
    conflict_reason: Mapped[str | None] = mapped_column(Text)
    conflict_declared_at: Mapped[dt.datetime | None]
    # Kept by lms.reviews.tally.recount in the transaction of every change to them, for the
    # member's lists and home: the committee desk whose catalogue holds the subject (its
    # ``endpoints``), whether the review is still to do (active, not submitted, the subject
    # still under review) and when the review was submitted.
    desk: Mapped[str | None] = mapped_column(String(60))
    waiting: Mapped[bool] = mapped_column(default=False, server_default=false())
    review_submitted_at: Mapped[dt.datetime | None]

    subject: Mapped[ReviewSubject] = relationship()
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    review: Mapped[Review | None] = relationship(back_populates="assignment", uselist=False)


class Recommendation(enum.StrEnum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


class Review(Base):
    """One reviewer's scores, recommendation and comments; a draft until submitted."""

    __tablename__ = "lms_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("lms_review_assignments.id"),
                                               unique=True)
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    recommendation: Mapped[Recommendation | None] = mapped_column(
        enum_type(Recommendation, "review_recommendation"))
    comments: Mapped[str] = mapped_column(Text, default="")
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None]

    assignment: Mapped[ReviewAssignment] = relationship(back_populates="review")

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
