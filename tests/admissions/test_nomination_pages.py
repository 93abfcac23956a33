"""Inviting a nominator from the application form, and the nominator's single-use page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from lms.admissions import applying, nominations
from lms.admissions.models import (
    AdmissionApplication,
    ApplicationStatus,
    DocumentKind,
    Nomination,
    NominationMethod,
)
from lms.admissions.nominations import NominatorInput
from lms.clock import utcnow
from lms.mail import OutboxMessage
from tests.admissions.conftest import MOTIVATION, complete_input, upload
from tests.conftest import csrf_token, login

S = ApplicationStatus
GONE = "This link has expired or has already been used."


@pytest.fixture
def config_overrides(tmp_path):
    return {"LMS_UPLOAD_DIR": str(tmp_path / "uploads")}


def text(response) -> str:
    return response.get_data(as_text=True)


def as_user(client, email):
    client.delete_cookie("kakehashi_session")
    assert login(client, email).status_code == 302


def as_nobody(client):
    client.delete_cookie("kakehashi_session")


def send(client, url, data=None, token_from=None, **kwargs):
    token = csrf_token(client, token_from or url)
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def draft(db, world, person="maria", **changes) -> AdmissionApplication:
    """A complete draft that asks a nominator, with its documents."""
    application = applying.start_application(db, world[person], world["call"])
    applying.save_draft(db, world[person], application, complete_input(
        country=world[person].country, nomination_method=NominationMethod.NOMINATOR,
        **changes))
    for kind in world["call"].required_document_kinds:
        upload(db, world[person], application, kind)
    db.commit()
    return application


def link_to(db, address: str) -> str:
    message = db.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)
                         .order_by(OutboxMessage.id.desc())).first()
    assert message is not None, address
    match = re.search(r"http://\S+/admissions/nominate/\S+", message.body)
    assert match, message.body
    return match.group(0).replace("http://localhost", "").replace("http://kakehashi.test", "")


def invite(db, world, application, email="dr.reyes@example.org", person="maria") -> str:
    nominations.invite_nominator(db, world[person], application, NominatorInput(
        name="Dr. Elena Reyes", email=email, organization="Philippine Association of Social "
        "Workers", position="President"))
    db.commit()
    return link_to(db, email)


def fresh_nominations(db) -> list[Nomination]:
    db.expire_all()
    return list(db.scalars(select(Nomination).order_by(Nomination.id)))


def test_the_applicant_invites_a_nominator_from_the_form(client, db, world):
    application = draft(db, world)
    as_user(client, "maria@example.org")
    edit_url = f"/admissions/applications/{application.id}/edit"
    refused = send(client, f"/admissions/applications/{application.id}/nominator",
                   {"nominator_name": "Dr. Elena Reyes", "nominator_email": "not an address"},
                   token_from=edit_url)
    assert refused.status_code == 200
    page = text(refused)
    assert '<a href="#nominator_email">Nominator&#39;s email address: Give your nominator&#39;s ' \
        'email address.</a>' in page
    assert 'id="nominator_email-error"' in page
    assert fresh_nominations(db) == []

    invited = send(client, f"/admissions/applications/{application.id}/nominator",
                   {"nominator_name": "Dr. Elena Reyes", "nominator_email": "dr.reyes@example.org",
                    "nominator_organization": "PASW", "nominator_position": "President"},
                   token_from=edit_url)
    assert invited.status_code == 302 and invited.headers["Location"] == f"{edit_url}#nominator"
    [nomination] = fresh_nominations(db)
    assert nomination.email == "dr.reyes@example.org" and nomination.answered_at is None
    assert "/admissions/nominate/" in link_to(db, "dr.reyes@example.org")
    page = text(client.get(edit_url))
    assert "Invited Dr. Elena Reyes (dr.reyes@example.org)" in page
    assert "not answered yet" in page

    # Submitting before the nominator answers: the problem at the top and beside the invite.
    refused = send(client, edit_url, {
        "full_name": "Maria Santos", "date_of_birth": "1992-05-04", "country": "PH",
        "organization": "Quezon City Social Services", "position": "Case manager",
        "profession": "Social worker", "years_in_welfare": "6",
        "languages-0-language": "en", "languages-0-level": "4", "motivation": MOTIVATION,
        "nomination_method": "nominator", "action": "submit"}, token_from=edit_url)
    page = text(refused)
    assert refused.status_code == 200
    assert '<a href="#nominator_name">Nominator: Dr. Elena Reyes has not confirmed the ' \
        'nomination yet.</a>' in page
    assert 'id="nominator_name-error"' in page
    assert re.search(r'<input aria-describedby="nominator_name-error" aria-invalid="true" '
                     r'id="nominator_name"', page)
    assert db.get(AdmissionApplication, application.id).status == S.DRAFT


def test_the_nominator_sees_only_the_name_call_organization_and_position(client, db, world):
    application = draft(db, world)
    link = invite(db, world, application)
    as_nobody(client)
    response = client.get(link)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert '<meta name="referrer" content="no-referrer">' in text(response)
    page = text(response)
    for shown in ("Maria Santos", "Call for the 44th cohort", "Quezon City Social Services",
                  "Case manager"):
        assert shown in page
    for hidden in ("home care for older people", "maria@example.org", "1992", "+63",
                   "Social worker", "cv.pdf", "/admissions/applications/"):
        assert hidden not in page


def test_a_confirmation_needs_a_statement_and_the_link_works_once(client, db, world):
    application = draft(db, world)
    link = invite(db, world, application)
    as_nobody(client)
    refused = send(client, link, {"answer": "confirm", "statement": "  "})
    assert refused.status_code == 200
    assert 'id="statement-error"' in text(refused)
    assert fresh_nominations(db)[0].answered_at is None

    done = send(client, link, {"answer": "confirm",
                               "statement": "I supervised Maria for four years."})
    assert done.status_code == 200 and "You have confirmed the nomination" in text(done)
    assert done.headers["Referrer-Policy"] == "no-referrer"
    [nomination] = fresh_nominations(db)
    assert nomination.confirmed is True and nomination.answered_at is not None
    assert nomination.statement == "I supervised Maria for four years."
    mail = db.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == "maria@example.org")).all()
    assert mail[-1].subject == "Your nominator has answered"
    assert "Dr. Elena Reyes has confirmed your nomination" in mail[-1].body

    again = client.get(link)
    assert again.status_code == 410 and GONE in text(again)
    answered_at = nomination.answered_at
    second = client.post(link, data={"csrf_token": csrf_token(client, "/login"),
                                     "answer": "decline", "statement": ""})
    assert second.status_code == 410 and GONE in text(second)
    [nomination] = fresh_nominations(db)
    assert nomination.confirmed is True and nomination.answered_at == answered_at

    as_user(client, "maria@example.org")
    page = text(client.get(f"/admissions/applications/{application.id}/edit"))
    assert "Dr. Elena Reyes (dr.reyes@example.org) confirmed your nomination" in page


def test_declining_needs_no_statement(client, db, world):
    application = draft(db, world)
    link = invite(db, world, application)
    as_nobody(client)
    done = send(client, link, {"answer": "decline", "statement": ""})
    assert done.status_code == 200 and "You have declined to nominate" in text(done)
    [nomination] = fresh_nominations(db)
    assert nomination.confirmed is False
    as_user(client, "maria@example.org")
    page = text(client.get(f"/admissions/applications/{application.id}/edit"))
    assert "declined to nominate you" in page


def test_a_link_reaches_only_its_own_nomination(client, db, world):
    maria_link = invite(db, world, draft(db, world))
    jose_link = invite(db, world, draft(db, world, "jose", full_name="Jose Cruz"),
                       email="ms.tan@example.org", person="jose")
    as_nobody(client)
    page = text(client.get(maria_link))
    assert "Maria Santos" in page and "Jose Cruz" not in page
    send(client, maria_link, {"answer": "confirm", "statement": "A fine social worker."})
    maria_nomination, jose_nomination = fresh_nominations(db)
    assert maria_nomination.confirmed is True
    assert jose_nomination.answered_at is None and jose_nomination.confirmed is None
    assert "Jose Cruz" in text(client.get(jose_link))


def test_a_replaced_link_is_refused(client, db, world):
    application = draft(db, world)
    first = invite(db, world, application)
    second = invite(db, world, application, email="mr.lim@example.org")
    as_nobody(client)
    assert client.get(first).status_code == 410
    refused = client.post(first, data={"csrf_token": csrf_token(client, "/login"),
                                       "answer": "confirm", "statement": "Yes."})
    assert refused.status_code == 410
    old, new = fresh_nominations(db)
    assert old.answered_at is None and old.replaced_at is not None
    assert client.get(second).status_code == 200
    assert new.answered_at is None


def test_an_expired_link_is_refused(client, db, world):
    application = draft(db, world)
    link = invite(db, world, application)
    nomination = fresh_nominations(db)[0]
    nomination.expires_at = utcnow() - dt.timedelta(minutes=1)
    db.commit()
    as_nobody(client)
    response = client.get(link)
    assert response.status_code == 410 and GONE in text(response)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert client.get("/admissions/nominate/made-up-token").status_code == 410
    assert fresh_nominations(db)[0].answered_at is None


def test_a_link_stops_working_once_the_application_is_sent(client, db, world):
    application = draft(db, world)
    link = invite(db, world, application)
    applying.save_draft(db, world["maria"], application, complete_input())  # by letter now
    upload(db, world["maria"], application, DocumentKind.NOMINATION_LETTER)
    applying.submit(db, world["maria"], application)
    db.commit()
    as_nobody(client)
    assert client.get(link).status_code == 410
