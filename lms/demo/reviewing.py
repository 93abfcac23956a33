"""Committee reviews in the demo: how far a member got, and the scores and comments they gave."""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from dataclasses import dataclass
from typing import Any

from flask import current_app

from lms.demo.data import load
from lms.reviews.models import Recommendation, ReviewAssignment
from lms.reviews.services import ReviewInput

#: Each criterion moves from the reviewer's overall view by these steps, so scores vary.
SCORE_STEPS = (0, 1, -1, 0, 1, 0, -1)


@dataclass(frozen=True)
class Comments:
    """What committee members write with their recommendation, by kind of application."""

    grants: dict[Recommendation, tuple[str, ...]]
    admissions: dict[Recommendation, tuple[str, ...]]


def comments() -> Comments:
    return load("reviews.toml", Comments)


def due_as_if_assigned(assignment: ReviewAssignment, assigned: dt.datetime,
                       zone: zoneinfo.ZoneInfo) -> None:
    """The due day the service would have given on the day the demo says the member was
    asked (the service counts from the real today, when the demo is seeded)."""
    assignment.due_on = (assigned.astimezone(zone).date()
                         + dt.timedelta(days=current_app.config["LMS_REVIEW_DAYS"]))


class ReviewState(enum.StrEnum):
    """How far a committee member got with an application."""

    NOT_ASSIGNED = "not_assigned"
    ASSIGNED = "assigned"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CONFLICT = "conflict"


def review_input(criteria: list[dict[str, Any]], mark: int, seed: int, complete: bool,
                 comments: dict[Recommendation, tuple[str, ...]]) -> ReviewInput:
    """A review from the member's overall view ``mark`` (0–5); a draft is half scored, with no
    recommendation yet. ``seed`` picks the steps and the comment."""
    keys = [criterion["key"] for criterion in criteria]
    scores: dict[str, int | None] = {
        key: max(0, min(5, mark + SCORE_STEPS[(seed + index) % len(SCORE_STEPS)]))
        for index, key in enumerate(keys)}
    if not complete:
        return ReviewInput({key: (score if index < len(keys) // 2 else None)
                            for index, (key, score) in enumerate(scores.items())}, None, "")
    recommendation = (Recommendation.YES if mark >= 4 else
                      Recommendation.MAYBE if mark == 3 else Recommendation.NO)
    options = comments[recommendation]
    return ReviewInput(scores, recommendation, options[seed % len(options)])
