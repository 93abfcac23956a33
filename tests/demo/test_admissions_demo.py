"""The demo's calls for applications: the fiscal 2027 cohort's, open now with applications in
every state, and the Korea–Japan exchange's in Seoul, one per side: Japan's closed with its
places given, Korea's open now; all made through the admissions services."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from lms import uploads
from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.admissions.applying import problems_with
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationStatus,
    ChecklistItem,
    Interview,
    Nomination,
    NominationMethod,
)
from lms.admissions.workflow import HOLDS_PLACE
from lms.audit import AuditEvent
from lms.clock import utcnow
from lms.demo import DEMO_PASSWORD
from lms.events.models import Registration, RegistrationStatus
from lms.mail import OutboxMessage
from lms.programs import places
from lms.programs.models import Cohort, Enrollment, Program, ProgramKind
from lms.reviews.models import ReviewAssignment
from tests.conftest import login

COURSES = Path(__file__).resolve().parents[2] / "courses"
S = ApplicationStatus


@pytest.fixture
def config_overrides(tmp_path):
    return {"LMS_COURSES_DIR": str(COURSES), "LMS_UPLOAD_DIR": str(tmp_path / "uploads")}


def _call_for(db, starts_on: dt.date, kind: ProgramKind) -> AdmissionCall:
    return db.scalars(select(AdmissionCall).join(Cohort).join(Program).where(
        Cohort.starts_on == starts_on, Program.kind == kind)).one()


def _seoul(db) -> Cohort:
    """The Korea–Japan exchange's edition in Korea, the one whose sides are being chosen."""
    return db.scalars(select(Cohort).join(Program).where(
        Program.kind == ProgramKind.EXCHANGE, Cohort.starts_on == dt.date(2027, 10, 17))).one()


def _exchange_calls(db) -> list[AdmissionCall]:
    """The Seoul edition's calls, Japan's side first."""
    return list(db.scalars(select(AdmissionCall).where(
        AdmissionCall.cohort_id == _seoul(db).id).order_by(AdmissionCall.side_country)))


def _applications(db, call: AdmissionCall) -> list[AdmissionApplication]:
    return list(db.scalars(select(AdmissionApplication).where(
        AdmissionApplication.call_id == call.id).order_by(AdmissionApplication.id)))


def _places(applications: list[AdmissionApplication]) -> Counter[str | None]:
    return Counter(application.country for application in applications
                   if application.status in HOLDS_PLACE)


def test_the_demo_calls_hold_every_state_within_their_places(app, client, db, seeded):
    """One seeding for every check: seeding the whole demo is the slow part."""
    now = utcnow()
    open_call = _call_for(db, dt.date(2027, 3, 11), ProgramKind.YEAR_LONG)
    assert open_call.cohort.starts_on.month == 3 and open_call.is_open_at(now)
    assert open_call.opens_at < now - dt.timedelta(days=14)
    assert now + dt.timedelta(days=7) < open_call.closes_at < now + dt.timedelta(days=42)
    assert (open_call.capacity, open_call.country_quota, open_call.min_years_in_welfare) == (
        6, 1, 3)
    assert open_call.required_documents == [
        "cv", "passport", "diploma", "employment_certificate"]
    applications = _applications(db, open_call)
    assert {application.status for application in applications} == set(ApplicationStatus)
    assert len({application.country for application in applications}) >= 4

    japan, korea = _exchange_calls(db)
    assert not japan.is_open_at(now) and japan.closes_at < now - dt.timedelta(days=14)
    assert korea.is_open_at(now) and korea.closes_at > now + dt.timedelta(days=14)
    assert (japan.capacity, korea.capacity) == (10, 10)
    japan_applications = _applications(db, japan)
    assert _places(japan_applications) == {"JP": 10}
    assert {S.CONFIRMED, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED} == {
        row.status for row in japan_applications}
    korea_applications = _applications(db, korea)
    # A few sent so far, none decided: the call is open.
    assert {row.status for row in korea_applications} == {S.DRAFT, S.SUBMITTED, S.ELIGIBLE}
    assert _places(korea_applications) == {}

    for call, rows in ((open_call, applications), (japan, japan_applications)):
        places = _places(rows)
        assert sum(places.values()) <= call.capacity
        assert max(places.values()) <= (call.country_quota or call.capacity)

    _the_declined_place_went_down_the_waiting_list(db, applications)
    _nominations_by_letter_and_by_nominator(db, applications)
    _the_confirmed_trainee_is_onboarding(db, open_call, applications)
    _the_committee_and_interviews(db, applications)
    _history_is_dated_and_its_mail_sent(db, open_call, japan, korea)
    _the_applicant_login_has_a_draft_to_finish(app, client, db, open_call)


def _the_declined_place_went_down_the_waiting_list(db, applications):
    declined = [row for row in applications if row.status == S.DECLINED]
    assert len(declined) == 1
    moved = db.scalars(select(AuditEvent).where(AuditEvent.action == "admission_moved_up")).all()
    moved_up = [row for row in applications if str(row.id) in {e.object_id for e in moved}]
    assert [row.status for row in moved_up] == [S.SELECTED]
    # Ahead of them on the list stays someone whose country's one place is taken.
    ahead = [row for row in applications if row.status == S.WAITLISTED
             and row.waitlist_position == 1]
    assert len(ahead) == 1 and _places(applications)[ahead[0].country] == 1


def _nominations_by_letter_and_by_nominator(db, applications):
    letters = [row for row in applications if row.nomination_method == NominationMethod.LETTER
               and row.status != S.DRAFT]
    assert letters and all(row.document("nomination_letter") is not None for row in letters)
    nominations = db.scalars(select(Nomination).join(AdmissionApplication).where(
        AdmissionApplication.id.in_([row.id for row in applications]))).all()
    # One nominator confirmed (that applicant went on to a place), one has not answered yet.
    assert sorted((str(row.confirmed), str(row.application.status))
                  for row in nominations) == [("None", "draft"), ("True", "confirmed")]
    pending = [row for row in nominations if row.answered_at is None]
    assert len(pending) == 1 and pending[0].expires_at > utcnow()
    # The uploads are real PDF files, as an applicant would send.
    document = letters[0].document("nomination_letter")
    head = uploads.path_of(document.stored_name).read_bytes()[:8192]
    assert (document.content_type, uploads.detect_type(head)) == (
        "application/pdf", "application/pdf")


def _the_confirmed_trainee_is_onboarding(db, call, applications):
    confirmed = [row for row in applications if row.status == S.CONFIRMED]
    assert len(confirmed) == 2
    for row in confirmed:
        enrollment = db.get(Enrollment, row.enrollment_id)
        assert (enrollment.cohort_id, enrollment.user_id) == (call.cohort_id, row.applicant_id)
    arrived = [row for row in confirmed if row.arrival_on is not None]
    assert len(arrived) == 1 and arrived[0].arrival_on <= call.cohort.starts_on
    ticked = db.scalars(select(ChecklistItem).where(
        ChecklistItem.application_id == arrived[0].id)).all()
    assert sorted(item.done_at is not None for item in ticked) == [False, True, True]


def _the_committee_and_interviews(db, applications):
    states = {"submitted" if review and review.submitted_at else "draft" if review
              else "not started"
              for row in applications if row.status == S.ELIGIBLE
              for review in _reviews_of(db, row)}
    assert states == {"submitted", "draft", "not started"}
    upcoming = db.scalars(select(Interview).where(Interview.starts_at > utcnow())).all()
    assert [interview.application.status for interview in upcoming] == [S.ELIGIBLE]
    ineligible = [row for row in applications if row.status == S.INELIGIBLE]
    assert len(ineligible) == 1 and ineligible[0].screening_reason


def _reviews_of(db, application):
    return [assignment.review for assignment in db.scalars(select(ReviewAssignment).where(
        ReviewAssignment.subject_id == application.review_subject_id))]


def _history_is_dated_and_its_mail_sent(db, *calls):
    ids = [row.id for call in calls for row in _applications(db, call)]
    events = db.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "AdmissionApplication",
        AuditEvent.object_id.in_([str(i) for i in ids]))).all()
    assert events and min(event.at for event in events) < utcnow() - dt.timedelta(days=30)
    applicants = {row.applicant_id for call in calls for row in _applications(db, call)}
    unsent = db.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient_id.in_(applicants), OutboxMessage.sent_at.is_(None))).all()
    assert unsent == []
    # Everyone the demo made can sign in: no address waits for confirmation.
    assert db.scalars(select(User).where(User.email_confirmed_at.is_(None))).all() == []


def _the_applicant_login_has_a_draft_to_finish(app, client, db, call):
    applicant = user_by_email(db, "applicant@kakehashi.example")
    draft = db.scalars(select(AdmissionApplication).where(
        AdmissionApplication.applicant_id == applicant.id)).one()
    assert (draft.call_id, draft.status) == (call.id, S.DRAFT)
    # Only uploads are left: what a demo visitor can finish from the application page.
    assert [field for field, _message in problems_with(draft)] == [
        "document-nomination_letter", "document-passport", "document-employment_certificate"]
    assert login(client, "applicant@kakehashi.example", DEMO_PASSWORD).status_code == 302


def test_the_exchange_in_korea_chooses_each_countrys_participants_through_its_own_call(
        db, seeded):
    seoul = _seoul(db)
    calls = _exchange_calls(db)
    # One series: no separate exchange seminar, and the edition's two calls are its sides.
    assert db.scalars(select(Program.slug).where(Program.slug.like("kj-%"))).all() == [
        "kj-exchange-of-hearts"]
    assert [call.side_country for call in calls] == ["JP", "KR"]
    assert all(call.cohort_id == seoul.id for call in calls)
    for call in calls:
        applications = _applications(db, call)
        assert applications
        assert {row.country for row in applications} == {call.side_country}
        assert {row.applicant.country for row in applications} == {call.side_country}
    # Those from Japan who confirmed are registered for the edition, as from Japan; none is
    # a trainee, and the one still to answer is not registered yet.
    japan = _applications(db, calls[0])
    confirmed = {row.applicant_id for row in japan if row.status == S.CONFIRMED}
    registered = dict(db.execute(select(Registration.user_id, Registration.country).where(
        Registration.cohort_id == seoul.id,
        Registration.status == RegistrationStatus.REGISTERED)).all())
    assert len(confirmed) == 9 and registered == dict.fromkeys(confirmed, "JP")
    assert all(row.enrollment is None for row in japan)
    assert db.scalars(select(Enrollment).where(Enrollment.cohort_id == seoul.id)).all() == []
    # The places given count toward the edition's cap for Japan, not Korea's.
    assert places.taken(db, seoul) == 10
