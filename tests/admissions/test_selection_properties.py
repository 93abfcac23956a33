"""Random sequences of decisions, answers, withdrawals and lapsed places, checked after every
step: no application moves along a path the workflow does not have, the call never gives more
places than it has or more to a country than its quota, everyone confirmed is a trainee of the
cohort, and a freed place goes to the first on the waiting list who fits."""

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

from lms.accounts.models import User
from lms.admissions import applying, selection, services
from lms.admissions.models import AdmissionApplication, AdmissionCall, ApplicationStatus
from lms.admissions.workflow import TRANSITIONS
from lms.audit import AuditEvent
from lms.clock import utcnow
from lms.db import session
from lms.errors import NotAllowed, ServiceError
from lms.programs.models import Enrollment
from tests import factories
from tests.admissions.conftest import call_input, eligible
from tests.conftest import _empty_all_tables

S = ApplicationStatus
COUNTRIES = ["PH", "PH", "PH", "TH", "TH", "LK", "KR", "ID"]
picks = st.integers(min_value=0, max_value=31)
outcomes = st.sampled_from([S.SELECTED, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED])


def _build_world(capacity: int, quota: int) -> dict[str, int]:
    db = session
    staff = factories.staff(db)
    cohort = factories.cohort(db, number=44, starts_on=dt.date(2027, 3, 11), capacity=6,
                              active=False)
    call = services.create_call(db, staff, call_input(cohort.id, capacity=capacity,
                                                      country_quota=quota))
    for number, country in enumerate(COUNTRIES):
        person = factories.person(db, f"applicant{number}@example.org", f"Applicant {number}",
                                  country)
        eligible(db, staff, person, call)
    db.commit()
    return {"staff": staff.id, "call": call.id, "cohort": cohort.id}


def test_no_sequence_of_decisions_breaks_the_quota_or_the_capacity(app):
    engine = app.extensions["lms"].engine

    class Selection(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.context = app.app_context()
            self.context.push()
            _empty_all_tables(engine)
            self.ids: dict[str, int] = {}

        def teardown(self) -> None:
            session.rollback()
            self.context.pop()

        @property
        def staff(self) -> User:
            return session.get(User, self.ids["staff"])

        @property
        def call(self) -> AdmissionCall:
            return session.get(AdmissionCall, self.ids["call"])

        def application(self, pick: int, *states: ApplicationStatus) -> AdmissionApplication:
            query = select(AdmissionApplication).order_by(AdmissionApplication.id)
            if states and pick % 4:
                query = query.where(AdmissionApplication.status.in_(states))
            rows = session.scalars(query).all() or session.scalars(
                select(AdmissionApplication).order_by(AdmissionApplication.id)).all()
            return rows[pick % len(rows)]

        def attempt(self, action) -> bool:  # type: ignore[no-untyped-def]
            """Run one request: a refusal rolls it back, anything else commits."""
            try:
                action()
            except (ServiceError, NotAllowed):
                session.rollback()
                return False
            session.commit()
            return True

        def check_the_waitlist_moved(self) -> None:
            """Right after a place is freed, nobody waits whose country has room while the
            call has room."""
            call = self.call
            taken = selection.places_taken(session, call)
            if taken.total >= call.capacity:
                return
            for waiting in session.scalars(select(AdmissionApplication).where(
                    AdmissionApplication.status == S.WAITLISTED)):
                assert taken.by_country[waiting.country] >= call.country_quota, waiting.id

        @initialize(capacity=st.integers(min_value=1, max_value=6),
                    quota=st.integers(min_value=1, max_value=3))
        def a_call_with_eight_eligible_applicants(self, capacity: int, quota: int) -> None:
            self.ids = _build_world(capacity, min(quota, capacity))

        @rule(pick=picks, outcome=outcomes)
        def staff_decide(self, pick: int, outcome: ApplicationStatus) -> None:
            application = self.application(pick, S.ELIGIBLE, S.WAITLISTED)
            self.attempt(lambda: selection.decide(session, self.staff, application, outcome,
                                                  "Decided at the meeting."))

        @rule(pick=picks, confirm=st.booleans(), anyone=st.booleans())
        def applicant_answers(self, pick: int, confirm: bool, anyone: bool) -> None:
            application = self.application(pick, S.SELECTED)
            person = self.staff if anyone else session.get(User, application.applicant_id)
            answer = selection.confirm_place if confirm else selection.decline_place
            if self.attempt(lambda: answer(session, person, application)) and not confirm:
                self.check_the_waitlist_moved()

        @rule(pick=picks)
        def applicant_withdraws(self, pick: int) -> None:
            application = self.application(pick, S.ELIGIBLE, S.WAITLISTED)
            self.attempt(lambda: applying.withdraw(
                session, session.get(User, application.applicant_id), application))

        @rule(pick=picks)
        def the_deadline_passes_and_staff_release_the_place(self, pick: int) -> None:
            application = self.application(pick, S.SELECTED)
            if application.reply_by is not None:
                application.reply_by = utcnow() - dt.timedelta(minutes=1)
            if self.attempt(lambda: selection.release_lapsed_place(session, self.staff,
                                                                   application)):
                self.check_the_waitlist_moved()

        @invariant()
        def places_hold(self) -> None:
            if not self.ids:
                return
            call = self.call
            taken = selection.places_taken(session, call)
            assert taken.total <= call.capacity
            assert all(count <= call.country_quota for count in taken.by_country.values())

        @invariant()
        def every_move_is_in_the_workflow(self) -> None:
            for event in session.scalars(select(AuditEvent).where(
                    AuditEvent.object_type == "AdmissionApplication")):
                before, after = (event.before or {}).get("status"), \
                    (event.after or {}).get("status")
                if before and after:
                    assert S(after) in TRANSITIONS[S(before)], (before, after)

        @invariant()
        def the_confirmed_are_trainees(self) -> None:
            if not self.ids:
                return
            confirmed = session.scalar(select(func.count()).select_from(AdmissionApplication)
                                       .where(AdmissionApplication.status == S.CONFIRMED))
            enrolled = session.scalar(select(func.count()).select_from(Enrollment).where(
                Enrollment.cohort_id == self.ids["cohort"]))
            assert confirmed == enrolled

    run_state_machine_as_test(Selection, settings=settings(
        max_examples=25, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))
