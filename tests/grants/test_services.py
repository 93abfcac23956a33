from __future__ import annotations

import datetime as dt
import decimal

import pytest
from sqlalchemy import select

from lms.audit import AuditEvent
from lms.errors import NotAllowed, PolicyError, ServiceError
from lms.grants import applying, decisions, projects, services
from lms.grants.applying import ApplicationProblems
from lms.grants.decisions import DecisionInput
from lms.grants.models import (
    ApplicationStatus,
    ApplicationVersion,
    DecisionOutcome,
    GrantDecision,
    ReportKind,
    ReportStatus,
)
from lms.grants.projects import ReportInput
from lms.grants.services import TRANSITIONS
from tests.conftest import outbox
from tests.grants.conftest import complete_input, in_review, round_input, submitted

S = ApplicationStatus


def _fields(error: ApplicationProblems) -> set[str]:
    return {field for field, _message in error.problems}


def test_the_workflow_table_is_the_design_s(app):
    assert TRANSITIONS[S.DRAFT] == {S.SUBMITTED, S.WITHDRAWN}
    assert TRANSITIONS[S.SUBMITTED] == {S.SCREENING, S.WITHDRAWN}
    assert TRANSITIONS[S.SCREENING] == {S.IN_REVIEW, S.INELIGIBLE}
    assert TRANSITIONS[S.IN_REVIEW] == {S.APPROVED, S.REJECTED, S.MORE_INFORMATION}
    assert TRANSITIONS[S.MORE_INFORMATION] == {S.SUBMITTED}
    assert TRANSITIONS[S.APPROVED] == {S.IN_PROGRESS}
    assert TRANSITIONS[S.IN_PROGRESS] == {S.CLOSED}
    for final in (S.INELIGIBLE, S.REJECTED, S.CLOSED, S.WITHDRAWN):
        assert TRANSITIONS[final] == set()


def test_round_rules(db, world):
    with pytest.raises(ServiceError) as error:
        services.create_round(db, world["staff"], round_input(budget=100, largest_award=200))
    assert error.value.field == "largest_award"
    with pytest.raises(NotAllowed):
        services.create_round(db, world["alumna"], round_input())
    start = dt.datetime(2026, 4, 1, 9, 0)
    with pytest.raises(ServiceError) as error:
        services.create_round(db, world["staff"], round_input(opens_at=start, closes_at=start))
    assert error.value.field == "closes_at"
    # Times are read in the round's zone: 09:00 in Tokyo is 00:00 UTC.
    made = services.create_round(db, world["staff"], round_input(
        opens_at=start, closes_at=start + dt.timedelta(days=30)))
    assert made.opens_at == dt.datetime(2026, 4, 1, 0, 0, tzinfo=dt.UTC)
    assert made.currency == "JPY" and made.review_scheme.criteria


def test_a_round_opening_at_a_time_the_clocks_skip_is_refused(db, world):
    gap = dt.datetime(2027, 3, 14, 2, 30)
    with pytest.raises(ServiceError) as refused:
        services.create_round(db, world["staff"], round_input(
            timezone="America/New_York", opens_at=gap, closes_at=gap + dt.timedelta(days=30)))
    assert refused.value.field == "opens_at"
    assert "America/New_York" in str(refused.value.message)


def test_only_alumni_may_apply_and_the_message_says_so(db, world):
    with pytest.raises(NotAllowed) as error:
        applying.start_application(db, world["trainee"], world["round"])
    assert "alumni" in str(error.value.message)


def test_a_draft_is_prefilled_from_the_profile_and_one_per_person(db, world):
    from lms.alumni.models import AlumniProfile

    db.add(AlumniProfile(user_id=world["alumna"].id, country="ID",
                         organization="Yayasan Karya Mandiri", current_role="Coordinator"))
    first = applying.start_application(db, world["alumna"], world["round"])
    assert (first.country, first.organization, first.applicant_role, first.local_currency) == \
        ("ID", "Yayasan Karya Mandiri", "Coordinator", "IDR")
    assert applying.start_application(db, world["alumna"], world["round"]).id == first.id
    world["round"].allow_several = True
    assert applying.start_application(db, world["alumna"], world["round"]).id != first.id


def test_a_withdrawn_application_frees_the_place(db, world):
    first = applying.start_application(db, world["alumna"], world["round"])
    applying.withdraw(db, world["alumna"], first)
    assert applying.start_application(db, world["alumna"], world["round"]).id != first.id


def test_drafts_keep_anything_and_submitting_lists_every_problem(db, world):
    application = applying.start_application(db, world["alumna"], world["round"])
    applying.save_draft(db, world["alumna"], application, applying.ApplicationInput(title="Hi"))
    with pytest.raises(ApplicationProblems) as error:
        applying.submit(db, world["alumna"], application)
    assert {"problem", "objectives", "exchange_rate", "budget_lines", "stated_total",
            "beneficiary_count", "indicators", "risks"} <= _fields(error.value)
    assert application.status == S.DRAFT


def test_lines_that_do_not_add_up_are_refused_with_both_totals(db, world):
    application = applying.start_application(db, world["alumna"], world["round"])
    applying.save_draft(db, world["alumna"], application,
                        complete_input(lines=(600_000, 400_000), stated_total=1_100_000,
                                       rate="0.93"))
    with pytest.raises(ApplicationProblems) as error:
        applying.submit(db, world["alumna"], application)
    assert _fields(error.value) == {"stated_total"}
    assert "1,000,000 IDR" in str(error.value.problems[0][1])
    applying.save_draft(db, world["alumna"], application,
                        complete_input(lines=(600_000, 400_000), rate="0.93"))
    applying.submit(db, world["alumna"], application)
    assert application.status == S.SUBMITTED
    assert application.requested_amount == 930_000


def test_the_largest_award_caps_what_may_be_asked(db, world):
    application = applying.start_application(db, world["alumna"], world["round"])
    applying.save_draft(db, world["alumna"], application, complete_input(rate="0.02"))
    with pytest.raises(ApplicationProblems) as error:
        applying.submit(db, world["alumna"], application)
    assert "largest award" in str(error.value.problems[0][1])


def test_totals_convert_exactly_and_round_half_up(app):
    lines = [applying.BudgetLineInput("training", "a", 5), applying.BudgetLineInput(
        "training", "b", 10)]
    assert applying.requested_in_round_currency(lines, decimal.Decimal("0.1")) == 2
    assert applying.requested_in_round_currency(lines, None) == 0


def test_submission_closes_at_the_deadline(db, world):
    application = applying.start_application(db, world["alumna"], world["round"])
    applying.save_draft(db, world["alumna"], application, complete_input())
    world["round"].closes_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with pytest.raises(ServiceError) as error:
        applying.submit(db, world["alumna"], application)
    assert "closed" in str(error.value.message)


def test_submitting_twice_makes_one_version_and_only_the_owner_submits(db, world):
    application = submitted(db, world["alumna"], world["round"])
    applying.submit(db, world["alumna"], application)
    versions = db.scalars(select(ApplicationVersion)).all()
    assert [version.number for version in versions] == [1]
    with pytest.raises(NotAllowed):
        applying.submit(db, world["alumnus"], application)
    with pytest.raises(ServiceError):
        applying.save_draft(db, world["alumna"], application, complete_input(title="Changed"))


def test_ineligible_needs_a_reason_the_applicant_is_mailed(app, db, world):
    application = submitted(db, world["alumna"], world["round"])
    with pytest.raises(ServiceError) as error:
        services.screen(db, world["staff"], application, eligible=False, reason=" ")
    assert error.value.field == "reason"
    services.screen(db, world["staff"], application, eligible=False,
                    reason="The project is in Japan, not in a home country.")
    assert application.status == S.INELIGIBLE
    db.commit()
    assert "not in a home country" in outbox(app)[-1].body
    with pytest.raises(ServiceError):
        applying.withdraw(db, world["alumna"], application)


def test_more_information_keeps_every_version(db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    decisions.decide(db, world["staff"], application, DecisionInput(
        DecisionOutcome.MORE_INFORMATION, message="Say who trains the coaches."))
    applying.save_draft(db, world["alumna"], application, complete_input(title="Version two"))
    applying.submit(db, world["alumna"], application)
    versions = db.scalars(select(ApplicationVersion).order_by(ApplicationVersion.number)).all()
    assert [(v.number, v.content["title"]) for v in versions] == [
        (1, "Job coaching for entrepreneurs with disabilities"), (2, "Version two")]
    services.screen(db, world["staff"], application, eligible=True, reason="")
    assert application.status == S.IN_REVIEW


def test_approval_is_within_the_request_and_the_budget(app, db, world):
    world["round"].budget = 1_000_000
    first = in_review(db, world["staff"], world["alumna"], world["round"])
    second = in_review(db, world["staff"], world["alumnus"], world["round"], country="KR",
                       currency="KRW", rate="0.11", lines=(5_000_000,))
    with pytest.raises(ServiceError) as error:
        decisions.decide(db, world["staff"], first,
                         DecisionInput(DecisionOutcome.APPROVED, amount=930_001))
    assert error.value.field == "amount"
    decisions.decide(db, world["staff"], first,
                     DecisionInput(DecisionOutcome.APPROVED, amount=900_000,
                                   message="Well planned."))
    with pytest.raises(ServiceError) as error:
        decisions.decide(db, world["staff"], second,
                         DecisionInput(DecisionOutcome.APPROVED, amount=100_001))
    assert "100,000" in str(error.value.message)
    decisions.decide(db, world["staff"], second,
                     DecisionInput(DecisionOutcome.APPROVED, amount=100_000))
    assert services.awarded_total(db, world["round"]) == 1_000_000
    db.commit()
    assert "Well planned." in outbox(app)[0].body


def test_a_meeting_s_decisions_go_in_together_or_not_at_all(db, world):
    world["round"].budget = 1_000_000
    first = in_review(db, world["staff"], world["alumna"], world["round"])
    second = in_review(db, world["staff"], world["alumnus"], world["round"], country="KR",
                       currency="KRW", rate="0.11", lines=(5_000_000,))
    db.commit()
    with pytest.raises(PolicyError) as error:
        decisions.decide_many(db, world["staff"], world["round"], [
            (first, DecisionInput(DecisionOutcome.APPROVED, amount=900_000)),
            (second, DecisionInput(DecisionOutcome.APPROVED, amount=200_000))])
    assert len(error.value.messages) == 1
    db.rollback()
    assert db.scalars(select(GrantDecision)).all() == []
    decisions.decide_many(db, world["staff"], world["round"], [
        (first, DecisionInput(DecisionOutcome.APPROVED, amount=900_000)),
        (second, DecisionInput(DecisionOutcome.REJECTED, message="Not this year."))])
    assert (first.status, second.status) == (S.APPROVED, S.REJECTED)


def test_after_the_award_terms_payments_reports_and_closing(app, db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    decisions.decide(db, world["staff"], application,
                     DecisionInput(DecisionOutcome.APPROVED, amount=900_000))
    with pytest.raises(ServiceError):
        projects.record_disbursement(db, world["staff"], application, dt.date(2026, 5, 1),
                                     450_000, "TR-1")
    with pytest.raises(NotAllowed):
        projects.accept_terms(db, world["alumnus"], application)
    projects.accept_terms(db, world["alumna"], application)
    projects.record_disbursement(db, world["staff"], application, dt.date(2026, 5, 1),
                                 450_000, "TR-1")
    with pytest.raises(ServiceError) as error:
        projects.record_disbursement(db, world["staff"], application, dt.date(2026, 9, 1),
                                     450_001, "TR-2")
    assert error.value.field == "amount"
    lines = [line.id for line in application.budget_lines]
    with pytest.raises(PolicyError) as problems:
        projects.save_report(db, world["alumna"], application, ReportKind.FINAL,
                             ReportInput("Twenty coaches trained.", 18, {lines[0]: 100}),
                             submit=True)
    assert len(problems.value.messages) == 1
    report = projects.save_report(
        db, world["alumna"], application, ReportKind.FINAL,
        ReportInput("Twenty coaches trained.", 18, {lines[0]: 59_000_000, lines[1]: 0}),
        submit=True)
    projects.review_report(db, world["staff"], report, accept=False, note="Add receipts.")
    assert report.status == ReportStatus.CHANGES_REQUESTED
    report = projects.save_report(
        db, world["alumna"], application, ReportKind.FINAL,
        ReportInput("Twenty coaches trained.", 18, {lines[0]: 59_000_000, lines[1]: 0}),
        submit=True)
    projects.review_report(db, world["staff"], report, accept=True, note="")
    assert application.status == S.CLOSED
    db.commit()
    assert "closed" in outbox(app)[-1].body


def test_every_move_is_audited(db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert {"grant_application_started", "grant_application_submitted",
            "grant_application_screening", "grant_application_eligible"} <= set(actions)
    assert application.review_subject is not None


def test_report_reminders_go_once_before_the_due_day(app, db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    decisions.decide(db, world["staff"], application,
                     DecisionInput(DecisionOutcome.APPROVED, amount=900_000))
    projects.accept_terms(db, world["alumna"], application)
    world["round"].progress_report_due_on = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=3)
    assert projects.send_report_reminders(db, days=14) == 1
    assert projects.send_report_reminders(db, days=14) == 0
    db.commit()
    reminder = outbox(app)[-1]
    assert reminder.subject.startswith("Progress report due on")
    assert reminder.to_address == "putri@example.org"


def test_a_reviewer_is_told_once_when_assigned(app, db, world):
    application = in_review(db, world["staff"], world["alumna"], world["round"])
    services.assign_reviewer(db, world["staff"], application, world["member"])
    services.assign_reviewer(db, world["staff"], application, world["member"])
    db.commit()
    to_member = [message for message in outbox(app) if message.to_address == "member@example.org"]
    assert len(to_member) == 1
    assert "/grants/reviews/" in to_member[0].body
