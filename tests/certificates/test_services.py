from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.audit import AuditEvent
from lms.certificates import services
from lms.certificates.models import Certificate, Outcome
from lms.certificates.queries import (
    CODE_ALPHABET,
    CODE_LENGTH,
    certificate_by_code,
    normalize_code,
)
from lms.certificates.rule import Shortfall
from lms.clock import utcnow
from lms.curriculum.models import Item
from lms.errors import NotAllowed, ServiceError
from lms.mail import OutboxMessage
from lms.programs import services as program_services
from lms.programs.models import CohortStatus, EnrollmentStatus
from tests import factories
from tests.certificates.conftest import meet_rule, screen_outcomes
from tests.concurrency import run_together


def _row(db, year, key):
    return next(row for row in screen_outcomes(db, year["cohort"])
                if row.enrollment.id == year[key].id)


def _item(db, slug):
    return db.scalar(select(Item).where(Item.slug == slug))


# The rule ---------------------------------------------------------------------------------------


def test_the_screen_names_exactly_what_is_missing(db, year):
    assert _row(db, year, "done").assessment.meets_rule
    short = _row(db, year, "short").assessment
    assert short.missing_lessons == []
    assert [(m.item.slug, m.shortfall) for m in short.missing_assignments] == [
        ("presentation", Shortfall.NOT_HANDED_IN)]
    idle = _row(db, year, "idle").assessment
    # Required lessons only: the optional extra reading is never asked for.
    assert {lesson.slug for lesson in idle.missing_lessons} == {
        "welcome", "rules", "insurance", "journal"}
    assert {m.item.slug for m in idle.missing_assignments} == {"visit-note", "presentation",
                                                              "journal-week-1"}


@pytest.mark.parametrize("points,passes", [(5, False), (6, True)])
def test_the_pass_mark_is_a_share_of_the_points(db, year, points, passes):
    idle = year["idle"]
    meet_rule(db, idle, points={"visit-note": points})
    missing = _row(db, year, "idle").assessment.missing_assignments
    if passes:
        assert missing == []
    else:
        assert [(m.item.slug, m.shortfall, m.points) for m in missing] == [
            ("visit-note", Shortfall.BELOW_PASS_MARK, points)]


def test_work_waiting_for_a_grade_or_returned_does_not_count(db, year):
    idle = year["idle"]
    meet_rule(db, idle, skip="presentation")
    db.add(Submission(enrollment_id=idle.id, item_id=_item(db, "presentation").id, attempt=1,
                      status=SubmissionStatus.SUBMITTED, submitted_at=utcnow()))
    db.flush()
    assert [m.shortfall for m in _row(db, year, "idle").assessment.missing_assignments] == [
        Shortfall.WAITING_FOR_GRADE]
    submission = db.scalar(select(Submission).where(Submission.enrollment_id == idle.id,
                                                    Submission.item_id == _item(
                                                        db, "presentation").id))
    submission.status = SubmissionStatus.RETURNED
    db.add(Grade(submission_id=submission.id, total=20, returned=True))
    db.flush()
    assert [m.shortfall for m in _row(db, year, "idle").assessment.missing_assignments] == [
        Shortfall.RETURNED]


# Completing -------------------------------------------------------------------------------------


def test_completing_decides_outcomes_and_issues_certificates(db, year):
    result = services.complete_cohort(db, year["staff"], year["cohort"])
    db.commit()
    assert result.completed_now
    assert [e.id for e in result.completed] == [year["done"].id]
    assert {e.id for e in result.not_completed} == {year["short"].id, year["idle"].id}
    assert year["cohort"].status == CohortStatus.COMPLETED
    assert year["done"].status == EnrollmentStatus.COMPLETED
    assert year["short"].status == EnrollmentStatus.NOT_COMPLETED
    certificate = db.scalar(select(Certificate))
    assert certificate.serial == "ASWWTP-36-001"
    assert certificate.recipient_name == "Putri Handayani"
    assert len(certificate.verification_code) == CODE_LENGTH
    assert set(certificate.verification_code) <= set(CODE_ALPHABET)
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"cohort_completed", "outcome_decided", "certificate_issued"} <= actions
    mail = db.scalars(select(OutboxMessage)).all()
    assert [message.to_address for message in mail] == ["putri@example.org"]
    assert "ASWWTP-36-001" in mail[0].subject


def test_a_withdrawn_trainee_keeps_the_withdrawal(db, year):
    program_services.withdraw(db, year["staff"], year["idle"], dt.date(2019, 6, 1), "Went home")
    services.complete_cohort(db, year["staff"], year["cohort"])
    assert year["idle"].status == EnrollmentStatus.WITHDRAWN
    assert _row(db, year, "idle").decided is None


def test_completing_again_changes_nothing(db, year):
    services.complete_cohort(db, year["staff"], year["cohort"])
    db.commit()
    again = services.complete_cohort(db, year["staff"], year["cohort"])
    db.commit()
    assert not again.completed_now
    assert again.certificates == []
    assert db.scalar(select(func.count()).select_from(Certificate)) == 1


def test_two_staff_completing_at_the_same_moment_issue_each_certificate_once(app, db, year):
    cohort_id, staff_id = year["cohort"].id, year["staff"].id
    services.override_outcome(db, year["staff"], year["cohort"], year["short"],
                              Outcome.COMPLETED, "Presentation given in person")
    db.commit()

    def complete(own):
        from lms.accounts.models import User
        from lms.programs.models import Cohort

        return services.complete_cohort(own, own.get(User, staff_id),
                                        own.get(Cohort, cohort_id)).completed_now

    results = run_together(app, [complete, complete, complete])
    assert sorted(results) == [False, False, True], results
    db.expire_all()
    serials = sorted(db.scalars(select(Certificate.serial)))
    assert serials == ["ASWWTP-36-001", "ASWWTP-36-002"]


def test_the_database_refuses_a_second_certificate_for_an_enrollment(db, year):
    services.complete_cohort(db, year["staff"], year["cohort"])
    db.commit()
    db.add(Certificate(enrollment_id=year["done"].id, serial="ASWWTP-36-099",
                       verification_code="X" * CODE_LENGTH, recipient_name="Copy"))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_issuing_again_skips_enrollments_that_have_one(db, year):
    services.complete_cohort(db, year["staff"], year["cohort"])
    again = services.issue_certificates(db, year["staff"], year["cohort"], [year["done"]])
    assert again == []


def test_only_an_active_cohort_is_completed(db, year, tmp_path):
    planned = factories.cohort(db, None, number=40, active=False)
    with pytest.raises(ServiceError):
        services.complete_cohort(db, year["staff"], planned)


def test_only_staff_complete(db, year):
    with pytest.raises(NotAllowed):
        services.complete_cohort(db, year["done"].user, year["cohort"])


def test_the_status_control_still_refuses_completion(db, year):
    with pytest.raises(ServiceError, match="completion page"):
        program_services.change_cohort_status(db, year["staff"], year["cohort"],
                                              CohortStatus.COMPLETED)


def test_a_cohort_without_a_number_uses_its_fiscal_year(db, year):
    cohort = year["cohort"]
    cohort.number = None
    assert services.serial_for(cohort, 3) == "ASWWTP-FY2019-003"


# Overrides --------------------------------------------------------------------------------------


def test_an_override_decides_against_the_rule_with_a_reason(db, year):
    staff, cohort = year["staff"], year["cohort"]
    with pytest.raises(ServiceError) as refused:
        services.override_outcome(db, staff, cohort, year["short"], Outcome.COMPLETED, "  ")
    assert refused.value.field == "reason"
    services.override_outcome(db, staff, cohort, year["short"], Outcome.COMPLETED,
                              "Presented in person after the deadline")
    services.override_outcome(db, staff, cohort, year["done"], Outcome.NOT_COMPLETED,
                              "Plagiarised completion report")
    result = services.complete_cohort(db, staff, cohort)
    assert {e.id for e in result.completed} == {year["short"].id}
    assert {e.id for e in result.not_completed} == {year["done"].id, year["idle"].id}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "outcome_overridden",
                                               AuditEvent.object_id == str(year["short"].id)))
    assert event.after == {"outcome": "completed",
                           "reason": "Presented in person after the deadline"}


def test_clearing_an_override_lets_the_rule_decide(db, year):
    staff, cohort = year["staff"], year["cohort"]
    services.override_outcome(db, staff, cohort, year["short"], Outcome.COMPLETED, "Reason")
    services.clear_override(db, staff, cohort, year["short"])
    assert _row(db, year, "short").decided == Outcome.NOT_COMPLETED


def test_no_override_after_completion_or_across_cohorts(db, year):
    staff = year["staff"]
    with pytest.raises(ServiceError):
        services.override_outcome(db, staff, year["cohort"], year["outsider"],
                                  Outcome.COMPLETED, "Reason")
    services.complete_cohort(db, staff, year["cohort"])
    with pytest.raises(ServiceError):
        services.override_outcome(db, staff, year["cohort"], year["short"], Outcome.COMPLETED,
                                  "Too late")
    with pytest.raises(NotAllowed):
        services.override_outcome(db, year["done"].user, year["other_cohort"],
                                  year["outsider"], Outcome.COMPLETED, "Reason")


# Verification codes and revocation ------------------------------------------------------------


def test_codes_are_found_however_they_are_typed(db, year):
    services.complete_cohort(db, year["staff"], year["cohort"])
    code = db.scalar(select(Certificate.verification_code))
    typed = "-".join(code[i:i + 4] for i in range(0, len(code), 4)).lower()
    assert certificate_by_code(db, f" {typed} ").verification_code == code
    assert certificate_by_code(db, code[:-1]) is None
    assert normalize_code("O" * CODE_LENGTH) is None  # O is not in the alphabet


def test_revoking_needs_a_reason_and_happens_once(db, year):
    services.complete_cohort(db, year["staff"], year["cohort"])
    certificate = db.scalar(select(Certificate))
    with pytest.raises(ServiceError):
        services.revoke_certificate(db, year["staff"], certificate, "")
    with pytest.raises(NotAllowed):
        services.revoke_certificate(db, year["done"].user, certificate, "Mine")
    services.revoke_certificate(db, year["staff"], certificate, "Issued in error")
    assert certificate.is_revoked and certificate.revocation_reason == "Issued in error"
    with pytest.raises(ServiceError):
        services.revoke_certificate(db, year["staff"], certificate, "Again")


# Completing early ------------------------------------------------------------------------------


def _ends_in_february(db, year):
    """The fiscal 2026 case: on 3 December a cohort still has weeks to run."""
    year["cohort"].ends_on = utcnow().date() + dt.timedelta(days=80)
    db.commit()


def test_completing_before_the_last_day_is_refused_without_a_reason(db, year):
    _ends_in_february(db, year)
    for reason in (None, "  "):
        with pytest.raises(ServiceError, match="runs until") as refused:
            services.complete_cohort(db, year["staff"], year["cohort"], reason)
        assert refused.value.field == "early_reason"
        db.rollback()
    db.expire_all()
    assert year["cohort"].status == CohortStatus.ACTIVE
    assert year["idle"].status == EnrollmentStatus.ACTIVE
    assert db.scalar(select(func.count()).select_from(Certificate)) == 0


def test_early_completion_with_a_reason_is_done_and_the_reason_audited(db, year):
    _ends_in_february(db, year)
    result = services.complete_cohort(db, year["staff"], year["cohort"],
                                      "The program closes early this year.")
    assert result.completed_now and len(result.certificates) == 1
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "cohort_completed"))
    assert event.after["early"] is True
    assert event.after["reason"] == "The program closes early this year."
    assert event.after["ends_on"] == year["cohort"].ends_on.isoformat()


def test_completing_after_the_last_day_needs_no_reason(db, year):
    event_reason = services.complete_cohort(db, year["staff"], year["cohort"])
    assert event_reason.completed_now
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "cohort_completed"))
    assert "reason" not in event.after
