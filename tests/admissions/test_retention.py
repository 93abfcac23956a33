"""`flask lms retention apply`: unsuccessful applications past their call's retention time lose
their documents and everything that names the person; the statistics still count them, and
successful or not-yet-due applications are untouched."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from lms import uploads
from lms.admissions import applying, selection
from lms.admissions.models import (
    AdmissionApplication,
    ApplicationDocument,
    ApplicationStatus,
    Gender,
    Interview,
)
from lms.clock import utcnow
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation, Review, ReviewAssignment
from tests.admissions.conftest import eligible, submitted
from tests.conftest import login

S = ApplicationStatus
SCORES = {"experience": 2, "motivation": 3, "contribution": 2, "language": 3}
LONG_AGO = dt.timedelta(days=400)  # the call keeps unsuccessful applications 365 days


@pytest.fixture
def ended(db, world):
    staff, call = world["staff"], world["call"]

    def sent(who, **changes):
        return eligible(db, staff, world[who], call, full_name=world[who].display_name, **changes)

    confirmed = sent("maria")
    selection.decide(db, staff, confirmed, S.SELECTED, "Welcome.")
    selection.confirm_place(db, world["maria"], confirmed)
    not_selected = sent("somchai", gender=Gender.MALE)
    assignment = selection.assign_reviewer(db, staff, not_selected, world["member"])
    reviews.save_review(db, world["member"], assignment, reviews.ReviewInput(
        dict(SCORES), Recommendation.NO, "Not yet ready."), submit=True)
    selection.schedule_interview(db, staff, not_selected, selection.InterviewInput(
        starts_at=utcnow() + dt.timedelta(days=3), minutes=30, place="Video call"))
    selection.decide(db, staff, not_selected, S.NOT_SELECTED, "Apply again next year.")
    withdrawn = submitted(db, world["jose"], call, full_name="Jose Cruz")
    applying.withdraw(db, world["jose"], withdrawn)
    recent = submitted(db, world["nimal"], call, full_name="Nimal Perera")
    selection.screen(db, staff, recent, eligible=False, reason="Too few years.")
    for application in (confirmed, not_selected, withdrawn):
        application.ended_at = (application.ended_at or utcnow()) - LONG_AGO
    db.commit()
    return {"confirmed": confirmed.id, "not_selected": not_selected.id,
            "withdrawn": withdrawn.id, "recent": recent.id}


def _figures(client, world) -> list[str]:
    page = client.get(f"/admissions/staff/calls/{world['call'].id}/statistics")
    html = page.get_data(as_text=True)
    return re.findall(r"<dd>[^<]*</dd>|<td>\d+</td>", html[html.index("<h1>"):])


def test_retention_anonymizes_what_is_due_and_keeps_the_figures(app, client, db, world,
                                                                 ended):
    login(client, world["staff"].email)
    figures = _figures(client, world)
    due = [db.get(AdmissionApplication, ended[name]) for name in ("not_selected", "withdrawn")]
    stored = [document.stored_name for application in due for document in application.documents]
    kept_files = [document.stored_name
                  for name in ("confirmed", "recent")
                  for document in db.get(AdmissionApplication, ended[name]).documents]
    assert len(stored) == 6 and all(uploads.path_of(name).exists() for name in stored)

    runner = app.test_cli_runner()
    dry = runner.invoke(args=["lms", "retention", "apply", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 applications anonymized, 6 documents deleted" in dry.output
    assert "dry run" in dry.output
    db.expire_all()
    assert all(uploads.path_of(name).exists() for name in stored)
    assert db.get(AdmissionApplication, ended["not_selected"]).full_name == "Somchai Boonmee"

    result = runner.invoke(args=["lms", "retention", "apply"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == ("2 applications anonymized, 6 documents deleted, "
                                     "0 event registrations anonymized, "
                                     "0 read notifications deleted")
    db.expire_all()
    assert not any(uploads.path_of(name).exists() for name in stored)
    for application in (db.get(AdmissionApplication, ended[name])
                        for name in ("not_selected", "withdrawn")):
        assert application.anonymized_at is not None
        assert application.applicant_id is None
        assert (application.full_name, application.phone, application.organization,
                application.position, application.profession, application.motivation,
                application.decision_message, application.screening_reason) == ("",) * 8
        assert application.date_of_birth is None and application.languages == []
        assert application.documents == [] and application.nominations == []
        # What the statistics count stays.
        assert application.country in ("TH", "PH") and application.submitted_at is not None
    somchai = db.get(AdmissionApplication, ended["not_selected"])
    assert (somchai.status, somchai.gender, somchai.review_subject_id) == \
        (S.NOT_SELECTED, Gender.MALE, None)
    assert db.scalar(select(func.count()).select_from(Interview)) == 0
    assert db.scalar(select(func.count()).select_from(Review)) == 0
    assert db.scalar(select(func.count()).select_from(ReviewAssignment)) == 0

    # The confirmed trainee and the application that ended recently are untouched.
    confirmed = db.get(AdmissionApplication, ended["confirmed"])
    assert (confirmed.full_name, confirmed.applicant_id, confirmed.anonymized_at) == \
        ("Maria Santos", world["maria"].id, None)
    recent = db.get(AdmissionApplication, ended["recent"])
    assert (recent.full_name, recent.screening_reason, recent.anonymized_at) == \
        ("Nimal Perera", "Too few years.", None)
    assert all(uploads.path_of(name).exists() for name in kept_files)
    assert db.scalar(select(func.count()).select_from(ApplicationDocument)) == len(kept_files)

    assert _figures(client, world) == figures
    # Staff still find the anonymized application, with nothing that names the person.
    page = client.get(f"/admissions/staff/applications/{ended['not_selected']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "(anonymized)" in html and "Somchai" not in html

    again = runner.invoke(args=["lms", "retention", "apply"])
    assert again.output.strip() == ("0 applications anonymized, 0 documents deleted, "
                                    "0 event registrations anonymized, "
                                    "0 read notifications deleted")
