"""The public calls pages and the applicant's own pages, through the test client."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from lms.admissions import applying, selection, services
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationDocument,
    ApplicationStatus,
    ChecklistItem,
    DocumentKind,
    Interview,
    Nomination,
)
from lms.admissions.selection import InterviewInput
from lms.clock import utcnow
from lms.mail import OutboxMessage
from lms.programs.models import Enrollment
from tests import factories
from tests.admissions.conftest import (
    MOTIVATION,
    PDF,
    call_input,
    complete_input,
    eligible,
    submitted,
)
from tests.conftest import csrf_token, login

S = ApplicationStatus


@pytest.fixture
def config_overrides(tmp_path):
    return {"LMS_UPLOAD_DIR": str(tmp_path / "uploads")}


def text(response) -> str:
    return response.get_data(as_text=True)


def as_user(client, email):
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    response = login(client, email)
    assert response.status_code == 302, email


def as_nobody(client):
    client.delete_cookie("kakehashi_session")


def send(client, url, data=None, token_from=None, **kwargs):
    token = csrf_token(client, token_from or "/login")
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def fresh(db, model, row_id):
    db.expire_all()
    return db.get(model, row_id)


def form_data(**changes) -> dict[str, str]:
    """What the application form posts when everything is filled in."""
    data = {
        "full_name": "Maria Santos", "date_of_birth": "1992-05-04", "gender": "female",
        "country": "PH", "phone": "+63 2 8123 4567",
        "organization": "Quezon City Social Services", "position": "Case manager",
        "profession": "Social worker", "years_in_welfare": "6",
        "languages-0-language": "en", "languages-0-level": "4",
        "languages-1-language": "ja", "languages-1-level": "1",
        "languages-2-language": "", "languages-2-level": "",
        "languages-3-language": "", "languages-3-level": "",
        "motivation": MOTIVATION, "nomination_method": "letter", "action": "save",
    }
    data.update(changes)
    return data


def upload_file(client, application_id: int, kind: str, content: bytes = PDF):
    url = f"/admissions/applications/{application_id}/edit"
    return send(client, f"/admissions/applications/{application_id}/documents/{kind}",
                {"file": (io.BytesIO(content), f"{kind}.pdf")}, token_from=url,
                content_type="multipart/form-data")


def started(db, world, person="maria") -> AdmissionApplication:
    application = applying.start_application(db, world[person], world["call"])
    db.commit()
    return application


# The public pages ------------------------------------------------------------------------------


def test_the_calls_page_lists_open_and_coming_calls_and_never_applicants(client, db, world):
    coming_cohort = factories.cohort(db, number=45, starts_on=dt.date(2028, 3, 9), active=False)
    now = utcnow().astimezone(dt.timezone(dt.timedelta(hours=9))).replace(tzinfo=None)
    services.create_call(db, world["staff"], call_input(
        coming_cohort.id, title="Call for the 45th cohort", opens_at=now + dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=60)))
    closed_cohort = factories.cohort(db, number=46, starts_on=dt.date(2029, 3, 8), active=False)
    services.create_call(db, world["staff"], call_input(
        closed_cohort.id, title="A closed call", opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30)))
    submitted(db, world["maria"], world["call"])
    submitted(db, world["somchai"], world["call"])
    db.commit()

    page = text(client.get("/admissions/"))
    assert "Call for the 44th cohort" in page and "Call for the 45th cohort" in page
    assert "A closed call" not in page
    assert page.index("Open now") < page.index("Call for the 44th cohort") \
        < page.index("Opening soon") < page.index("Call for the 45th cohort")
    assert "At most 2 people from each country" in page
    assert " JST" in page and "Your time:" not in page  # the visitor's zone is Tokyo's
    for name in ("Maria Santos", "Somchai Boonmee", "maria@example.org"):
        assert name not in page

    call_page = text(client.get(f"/admissions/calls/{world['call'].id}"))
    assert "The program pays travel, housing and a monthly allowance." in call_page
    assert "Social workers in public or private welfare services." in call_page
    assert "At least 3 years in social welfare" in call_page
    assert "English at advanced level or better" in call_page
    assert "Curriculum vitae" in call_page and "Passport (the page with your photo)" in call_page
    assert "Maria Santos" not in call_page and "Somchai" not in call_page
    next_here = f"next=/admissions/calls/{world['call'].id}"
    assert "Sign in to apply" in call_page and "Create an account to apply" in call_page
    assert f'href="/login?{next_here}"' in call_page
    assert f'href="/register?{next_here}"' in call_page
    assert client.get("/admissions/calls/9999").status_code == 404
    japanese = client.get(f"/admissions/calls/{world['call'].id}",
                          headers={"Accept-Language": "ja"})
    assert japanese.status_code == 200 and '<html lang="ja">' in text(japanese)

    world["maria"].timezone = "Asia/Manila"
    db.commit()
    as_user(client, "maria@example.org")
    page = text(client.get("/admissions/"))
    assert "Your time:" in page and "Philippines Time" in page
    assert "Somchai Boonmee" not in page


def test_the_guidance_is_markdown_made_safe(client, db, world):
    call = world["call"]
    call.guidance = "**Paid:** travel\n\n<script>alert(1)</script>"
    db.commit()
    page = text(client.get(f"/admissions/calls/{call.id}"))
    assert "<strong>Paid:</strong> travel" in page
    assert "<script>alert(1)</script>" not in page


def test_the_calls_page_costs_the_same_queries_however_many_apply(client, db, world,
                                                                  count_queries):
    client.get("/admissions/")
    with count_queries() as before:
        assert client.get("/admissions/").status_code == 200
    for person in ("maria", "jose", "ana", "somchai", "nimal"):
        submitted(db, world[person], world["call"])
    db.commit()
    with count_queries() as after:
        assert client.get("/admissions/").status_code == 200
    assert after.count == before.count


# Applying --------------------------------------------------------------------------------------


def test_apply_save_a_partial_draft_then_submit_with_every_problem_listed(client, db, world):
    call = world["call"]
    as_user(client, "maria@example.org")
    call_url = f"/admissions/calls/{call.id}"
    assert "Apply" in text(client.get(call_url))
    started_response = send(client, f"{call_url}/apply", token_from=call_url)
    application = db.scalar(select(AdmissionApplication))
    edit_url = f"/admissions/applications/{application.id}/edit"
    assert started_response.status_code == 302
    assert started_response.headers["Location"] == edit_url
    # Starting again finds the same draft.
    assert send(client, f"{call_url}/apply", token_from=call_url).headers["Location"] == edit_url
    assert db.scalar(select(func.count()).select_from(AdmissionApplication)) == 1

    partial = {"full_name": "Maria Santos", "organization": "Quezon City Social Services",
               "languages-0-language": "en", "languages-0-level": "4", "action": "save"}
    saved = send(client, edit_url, partial, token_from=edit_url)
    assert saved.status_code == 302 and saved.headers["Location"] == edit_url
    application = fresh(db, AdmissionApplication, application.id)
    assert application.status == S.DRAFT
    assert application.organization == "Quezon City Social Services"
    assert application.languages == [{"language": "en", "level": 4}]
    page = text(client.get(edit_url))
    assert 'value="Quezon City Social Services"' in page
    assert "Your draft has been saved." in page

    # Submitting without the documents: every problem at the top and beside its place.
    refused = send(client, edit_url, form_data(action="submit", motivation="Too short."),
                   token_from=edit_url)
    assert refused.status_code == 200
    page = text(refused)
    summary = page[page.index('class="error-summary"'):page.index("</div>",
                                                                    page.index("error-summary"))]
    assert "Your draft is saved, but it could not be submitted yet" in summary
    assert '<a href="#motivation">Why you apply: Write at least 150 words' in summary
    assert ('<a href="#document-cv">Curriculum vitae: Upload this document: Curriculum '
            'vitae.</a>') in summary
    assert '<a href="#document-passport">' in summary
    assert '<a href="#document-nomination_letter">Nomination letter: Upload the nomination ' \
        'letter.</a>' in summary
    assert 'id="document-cv-error"' in page
    assert re.search(r'<input type="file" id="document-cv" name="document-cv" '
                     r'form="application-form" '
                     r'aria-describedby="document-cv-hint document-cv-error" '
                     r'aria-invalid="true">', page)
    assert 'id="motivation-error"' in page
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*id="motivation"', page) or \
        re.search(r'<textarea[^>]*id="motivation"[^>]*aria-invalid="true"', page)
    application = fresh(db, AdmissionApplication, application.id)
    assert application.status == S.DRAFT
    assert application.motivation == "Too short."  # the draft was kept
    assert application.position == "Case manager"

    for kind in ("cv", "passport", "nomination_letter"):
        uploaded = upload_file(client, application.id, kind)
        assert uploaded.status_code == 302, text(uploaded)
        assert uploaded.headers["Location"] == f"{edit_url}#document-{kind}"
    page = text(client.get(edit_url))
    assert "cv.pdf" in page and "Not sent yet." not in page

    sent = send(client, edit_url, form_data(action="submit"), token_from=edit_url)
    assert sent.status_code == 302
    assert sent.headers["Location"] == f"/admissions/applications/{application.id}"
    application = fresh(db, AdmissionApplication, application.id)
    assert application.status == S.SUBMITTED and application.submitted_at is not None
    mail = db.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == "maria@example.org")).all()
    assert len(mail) == 1 and mail[0].subject == "Your application is received"
    assert f"/admissions/applications/{application.id}" in mail[0].body
    status_page = text(client.get(f"/admissions/applications/{application.id}"))
    assert "submitted, waiting for screening" in status_page
    assert "Program staff check that your application is complete" in status_page
    # A sent application is no longer edited.
    assert client.get(edit_url).headers["Location"] == f"/admissions/applications/{application.id}"


def test_a_language_without_level_is_refused_beside_the_languages(client, db, world):
    application = started(db, world)
    as_user(client, "maria@example.org")
    edit_url = f"/admissions/applications/{application.id}/edit"
    response = send(client, edit_url, form_data(**{"languages-1-level": ""}),
                    token_from=edit_url)
    page = text(response)
    assert response.status_code == 200
    assert '<a href="#languages-0-language">Languages you work in: Choose each language and ' \
        'its level from the lists.</a>' in page
    assert 'id="languages-error"' in page
    assert fresh(db, AdmissionApplication, application.id).organization == ""


def test_a_closed_call_refuses_starting_and_submitting(client, db, world):
    application = started(db, world)
    applying.save_draft(db, world["maria"], application, complete_input())
    for kind in (DocumentKind.CV, DocumentKind.PASSPORT, DocumentKind.NOMINATION_LETTER):
        applying.add_document(db, world["maria"], application, kind, io.BytesIO(PDF), "f.pdf")
    call = world["call"]
    call.opens_at = utcnow() - dt.timedelta(days=30)
    call.closes_at = utcnow() - dt.timedelta(minutes=1)
    db.commit()

    as_user(client, "maria@example.org")
    edit_url = f"/admissions/applications/{application.id}/edit"
    assert "This call closed on" in text(client.get(edit_url))
    refused = send(client, edit_url, form_data(action="submit"), token_from=edit_url)
    assert refused.status_code == 200
    assert "applications can no longer be sent" in text(refused)
    assert fresh(db, AdmissionApplication, application.id).status == S.DRAFT

    as_user(client, "jose@example.org")
    call_url = f"/admissions/calls/{call.id}"
    assert "This call closed on" in text(client.get(call_url))
    response = send(client, f"{call_url}/apply", token_from=call_url, follow_redirects=True)
    assert "applications can no longer be sent" in text(response)
    assert db.scalar(select(func.count()).select_from(AdmissionApplication)) == 1


def test_withdraw_asks_first_then_withdraws(client, db, world):
    application = submitted(db, world["maria"], world["call"])
    db.commit()
    as_user(client, "maria@example.org")
    url = f"/admissions/applications/{application.id}/withdraw"
    page = text(client.get(url))
    assert "Withdraw your application?" in page and "Yes, withdraw my application" in page
    assert fresh(db, AdmissionApplication, application.id).status == S.SUBMITTED
    done = send(client, url, token_from=url)
    assert done.status_code == 302
    assert fresh(db, AdmissionApplication, application.id).status == S.WITHDRAWN
    page = text(client.get(f"/admissions/applications/{application.id}"))
    assert "withdrawn by the applicant" in page and "Withdraw this application" not in page
    assert client.get(url).status_code == 302  # nothing left to withdraw


def test_my_applications_lists_only_mine(client, db, world):
    submitted(db, world["maria"], world["call"])
    submitted(db, world["jose"], world["call"])
    db.commit()
    as_user(client, "maria@example.org")
    page = text(client.get("/admissions/mine"))
    assert "Call for the 44th cohort" in page and "submitted, waiting for screening" in page
    assert page.count("/admissions/applications/") == 1


# Decisions and onboarding ----------------------------------------------------------------------


def test_the_status_page_shows_the_screening_reason(client, db, world):
    application = submitted(db, world["maria"], world["call"])
    selection.screen(db, world["staff"], application, eligible=False,
                     reason="Two years in social welfare; the call asks for three.")
    db.commit()
    as_user(client, "maria@example.org")
    page = text(client.get(f"/admissions/applications/{application.id}"))
    assert "not eligible" in page
    assert "Two years in social welfare; the call asks for three." in page


def test_confirm_a_place_then_give_the_arrival_and_health_certificate(client, db, world):
    application = eligible(db, world["staff"], world["maria"], world["call"])
    selection.decide(db, world["staff"], application, S.SELECTED, "Welcome aboard.")
    db.commit()
    as_user(client, "maria@example.org")
    url = f"/admissions/applications/{application.id}"
    page = text(client.get(url))
    assert "Welcome aboard." in page and "Confirm or decline by" in page
    assert "Confirm my place" in page
    confirmed = send(client, f"{url}/confirm", token_from=url)
    assert confirmed.status_code == 302
    application = fresh(db, AdmissionApplication, application.id)
    assert application.status == S.CONFIRMED and application.enrollment_id is not None
    assert db.get(Enrollment, application.enrollment_id).user_id == world["maria"].id
    page = text(client.get(url))
    for label in ("Passport and visa", "Health certificate", "Arrival date and flight"):
        assert label in page
    assert page.count("Not yet") == 3

    too_early = send(client, f"{url}/arrival", {"arrival_on": "2026-01-01",
                                                "arrival_details": "PR 428"}, token_from=url)
    assert too_early.status_code == 200
    assert 'id="arrival_on-error"' in text(too_early)
    assert fresh(db, AdmissionApplication, application.id).arrival_on is None
    saved = send(client, f"{url}/arrival", {"arrival_on": "2027-03-01",
                                            "arrival_details": "PR 428, Narita 14:05"},
                 token_from=url)
    assert saved.status_code == 302
    application = fresh(db, AdmissionApplication, application.id)
    assert application.arrival_on == dt.date(2027, 3, 1)
    assert application.arrival_details == "PR 428, Narita 14:05"

    uploaded = send(client, f"{url}/documents/health_certificate",
                    {"file": (io.BytesIO(PDF), "health.pdf")}, token_from=url,
                    content_type="multipart/form-data")
    assert uploaded.status_code == 302
    assert fresh(db, AdmissionApplication, application.id).document(
        DocumentKind.HEALTH_CERTIFICATE).original_name == "health.pdf"
    # Sent, the certificate can be replaced but not removed: the page has no form to save.
    page = client.get(url).get_data(as_text=True)
    assert "Replace with another file: Health certificate" in page and 'name="remove"' not in page
    # Other documents are closed once sent.
    assert send(client, f"{url}/documents/cv", {"file": (io.BytesIO(PDF), "cv2.pdf")},
                token_from=url, content_type="multipart/form-data").status_code == 404


def test_decline_asks_first_and_moves_the_waiting_list(client, db, world):
    call = world["call"]
    call.capacity = 1
    db.commit()
    maria = eligible(db, world["staff"], world["maria"], call)
    somchai = eligible(db, world["staff"], world["somchai"], call)
    selection.decide(db, world["staff"], maria, S.SELECTED, "")
    selection.decide(db, world["staff"], somchai, S.WAITLISTED, "")
    db.commit()
    as_user(client, "maria@example.org")
    url = f"/admissions/applications/{maria.id}/decline"
    page = text(client.get(url))
    assert "Decline your place?" in page and "goes at once to someone on the waiting list" in page
    assert fresh(db, AdmissionApplication, maria.id).status == S.SELECTED
    assert send(client, url, token_from=url).status_code == 302
    assert fresh(db, AdmissionApplication, maria.id).status == S.DECLINED
    assert fresh(db, AdmissionApplication, somchai.id).status == S.SELECTED
    assert client.get(url).status_code == 302  # no offer left to decline


# Interviews ------------------------------------------------------------------------------------


def _interview(db, world, application, starts_at):
    interview = selection.schedule_interview(db, world["staff"], application, InterviewInput(
        starts_at=starts_at, minutes=45, place="Room 3, Tokyo office",
        interviewer_id=world["member"].id))
    db.commit()
    return interview


def _event(response):
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.get_data()).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_the_interview_invitation_in_utc_with_its_sequence(client, db, world):
    world["maria"].timezone = "Asia/Manila"
    application = eligible(db, world["staff"], world["maria"], world["call"])
    tokyo = dt.timezone(dt.timedelta(hours=9))
    interview = _interview(db, world, application, dt.datetime(2026, 11, 2, 10, 0, tzinfo=tokyo))
    as_user(client, "maria@example.org")
    page = text(client.get(f"/admissions/applications/{application.id}"))
    assert "Mon 2 Nov 2026, 09:00 Philippines Time" in page and "Mon 2 Nov 2026, 10:00 JST" in page
    assert "Add to calendar" in page

    url = f"/admissions/applications/{application.id}/interview.ics"
    event = _event(client.get(url))
    assert event.decoded("dtstart") == dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2026, 11, 2, 1, 45, tzinfo=dt.UTC)
    assert event["dtstart"].to_ical() == b"20261102T010000Z"
    assert int(event["sequence"]) == 0
    assert str(event["location"]) == "Room 3, Tokyo office"
    assert "Call for the 44th cohort" in str(event["summary"])
    uid = str(event["uid"])
    assert uid == f"admission-interview-{interview.id}@kakehashi"

    _interview(db, world, fresh(db, AdmissionApplication, application.id),
               dt.datetime(2026, 11, 3, 10, 0, tzinfo=tokyo))
    moved = _event(client.get(url))
    assert str(moved["uid"]) == uid and int(moved["sequence"]) == 1
    assert moved.decoded("dtstart") == dt.datetime(2026, 11, 3, 1, 0, tzinfo=dt.UTC)

    # The applicant's mail names the time in her zone and links the file.
    mail = db.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == "maria@example.org",
        OutboxMessage.body.contains("interview"))).all()
    assert mail and "09:00 Philippines Time" in mail[-1].body
    assert f"http://kakehashi.test{url}" in mail[-1].body

    as_user(client, "member@example.org")  # the interviewer
    assert "Maria Santos" in str(_event(client.get(url))["summary"])
    as_user(client, "staff@example.org")
    assert _event(client.get(url))["uid"] == uid
    for outsider in ("member2@example.org", "jose@example.org"):
        as_user(client, outsider)
        assert client.get(url).status_code == 404


# Access ----------------------------------------------------------------------------------------


def _snapshot(db, application_id):
    db.expire_all()
    application = db.get(AdmissionApplication, application_id)
    return (application.status, application.arrival_on, application.full_name,
            sorted((d.kind, d.stored_name) for d in application.documents),
            db.scalar(select(func.count()).select_from(Nomination)),
            db.scalar(select(func.count()).select_from(ChecklistItem)),
            db.scalar(select(func.count()).select_from(ApplicationDocument)))


def test_another_applicants_ids_find_nothing_on_every_route(client, db, world):
    draft = started(db, world)
    applying.add_document(db, world["maria"], draft, DocumentKind.CV, io.BytesIO(PDF), "cv.pdf")
    chosen = eligible(db, world["staff"], world["ana"], world["call"])
    _interview(db, world, chosen, utcnow() + dt.timedelta(days=3))
    selection.decide(db, world["staff"], chosen, S.SELECTED, "")
    db.commit()
    document = draft.documents[0]
    before = (_snapshot(db, draft.id), _snapshot(db, chosen.id))

    as_user(client, "jose@example.org")
    started(db, world, "jose")
    for target in (draft, chosen):
        base = f"/admissions/applications/{target.id}"
        for url in (base, f"{base}/edit", f"{base}/withdraw", f"{base}/decline",
                    f"{base}/interview.ics", f"{base}/documents/{document.id}"):
            assert client.get(url).status_code == 404, url
        posts = {  # the form's Remove button pressed for her document
            f"{base}/edit": {**form_data(full_name="Jose Cruz"), "remove": str(document.id)},
            f"{base}/withdraw": {}, f"{base}/confirm": {}, f"{base}/decline": {},
            f"{base}/arrival": {"arrival_on": "2027-03-01"},
            f"{base}/nominator": {"nominator_name": "X", "nominator_email": "x@example.org"},
        }
        for url, data in posts.items():
            assert send(client, url, data, token_from="/admissions/mine").status_code == 404, url
        uploaded = send(client, f"{base}/documents/passport",
                        {"file": (io.BytesIO(PDF), "p.pdf")}, token_from="/admissions/mine",
                        content_type="multipart/form-data")
        assert uploaded.status_code == 404
    # Her own id with another's document is not found either.
    mine = db.scalar(select(AdmissionApplication).where(
        AdmissionApplication.applicant_id == world["jose"].id))
    assert client.get(f"/admissions/applications/{mine.id}/documents/{document.id}") \
        .status_code == 404
    # Nor does her own form's Remove button remove another's document; her text is saved.
    own_form = f"/admissions/applications/{mine.id}/edit"
    assert send(client, own_form, {**form_data(full_name="Jose Cruz"),
                                   "remove": str(document.id)},
                token_from=own_form).status_code == 302
    assert "has been removed" not in client.get(own_form).get_data(as_text=True)
    assert fresh(db, AdmissionApplication, mine.id).full_name == "Jose Cruz"
    assert (_snapshot(db, draft.id), _snapshot(db, chosen.id)) == before


def test_the_applicant_downloads_her_own_documents(client, db, world):
    application = started(db, world)
    applying.add_document(db, world["maria"], application, DocumentKind.CV, io.BytesIO(PDF),
                          "my cv.pdf")
    db.commit()
    document = application.documents[0]
    as_user(client, "maria@example.org")
    response = client.get(f"/admissions/applications/{application.id}/documents/{document.id}")
    assert response.status_code == 200 and response.get_data() == PDF
    assert "attachment" in response.headers["Content-Disposition"]


def test_a_sent_applications_documents_are_not_removed(client, db, world):
    application = submitted(db, world["maria"], world["call"])
    db.commit()
    document = application.documents[0]
    as_user(client, "maria@example.org")
    url = f"/admissions/applications/{application.id}/edit"
    refused = send(client, url, {**form_data(), "remove": str(document.id)},
                   token_from="/admissions/mine", follow_redirects=True)
    assert "can no longer be changed" in refused.get_data(as_text=True)
    assert fresh(db, ApplicationDocument, document.id) is not None


def test_anonymous_visitors_are_sent_to_sign_in(client, db, world):
    application = started(db, world)
    base = f"/admissions/applications/{application.id}"
    as_nobody(client)
    for url in ("/admissions/mine", base, f"{base}/edit", f"{base}/withdraw", f"{base}/decline",
                f"{base}/interview.ics", f"{base}/documents/1"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login?next="), url
    for url in (f"/admissions/calls/{world['call'].id}/apply", f"{base}/edit",
                f"{base}/withdraw", f"{base}/confirm", f"{base}/decline", f"{base}/arrival",
                f"{base}/nominator", f"{base}/documents/cv"):
        response = send(client, url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login?next="), url
    assert fresh(db, AdmissionApplication, application.id).status == S.DRAFT
    assert db.scalar(select(func.count()).select_from(AdmissionApplication)) == 1


def test_the_navigation_links_the_calls(client, db, world):
    as_user(client, "maria@example.org")
    page = text(client.get("/admissions/mine"))
    assert '<a href="/admissions/" aria-current="page">Admissions</a>' in page


def test_the_interview_call_is_unknown_without_an_interview(client, db, world):
    application = submitted(db, world["maria"], world["call"])
    db.commit()
    as_user(client, "maria@example.org")
    assert client.get(f"/admissions/applications/{application.id}/interview.ics") \
        .status_code == 404
    assert db.scalar(select(func.count()).select_from(Interview)) == 0
    assert db.get(AdmissionCall, world["call"].id) is not None


def test_a_refused_upload_is_explained_beside_its_field(client, db, world):
    application = started(db, world)
    as_user(client, "maria@example.org")
    response = upload_file(client, application.id, "cv", content=b"\x00\x01binary\x00")
    assert response.status_code == 200
    page = text(response)
    assert 'id="document-cv-error"' in page
    assert '<a href="#document-cv">Curriculum vitae: ' in page
    assert db.scalar(select(func.count()).select_from(ApplicationDocument)) == 0
    empty = send(client, f"/admissions/applications/{application.id}/documents/passport",
                 {}, token_from="/admissions/mine", content_type="multipart/form-data")
    assert empty.status_code == 200
    assert '<a href="#document-passport">Passport (the page with your photo): Choose a file ' \
        'to upload.</a>' in text(empty)
    # Kinds the call does not ask for are not offered.
    assert upload_file(client, application.id, "photo").status_code == 404
    assert upload_file(client, application.id, "no-such-kind").status_code == 404


def test_an_unconfirmed_address_cannot_start_an_application(client, db, world):
    as_user(client, "maria@example.org")
    # Signed in before the address lost its confirmation (the service's rule, not the page's).
    world["maria"].email_confirmed_at = None
    db.commit()
    call_url = f"/admissions/calls/{world['call'].id}"
    refused = send(client, f"{call_url}/apply", token_from=call_url)
    assert refused.status_code == 403
    assert "Confirm your email address first" in text(refused)
    assert db.scalar(select(func.count()).select_from(AdmissionApplication)) == 0
