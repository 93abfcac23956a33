"""A trainee's own placements as her home page shows them, read as plain values: two
placements with their facility, practicum, checks and evaluations cost her home more as
entities than the rest of the page."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, bindparam
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.curriculum.models import Course, Module
from lms.placements.models import (
    Evaluation,
    EvaluationKind,
    HostFacility,
    Placement,
    ReadinessItem,
    ReadinessKind,
)
from lms.placements.queries import her_placements_statement
from lms.prepared import prebuilt_rows
from lms.programs.models import Cohort, Enrollment


class HerFacility(NamedTuple):
    name: str
    name_ja: str
    prefecture: str
    city: str
    address: str


class HerEvaluation(NamedTuple):
    """A submitted evaluation of her placement."""

    id: int
    kind: EvaluationKind
    acknowledged_at: dt.datetime | None


class HerPlacement(NamedTuple):
    id: int
    starts_on: dt.date
    ends_on: dt.date
    module_title: str
    #: The language the practicum's title is written in (its course's).
    title_language: str | None
    facility: HerFacility
    supervisor_name: str
    lodging: str
    commute: str
    #: Her cohort's time zone: which placements are behind her is a question of its day.
    timezone: str
    #: What she still has to do before it (needed and not done), in the order staff set it.
    missing: list[ReadinessKind]
    #: Its submitted evaluations, in the order they were written.
    evaluations: list[HerEvaluation]


def her_placements(db_session: Session, user: User) -> list[HerPlacement]:
    """Her placements in the cohorts she is a trainee of now, in date order (as
    queries.placements_of), in one query: a placement's row comes once for each check still
    to do and each submitted evaluation, a handful each."""
    found: dict[int, HerPlacement] = {}
    missing_seen: set[int] = set()
    evaluations_seen: set[int] = set()
    for row in prebuilt_rows(db_session, _her_placements, user_id=user.id):
        (placement_id, starts_on, ends_on, title, language, name, name_ja, prefecture, city,
         address, supervisor_name, lodging, commute, timezone,
         item_id, kind, evaluation_id, evaluation_kind, acknowledged_at) = row
        placement = found.get(placement_id)
        if placement is None:
            placement = found[placement_id] = HerPlacement(
                placement_id, starts_on, ends_on, title, language,
                HerFacility(name, name_ja, prefecture, city, address),
                supervisor_name, lodging, commute, timezone, [], [])
        if item_id is not None and item_id not in missing_seen:
            missing_seen.add(item_id)
            placement.missing.append(kind)
        if evaluation_id is not None and evaluation_id not in evaluations_seen:
            evaluations_seen.add(evaluation_id)
            placement.evaluations.append(
                HerEvaluation(evaluation_id, evaluation_kind, acknowledged_at))
    return list(found.values())


def _her_placements() -> Select[Any]:
    """Built once an app (lms.db.prebuilt), her id bound at each visit."""
    return (her_placements_statement()
            .with_only_columns(
                Placement.id, Placement.starts_on, Placement.ends_on, Module.title,
                Course.language, HostFacility.name, HostFacility.name_ja,
                HostFacility.prefecture, HostFacility.city, HostFacility.address,
                Placement.supervisor_name, Placement.lodging, Placement.commute,
                Cohort.timezone, ReadinessItem.id, ReadinessItem.kind, Evaluation.id,
                Evaluation.kind, Evaluation.acknowledged_at)
            .join(Module, Module.id == Placement.module_id)
            .join(HostFacility, HostFacility.id == Placement.facility_id)
            .outerjoin(Course, Course.id == Cohort.course_id)
            .outerjoin(ReadinessItem, and_(ReadinessItem.placement_id == Placement.id,
                                           ReadinessItem.needed,
                                           ReadinessItem.done_on.is_(None)))
            .outerjoin(Evaluation, and_(Evaluation.placement_id == Placement.id,
                                        Evaluation.submitted_at.is_not(None)))
            .where(Enrollment.user_id == bindparam("user_id"))
            .order_by(Placement.starts_on, Placement.id, ReadinessItem.id, Evaluation.id))
