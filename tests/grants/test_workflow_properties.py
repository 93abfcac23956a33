"""Random sequences of what applicants, committee members and staff may try, checked after
every step: no application moves along a path the workflow does not have, the round never
awards more than its budget, an award never exceeds the request, payments never exceed the
award, nobody reviews their own application or one they stepped aside from, and the reviews
outstanding kept for the staff's home are those there are."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.audit import AuditEvent
from lms.db import session
from lms.errors import ServiceError
from lms.grants import applying, projects, services
from lms.grants import decisions as grant_decisions
from lms.grants.decisions import DecisionInput
from lms.grants.models import (
    AWARDED_STATES,
    ApplicationStatus,
    DecisionOutcome,
    Disbursement,
    GrantApplication,
    GrantRound,
    ReportKind,
)
from lms.grants.projects import ReportInput
from lms.grants.services import TRANSITIONS
from lms.reviews import services as reviews
from lms.reviews.models import AssignmentStatus, Recommendation, Review, ReviewAssignment
from lms.reviews.services import ReviewInput
from tests import factories
from tests.conftest import PASSWORD, _empty_all_tables
from tests.grants.conftest import alumnus, complete_input, round_input
from tests.reviews.tallies import assert_kept

S = ApplicationStatus
PEOPLE = ["alumna", "alumnus", "trainee", "member", "member2", "staff"]
people = st.sampled_from(PEOPLE)
#: Who acts: mostly the person the step is for (the applicant, or staff), sometimes anyone
#: at all, who may have no business there.
actors = st.one_of(st.just("right"), st.just("right"), st.just("right"), people)
picks = st.integers(min_value=0, max_value=15)
amounts = st.sampled_from([1, 300_000, 600_000, 600_000, 930_000, 1_200_000])


def _build_world() -> dict[str, int]:
    db = session
    staff = factories.staff(db)
    past = factories.cohort(db, number=36, starts_on=dt.date(2019, 3, 14), active=False)
    current = factories.cohort(db, number=43, starts_on=dt.date(2026, 3, 12))
    member2 = create_user(db, "member2@example.org", "Member Two", PASSWORD,
                          [Role.COMMITTEE_MEMBER], country="TH")
    ids = {
        "staff": staff.id,
        "alumna": alumnus(db, past, "putri@example.org", "Putri", "ID").id,
        "alumnus": alumnus(db, past, "jun@example.org", "Jun", "KR").id,
        "trainee": factories.enroll(db, current, "trainee@example.org").user.id,
        "member": create_user(db, "member@example.org", "Member One", PASSWORD,
                              [Role.COMMITTEE_MEMBER]).id,
        # A committee member who is an alumna too, so applies and could be assigned her own.
        "member2": alumnus(db, past, member2.email, "Member Two", "TH").id,
    }
    ids["round"] = services.create_round(db, staff, round_input(budget=1_000_000,
                                                                  largest_award=1_000_000)).id
    db.commit()
    return ids


def test_no_sequence_of_actions_breaks_the_workflow(app):
    engine = app.extensions["lms"].engine

    class GrantWorkflow(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.context = app.app_context()
            self.context.push()
            _empty_all_tables(engine)
            self.ids = _build_world()

        def teardown(self) -> None:
            session.rollback()
            self.context.pop()

        # Helpers ---------------------------------------------------------------------------

        def person(self, key: str) -> User:
            return session.get(User, self.ids[key])

        def applicant_or(self, key: str, application: GrantApplication) -> User:
            """The applicant when the step asks for the right person, else whoever it drew."""
            if key == "right":
                return session.get(User, application.applicant_id)
            return self.person(key)

        def staff_or(self, key: str) -> User:
            return self.person("staff" if key == "right" else key)

        @property
        def round(self) -> GrantRound:
            return session.get(GrantRound, self.ids["round"])

        def application(self, pick: int, *states: ApplicationStatus) -> GrantApplication | None:
            """One of the applications; with ``states``, usually one the step applies to, so
            that runs get deep into the workflow, and otherwise any at all."""
            query = select(GrantApplication).order_by(GrantApplication.id)
            if states and pick % 4:
                query = query.where(GrantApplication.status.in_(states))
            rows = session.scalars(query).all()
            return rows[pick % len(rows)] if rows else None

        def attempt(self, action) -> None:  # type: ignore[no-untyped-def]
            """Run one request: a refusal rolls it back, anything else commits."""
            try:
                action()
            except ServiceError:
                session.rollback()
            else:
                session.commit()

        # What people try -------------------------------------------------------------------

        @initialize(rates=st.lists(st.sampled_from(["0.0093", "0.006", "0.001", "0.02"]),
                                   min_size=3, max_size=3),
                    stages=st.lists(st.sampled_from([S.DRAFT, S.SUBMITTED, S.IN_REVIEW,
                                                     S.IN_REVIEW]),
                                    min_size=3, max_size=3))
        def three_alumni_write_applications(self, rates: list[str],
                                            stages: list[ApplicationStatus]) -> None:
            """Runs start with written drafts, some already submitted or with the committee,
            so that they get as far as decisions and reports."""
            for who, rate, stage in zip(("alumna", "alumnus", "member2"), rates, stages,
                                        strict=True):
                applicant = self.person(who)
                application = applying.start_application(session, applicant, self.round)
                applying.save_draft(session, applicant, application, complete_input(rate=rate))
                if stage == S.DRAFT or rate == "0.02":  # 0.02 asks more than the largest award
                    continue
                applying.submit(session, applicant, application)
                if stage == S.IN_REVIEW:
                    services.screen(session, self.person("staff"), application, True, "")
            session.commit()

        @rule(who=st.sampled_from(["alumna", "alumnus", "member2", "trainee", "staff"]))
        def start(self, who: str) -> None:
            self.attempt(lambda: applying.start_application(session, self.person(who),
                                                            self.round))

        @rule(who=actors, pick=picks, complete=st.sampled_from([True, True, False]),
              adds_up=st.sampled_from([True, True, False]),
              rate=st.sampled_from(["0.0093", "0.0093", "0.006", "0.02", "0.001"]))
        def write(self, who: str, pick: int, complete: bool, adds_up: bool, rate: str) -> None:
            application = self.application(pick, S.DRAFT, S.MORE_INFORMATION)
            if application is None:
                return
            data = complete_input(rate=rate, stated_total=None if adds_up else 1) \
                if complete else applying.ApplicationInput(title="Half written")
            actor = self.applicant_or(who, application)
            self.attempt(lambda: applying.save_draft(session, actor, application, data))

        @rule(who=actors, pick=picks)
        def submit(self, who: str, pick: int) -> None:
            application = self.application(pick, S.DRAFT, S.MORE_INFORMATION)
            if application is not None:
                actor = self.applicant_or(who, application)
                self.attempt(lambda: applying.submit(session, actor, application))

        # Withdrawing ends an application for good, so it is drawn rarely, or little else
        # would ever be reached.
        @rule(who=actors, pick=picks, really=st.sampled_from([False] * 5 + [True]))
        def withdraw(self, who: str, pick: int, really: bool) -> None:
            application = self.application(pick)
            if application is not None and really:
                actor = self.applicant_or(who, application)
                self.attempt(lambda: applying.withdraw(session, actor, application))

        @rule(who=actors, pick=picks, eligible=st.booleans())
        def screen(self, who: str, pick: int, eligible: bool) -> None:
            application = self.application(pick, S.SUBMITTED)
            if application is not None:
                actor = self.staff_or(who)
                self.attempt(lambda: services.screen(session, actor, application, eligible,
                                                     "Outside the program's aims."))

        @rule(who=actors, reviewer=st.sampled_from(["member", "member2", "alumna"]),
              pick=picks)
        def assign(self, who: str, reviewer: str, pick: int) -> None:
            application = self.application(pick, S.IN_REVIEW)
            if application is not None:
                self.attempt(lambda: services.assign_reviewer(
                    session, self.staff_or(who), application, self.person(reviewer)))

        @rule(who=st.sampled_from(["member", "member2", "member", "member2", *PEOPLE]),
              pick=picks, submit=st.booleans(), conflict=st.sampled_from([False, False, True]))
        def review(self, who: str, pick: int, submit: bool, conflict: bool) -> None:
            assignments = session.scalars(select(ReviewAssignment)
                                          .order_by(ReviewAssignment.id)).all()
            if not assignments:
                return
            assignment = assignments[pick % len(assignments)]
            actor = self.person(who)
            if conflict:
                self.attempt(lambda: reviews.declare_conflict(session, actor, assignment,
                                                              "A former colleague."))
                return
            scores = {c["key"]: 4 for c in assignment.subject.scheme.criteria}
            self.attempt(lambda: reviews.save_review(
                session, actor, assignment, ReviewInput(scores, Recommendation.YES, ""),
                submit))

        @rule(who=actors, pick=picks, outcome=st.sampled_from(list(DecisionOutcome)),
              amount=st.one_of(st.none(), amounts))
        def decide(self, who: str, pick: int, outcome: DecisionOutcome,
                   amount: int | None) -> None:
            application = self.application(pick, S.IN_REVIEW)
            if application is not None:
                self.attempt(lambda: grant_decisions.decide(
                    session, self.staff_or(who), application,
                    DecisionInput(outcome, amount, "The committee's view.")))

        @rule(who=actors, choices=st.lists(
            st.tuples(st.sampled_from([*DecisionOutcome, DecisionOutcome.APPROVED]), amounts),
            min_size=3, max_size=3))
        def committee_meeting(self, who: str,
                              choices: list[tuple[DecisionOutcome, int]]) -> None:
            """Staff record a meeting's decisions on everything in review at once."""
            waiting = session.scalars(select(GrantApplication).where(
                GrantApplication.status == S.IN_REVIEW).order_by(GrantApplication.id)).all()
            decisions = [(application, DecisionInput(
                outcome, amount if outcome == DecisionOutcome.APPROVED else None,
                "The committee's view.")) for application, (outcome, amount)
                in zip(waiting, choices, strict=False)]
            if decisions:
                self.attempt(lambda: grant_decisions.decide_many(session, self.staff_or(who),
                                                                 self.round, decisions))

        @rule(who=actors, pick=picks)
        def accept_terms(self, who: str, pick: int) -> None:
            application = self.application(pick, S.APPROVED)
            if application is not None:
                actor = self.applicant_or(who, application)
                self.attempt(lambda: projects.accept_terms(session, actor, application))

        @rule(who=actors, pick=picks, amount=amounts)
        def pay(self, who: str, pick: int, amount: int) -> None:
            application = self.application(pick, S.IN_PROGRESS)
            if application is not None:
                self.attempt(lambda: projects.record_disbursement(
                    session, self.staff_or(who), application, dt.date(2026, 12, 1), amount,
                    "TR-1"))

        @rule(who=actors, pick=picks, kind=st.sampled_from(list(ReportKind)),
              submit=st.booleans())
        def report(self, who: str, pick: int, kind: ReportKind, submit: bool) -> None:
            application = self.application(pick, S.IN_PROGRESS)
            if application is None:
                return
            spending = {line.id: line.local_amount for line in application.budget_lines}
            self.attempt(lambda: projects.save_report(
                session, self.applicant_or(who, application), application, kind,
                ReportInput("What we did.", 12, spending), submit))

        @rule(who=actors, pick=picks, kind=st.sampled_from(list(ReportKind)),
              accept=st.booleans())
        def review_report(self, who: str, pick: int, kind: ReportKind, accept: bool) -> None:
            application = self.application(pick, S.IN_PROGRESS)
            report = application and projects.report_of(session, application, kind)
            if report is not None:
                self.attempt(lambda: projects.review_report(
                    session, self.staff_or(who), report, accept, "Add the receipts."))

        # What must always hold -------------------------------------------------------------

        @invariant()
        def every_move_is_in_the_table(self) -> None:
            moves = session.execute(
                select(AuditEvent.before, AuditEvent.after)
                .where(AuditEvent.object_type == "GrantApplication")).all()
            for before, after in moves:
                if before and "status" in before:
                    assert ApplicationStatus(after["status"]) in TRANSITIONS[
                        ApplicationStatus(before["status"])], (before, after)

        @invariant()
        def money_stays_within_its_limits(self) -> None:
            grant_round = self.round
            assert services.awarded_total(session, grant_round) <= grant_round.budget
            for application in session.scalars(select(GrantApplication)):
                if application.status in AWARDED_STATES:
                    assert 0 < application.awarded_amount <= application.requested_amount
                paid = session.scalar(select(func.coalesce(func.sum(Disbursement.amount), 0))
                                      .where(Disbursement.application_id == application.id))
                assert paid <= (application.awarded_amount or 0)

        @invariant()
        def only_alumni_get_past_a_draft(self) -> None:
            trainee_moved = session.scalar(
                select(func.count()).select_from(GrantApplication)
                .where(GrantApplication.applicant_id == self.ids["trainee"]))
            assert trainee_moved == 0

        @invariant()
        def nobody_reviews_their_own_or_after_a_conflict(self) -> None:
            rows = session.execute(
                select(ReviewAssignment, GrantApplication.applicant_id)
                .join(GrantApplication,
                      GrantApplication.review_subject_id == ReviewAssignment.subject_id)).all()
            for assignment, applicant_id in rows:
                assert assignment.reviewer_id != applicant_id
                if assignment.status == AssignmentStatus.CONFLICT:
                    review = session.scalar(select(Review).where(
                        Review.assignment_id == assignment.id))
                    assert review is None or review.submitted_at is None or \
                        review.submitted_at <= assignment.conflict_declared_at

        @invariant()
        def the_reviews_outstanding_are_kept(self) -> None:
            assert_kept(session)

    run_state_machine_as_test(GrantWorkflow, settings=settings(
        max_examples=30, stateful_step_count=50, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))
