"""The staff admissions pages: who reaches them, calls, the call's applications, and each step
on an application's page (screening, reviewers, interview, decision, release, checklist)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.admissions import applying, nominations, selection, services
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationStatus,
    ChecklistItem,
    DocumentKind,
    Interview,
)
from lms.audit import AuditEvent
from lms.mail import OutboxMessage
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation, ReviewAssignment
from tests import factories
from tests.admissions.conftest import PDF, eligible, submitted
from tests.conftest import PASSWORD, csrf_token, login
from tests.reviews.wide_lists import assert_pages_of_25

S = ApplicationStatus
SCORES = {"experience": 4, "motivation": 5, "contribution": 3, "language": 4}


def text(response) -> str:
    return response.get_data(as_text=True)


def as_user(client, email: str) -> None:
    client.delete_cookie("kakehashi_session")  # a fresh browser for each person
    response = login(client, email)
    assert response.status_code == 302, email


def options_of(page: str, name: str) -> list[str]:
    """The labels of a select's options, in order."""
    select_html = page[page.index(f'name="{name}"'):]
    select_html = select_html[:select_html.index("</select>")]
    return re.findall(r"<option[^>]*>([^<]+)</option>", select_html)


def send(client, url: str, data: dict | None = None, page: str | None = None):
    return client.post(url, data={"csrf_token": csrf_token(client, page or "/"),
                                  **(data or {})})


def eligible_as(db, world, who: str, **changes):
    return eligible(db, world["staff"], world[who], world["call"],
                    full_name=world[who].display_name, **changes)


def submitted_as(db, world, who: str, **changes):
    return submitted(db, world[who], world["call"], full_name=world[who].display_name,
                     **changes)


def reviewed(db, world, application, member, recommendation="yes") -> None:
    assignment = selection.assign_reviewer(db, world["staff"], application, member)
    reviews.save_review(db, member, assignment, reviews.ReviewInput(
        dict(SCORES), Recommendation(recommendation), "Clear goals."), submit=True)


def interviewed(db, world, application, hour: int = 10) -> Interview:
    return selection.schedule_interview(db, world["staff"], application, selection.InterviewInput(
        starts_at=dt.datetime(2026, 11, 5, hour, 0, tzinfo=dt.UTC), minutes=30,
        place="Video call", interviewer_id=world["staff"].id))


# Who may open what ------------------------------------------------------------------------------


@pytest.fixture
def scene(db, world):
    """An eligible application, one waiting for screening, and a draft nobody but its author
    should see."""
    application = eligible_as(db, world, "maria")
    waiting = submitted_as(db, world, "somchai")
    draft = applying.start_application(db, world["jose"], world["call"])
    applying.save_draft(db, world["jose"], draft, applying.ApplicationInput(
        full_name="Jose Unsent", country="PH"))
    applying.add_document(db, world["jose"], draft, DocumentKind.CV, io.BytesIO(PDF), "cv.pdf")
    db.commit()
    return {"application": application.id, "waiting": waiting.id, "draft": draft.id,
            "call": world["call"].id, "document": application.documents[0].id,
            "draft_document": draft.documents[0].id}


def _get_routes(scene) -> list[str]:
    call_id, application_id = scene["call"], scene["application"]
    return ["/admissions/staff/", "/admissions/staff/calls/new",
            f"/admissions/staff/calls/{call_id}", f"/admissions/staff/calls/{call_id}/edit",
            f"/admissions/staff/calls/{call_id}/statistics",
            f"/admissions/staff/calls/{call_id}/statistics.csv",
            f"/admissions/staff/applications/{application_id}",
            f"/admissions/staff/applications/{application_id}/documents/{scene['document']}"]


def _post_routes(scene) -> list[str]:
    call_id = scene["call"]
    base = f"/admissions/staff/applications/{scene['application']}"
    return ["/admissions/staff/calls/new", f"/admissions/staff/calls/{call_id}/edit",
            f"/admissions/staff/applications/{scene['waiting']}/screening",
            f"{base}/reviewers", f"{base}/interview", f"{base}/decision", f"{base}/release",
            f"{base}/checklist/1"]


def test_staff_pages_send_visitors_to_sign_in(client, scene):
    for url in _get_routes(scene):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def _state(db):
    return (sorted((a.id, a.status.value, a.decision_message)
                   for a in db.scalars(select(AdmissionApplication))),
            db.scalar(select(func.count()).select_from(ReviewAssignment)),
            db.scalar(select(func.count()).select_from(Interview)),
            db.scalars(select(AdmissionCall.title)).all(),
            db.scalar(select(func.count()).select_from(OutboxMessage)),
            db.scalar(select(func.count()).select_from(AuditEvent)
                      .where(AuditEvent.action != "login")))


@pytest.mark.parametrize("who", ["maria", "trainee", "member"])
def test_nobody_but_staff_opens_or_changes_anything(client, db, world, scene, who):
    before = _state(db)
    as_user(client, world[who].email)
    for url in _get_routes(scene):
        response = client.get(url)
        assert response.status_code == 403, (who, url)
        assert "Only program staff can do this." in text(response), url
    token = csrf_token(client, "/")
    for url in _post_routes(scene):
        response = client.post(url, data={
            "csrf_token": token, "screening-eligible": "yes", "decision-outcome": "selected",
            "reviewer-reviewer": str(world["member"].id), "interview-starts_on": "2026-11-05",
            "interview-starts_time": "10:00", "interview-timezone": "Asia/Tokyo",
            "interview-minutes": "30", "interview-place": "Room 1",
            "title": "Hijacked", "cohort_id": str(world["cohort"].id)})
        assert response.status_code == 403, (who, url)
    # Nothing changed, and signing in is the only thing recorded.
    assert _state(db) == before


def test_unknown_ids_and_drafts_are_not_found_for_staff(client, world, scene):
    as_user(client, world["staff"].email)
    for url in _get_routes(scene):
        assert client.get(url).status_code == 200, url
    draft, base = scene["draft"], f"/admissions/staff/applications/{scene['application']}"
    missing = ["/admissions/staff/calls/999", "/admissions/staff/calls/999/edit",
               "/admissions/staff/calls/999/statistics",
               "/admissions/staff/calls/999/statistics.csv",
               "/admissions/staff/applications/999",
               # A draft is its author's until sent.
               f"/admissions/staff/applications/{draft}",
               f"/admissions/staff/applications/{draft}/documents/{scene['draft_document']}",
               # A document is reached only through its own application.
               f"{base}/documents/{scene['draft_document']}",
               f"{base}/documents/999"]
    for url in missing:
        assert client.get(url).status_code == 404, url
    for url in (f"/admissions/staff/applications/{draft}/screening",
                f"/admissions/staff/applications/{draft}/decision", f"{base}/checklist/999"):
        assert send(client, url, {"screening-eligible": "yes"}).status_code == 404, url
    listed = text(client.get(f"/admissions/staff/calls/{scene['call']}"))
    assert "Maria Santos" in listed and "Jose Unsent" not in listed
    assert "1 draft not yet sent (only its author sees it)" in listed


def test_staff_download_a_document_of_a_sent_application(client, db, world, scene):
    as_user(client, world["staff"].email)
    response = client.get(f"/admissions/staff/applications/{scene['application']}/documents/"
                          f"{scene['document']}")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]


# Calls ------------------------------------------------------------------------------------------


def test_create_a_call_with_times_in_its_zone_and_errors_beside_fields(client, db, world):
    cohort = factories.cohort(db, number=45, starts_on=dt.date(2028, 3, 9), active=False)
    db.commit()
    as_user(client, world["staff"].email)
    form = text(client.get("/admissions/staff/calls/new"))
    # The 44th has a call already, the 43rd is under way: only the 45th may be chosen.
    cohorts = form[form.index('name="cohort_id"'):]
    assert re.findall(r'<option[^>]*value="(\d+)"', cohorts[:cohorts.index("</select>")]) \
        == [str(cohort.id)]
    assert re.search(r'<option selected value="Asia/Tokyo">|<option value="Asia/Tokyo" '
                     r'selected>', form)
    assert "How long unsuccessful applications are kept" in form
    assert 'value="health_certificate"' not in form and 'value="cv"' in form
    fields = {"cohort_id": str(cohort.id), "title": "Call for the 45th cohort",
              "timezone": "Asia/Manila", "opens_on": "2027-06-01", "opens_time": "09:00",
              "closes_on": "2027-05-01", "closes_time": "17:00", "capacity": "6",
              "country_quota": "7", "min_years_in_welfare": "3", "required_language": "en",
              "required_language_level": "", "required_documents": ["cv", "diploma"],
              "eligibility": "Social workers.", "guidance": "**Travel** is paid.",
              "reply_days": "14", "keep_unsuccessful_days": "365"}
    refused = text(send(client, "/admissions/staff/calls/new", fields))
    assert 'id="closes_on-error">The call must close after it opens.' in refused
    fields["closes_on"] = "2027-08-31"
    refused = text(send(client, "/admissions/staff/calls/new", fields))
    assert 'id="country_quota-error">The quota per country must be between 1 and the number ' \
           'of places.' in refused
    fields["country_quota"] = "2"
    refused = text(send(client, "/admissions/staff/calls/new", fields))
    assert re.search(r'id="required_language_level-error">Choose both the language and its '
                     r'lowest level, or neither.', refused)
    fields["required_language_level"] = "3"
    assert db.scalar(select(func.count()).select_from(AdmissionCall)) == 1
    response = send(client, "/admissions/staff/calls/new", fields)
    assert response.status_code == 302
    made = db.scalar(select(AdmissionCall).where(AdmissionCall.cohort_id == cohort.id))
    # 09:00 in Manila is 01:00 UTC; the call closes at the end of 17:00 there.
    assert made.opens_at == dt.datetime(2027, 6, 1, 1, 0, tzinfo=dt.UTC)
    assert made.closes_at == dt.datetime(2027, 8, 31, 9, 0, 59, tzinfo=dt.UTC)
    assert (made.capacity, made.country_quota, made.required_language,
            made.required_language_level) == (6, 2, "en", 3)
    assert made.required_documents == ["cv", "diploma"]
    assert response.headers["Location"].endswith(f"/admissions/staff/calls/{made.id}")
    # Changing it: the form shows the times in the call's zone.
    edit = text(client.get(f"/admissions/staff/calls/{made.id}/edit"))
    assert 'value="2027-06-01"' in edit and 'value="09:00"' in edit and 'value="17:00"' in edit
    fields.update(title="Call for the 45th cohort (extended)", closes_on="2027-09-15")
    assert send(client, f"/admissions/staff/calls/{made.id}/edit", fields).status_code == 302
    db.refresh(made)
    assert made.title == "Call for the 45th cohort (extended)"
    assert made.closes_at == dt.datetime(2027, 9, 15, 9, 0, 59, tzinfo=dt.UTC)
    listed = text(client.get("/admissions/staff/"))
    assert "Call for the 45th cohort (extended)" in listed and "Call for the 44th cohort" in listed


def test_a_call_cannot_have_fewer_places_than_given(client, db, world):
    for person in ("maria", "somchai"):
        application = eligible(db, world["staff"], world[person], world["call"])
        selection.decide(db, world["staff"], application, S.SELECTED, "Welcome.")
    db.commit()
    as_user(client, world["staff"].email)
    url = f"/admissions/staff/calls/{world['call'].id}/edit"
    page = text(client.get(url))
    token = csrf_token(client, url)
    fields = {name: value for name, value in re.findall(
        r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page)}
    fields.update(cohort_id=str(world["cohort"].id), timezone="Asia/Tokyo", capacity="1",
                  country_quota="",
                  required_language="en", required_language_level="3",
                  required_documents=["cv", "passport"], csrf_token=token)
    refused = client.post(url, data=fields)
    assert refused.status_code == 200
    assert 'id="capacity-error">2 places are already given: the call cannot have fewer.' \
        in text(refused)
    db.refresh(world["call"])
    assert world["call"].capacity == 6


def test_call_page_lists_counts_filters_and_quota(client, db, world):
    maria = eligible_as(db, world, "maria")
    jose = eligible_as(db, world, "jose")
    somchai = eligible_as(db, world, "somchai")
    submitted_as(db, world, "nimal")
    selection.decide(db, world["staff"], maria, S.SELECTED, "")
    selection.decide(db, world["staff"], jose, S.SELECTED, "")
    reviewed(db, world, somchai, world["member"])
    reviewed(db, world, somchai, world["member2"], recommendation="maybe")
    interviewed(db, world, somchai)
    applying.start_application(db, world["ana"], world["call"])
    db.commit()
    as_user(client, world["staff"].email)
    url = f"/admissions/staff/calls/{world['call'].id}"
    page = text(client.get(url))
    for name in ("Maria Santos", "Somchai Boonmee", "Nimal Perera"):
        assert name in page
    assert "Ana Bautista" not in page  # a draft
    assert "The program pays travel, housing and a monthly allowance." in page
    assert "Curriculum vitae; Passport (the page with your photo)" in page
    assert "English: advanced" in page
    assert "Places given</dt><dd>2 of 6" in page
    assert re.search(r"Philippines</th>\s*<td>2</td>\s*<td>2</td>\s*<td>2 of 2 <strong>"
                     r"\(full\)</strong>", page)
    assert re.search(r"Thailand</th>\s*<td>1</td>\s*<td>0</td>\s*<td>0 of 2</td>", page)
    assert "selected: 2" in page and "submitted, waiting for screening: 1" in page
    # Somchai's row: two reviews, their average, and the interview time.
    row = page[page.index("Somchai Boonmee"):]
    row = row[:row.index("</tr>")]
    assert "2 of 2" in row and "4.11" in row and "2026" in row
    only_selected = text(client.get(url, query_string={"status": "selected"}))
    assert "Maria Santos" in only_selected and "Somchai Boonmee" not in only_selected
    thai = text(client.get(url, query_string={"country": "TH"}))
    assert "Somchai Boonmee" in thai and "Maria Santos" not in thai
    # A state or country that is not listed shows everything rather than nothing.
    everyone = text(client.get(url, query_string={"status": "draft", "country": "ZZ"}))
    assert "Maria Santos" in everyone and "Ana Bautista" not in everyone
    # "All" countries (an empty one) lists everyone, an application without a country too.
    nimal = db.scalar(select(AdmissionApplication).where(
        AdmissionApplication.full_name == "Nimal Perera"))
    nimal.country = None
    db.commit()
    everyone = text(client.get(url, query_string={"country": ""}))
    assert "Maria Santos" in everyone and "Nimal Perera" in everyone
    assert re.search(r"not given</th>\s*<td>1</td>", everyone)


def test_the_call_list_shows_25_applications_a_page_at_most(client, app, db, world):
    """A wide list's page holds 25 rows even where the site's pages hold 50, and the pager
    reaches the rest."""
    app.config["LMS_PAGE_SIZE"] = 50
    for number in range(26):
        submitted(db, factories.person(db, f"many{number}@example.org", f"Many {number:03}",
                                       "PH"), world["call"], full_name=f"Many {number:03}")
    db.commit()
    listed = db.scalar(select(func.count()).select_from(AdmissionApplication).where(
        AdmissionApplication.call_id == world["call"].id,
        AdmissionApplication.submitted_at.is_not(None)))
    as_user(client, world["staff"].email)
    url = f"/admissions/staff/calls/{world['call'].id}"
    assert_pages_of_25(client, url, "/admissions/staff/applications/", listed)


def _crowd(db, world, start: int, count: int) -> None:
    """Applicants from three countries, each eligible, reviewed twice and interviewed."""
    countries = ("PH", "TH", "LK")
    for number in range(start, start + count):
        person = factories.person(db, f"crowd{number}@example.org", f"Crowd {number:03}",
                                  countries[number % 3])
        application = eligible(db, world["staff"], person, world["call"],
                               full_name=f"Crowd {number:03}")
        reviewed(db, world, application, world["member"])
        reviewed(db, world, application, world["member2"], recommendation="no")
        interviewed(db, world, application, hour=number % 24)
    db.commit()


def test_call_page_queries_do_not_grow_with_applications(client, app, db, world,
                                                         count_queries):
    app.config["LMS_PAGE_SIZE"] = 20
    _crowd(db, world, 0, 3)
    as_user(client, world["staff"].email)
    url = f"/admissions/staff/calls/{world['call'].id}"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _crowd(db, world, 3, 22)
    with count_queries() as many:
        page = text(client.get(url))
    assert many.count == few.count <= 12, (few.statements, many.statements)
    assert "Page 1 of 2" in page and page.count("Crowd 0") == 20
    with count_queries() as listing:
        assert client.get("/admissions/staff/").status_code == 200
    factories.cohort(db, number=45, starts_on=dt.date(2028, 3, 9), active=False)
    db.commit()
    with count_queries() as form:
        assert client.get("/admissions/staff/calls/new").status_code == 200
    assert listing.count < 15 and form.count < 15


# One application --------------------------------------------------------------------------------


def test_application_page_shows_everything_the_applicant_wrote(client, db, world):
    application = submitted_as(db, world, "maria")
    db.commit()
    as_user(client, world["staff"].email)
    page = text(client.get(f"/admissions/staff/applications/{application.id}"))
    for shown in ("Maria Santos", "maria@example.org", "Quezon City Social Services",
                  "Case manager", "Social worker", "+63 2 8123 4567", "Philippines",
                  "female", "English: fluent or native", "Japanese: basic",
                  "I coordinate home care", "By a nomination letter", "Curriculum vitae",
                  "Passport (the page with your photo)", "Nomination letter",
                  "submitted, waiting for screening"):
        assert shown in page, shown
    assert 'name="screening-eligible"' in page
    assert 'name="decision-outcome"' not in page  # not before screening
    cv = application.document(DocumentKind.CV)
    link = f'href="/admissions/staff/applications/{application.id}/documents/{cv.id}" download'
    assert link in page


def test_nominator_statement_is_shown(client, db, world):
    application = applying.start_application(db, world["maria"], world["call"])
    nominations.invite_nominator(db, world["maria"], application, nominations.NominatorInput(
        "Dr. Reyes", "reyes@example.org", "Department of Social Welfare", "Director"))
    nomination = application.nomination
    nomination.answered_at = nomination.sent_at
    nomination.confirmed = True
    nomination.statement = "Maria leads our home-care reform."
    application.submitted_at = nomination.sent_at
    application.status = S.SUBMITTED
    db.commit()
    as_user(client, world["staff"].email)
    page = text(client.get(f"/admissions/staff/applications/{application.id}"))
    assert "Dr. Reyes, Director, Department of Social Welfare" in page
    assert "reyes@example.org" in page and "confirmed the nomination" in page
    assert "Maria leads our home-care reform." in page


def test_screening_through_the_page(client, db, world):
    application = submitted_as(db, world, "maria")
    db.commit()
    url = f"/admissions/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    refused = text(send(client, f"{url}/screening", {"screening-eligible": "no",
                                                      "screening-reason": " "}))
    assert 'id="screening-reason-error">Give the reason the applicant will read.' in refused
    db.refresh(application)
    assert application.status == S.SUBMITTED
    response = send(client, f"{url}/screening", {
        "screening-eligible": "no", "screening-reason": "Three years in welfare are needed."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#screening-heading")
    db.refresh(application)
    assert application.status == S.INELIGIBLE
    assert application.screening_reason == "Three years in welfare are needed."
    page = text(client.get(url))
    assert "Found not eligible." in page and "Three years in welfare are needed." in page
    assert 'name="screening-eligible"' not in page
    again = send(client, f"{url}/screening", {"screening-eligible": "yes"})
    assert again.status_code == 200
    assert "An application that is not eligible cannot become" in text(again)


def test_assign_reviewers_never_the_applicant(client, db, world):
    applicant_member = create_user(db, "rosa@example.org", "Rosa Member", PASSWORD,
                                   [Role.COMMITTEE_MEMBER], country="PH")
    create_user(db, "gone@example.org", "Gone Member", PASSWORD, [Role.COMMITTEE_MEMBER])
    db.scalar(select(User).where(User.email == "gone@example.org")).is_active = False
    application = eligible(db, world["staff"], applicant_member, world["call"],
                           full_name="Rosa Member")
    db.commit()
    url = f"/admissions/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    page = text(client.get(url))
    assert options_of(page, "reviewer-reviewer") == ["Member One", "Member Two"]
    # A forged id is refused by the rule, beside the field.
    refused = send(client, f"{url}/reviewers", {"reviewer-reviewer": str(applicant_member.id)})
    assert refused.status_code == 200
    assert 'id="reviewer-reviewer-error">Rosa Member cannot review their own application.' \
        in text(refused)
    assert db.scalar(select(func.count()).select_from(ReviewAssignment)) == 0
    response = send(client, f"{url}/reviewers", {"reviewer-reviewer": str(world["member"].id)})
    assert response.status_code == 302
    assignment = db.scalar(select(ReviewAssignment))
    assert assignment.reviewer_id == world["member"].id
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "member@example.org"))
    assert f"/admissions/reviews/{assignment.id}" in mail.body
    page = text(client.get(url))
    assert "Member One" in page[page.index("reviewers-caption"):page.index("</table>",
                                                                       page.index(
                                                                           "reviewers-caption"))]
    assert options_of(page, "reviewer-reviewer") == ["Member Two"]


def test_reviews_are_shown_to_staff(client, db, world):
    application = eligible_as(db, world, "maria")
    reviewed(db, world, application, world["member"])
    selection.assign_reviewer(db, world["staff"], application, world["member2"])
    db.commit()
    as_user(client, world["staff"].email)
    page = text(client.get(f"/admissions/staff/applications/{application.id}"))
    assert "1 review submitted; weighted average 4.11 of 5" in page
    assert "Yes: select" in page and "Clear goals." in page
    assert "not started" in page  # Member Two's


def test_set_an_interview_in_a_chosen_zone_shown_in_both_zones(client, db, world):
    world["maria"].timezone = "Asia/Manila"
    application = eligible_as(db, world, "maria")
    db.commit()
    url = f"/admissions/staff/applications/{application.id}"
    as_user(client, world["staff"].email)  # staff's own zone: Asia/Tokyo
    page = text(client.get(url))
    assert re.search(r'<option selected value="Asia/Tokyo">|<option value="Asia/Tokyo" '
                     r'selected>', page[page.index('name="interview-timezone"'):])
    refused = send(client, f"{url}/interview", {
        "interview-starts_on": "2026-11-05", "interview-starts_time": "10:00",
        "interview-timezone": "Asia/Bangkok", "interview-minutes": "5",
        "interview-place": "Room 3", "interview-interviewer_id": ""})
    assert 'id="interview-minutes-error">Give between 10 and 240 minutes.' in text(refused)
    assert db.scalar(select(func.count()).select_from(Interview)) == 0
    response = send(client, f"{url}/interview", {
        "interview-starts_on": "2026-11-05", "interview-starts_time": "10:00",
        "interview-timezone": "Asia/Bangkok", "interview-minutes": "45",
        "interview-place": "https://meet.example.org/maria",
        "interview-interviewer_id": str(world["member"].id)})
    assert response.status_code == 302
    interview = db.scalar(select(Interview))
    # 10:00 in Bangkok is 03:00 UTC: 12:00 in Tokyo, 11:00 in Manila.
    assert interview.starts_at == dt.datetime(2026, 11, 5, 3, 0, tzinfo=dt.UTC)
    assert (interview.minutes, interview.interviewer_id) == (45, world["member"].id)
    page = text(client.get(url))
    assert re.search(r"in your time zone</dt><dd>[^<]*12:00 JST", page)
    assert re.search(r"in the applicant(&#39;|')s time zone</dt><dd>[^<]*11:00 "
                     r"Philippines Time", page)
    assert "Member One" in page and "45 minutes" in page
    recipients = db.scalars(select(OutboxMessage.to_address).where(
        OutboxMessage.body.contains("interview.ics"))).all()
    assert sorted(recipients) == ["maria@example.org", "member@example.org"]


def test_an_interview_at_a_time_the_clocks_skip_or_repeat(client, db, world):
    application = eligible_as(db, world, "maria")
    db.commit()
    url = f"/admissions/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    fields = {"interview-timezone": "America/New_York", "interview-minutes": "45",
              "interview-place": "Room 3", "interview-interviewer_id": ""}
    refused = send(client, f"{url}/interview", {
        **fields, "interview-starts_on": "2027-03-14", "interview-starts_time": "02:30"})
    assert re.search(r'id="interview-starts_time-error">[^<]*does not exist in '
                     r'America/New_York', text(refused))
    assert db.scalar(select(func.count()).select_from(Interview)) == 0
    taken = send(client, f"{url}/interview", {
        **fields, "interview-starts_on": "2026-11-01", "interview-starts_time": "01:30"})
    assert taken.status_code == 302
    assert db.scalar(select(Interview.starts_at)) == dt.datetime(2026, 11, 1, 5, 30,
                                                                 tzinfo=dt.UTC)
    assert "happens twice in America/New_York" in text(client.get(url))


def test_selecting_past_a_country_quota_shows_the_refusal_beside_the_field(client, db, world):
    first = eligible_as(db, world, "maria")
    second = eligible_as(db, world, "jose")
    third = eligible_as(db, world, "ana")
    selection.decide(db, world["staff"], first, S.SELECTED, "")
    selection.decide(db, world["staff"], second, S.SELECTED, "")
    db.commit()
    mails = db.scalar(select(func.count()).select_from(OutboxMessage))
    url = f"/admissions/staff/applications/{third.id}"
    as_user(client, world["staff"].email)
    assert "From Philippines: 2 of 2." in text(client.get(url))
    refused = send(client, f"{url}/decision", {"decision-outcome": "selected",
                                                "decision-message": "Welcome!"})
    assert refused.status_code == 200
    assert re.search(r'id="decision-outcome-error">The quota for Philippines is full: 2 of 2 '
                     r'places are given. Put the applicant on the waiting list instead.',
                     text(refused))
    db.refresh(third)
    assert (third.status, third.decision_message, third.decided_at) == (S.ELIGIBLE, "", None)
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == mails
    response = send(client, f"{url}/decision", {"decision-outcome": "waitlisted",
                                                 "decision-message": "You are first in line."})
    assert response.status_code == 302
    db.refresh(third)
    assert (third.status, third.waitlist_position) == (S.WAITLISTED, 1)
    page = text(client.get(url))
    assert "You are first in line." in page and "Place on the waiting list" in page


def test_selecting_past_the_places_shows_the_refusal_beside_the_field(client, db, world):
    world["call"].capacity, world["call"].country_quota = 2, None
    for who in ("maria", "somchai"):
        selection.decide(db, world["staff"], eligible_as(db, world, who), S.SELECTED, "")
    last = eligible_as(db, world, "nimal")
    db.commit()
    url = f"/admissions/staff/applications/{last.id}"
    as_user(client, world["staff"].email)
    assert "Places given: 2 of 2." in text(client.get(url))
    refused = send(client, f"{url}/decision", {"decision-outcome": "selected"})
    assert 'id="decision-outcome-error">All 2 places are given. Put the applicant on the ' \
           'waiting list instead.' in text(refused)
    db.refresh(last)
    assert (last.status, last.decided_at) == (S.ELIGIBLE, None)


def test_release_a_lapsed_place_moves_the_waiting_list_up(client, db, world):
    first = eligible_as(db, world, "maria")
    second = eligible_as(db, world, "jose")
    waiting = eligible_as(db, world, "ana")
    selection.decide(db, world["staff"], first, S.SELECTED, "")
    selection.decide(db, world["staff"], second, S.SELECTED, "")
    selection.decide(db, world["staff"], waiting, S.WAITLISTED, "")
    db.commit()
    url = f"/admissions/staff/applications/{first.id}"
    as_user(client, world["staff"].email)
    assert "Release the place" not in text(client.get(url))
    refused = send(client, f"{url}/release")
    assert refused.status_code == 200
    assert "Only a place not confirmed by its deadline can be released." in text(refused)
    db.refresh(first)
    assert first.status == S.SELECTED
    first.reply_by = first.reply_by - dt.timedelta(days=30)
    db.commit()
    assert "Release the place" in text(client.get(url))
    assert send(client, f"{url}/release").status_code == 302
    db.refresh(first)
    db.refresh(waiting)
    assert first.status == S.DECLINED and waiting.status == S.SELECTED


def test_checklist_after_confirmation(client, db, world):
    application = eligible_as(db, world, "maria")
    selection.decide(db, world["staff"], application, S.SELECTED, "")
    selection.confirm_place(db, world["maria"], application)
    application.arrival_on = dt.date(2027, 3, 8)
    application.arrival_details = "PR 428, Narita 14:30"
    db.commit()
    url = f"/admissions/staff/applications/{application.id}"
    as_user(client, world["staff"].email)
    page = text(client.get(url))
    assert "Passport and visa" in page and "Health certificate" in page
    assert "PR 428, Narita 14:30" in page and "2027" in page
    items = db.scalars(select(ChecklistItem).order_by(ChecklistItem.id)).all()
    assert len(items) == 3 and all(item.done_at is None for item in items)
    response = send(client, f"{url}/checklist/{items[0].id}", {
        f"item-{items[0].id}-done": "y", f"item-{items[0].id}-note": "Visa issued 2 Feb."})
    assert response.status_code == 302
    db.refresh(items[0])
    assert items[0].done_at is not None and items[0].note == "Visa issued 2 Feb."
    assert items[0].done_by_id == world["staff"].id
    page = text(client.get(url))
    assert "Visa issued 2 Feb." in page and "done " in page
    # An item of another application is not found through this one.
    other = eligible_as(db, world, "somchai")
    db.commit()
    assert send(client, f"/admissions/staff/applications/{other.id}/checklist/{items[1].id}",
                {}).status_code == 404


# History ----------------------------------------------------------------------------------------

#: The action names admissions write to the audit trail: those given to audit.record, to the
#: workflow's move, and to the helpers that pass one on.
AUDITED_ACTION = re.compile(
    r'(?:audit\.record\(\s*\w+,\s*\w+,\s*|\bmove\(\s*\w+,\s*\w+,\s*\w+,\s*[\w.]+,\s*'
    r'|_offer_place\(\s*\w+,\s*\w+,\s*\w+,\s*|_release\(\s*\w+,\s*\w+,\s*\w+,\s*)"([a-z_]+)"')


def test_every_admissions_action_has_a_label_in_the_history():
    from pathlib import Path

    from lms.audit import ACTION_LABELS

    sources = Path(services.__file__).parent.glob("*.py")
    actions = {name for path in sources for name in AUDITED_ACTION.findall(path.read_text())}
    assert {"admission_selected", "admission_place_lapsed", "nominator_invited",
            "admission_application_anonymized"} <= actions
    assert len(actions) >= 20
    assert sorted(actions - set(ACTION_LABELS)) == []


def test_the_guidance_kept_rendered_is_the_calls_as_it_is_now(client, db, world):
    """The guidance's HTML is kept between visits (lms.markdown.render_kept): a changed text
    shows at once, and a table in it is named in the reader's language."""
    as_user(client, world["staff"].email)
    url = f"/admissions/staff/calls/{world['call'].id}"
    assert "The program pays travel, housing and a monthly allowance." in text(client.get(url))
    world["call"].guidance = "**Paid:** travel\n\n| Item | Paid |\n|---|---|\n| Rent | yes |"
    db.commit()
    page = text(client.get(url))
    assert "<strong>Paid:</strong> travel" in page and "monthly allowance" not in page
    assert 'aria-label="Table"' in page
    client.post("/language", data={"csrf_token": csrf_token(client, url), "locale": "ja"})
    assert 'aria-label="表"' in text(client.get(url))
