"""The demo's grant program: two past rounds as history (fiscal 2019 and 2020) and the fiscal
2026 round open now, all made through the grant and review services."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict

from sqlalchemy import func, select

from lms.accounts.queries import user_by_email
from lms.audit import AuditEvent
from lms.clock import utcnow
from lms.curriculum.models import Course
from lms.demo import DEMO_PASSWORD
from lms.demo.grants import seed_grants
from lms.grants import applying, projects, services
from lms.grants.models import (
    AWARDED_STATES,
    ApplicationStatus,
    Disbursement,
    GrantApplication,
    GrantDecision,
    GrantReport,
    GrantRound,
    ReportKind,
    ReportStatus,
)
from lms.mail import OutboxMessage
from lms.reviews.models import AssignmentStatus, Review, ReviewAssignment
from tests.conftest import login
from tests.reviews.tallies import assert_kept, kept

S = ApplicationStatus


def _round(db, fiscal_year):
    return db.scalars(select(GrantRound).where(GrantRound.fiscal_year == fiscal_year)).one()


def _applications(db, grant_round, *states):
    query = select(GrantApplication).where(GrantApplication.round_id == grant_round.id)
    if states:
        query = query.where(GrantApplication.status.in_(states))
    return list(db.scalars(query.order_by(GrantApplication.id)))


def _funded(db, fiscal_year):
    grant_round = _round(db, fiscal_year)
    funded = _applications(db, grant_round, *AWARDED_STATES)
    return grant_round, funded


def test_the_grant_history_and_the_open_round_are_the_program_s(db, seeded):
    """One seeding for every read-only check: seeding the whole demo is the slow part."""
    _fiscal_2019_funded_eight_programs_in_four_countries_and_all_closed(db)
    _fiscal_2020_funded_ten_in_four_countries_two_still_reporting(db)
    _the_2026_round_is_open_with_applications_in_every_early_state(db)
    _every_application_got_where_it_is_through_the_workflow(db)
    _history_is_dated_as_it_happened_and_its_mail_is_not_news(db)


def _fiscal_2019_funded_eight_programs_in_four_countries_and_all_closed(db):
    grant_round, funded = _funded(db, 2019)
    assert len(funded) == 8 and len({grant.country for grant in funded}) == 4
    assert services.awarded_total(db, grant_round) <= grant_round.budget
    assert grant_round.opens_at.year == 2019 and grant_round.closes_at < dt.datetime(
        2019, 8, 1, tzinfo=dt.UTC)
    assert {grant.status for grant in funded} == {S.CLOSED}
    for grant in funded:
        assert grant.submitted_at < grant_round.closes_at < grant.decided_at
        assert projects.disbursed_total(db, grant) == grant.awarded_amount
        final = projects.report_of(db, grant, ReportKind.FINAL)
        assert final.status == ReportStatus.ACCEPTED and final.beneficiaries_reached
        assert {row.budget_line_id for row in final.spending} == {
            line.id for line in grant.budget_lines}
    # The 36th cohort was still in Japan in 2019: nobody from it applied.
    assert "alumna@kakehashi.example" not in {
        application.applicant.email for application in _applications(db, grant_round)}
    assert len(_applications(db, grant_round, S.REJECTED)) == 2


def _fiscal_2020_funded_ten_in_four_countries_two_still_reporting(db):
    grant_round, funded = _funded(db, 2020)
    assert len(funded) == 10
    assert {grant.country for grant in funded} == {"ID", "PH", "TH", "KR"}
    assert services.awarded_total(db, grant_round) <= grant_round.budget
    yogyakarta = [grant for grant in funded if grant.country == "ID"
                  and "entrepreneurs with disabilities" in grant.title]
    assert len(yogyakarta) == 1 and yogyakarta[0].status == S.CLOSED
    late = _applications(db, grant_round, S.IN_PROGRESS)
    assert len(late) == 2
    assert {projects.report_of(db, grant, ReportKind.FINAL).status for grant in late} == {
        ReportStatus.SUBMITTED, ReportStatus.DRAFT}
    # The deadline staff extended for them is still ahead.
    assert grant_round.final_report_due_on > utcnow().date()
    assert {application.status for application in _applications(db, grant_round)} == {
        S.CLOSED, S.IN_PROGRESS, S.REJECTED, S.INELIGIBLE, S.WITHDRAWN}


def _the_2026_round_is_open_with_applications_in_every_early_state(db):
    grant_round = _round(db, 2026)
    assert grant_round.is_open_at(utcnow())
    assert grant_round.closes_at - utcnow() > dt.timedelta(days=14)
    assert (grant_round.budget, grant_round.largest_award) == (8_000_000, 1_200_000)
    assert db.get(Course, grant_round.guide_course_id).slug == "grant-guide"
    by_state = defaultdict(list)
    for application in _applications(db, grant_round):
        by_state[application.status].append(application)
    assert len(by_state[S.DRAFT]) >= 2 and len(by_state[S.IN_REVIEW]) >= 2
    assert by_state[S.SUBMITTED] and by_state[S.WITHDRAWN]
    (ineligible,) = by_state[S.INELIGIBLE]
    assert ineligible.screening_reason
    (asked,) = by_state[S.MORE_INFORMATION]
    assert asked.decision_message
    assert all(application.awarded_amount is None
               for application in _applications(db, grant_round))

    assignments = list(db.scalars(select(ReviewAssignment).where(
        ReviewAssignment.subject_id.in_([application.review_subject_id
                                         for application in by_state[S.IN_REVIEW]]))))
    reviewers = {assignment.reviewer.email for assignment in assignments}
    assert reviewers == {"committee@kakehashi.example", "committee2@kakehashi.example"}
    (conflict,) = [assignment for assignment in assignments
                   if assignment.status == AssignmentStatus.CONFLICT]
    assert conflict.reviewer.email == "committee2@kakehashi.example"
    assert "colleague" in conflict.conflict_reason
    written = [assignment.review for assignment in assignments if assignment.review]
    assert {review.is_submitted for review in written} == {True, False}


def test_the_demo_alumna_can_finish_and_submit_her_draft(db, seeded):
    alumna = user_by_email(db, "alumna@kakehashi.example")
    draft = db.scalars(select(GrantApplication).where(
        GrantApplication.applicant_id == alumna.id,
        GrantApplication.status == S.DRAFT)).one()
    assert draft.round.fiscal_year == 2026
    assert {field for field, _message in applying.problems_with(draft)} == {
        "indicators", "risks"}
    data = applying.ApplicationInput(**{
        name: getattr(draft, name) for name in (
            *applying.TEXT_FIELDS, "country", "beneficiary_count", "local_currency",
            "exchange_rate", "stated_total")})
    data.budget_lines = [applying.BudgetLineInput(line.category, line.description,
                                                  line.local_amount)
                         for line in draft.budget_lines]
    data.indicators = "Volunteers trained; families in the café; referrals for assessment."
    data.risks = "Families may hide dementia: the café meets at the health post."
    applying.save_draft(db, alumna, draft, data)
    applying.submit(db, alumna, draft)
    assert draft.status == S.SUBMITTED and draft.requested_amount <= draft.round.largest_award


def _every_application_got_where_it_is_through_the_workflow(db):
    moves = defaultdict(list)
    for event in db.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "GrantApplication").order_by(AuditEvent.id)):
        if event.before and "status" in event.before:
            moves[int(event.object_id)].append((S(event.before["status"]),
                                                S(event.after["status"])))
    applications = list(db.scalars(select(GrantApplication)))
    assert len(applications) >= 30
    for application in applications:
        state = S.DRAFT
        for before, after in moves[application.id]:
            assert before == state and after in services.TRANSITIONS[before], application.title
            state = after
        assert state == application.status, application.title
        if application.awarded_amount is not None:
            assert application.awarded_amount <= application.requested_amount
            assert application.awarded_amount <= application.round.largest_award
    for grant_round in db.scalars(select(GrantRound)):
        assert services.awarded_total(db, grant_round) <= grant_round.budget
    decided = {application.id for application in applications if application.decided_at}
    assert decided == set(db.scalars(select(GrantDecision.application_id)))


def _history_is_dated_as_it_happened_and_its_mail_is_not_news(db):
    fy2019 = _round(db, 2019)
    ids = [str(application.id) for application in _applications(db, fy2019)]
    moments = db.scalars(select(AuditEvent.at).where(
        AuditEvent.object_type == "GrantApplication", AuditEvent.object_id.in_(ids)))
    assert all(dt.datetime(2019, 6, 1) < moment.replace(tzinfo=None) < dt.datetime(2021, 1, 1)
               for moment in moments)
    reviews = db.scalars(select(Review).join(ReviewAssignment).where(
        ReviewAssignment.subject_id.in_([application.review_subject_id
                                         for application in _applications(db, fy2019)])))
    assert all(review.submitted_at.year == 2019 for review in reviews)
    payments = db.scalars(select(Disbursement.paid_on).join(GrantApplication).where(
        GrantApplication.round_id == fy2019.id))
    assert all(dt.date(2019, 9, 20) < day < dt.date(2020, 12, 31) for day in payments)
    # The workflow's mail, that is: the demo's announcement of the next round is today's news.
    assert db.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.subject.like("%grant%"),
        OutboxMessage.subject.not_like("Announcement: %"))) == 0


def test_the_reminder_command_reminds_the_late_grantee_once(app, db, seeded):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["lms", "reminders", "send"])
    assert first.exit_code == 0 and "and 1 of grant reports" in first.output
    reminder = db.scalars(select(OutboxMessage).where(
        OutboxMessage.subject.like("Final report due%"))).one()
    assert reminder.to_address == "supaporn.t@example.org"
    again = runner.invoke(args=["lms", "reminders", "send"])
    assert "and 0 of grant reports" in again.output


def test_the_demo_people_find_the_grant_pages(app, db, seeded):
    fy2026 = _round(db, 2026)
    in_review = _applications(db, fy2026, S.IN_REVIEW)[0]
    alumna = user_by_email(db, "alumna@kakehashi.example")
    own = db.scalars(select(GrantApplication.id).where(
        GrantApplication.applicant_id == alumna.id, GrantApplication.round_id == fy2026.id)).one()
    for email, paths in (
            ("staff@kakehashi.example", (f"/grants/staff/rounds/{fy2026.id}",
                                         f"/grants/staff/rounds/{fy2026.id}/statistics",
                                         f"/grants/staff/applications/{in_review.id}")),
            ("committee@kakehashi.example", ("/grants/reviews/",)),
            ("alumna@kakehashi.example", (f"/grants/applications/{own}",))):
        client = app.test_client()
        assert login(client, email, DEMO_PASSWORD).status_code == 302
        for path in paths:
            assert client.get(path).status_code == 200, (email, path)


def test_seeding_the_grants_twice_changes_nothing(db, seeded):
    def counts():
        return [db.scalar(select(func.count()).select_from(model))
                for model in (GrantRound, GrantApplication, GrantDecision, GrantReport,
                              Disbursement, ReviewAssignment, Review, AuditEvent,
                              OutboxMessage)]

    before = counts()
    seed_grants(db)
    db.commit()
    assert counts() == before


def test_every_demo_review_is_due_two_weeks_after_it_was_asked(db, seeded):
    assignments = db.scalars(select(ReviewAssignment)).all()
    assert assignments
    for assignment in assignments:
        asked = assignment.assigned_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")).date()
        assert assignment.due_on == asked + dt.timedelta(days=14), assignment.id


def test_the_demo_keeps_the_reviews_outstanding_as_counted(db, seeded):
    """The demo dates its assignments back past the services: the staff's home still shows
    each round's and call's reviews outstanding as they are, the oldest as it was assigned."""
    assert kept(db)
    assert_kept(db)
