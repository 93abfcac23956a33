"""Screening, decisions within the capacity and the quota per country, the waiting list moving
up, and the selected applicant's answer, which makes them a trainee of the cohort."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from lms.accounts.models import Role, RoleGrant, User
from lms.admissions import onboarding, selection
from lms.admissions.models import (
    AdmissionApplication,
    ApplicationStatus,
    ChecklistItemKind,
    Interview,
)
from lms.admissions.selection import InterviewInput
from lms.clock import utcnow
from lms.errors import NotAllowed, ServiceError
from lms.programs.models import Enrollment, EnrollmentRole
from tests.admissions.conftest import applicant, eligible, submitted
from tests.conftest import outbox

S = ApplicationStatus


def test_not_eligible_needs_the_reason_the_applicant_reads(app, db, world):
    application = submitted(db, world["maria"], world["call"])
    with pytest.raises(ServiceError) as refused:
        selection.screen(db, world["staff"], application, eligible=False, reason=" ")
    assert refused.value.field == "reason" and application.status == S.SUBMITTED
    selection.screen(db, world["staff"], application, eligible=False,
                     reason="Fewer than three years of practice after the degree.")
    db.commit()
    assert application.status == S.INELIGIBLE
    assert "Fewer than three years" in outbox(app)[-1].body


def test_only_staff_screen_and_decide(db, world):
    application = submitted(db, world["maria"], world["call"])
    for person in (world["maria"], world["member"], world["trainee"]):
        with pytest.raises(NotAllowed):
            selection.screen(db, person, application, eligible=True, reason="")
    application = eligible(db, world["staff"], world["jose"], world["call"])
    with pytest.raises(NotAllowed):
        selection.decide(db, world["member"], application, S.SELECTED, "")
    assert application.status == S.ELIGIBLE


def test_eligible_applications_go_to_the_committee_but_never_to_their_own_author(db, world):
    application = eligible(db, world["staff"], world["maria"], world["call"])
    assert application.review_subject.owner_id == world["maria"].id
    selection.assign_reviewer(db, world["staff"], application, world["member"])
    # Maria joins the committee too: she still never reviews her own application.
    world["maria"].role_grants.append(RoleGrant(role=Role.COMMITTEE_MEMBER))
    db.flush()
    with pytest.raises(ServiceError, match="cannot review their own application"):
        selection.assign_reviewer(db, world["staff"], application, world["maria"])


def test_the_quota_per_country_holds(db, world):
    first, second, third = (eligible(db, world["staff"], world[name], world["call"])
                            for name in ("maria", "jose", "ana"))
    selection.decide(db, world["staff"], first, S.SELECTED, "")
    selection.decide(db, world["staff"], second, S.SELECTED, "")
    with pytest.raises(ServiceError, match="The quota for Philippines is full: 2 of 2") as full:
        selection.decide(db, world["staff"], third, S.SELECTED, "")
    assert full.value.field == "outcome"
    assert third.status == S.ELIGIBLE
    selection.decide(db, world["staff"], third, S.WAITLISTED, "You are first on the list.")
    assert (third.status, third.waitlist_position) == (S.WAITLISTED, 1)


def test_the_capacity_holds(db, world):
    world["call"].capacity, world["call"].country_quota = 2, None
    people = [world["somchai"], world["nimal"], world["maria"]]
    decided = [eligible(db, world["staff"], person, world["call"]) for person in people]
    selection.decide(db, world["staff"], decided[0], S.SELECTED, "")
    selection.decide(db, world["staff"], decided[1], S.SELECTED, "")
    with pytest.raises(ServiceError, match="All 2 places are given"):
        selection.decide(db, world["staff"], decided[2], S.SELECTED, "")


def test_a_decline_moves_up_the_first_waitlisted_who_fits_the_quota(app, db, world):
    maria, jose, ana, somchai = (eligible(db, world["staff"], world[name], world["call"])
                                 for name in ("maria", "jose", "ana", "somchai"))
    world["call"].capacity = 3
    selection.decide(db, world["staff"], maria, S.SELECTED, "")
    selection.decide(db, world["staff"], jose, S.SELECTED, "")
    selection.decide(db, world["staff"], somchai, S.SELECTED, "")
    nimal = eligible(db, world["staff"], world["nimal"], world["call"])
    selection.decide(db, world["staff"], ana, S.WAITLISTED, "")    # PH, first on the list
    selection.decide(db, world["staff"], nimal, S.WAITLISTED, "")  # LK, second
    db.commit()
    # Somchai (TH) declines: Ana is first but the Philippines' quota is full; Nimal moves up.
    selection.decline_place(db, world["somchai"], somchai)
    db.commit()
    assert (somchai.status, ana.status, nimal.status) == (S.DECLINED, S.WAITLISTED, S.SELECTED)
    assert nimal.reply_by is not None and nimal.waitlist_position is None
    assert outbox(app)[-1].to_address == "nimal@example.org"
    # Jose (PH) declines: the Philippines has room again, and Ana moves up.
    selection.decline_place(db, world["jose"], jose)
    assert ana.status == S.SELECTED


def test_confirming_enrolls_the_same_account_with_a_checklist(db, world):
    application = eligible(db, world["staff"], world["maria"], world["call"])
    selection.decide(db, world["staff"], application, S.SELECTED, "Welcome to the 44th cohort.")
    with pytest.raises(NotAllowed):
        selection.confirm_place(db, world["jose"], application)
    selection.confirm_place(db, world["maria"], application)
    db.commit()
    enrollment = db.scalar(select(Enrollment).where(Enrollment.user_id == world["maria"].id,
                                                    Enrollment.cohort_id == world["cohort"].id))
    assert enrollment is not None and enrollment.role == EnrollmentRole.TRAINEE
    assert application.enrollment_id == enrollment.id and application.status == S.CONFIRMED
    items = {item.kind for item in db.scalars(
        select(onboarding.ChecklistItem).where(
            onboarding.ChecklistItem.application_id == application.id))}
    assert items == set(ChecklistItemKind)
    with pytest.raises(ServiceError, match="no open offer"):
        selection.decline_place(db, world["maria"], application)


def test_the_reply_deadline_is_kept_and_staff_release_a_lapsed_place(db, world):
    maria, jose = (eligible(db, world["staff"], world[name], world["call"])
                   for name in ("maria", "jose"))
    world["call"].capacity = 1
    selection.decide(db, world["staff"], maria, S.SELECTED, "")
    selection.decide(db, world["staff"], jose, S.WAITLISTED, "")
    with pytest.raises(ServiceError, match="Only a place not confirmed by its deadline"):
        selection.release_lapsed_place(db, world["staff"], maria)
    maria.reply_by = utcnow() - dt.timedelta(minutes=1)
    with pytest.raises(ServiceError, match="The time to confirm ended"):
        selection.confirm_place(db, world["maria"], maria)
    selection.release_lapsed_place(db, world["staff"], maria)
    assert (maria.status, jose.status) == (S.DECLINED, S.SELECTED)


def test_a_decision_already_made_is_not_made_again(db, world):
    application = eligible(db, world["staff"], world["maria"], world["call"])
    selection.decide(db, world["staff"], application, S.NOT_SELECTED, "Thank you.")
    with pytest.raises(ServiceError, match="decided meanwhile"):
        selection.decide(db, world["staff"], application, S.SELECTED, "")
    assert application.status == S.NOT_SELECTED


def test_an_interview_reaches_both_sides_in_their_own_zone(app, db, world):
    application = eligible(db, world["staff"], world["somchai"], world["call"])
    world["somchai"].timezone = "Asia/Bangkok"
    world["member"].timezone = "Asia/Tokyo"
    starts = dt.datetime(2026, 12, 10, 1, 0, tzinfo=dt.UTC)
    selection.schedule_interview(db, world["staff"], application, InterviewInput(
        starts, 30, "https://meet.example.org/abc", world["member"].id))
    db.commit()
    to_somchai, to_member = outbox(app)[-2:]
    assert to_somchai.to_address == "somchai@example.org"
    assert "10 Dec 2026, 08:00 Thailand Time" in to_somchai.subject
    assert to_member.to_address == "member@example.org"
    assert "10 Dec 2026, 10:00 JST" in to_member.subject
    selection.schedule_interview(db, world["staff"], application, InterviewInput(
        starts + dt.timedelta(hours=1), 45, "Room 3", None))
    interview = db.scalar(select(Interview).where(Interview.application_id == application.id))
    assert (interview.sequence, interview.minutes) == (1, 45)
    with pytest.raises(ServiceError) as refused:
        selection.schedule_interview(db, world["staff"], application, InterviewInput(
            starts, 30, "Room 3", world["maria"].id))
    assert refused.value.field == "interviewer_id"


def test_staff_tick_the_checklist_and_the_trainee_gives_the_arrival(db, world):
    application = eligible(db, world["staff"], world["maria"], world["call"])
    selection.decide(db, world["staff"], application, S.SELECTED, "")
    selection.confirm_place(db, world["maria"], application)
    with pytest.raises(ServiceError) as refused:
        onboarding.set_arrival(db, world["maria"], application, dt.date(2027, 4, 1), "")
    assert refused.value.field == "arrival_on"
    onboarding.set_arrival(db, world["maria"], application, dt.date(2027, 3, 9), "PR 432")
    with pytest.raises(NotAllowed):
        onboarding.set_arrival(db, world["jose"], application, dt.date(2027, 3, 9), "")
    item = db.scalar(select(onboarding.ChecklistItem).where(
        onboarding.ChecklistItem.application_id == application.id,
        onboarding.ChecklistItem.kind == ChecklistItemKind.HEALTH_CERTIFICATE))
    with pytest.raises(NotAllowed):
        onboarding.tick(db, world["maria"], item, True, "")
    onboarding.tick(db, world["staff"], item, True, "Received 2 February")
    assert item.done_at is not None and item.done_by_id == world["staff"].id


def test_a_new_account_applies_like_anyone(db, world):
    newcomer = applicant(db, "kim@example.org", "Kim Ji-woo", "KR")
    application = submitted(db, newcomer, world["call"])
    assert application.status == S.SUBMITTED
    assert db.get(User, newcomer.id).roles == frozenset()
    assert db.scalar(select(AdmissionApplication.country).where(
        AdmissionApplication.id == application.id)) == "KR"
