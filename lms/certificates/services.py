"""Completing a cohort, outcome overrides, certificates and their revocation.

Completing decides each active trainee's outcome (the override, else the completion rule) and
issues one certificate per completed enrollment. It is safe to repeat and to race: the cohort
moves from active to completed with a guarded UPDATE, so only one request does the work, and a
unique enrollment id on certificates backs that up.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit
from lms.accounts.models import User
from lms.certificates.models import Certificate, Outcome, OutcomeOverride
from lms.certificates.queries import (
    CODE_ALPHABET,
    CODE_LENGTH,
    active_trainees,
    outcomes_for,
    requirements_of,
)
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.i18n import _l, format_day
from lms.notifications import services as notifications
from lms.programs.models import Cohort, CohortStatus, Enrollment, EnrollmentStatus
from lms.security import require_staff
from lms.signals import cohort_completed
from lms.urls import external_url

ENROLLMENT_STATUS_OF = {
    Outcome.COMPLETED: EnrollmentStatus.COMPLETED,
    Outcome.NOT_COMPLETED: EnrollmentStatus.NOT_COMPLETED,
}


@dataclass
class CompletionResult:
    #: False when the cohort was already completed (by an earlier or a simultaneous request).
    completed_now: bool
    completed: list[Enrollment] = field(default_factory=list)
    not_completed: list[Enrollment] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)


def override_outcome(db_session: Session, actor: User, cohort: Cohort, enrollment: Enrollment,
                     outcome: Outcome, reason: str) -> OutcomeOverride:
    """Decide a trainee's outcome against the rule, with a reason, before the cohort is
    completed. A second override replaces the first; the audit trail keeps both."""
    require_staff(actor)
    _check_still_open(cohort, enrollment)
    if not reason.strip():
        raise ServiceError(_l("Give the reason for deciding against the completion rule."),
                           field="reason")
    override = db_session.scalar(
        select(OutcomeOverride).where(OutcomeOverride.enrollment_id == enrollment.id))
    before = _override_snapshot(override)
    if override is None:
        override = OutcomeOverride(enrollment_id=enrollment.id, outcome=outcome, reason="",
                                   decided_by_id=actor.id)
        db_session.add(override)
    override.outcome = outcome
    override.reason = reason.strip()
    override.decided_by_id = actor.id
    override.decided_at = utcnow()
    db_session.flush()
    audit.record(db_session, actor, "outcome_overridden", enrollment, before=before,
                 after=_override_snapshot(override))
    return override


def clear_override(db_session: Session, actor: User, cohort: Cohort,
                   enrollment: Enrollment) -> None:
    """Let the completion rule decide again."""
    require_staff(actor)
    _check_still_open(cohort, enrollment)
    override = db_session.scalar(
        select(OutcomeOverride).where(OutcomeOverride.enrollment_id == enrollment.id))
    if override is None:
        return
    before = _override_snapshot(override)
    db_session.delete(override)
    db_session.flush()
    audit.record(db_session, actor, "outcome_override_cleared", enrollment, before=before)


def _check_still_open(cohort: Cohort, enrollment: Enrollment) -> None:
    if enrollment.cohort_id != cohort.id:
        raise ServiceError(_l("This trainee is not in this cohort."))
    if cohort.status != CohortStatus.ACTIVE or enrollment.status != EnrollmentStatus.ACTIVE:
        raise ServiceError(_l("Outcomes can only be decided for active trainees of an active "
                              "cohort. A certificate already issued can be revoked."))


def _override_snapshot(override: OutcomeOverride | None) -> dict[str, str] | None:
    if override is None:
        return None
    return {"outcome": str(override.outcome), "reason": override.reason}


def ends_later(cohort: Cohort) -> bool:
    """Whether the cohort's last day is still to come in its own zone: completing now would
    decide outcomes while trainees are still working."""
    return utcnow().astimezone(cohort.zone).date() < cohort.ends_on


def complete_cohort(db_session: Session, actor: User, cohort: Cohort,
                    early_reason: str | None = None) -> CompletionResult:
    """Decide every active trainee's outcome and issue the certificates. Before the cohort's
    last day this is refused unless staff give ``early_reason`` (kept in the audit trail)."""
    require_staff(actor)
    if cohort.status == CohortStatus.COMPLETED:
        return CompletionResult(completed_now=False)
    if cohort.status != CohortStatus.ACTIVE:
        raise ServiceError(_l("Only an active cohort can be completed."))
    early_reason = (early_reason or "").strip() or None
    early = ends_later(cohort)
    if early and early_reason is None:
        raise ServiceError(_l("This cohort runs until %(day)s. To complete it before then, "
                              "choose early completion and give the reason.",
                              day=format_day(cohort.ends_on)), field="early_reason")
    # The claim: of two requests at the same moment, one moves the cohort and the other finds
    # nothing to move (on PostgreSQL it waits for the first to commit, then matches no row).
    claimed = db_session.execute(
        update(Cohort).where(Cohort.id == cohort.id, Cohort.status == CohortStatus.ACTIVE)
        .values(status=CohortStatus.COMPLETED)
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db_session.refresh(cohort)
        return CompletionResult(completed_now=False)
    cohort.status = CohortStatus.COMPLETED

    result = CompletionResult(completed_now=True)
    trainees = active_trainees(db_session, cohort)
    for row in outcomes_for(db_session, trainees, requirements_of(db_session, cohort)):
        # Active trainees always get an outcome; only withdrawn ones have none.
        outcome = row.decided or Outcome.NOT_COMPLETED
        row.enrollment.status = ENROLLMENT_STATUS_OF[outcome]
        audit.record(db_session, actor, "outcome_decided", row.enrollment,
                     before={"status": "active"},
                     after={"status": str(row.enrollment.status),
                            "by": "override" if row.override else "rule",
                            "missing_lessons": len(row.assessment.missing_lessons),
                            "missing_assignments": len(row.assessment.missing_assignments),
                            "missing_evaluations": len(row.assessment.missing_evaluations),
                            "japanese_level_short": row.assessment.lacks_japanese_level})
        (result.completed if outcome == Outcome.COMPLETED else result.not_completed).append(
            row.enrollment)
    db_session.flush()
    result.certificates = issue_certificates(db_session, actor, cohort, result.completed)
    audit.record(db_session, actor, "cohort_completed", cohort,
                 before={"status": "active"},
                 after={"status": "completed", "completed": len(result.completed),
                        "not_completed": len(result.not_completed),
                        "certificates": len(result.certificates),
                        **({"early": True, "ends_on": cohort.ends_on.isoformat(),
                            "reason": early_reason} if early else {})})
    cohort_completed.send(cohort, actor=actor, result=result)
    return result


def issue_certificates(db_session: Session, actor: User | None, cohort: Cohort,
                       enrollments: list[Enrollment], notify: bool = True) -> list[Certificate]:
    """A certificate for each completed enrollment that has none yet, numbered after the
    cohort's existing ones in the order given. Never a second one for an enrollment. Each
    holder is told by mail unless ``notify`` is off (records of past years)."""
    have = set(db_session.scalars(select(Certificate.enrollment_id).where(
        Certificate.enrollment_id.in_([enrollment.id for enrollment in enrollments]))))
    issued_before = db_session.scalar(
        select(func.count()).select_from(Certificate)
        .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .where(Enrollment.cohort_id == cohort.id)) or 0
    issued: list[Certificate] = []
    for enrollment in enrollments:
        if enrollment.id in have or enrollment.status != EnrollmentStatus.COMPLETED:
            continue
        certificate = Certificate(
            enrollment_id=enrollment.id,
            serial=serial_for(cohort, issued_before + len(issued) + 1),
            verification_code=new_verification_code(),
            recipient_name=enrollment.user.display_name,
            issued_by_id=actor.id if actor else None)
        try:
            with db_session.begin_nested():
                db_session.add(certificate)
        except IntegrityError:
            # Issued by a simultaneous request after all: that one stands.
            continue
        # Its place in the revocation lists: the id is unique and, since certificates are never
        # deleted, never given again.
        certificate.status_list_index = certificate.id
        issued.append(certificate)
        audit.record(db_session, actor, "certificate_issued", certificate,
                     after={"serial": certificate.serial, "enrollment_id": enrollment.id})
        if not notify:
            continue
        notifications.notify(db_session, enrollment.user, "certificate",
                             _l("Your certificate: %(serial)s", serial=certificate.serial),
                             "lms/certificates/mail/issued.txt", certificate=certificate,
                             cohort=cohort, link=external_url("lms.certificates.show",
                                                              certificate_id=certificate.id))
    return issued


def serial_for(cohort: Cohort, sequence: int) -> str:
    """``ASWWTP-36-003``: the program's code, the cohort's number (its fiscal year when it has
    none), and the certificate's place in the cohort."""
    middle = str(cohort.number) if cohort.number is not None else f"FY{cohort.fiscal_year}"
    return f"{cohort.program.code}-{middle}-{sequence:03d}"


def new_verification_code() -> str:
    # 20 characters from 30 give about 98 bits: nobody finds certificates by guessing.
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def revoke_certificate(db_session: Session, actor: User, certificate: Certificate,
                       reason: str) -> None:
    require_staff(actor)
    if certificate.is_revoked:
        raise ServiceError(_l("This certificate is already revoked."))
    if not reason.strip():
        raise ServiceError(_l("Give the reason for revoking the certificate."), field="reason")
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = actor.id
    certificate.revocation_reason = reason.strip()
    db_session.flush()
    audit.record(db_session, actor, "certificate_revoked", certificate,
                 before={"revoked": False}, after={"revoked": True, "reason": reason.strip()})
