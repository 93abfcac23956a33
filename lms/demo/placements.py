"""Demo host facilities and the fiscal 2026 cohort's placements, as data/placements.toml tells
them: practicum I done, practicum II under way with one trainee not placed yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.accounts.services import create_user
from lms.curriculum.models import Module
from lms.demo.data import load
from lms.demo.people import DEMO_PASSWORD, cast
from lms.demo.timeline import Timeline
from lms.placements import evaluations, services, supervision
from lms.placements.models import (
    Evaluation,
    EvaluationKind,
    HostFacility,
    Placement,
    ReadinessKind,
)
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentRole


@dataclass(frozen=True)
class DemoCheck:
    kind: ReadinessKind
    on: dt.date
    note: str = ""


@dataclass(frozen=True)
class DemoPlacement:
    trainee: str
    practicum: str
    facility: str
    starts_on: dt.date
    ends_on: dt.date
    supervisor_name: str = ""
    #: Given for a supervisor with an account (see ``supervisors``): they are invited.
    supervisor_email: str = ""
    lodging: str = ""
    commute: str = ""
    #: The checks done before it, each with its day (the rest still to do).
    done: tuple[DemoCheck, ...] = ()
    #: The checks the facility does not ask for.
    not_needed: tuple[ReadinessKind, ...] = ()


@dataclass(frozen=True)
class DemoSupervisor:
    email: str
    name: str


@dataclass(frozen=True)
class DemoEvaluation:
    """Written by the placement's supervisor (who must have an account)."""

    trainee: str
    practicum: str
    kind: EvaluationKind
    saved: dt.datetime
    submitted: bool
    scores: dict[str, int]
    answers: dict[str, str]
    #: When the trainee read it, if she has.
    acknowledged: dt.datetime | None = None


@dataclass(frozen=True)
class Placements:
    supervisors: tuple[DemoSupervisor, ...]
    facilities: tuple[services.FacilityDetails, ...]
    placements: tuple[DemoPlacement, ...]
    evaluations: tuple[DemoEvaluation, ...] = ()


def seed_placements(db_session: Session) -> None:
    story = load("placements.toml", Placements)
    staff = cast(db_session).staff
    for supervisor in story.supervisors:
        if user_by_email(db_session, supervisor.email) is None:
            # Supervisors read Kakehashi in Japanese (the demo's login among them).
            create_user(db_session, supervisor.email, supervisor.name, DEMO_PASSWORD,
                        country="JP", locale="ja")
    facilities = {}
    for spec in story.facilities:
        existing = db_session.scalar(select(HostFacility).where(HostFacility.name == spec.name))
        facilities[spec.name] = existing or services.create_facility(
            db_session, staff, spec)
    cohort = db_session.scalar(select(Cohort).where(Cohort.status == CohortStatus.ACTIVE,
                                                    Cohort.fiscal_year == 2026))
    if cohort is None or cohort.course_id is None:
        return
    for spec in story.placements:
        enrollment = db_session.scalar(
            select(Enrollment).join(User, User.id == Enrollment.user_id)
            .where(Enrollment.cohort_id == cohort.id, User.email == spec.trainee,
                   Enrollment.role == EnrollmentRole.TRAINEE))
        module = db_session.scalar(select(Module).where(Module.course_id == cohort.course_id,
                                                        Module.slug == spec.practicum))
        if enrollment is None or module is None or db_session.scalar(select(Placement).where(
                Placement.enrollment_id == enrollment.id, Placement.module_id == module.id)):
            continue
        host = facilities[spec.facility]
        placement = services.place(
            db_session, staff, enrollment, module, services.PlacementDetails(
            facility=host, starts_on=spec.starts_on, ends_on=spec.ends_on, field=host.field,
            supervisor_name=spec.supervisor_name, supervisor_email=spec.supervisor_email,
            lodging=spec.lodging, commute=spec.commute), None)
        if spec.supervisor_email:
            services.invite_supervisor(db_session, staff, placement)
        done = {check.kind: check for check in spec.done}
        services.record_readiness(db_session, staff, placement, {
            kind: services.ReadinessEntry(
                needed=kind not in spec.not_needed,
                done_on=done[kind].on if kind in done else None,
                note=done[kind].note if kind in done else "") for kind in ReadinessKind})
    db_session.flush()
    for spec in story.evaluations:
        _evaluate(db_session, cohort, spec)
    db_session.flush()


def _evaluate(db_session: Session, cohort: Cohort, spec: DemoEvaluation) -> None:
    placement = db_session.scalar(
        select(Placement).join(Enrollment, Enrollment.id == Placement.enrollment_id)
        .join(User, User.id == Enrollment.user_id).join(Module, Module.id == Placement.module_id)
        .where(Enrollment.cohort_id == cohort.id, User.email == spec.trainee,
               Module.slug == spec.practicum))
    if placement is None or placement.supervisor is None \
            or evaluations.evaluation_of(db_session, placement, spec.kind) is not None:
        return
    clock = Timeline(db_session)
    moment = spec.saved.astimezone(dt.UTC)
    filled = evaluations.Filled(dict(spec.scores), dict(spec.answers))
    if supervision.supervised_placement(db_session, placement.supervisor, placement.id):
        written = evaluations.save(db_session, placement.supervisor, placement, spec.kind,
                                   filled, submit=spec.submitted)
    else:
        # A placement over for more than thirty days: its evaluation is history, recorded as
        # it was written then (the service takes them only while the supervisor may).
        form = evaluations.form_for(db_session, placement, spec.kind)
        written = Evaluation(placement_id=placement.id, kind=spec.kind,
                             form_slug=form.slug if form else "", scores=filled.scores,
                             answers=filled.answers, author_id=placement.supervisor_id)
        db_session.add(written)
    clock.happened(moment, (written, "saved_at", *(("submitted_at",) if spec.submitted else ())))
    if spec.acknowledged is not None:
        written.acknowledged_at = spec.acknowledged.astimezone(dt.UTC)
