"""Applying: who may, what a complete application needs, the deadline, drafts, withdrawing,
documents and the nominator's single-use link."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from lms import uploads
from lms.admissions import applying, nominations, services
from lms.admissions.applying import ApplicationProblems
from lms.admissions.models import (
    AdmissionApplication,
    ApplicationStatus,
    DocumentKind,
    LanguageLevel,
    NominationMethod,
)
from lms.admissions.nominations import NominatorInput
from lms.clock import utcnow
from lms.errors import NotAllowed, ServiceError
from tests.admissions.conftest import call_input, complete_input, submitted, upload
from tests.conftest import link_in, outbox

S = ApplicationStatus


def test_starting_twice_gives_the_same_draft_filled_from_the_account(db, world):
    first = applying.start_application(db, world["maria"], world["call"])
    again = applying.start_application(db, world["maria"], world["call"])
    assert first.id == again.id
    assert (first.full_name, first.country, first.status) == ("Maria Santos", "PH", S.DRAFT)


def test_a_draft_keeps_whatever_is_written(db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    applying.save_draft(db, world["maria"], application,
                        applying.ApplicationInput(full_name="Maria", motivation="Half a thought"))
    db.commit()
    db.expire_all()
    kept = db.get(AdmissionApplication, application.id)
    assert (kept.full_name, kept.motivation, kept.status) == ("Maria", "Half a thought", S.DRAFT)


def test_submitting_lists_every_problem_with_its_field_and_sends_nothing(db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    applying.save_draft(db, world["maria"], application, complete_input(
        years_in_welfare=1, languages=[("en", int(LanguageLevel.INTERMEDIATE))],
        motivation="Too short.", nomination_method=NominationMethod.LETTER))
    upload(db, world["maria"], application, DocumentKind.CV)
    with pytest.raises(ApplicationProblems) as refused:
        applying.submit(db, world["maria"], application)
    fields = [name for name, _message in refused.value.problems]
    assert fields == ["years_in_welfare", "languages", "motivation",
                      "document-nomination_letter", "document-passport"]
    messages = [str(message) for _name, message in refused.value.problems]
    assert "at least 3 years" in messages[0]
    assert "English at advanced level" in messages[1]
    assert "(you have 2)" in messages[2]
    assert application.status == S.DRAFT and application.submitted_at is None


def test_a_complete_application_is_sent_once_and_mailed(app, db, world):
    application = submitted(db, world["maria"], world["call"])
    applying.submit(db, world["maria"], application)  # a resent form
    db.commit()
    assert application.status == S.SUBMITTED and application.submitted_at is not None
    assert [message.to_address for message in outbox(app)] == ["maria@example.org"]


def test_a_sent_application_cannot_be_changed(db, world):
    application = submitted(db, world["maria"], world["call"])
    with pytest.raises(ServiceError, match="can no longer be changed"):
        applying.save_draft(db, world["maria"], application, complete_input())
    with pytest.raises(ServiceError, match="can no longer be changed"):
        upload(db, world["maria"], application, DocumentKind.PHOTO)


def test_the_deadline_is_kept_by_the_server(db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    applying.save_draft(db, world["maria"], application, complete_input())
    for kind in (DocumentKind.CV, DocumentKind.PASSPORT, DocumentKind.NOMINATION_LETTER):
        upload(db, world["maria"], application, kind)
    world["call"].closes_at = utcnow() - dt.timedelta(minutes=1)
    with pytest.raises(ServiceError, match="This call closed on"):
        applying.submit(db, world["maria"], application)
    assert application.status == S.DRAFT
    with pytest.raises(ServiceError, match="This call closed on"):
        applying.start_application(db, world["jose"], world["call"])


def test_a_call_not_yet_open_takes_no_application(db, world):
    world["call"].opens_at = utcnow() + dt.timedelta(days=2)
    with pytest.raises(ServiceError, match="This call opens on"):
        applying.start_application(db, world["maria"], world["call"])


def test_only_the_applicant_changes_or_sends_or_withdraws(db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    for attempt in (
            lambda: applying.save_draft(db, world["jose"], application, complete_input()),
            lambda: applying.submit(db, world["jose"], application),
            lambda: applying.withdraw(db, world["jose"], application),
            lambda: upload(db, world["jose"], application, DocumentKind.CV),
            lambda: nominations.invite_nominator(db, world["jose"], application, NominatorInput(
                "Dr. Reyes", "reyes@example.org"))):
        with pytest.raises(NotAllowed):
            attempt()
    assert application.status == S.DRAFT and application.documents == []


def test_withdrawing_ends_the_application(db, world):
    application = submitted(db, world["maria"], world["call"])
    applying.withdraw(db, world["maria"], application)
    assert application.status == S.WITHDRAWN and application.ended_at is not None
    with pytest.raises(ServiceError, match="can no longer be withdrawn"):
        applying.withdraw(db, world["maria"], application)


def test_a_document_of_a_kind_replaces_the_earlier_one_and_its_file(db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    upload(db, world["maria"], application, DocumentKind.CV)
    db.commit()
    first = application.document(DocumentKind.CV).stored_name
    upload(db, world["maria"], application, DocumentKind.CV)
    db.commit()
    assert len(application.documents) == 1
    assert application.document(DocumentKind.CV).stored_name != first
    assert not uploads.path_of(first).exists()


def test_only_the_documents_asked_for_are_taken(db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    with pytest.raises(ServiceError) as refused:
        upload(db, world["maria"], application, DocumentKind.HEALTH_CERTIFICATE)
    assert refused.value.field == "document-health_certificate"
    assert application.documents == []


def test_a_document_that_is_not_a_document_is_refused_beside_its_field(db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    with pytest.raises(ServiceError) as refused:
        applying.add_document(db, world["maria"], application, DocumentKind.CV,
                              io.BytesIO(b"MZ\x90\x00\x03\x00\x00\x00" * 64), "cv.exe")
    assert refused.value.field == "document-cv"
    assert application.documents == []


def _invited(app, db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    applying.save_draft(db, world["maria"], application,
                        complete_input(nomination_method=NominationMethod.NOMINATOR))
    nominations.invite_nominator(db, world["maria"], application, NominatorInput(
        "Dr. Elena Reyes", "Reyes@Example.org", "Quezon City Social Services", "Director"))
    db.commit()
    token = link_in(outbox(app)[-1].body).rsplit("/", 1)[-1]
    return application, token


def test_the_nominator_confirms_once_through_the_link(app, db, world):
    application, token = _invited(app, db, world)
    assert outbox(app)[-1].to_address == "reyes@example.org"
    nominations.answer_nomination(db, token, confirmed=True, statement="A dedicated case manager.")
    db.commit()
    assert application.nomination.is_confirmed
    assert nominations.nomination_for_token(db, token) is None
    with pytest.raises(ServiceError, match="expired or has already been used"):
        nominations.answer_nomination(db, token, confirmed=False, statement="")
    assert application.nomination.is_confirmed
    assert outbox(app)[-1].to_address == "maria@example.org"


def test_a_confirmed_nomination_counts_and_a_declined_one_does_not(app, db, world):
    application, token = _invited(app, db, world)
    for kind in (DocumentKind.CV, DocumentKind.PASSPORT):
        upload(db, world["maria"], application, kind)
    with pytest.raises(ApplicationProblems, match="has not confirmed"):
        applying.submit(db, world["maria"], application)
    nominations.answer_nomination(db, token, confirmed=False, statement="")
    with pytest.raises(ApplicationProblems, match="declined to nominate you"):
        applying.submit(db, world["maria"], application)


def test_a_new_invitation_replaces_the_earlier_link(app, db, world):
    application, first = _invited(app, db, world)
    nominations.invite_nominator(db, world["maria"], application,
                                 NominatorInput("Mr. Lim", "lim@example.org"))
    db.commit()
    assert nominations.nomination_for_token(db, first) is None
    second = link_in(outbox(app)[-1].body).rsplit("/", 1)[-1]
    assert nominations.nomination_for_token(db, second).name == "Mr. Lim"


def test_an_expired_or_unknown_link_finds_nothing(app, db, world):
    application, token = _invited(app, db, world)
    application.nomination.expires_at = utcnow() - dt.timedelta(seconds=1)
    assert nominations.nomination_for_token(db, token) is None
    assert nominations.nomination_for_token(db, token + "x") is None


def test_the_applicant_cannot_nominate_themselves(db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    with pytest.raises(ServiceError, match="Someone else"):
        nominations.invite_nominator(db, world["maria"], application,
                                     NominatorInput("Me", "maria@example.org"))


def test_a_call_needs_a_planned_cohort_and_sane_places(db, world):
    with pytest.raises(ServiceError, match="already has a call"):
        services.create_call(db, world["staff"], call_input(world["cohort"].id))
    with pytest.raises(ServiceError) as refused:
        services.update_call(db, world["staff"], world["call"],
                             call_input(world["cohort"].id, capacity=7))
    assert refused.value.field == "capacity"
    with pytest.raises(ServiceError) as refused:
        services.update_call(db, world["staff"], world["call"],
                             call_input(world["cohort"].id, country_quota=9))
    assert refused.value.field == "country_quota"
    with pytest.raises(NotAllowed):
        services.update_call(db, world["maria"], world["call"], call_input(world["cohort"].id))
    assert db.scalar(select(func.count()).select_from(AdmissionApplication)) == 0
