"""Assigning reviewers, conflicts of interest, and reviews. The rules hold whatever is reviewed:
nobody reviews their own subject or one they declared a conflict on, only committee members
review, and a submitted review is final."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import Role, User
from lms.clock import utcnow
from lms.errors import ApplicationProblems, NotAllowed, ServiceError
from lms.i18n import _l, format_day
from lms.reviews.models import (
    AssignmentStatus,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewScheme,
    ReviewSubject,
)
from lms.reviews.tally import recount
from lms.security import require_staff

LOWEST_SCORE, HIGHEST_SCORE = 0, 5


def score_field_name(key: str) -> str:
    """The name of a criterion's question on the review form, which a refusal points to."""
    return f"score-{key}"


def create_scheme(db_session: Session, actor: User, title: str,
                  criteria: list[dict[str, Any]]) -> ReviewScheme:
    require_staff(actor)
    keys = [str(criterion.get("key", "")).strip() for criterion in criteria]
    if not criteria or not all(keys) or len(set(keys)) != len(keys):
        raise ServiceError(_l("Give each criterion its own key."), field="criteria")
    for criterion in criteria:
        weight = criterion.get("weight")
        if not isinstance(weight, int) or isinstance(weight, bool) or weight < 1:
            raise ServiceError(_l("Each criterion needs a weight of 1 or more."),
                               field="criteria")
        if not str(criterion.get("label", "")).strip():
            raise ServiceError(_l("Each criterion needs a label."), field="criteria")
    scheme = ReviewScheme(title=title.strip(), criteria=[
        {"key": c["key"].strip(), "label": c["label"].strip(), "weight": c["weight"]}
        for c in criteria])
    db_session.add(scheme)
    db_session.flush()
    audit.record(db_session, actor, "review_scheme_created", scheme,
                 after={"title": scheme.title, "criteria": scheme.criteria})
    return scheme


def open_subject(db_session: Session, scheme: ReviewScheme, owner: User,
                 title: str) -> ReviewSubject:
    """Called by the owning domain's service, which has checked its own rules."""
    subject = ReviewSubject(scheme=scheme, owner_id=owner.id, title=title)
    db_session.add(subject)
    db_session.flush()
    return subject


def today_in(zone: zoneinfo.ZoneInfo | None = None) -> dt.date:
    """The day it is where the round or call is (``zone``; the site's zone if none): a review
    is due by the end of its due day there."""
    zone = zone or zoneinfo.ZoneInfo(current_app.config["LMS_DEFAULT_TIMEZONE"])
    return utcnow().astimezone(zone).date()


def default_due_on(zone: zoneinfo.ZoneInfo | None = None) -> dt.date:
    return today_in(zone) + dt.timedelta(days=current_app.config["LMS_REVIEW_DAYS"])


def _checked_due_on(due_on: dt.date, zone: zoneinfo.ZoneInfo | None) -> dt.date:
    zone = zone or zoneinfo.ZoneInfo(current_app.config["LMS_DEFAULT_TIMEZONE"])
    if due_on < today_in(zone):
        raise ServiceError(_l("Choose today or a later day: %(day)s has passed in %(zone)s.",
                              day=format_day(due_on), zone=zone.key), field="due_on")
    return due_on


def assign(db_session: Session, actor: User, subject: ReviewSubject, reviewer: User, *,
           zone: zoneinfo.ZoneInfo | None = None, due_on: dt.date | None = None,
           tell: Callable[[ReviewAssignment], None] | None = None) -> ReviewAssignment:
    """Ask ``reviewer`` to review ``subject`` by ``due_on`` (by default LMS_REVIEW_DAYS from
    today in ``zone``, the round's or call's), and ``tell`` them (the domain's mail); asking
    again changes nothing and tells nobody."""
    require_staff(actor)
    if not reviewer.is_active or Role.COMMITTEE_MEMBER not in reviewer.roles:
        raise ServiceError(_l("%(name)s is not a committee member.",
                              name=reviewer.display_name), field="reviewer")
    if reviewer.id == subject.owner_id:
        raise ServiceError(_l("%(name)s cannot review their own application.",
                              name=reviewer.display_name), field="reviewer")
    existing = db_session.scalar(select(ReviewAssignment).where(
        ReviewAssignment.subject_id == subject.id, ReviewAssignment.reviewer_id == reviewer.id))
    if existing is not None:
        if existing.status == AssignmentStatus.CONFLICT:
            raise ServiceError(_l("%(name)s declared a conflict of interest with this "
                                  "application.", name=reviewer.display_name), field="reviewer")
        return existing
    due_on = default_due_on(zone) if due_on is None else _checked_due_on(due_on, zone)
    assignment = ReviewAssignment(subject_id=subject.id, reviewer_id=reviewer.id,
                                  assigned_by_id=actor.id, due_on=due_on)
    db_session.add(assignment)
    db_session.flush()
    audit.record(db_session, actor, "reviewer_assigned", assignment,
                 after={"subject_id": subject.id, "reviewer_id": reviewer.id,
                        "due_on": due_on.isoformat()})
    recount(db_session, subject.scheme_id, subject.id)
    if tell is not None:
        tell(assignment)
    return assignment


def change_due_on(db_session: Session, actor: User, assignment: ReviewAssignment,
                  due_on: dt.date, *, zone: zoneinfo.ZoneInfo | None = None) -> None:
    """Staff give a reviewer more (or less) time; a finished review or a declared conflict
    has nothing left to be due."""
    require_staff(actor)
    if assignment.status != AssignmentStatus.ACTIVE:
        raise ServiceError(_l("%(name)s declared a conflict of interest and does not review "
                              "this application.", name=assignment.reviewer.display_name),
                           field="due_on")
    if assignment.review is not None and assignment.review.is_submitted:
        raise ServiceError(_l("%(name)s has already submitted the review.",
                              name=assignment.reviewer.display_name), field="due_on")
    before = assignment.due_on
    assignment.due_on = _checked_due_on(due_on, zone)
    db_session.flush()
    audit.record(db_session, actor, "review_due_date_changed", assignment,
                 before={"due_on": before.isoformat() if before else None},
                 after={"due_on": due_on.isoformat()})


def declare_conflict(db_session: Session, actor: User, assignment: ReviewAssignment,
                     reason: str) -> None:
    """The reviewer steps aside. The assignment stays as the record of the conflict, and any
    review they wrote no longer counts or shows."""
    if assignment.reviewer_id != actor.id:
        raise NotAllowed(_l("Only the reviewer can declare their own conflict of interest."))
    if assignment.status == AssignmentStatus.CONFLICT:
        raise ServiceError(_l("You have already declared a conflict of interest here."))
    if not reason.strip():
        raise ServiceError(_l("Say briefly what the conflict of interest is."), field="reason")
    assignment.status = AssignmentStatus.CONFLICT
    assignment.conflict_reason = reason.strip()
    assignment.conflict_declared_at = utcnow()
    db_session.flush()
    recount(db_session, assignment.subject.scheme_id, assignment.subject_id)
    audit.record(db_session, actor, "conflict_declared", assignment,
                 before={"status": "active"},
                 after={"status": "conflict", "reason": assignment.conflict_reason})


@dataclass
class ReviewInput:
    scores: dict[str, int | None]
    recommendation: Recommendation | None
    comments: str


def save_review(db_session: Session, actor: User, assignment: ReviewAssignment,
                given: ReviewInput, submit: bool) -> Review:
    """Save the reviewer's draft, or submit it when every criterion is scored and a
    recommendation is chosen. A submitted review is final."""
    if assignment.reviewer_id != actor.id:
        raise NotAllowed(_l("Only the assigned reviewer can write this review."))
    if assignment.status != AssignmentStatus.ACTIVE:
        raise ServiceError(_l("You declared a conflict of interest with this application."))
    review = assignment.review
    if review is not None and review.is_submitted:
        raise ServiceError(_l("This review is submitted and can no longer be changed."))
    criteria = {criterion["key"]: criterion for criterion in assignment.subject.scheme.criteria}
    # Each problem names its question, so the form shows it beside the question too.
    problems: list[tuple[str | None, Any]] = []
    scores: dict[str, int] = {}
    for key, score in given.scores.items():
        if key not in criteria:
            raise ServiceError(_l("This review form is out of date: reload it."))
        if score is None:
            continue
        if not LOWEST_SCORE <= score <= HIGHEST_SCORE:
            problems.append((score_field_name(key), _l(
                "%(criterion)s: give a score from 0 to 5.", criterion=criteria[key]["label"])))
        scores[key] = score
    if submit:
        problems += [(score_field_name(key),
                      _l("%(criterion)s: give a score.", criterion=criterion["label"]))
                     for key, criterion in criteria.items() if key not in scores]
        if given.recommendation is None:
            problems.append(("recommendation", _l("Choose a recommendation.")))
    if problems:
        raise ApplicationProblems(problems)
    if review is None:
        review = Review(assignment=assignment)
        db_session.add(review)
    review.scores = scores
    review.recommendation = given.recommendation
    review.comments = given.comments.strip()
    review.saved_at = utcnow()
    if submit:
        review.submitted_at = review.saved_at
    db_session.flush()
    if submit:
        recount(db_session, assignment.subject.scheme_id, assignment.subject_id)
        audit.record(db_session, actor, "review_submitted", review,
                     after={"scores": scores, "recommendation": str(given.recommendation)})
    return review


def total_weight(scheme: ReviewScheme) -> int:
    return sum(criterion["weight"] for criterion in scheme.criteria)


def weighted_points(scheme: ReviewScheme, scores: dict[str, int]) -> int:
    """Each criterion's score times its weight, added up: a whole number, which sums of many
    reviews keep exact."""
    return sum(scores.get(criterion["key"], 0) * criterion["weight"]
               for criterion in scheme.criteria)


def weighted_score(scheme: ReviewScheme, scores: dict[str, int]) -> float:
    """A review's scores as one figure from 0 to 5, each criterion counting by its weight."""
    return weighted_points(scheme, scores) / total_weight(scheme)
