from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.alumni import services
from lms.alumni.models import AlumniProfile, AlumniReport, ReportPicture, ReportStatus
from tests.alumni.conftest import (
    JPEG,
    alumnus,
    as_nobody,
    as_user,
    completed,
    png_bytes,
    profile,
    report_by,
)
from tests.conftest import csrf_token, outbox

XSS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">raw</a>',
]
LIVE_HANDLER = re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=", re.IGNORECASE)
LIVE_SCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def text(response) -> str:
    return response.get_data(as_text=True)


def send(client, url, data, files=None, page=None):
    payload = {"csrf_token": csrf_token(client, page or url), **data}
    if files is not None:
        payload["picture"] = files
    return client.post(url, data=payload, content_type="multipart/form-data")


@pytest.fixture
def reports(db, world):
    """The alumna's reports in three states, each with a picture."""
    alumna, staff = world["alumna"], world["staff"]
    profile(db, alumna, listed=True)
    made = {}
    for state in ("approved", "submitted", "draft"):
        report = report_by(db, alumna, f"A {state} report")
        services.add_picture(db, alumna, report, io.BytesIO(png_bytes()), f"{state} picture")
        if state != "draft":
            services.submit_report(db, alumna, report)
        if state == "approved":
            services.approve_report(db, staff, report)
        db.commit()
        made[state] = (report.id, report.pictures[0].id)
    return made


# Who may open what ------------------------------------------------------------------------------

ACTORS = ("anonymous", "plain", "trainee", "alumna", "other", "staff")
MATRIX = [
    # route,                              anon plain trainee alumna other staff
    ("/alumni/directory",                  (302, 403, 403, 200, 200, 200)),
    ("/alumni/people/{alumna}",            (302, 403, 403, 200, 200, 200)),
    ("/alumni/reports",                    (302, 403, 403, 200, 200, 200)),
    ("/alumni/reports/{approved}",         (302, 403, 403, 200, 200, 200)),
    ("/alumni/pictures/{approved_pic}",    (302, 403, 403, 200, 200, 200)),
    ("/alumni/reports/{submitted}",        (302, 403, 403, 200, 404, 200)),
    ("/alumni/pictures/{submitted_pic}",   (302, 403, 403, 200, 404, 200)),
    ("/alumni/reports/{draft}",            (302, 403, 403, 200, 404, 404)),
    ("/alumni/pictures/{draft_pic}",       (302, 403, 403, 200, 404, 404)),
    ("/alumni/profile",                    (302, 403, 403, 200, 200, 403)),
    ("/alumni/reports/mine",               (302, 403, 403, 200, 200, 403)),
    ("/alumni/reports/new",                (302, 403, 403, 200, 200, 403)),
    ("/alumni/reports/{draft}/edit",       (302, 403, 403, 200, 404, 403)),
    ("/alumni/review",                     (302, 403, 403, 403, 403, 200)),
    ("/alumni/reports/{submitted}/review", (302, 403, 403, 403, 403, 200)),
    ("/alumni/reports/9999",               (302, 403, 403, 404, 404, 404)),
    ("/alumni/pictures/9999",              (302, 403, 403, 404, 404, 404)),
    ("/alumni/people/9999",                (302, 403, 403, 404, 404, 404)),
]


def _fill(route, world, reports):
    return route.format(alumna=world["alumna"].id, approved=reports["approved"][0],
                        approved_pic=reports["approved"][1], submitted=reports["submitted"][0],
                        submitted_pic=reports["submitted"][1], draft=reports["draft"][0],
                        draft_pic=reports["draft"][1])


@pytest.mark.parametrize("actor_index", range(len(ACTORS)), ids=ACTORS)
def test_every_route_for_every_kind_of_person(client, world, reports, actor_index):
    actor = ACTORS[actor_index]
    if actor == "anonymous":
        as_nobody(client)
    else:
        as_user(client, world[actor].email)
    for route, codes in MATRIX:
        url = _fill(route, world, reports)
        response = client.get(url)
        assert response.status_code == codes[actor_index], (actor, url)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]
        if actor == "trainee" and not url.endswith("/review"):
            # Told why, not just refused: the pages open on completing the year-long program.
            assert re.search(r"(completed|alumni of) the year-long training program",
                             text(response)), url


def test_every_post_route_refuses_the_wrong_people(client, db, world, reports):
    draft_id, draft_pic = reports["draft"]
    submitted_id, _pic = reports["submitted"]
    review = f"/alumni/reports/{submitted_id}/review"
    edit = f"/alumni/reports/{draft_id}/edit"
    # Every post presses the draft's picture's Remove button too, a button of the edit form.
    removing = {"remove": str(draft_pic)}
    as_nobody(client)
    token = csrf_token(client, "/login")
    for url in (review, edit, "/alumni/profile", "/alumni/reports/new"):
        response = client.post(url, data={"csrf_token": token, **removing})
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    expected = {"trainee": (403, 403, 403), "plain": (403, 403, 403),
                "other": (403, 404, 302), "staff": (302, 403, 403)}
    for who, codes in expected.items():
        as_user(client, world[who].email)
        token = csrf_token(client, "/alumni/directory")
        got = tuple(client.post(url, data={"csrf_token": token, "action": "approve",
                                           "title": "Hijacked", "country": "PH",
                                           **removing}).status_code
                    for url in (review, edit, "/alumni/profile"))
        assert got == codes, who
    # Staff approved the submitted report; the other alumna saved only her own profile.
    statuses = {report.title: report.status for report in db.scalars(select(AlumniReport))}
    assert statuses == {"A approved report": ReportStatus.APPROVED,
                        "A submitted report": ReportStatus.APPROVED,
                        "A draft report": ReportStatus.DRAFT}
    assert db.scalar(select(func.count()).select_from(ReportPicture)) == 3
    assert {row.user_id for row in db.scalars(select(AlumniProfile))} == {
        world["alumna"].id, world["other"].id}


# Profile ----------------------------------------------------------------------------------------


def test_an_alumna_writes_her_profile_starting_from_her_account(client, db, world):
    as_user(client, "putri@example.org")
    page = text(client.get("/alumni/profile"))
    assert re.search(r'<option selected value="ID">|<option value="ID" selected>', page)
    assert not re.search(r'id="listed"[^>]*checked', page)  # not listed by default
    response = send(client, "/alumni/profile", {
        "listed": "y", "country": "ID", "organization": "Elderly care foundation, Bandung",
        "current_role": "Programme manager", "fields": ["older_people", "disability"],
        "bio": "I run day care for older people.", "shared": ["organization", "email"]})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/alumni/people/{world['alumna'].id}")
    saved = db.scalars(select(AlumniProfile)).one()
    assert (saved.user_id, saved.listed, saved.fields) == (
        world["alumna"].id, True, ["older_people", "disability"])
    assert services.shared_items(saved) == ["email", "organization"]


def test_no_route_lets_one_alumna_change_anothers_profile(client, db, world):
    profile(db, world["alumna"], organization="Elderly care foundation")
    as_user(client, "siriporn@example.org")
    alumna_id = world["alumna"].id
    data = {"listed": "y", "country": "TH", "organization": "Hijacked", "user_id": alumna_id}
    send(client, "/alumni/profile", data)
    send(client, f"/alumni/profile?user_id={alumna_id}", data, page="/alumni/profile")
    for url in (f"/alumni/people/{alumna_id}", f"/alumni/profile/{alumna_id}",
                f"/alumni/people/{alumna_id}/edit"):
        assert client.post(url, data={"csrf_token": csrf_token(client, "/alumni/directory"),
                                      **data}).status_code in (404, 405)
    rows = {row.user_id: row.organization for row in db.scalars(select(AlumniProfile))}
    assert rows[alumna_id] == "Elderly care foundation"
    assert rows[world["other"].id] == "Hijacked"  # only her own changed


def test_a_bad_profile_is_shown_with_the_error_beside_its_field(client, db, world):
    as_user(client, "putri@example.org")
    page = text(send(client, "/alumni/profile", {"country": "ID", "fields": ["astrology"]}))
    assert "is not a valid choice" in page and 'id="fields-error"' in page
    assert db.scalar(select(func.count()).select_from(AlumniProfile)) == 0


# Directory --------------------------------------------------------------------------------------


@pytest.fixture
def listed(db, world):
    profile(db, world["alumna"], listed=True, organization="Elderly care foundation",
            current_role="Programme manager", fields=["older_people"], bio="Day care.",
            shared=["organization"])
    profile(db, world["other"], listed=False, organization="Khon Kaen office",
            fields=["mental_health"], shared=["organization", "email", "role", "bio"])
    profile(db, world["twice"], listed=True, organization="DSWD Cebu",
            current_role="Social worker III", fields=["disaster_response", "older_people"],
            bio="Typhoon response.", shared=["email", "role", "bio"])
    return world


def test_alumni_see_listed_profiles_and_only_what_is_shared(client, listed):
    as_user(client, "siriporn@example.org")
    page = text(client.get("/alumni/directory"))
    assert "Putri Handayani" in page and "Rodel Bautista" in page
    assert "Siriporn" not in page.split("<table", 1)[1]  # she is not listed
    assert "Elderly care foundation" in page  # shared
    assert "Programme manager" not in page  # not shared
    assert "DSWD Cebu" not in page and "Social worker III" in page
    assert "not listed" not in page
    person = text(client.get(f"/alumni/people/{listed['twice'].id}"))
    assert "rodel@example.org" in person and "Typhoon response." in person
    assert "DSWD Cebu" not in person
    alumna_page = text(client.get(f"/alumni/people/{listed['alumna'].id}"))
    assert "putri@example.org" not in alumna_page and "Day care." not in alumna_page


def test_an_unlisted_alumna_is_hidden_from_others_but_not_from_herself_or_staff(client, listed):
    other_id = listed["other"].id
    as_user(client, "putri@example.org")
    assert client.get(f"/alumni/people/{other_id}").status_code == 404
    as_user(client, "siriporn@example.org")
    own = text(client.get(f"/alumni/people/{other_id}"))
    assert "You are not listed" in own and "Khon Kaen office" in own
    as_user(client, "staff@example.org")
    staff_view = text(client.get(f"/alumni/people/{other_id}"))
    assert "Not listed" in staff_view and "siriporn@example.org" in staff_view


def test_staff_see_every_alumnus_with_everything_and_a_marker(client, db, listed):
    never = alumnus(db, listed["c35"], "noprofile@example.org", "Nadeesha Perera", "LK")
    db.commit()
    as_user(client, "staff@example.org")
    page = text(client.get("/alumni/directory"))
    for name in ("Putri Handayani", "Siriporn Kaewmanee", "Rodel Bautista", never.display_name):
        assert name in page
    assert page.count("not listed") == 2  # Siriporn, and Nadeesha who has no profile yet
    assert "Programme manager" in page and "DSWD Cebu" in page
    assert "Amihan" not in page and "Plain Person" not in page  # not alumni


def test_someone_who_completed_two_cohorts_shows_both(client, listed):
    as_user(client, "putri@example.org")
    page = text(client.get("/alumni/directory"))
    row = next(line for line in page.split("<tr>") if "Rodel Bautista" in line)
    assert "35th cohort" in row and "36th cohort" in row


@pytest.mark.parametrize(("query", "expected"), [
    ("country=PH", {"Rodel Bautista"}),
    ("country=ID", {"Putri Handayani"}),
    ("field=older_people", {"Putri Handayani", "Rodel Bautista"}),
    ("field=disaster_response", {"Rodel Bautista"}),
    ("name=putri", {"Putri Handayani"}),
    ("name=%25", set()),
    ("country=ZZ&field=nonsense&cohort=abc", {"Putri Handayani", "Rodel Bautista"}),
])
def test_the_directory_filters(client, listed, query, expected):
    as_user(client, "siriporn@example.org")
    page = text(client.get(f"/alumni/directory?{query}"))
    shown = {name for name in ("Putri Handayani", "Rodel Bautista", "Siriporn Kaewmanee")
             if name in page.split("<h1>", 1)[1]}
    assert shown == expected, query


def test_the_cohort_filter(client, listed):
    as_user(client, "siriporn@example.org")
    page = text(client.get(f"/alumni/directory?cohort={listed['c35'].id}"))
    assert "Rodel Bautista" in page and "Putri Handayani" not in page


def test_the_filters_show_what_was_chosen_in_the_readers_language_at_once(client, db, listed):
    """The filter's options are drawn once per language and app: each visit still marks its
    own choice, in the reader's language, with the cohorts as they are named now."""
    as_user(client, "siriporn@example.org")
    chosen = f"country=PH&field=older_people&cohort={listed['c35'].id}"
    page = text(client.get(f"/alumni/directory?{chosen}"))
    assert '<option selected value="PH">Philippines</option>' in page
    assert '<option selected value="older_people">Older people</option>' in page
    assert f'<option selected value="{listed["c35"].id}">35th cohort</option>' in page
    assert page.count("<option selected") == 3
    assert "<option selected" not in text(client.get("/alumni/directory?country=ZZ"))
    listed["c35"].name = "The first cohort"
    db.get(User, listed["other"].id).locale = "ja"
    db.commit()
    japanese = text(client.get(f"/alumni/directory?{chosen}"))
    assert '<option selected value="PH">フィリピン</option>' in japanese
    assert '<option selected value="older_people">高齢者福祉</option>' in japanese
    assert f'<option selected value="{listed["c35"].id}">The first cohort</option>' in japanese
    assert "Philippines" not in japanese and "Older people" not in japanese


def test_the_pages_go_through_the_listed_alumni_by_name_each_once(app, client, db, listed):
    app.config["LMS_PAGE_SIZE"] = 2
    for number, name in enumerate(("Ana Cruz", "Zenaida Ramos", "Bea Lim", "Anna Cruz")):
        person = alumnus(db, listed["c35"], f"more{number}@example.org", name, "PH")
        db.flush()
        profile(db, person, listed=True)
    person.is_active = False  # Anna Cruz
    db.commit()
    as_user(client, "siriporn@example.org")
    shown = []
    for number in range(1, 4):
        page = text(client.get(f"/alumni/directory?page={number}"))
        assert f"Page {number} of 3 (5 in all)" in page
        shown += re.findall(r'<a href="/alumni/people/\d+">([^<]+)</a>', page)
    # Rodel completed two cohorts and shows once; Anna's account is closed; Siriporn is not
    # listed; Plain Person and Amihan are no alumni.
    assert shown == ["Ana Cruz", "Bea Lim", "Putri Handayani", "Rodel Bautista",
                     "Zenaida Ramos"]


def _add_alumni(db, world, start, stop):
    for number in range(start, stop):
        user = alumnus(db, world["c36"] if number % 2 else world["c35"],
                       f"alum{number}@example.org", f"Alumnus {number:03d}", "PH")
        db.flush()
        profile(db, user, listed=number % 5 != 0, fields=["older_people"],
                shared=["email", "organization"], organization=f"Org {number}")
        if number % 3 == 0:  # some came back for a second year
            completed(db, world["c36"] if number % 2 == 0 else world["c35"], user)
    db.commit()


@pytest.mark.parametrize("who", ["alumna", "staff"])
def test_the_directory_costs_the_same_queries_for_3_or_40_alumni(app, client, db, world,
                                                                    count_queries, who):
    app.config["LMS_PAGE_SIZE"] = 25
    _add_alumni(db, world, 0, 3)
    as_user(client, world[who].email)
    url = f"/alumni/directory?field=older_people&cohort={world['c36'].id}&country=PH"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _add_alumni(db, world, 3, 40)
    with count_queries() as many:
        page = text(client.get("/alumni/directory"))
    assert many.count == few.count <= 12, (few.statements, many.statements)
    # One page is read, never everyone: 25 rows of the 35 listed (or 43 for staff).
    assert "Page 1 of 2" in page and page.count("<tr>") == 26
    assert all(" LIMIT " in statement or "count(" in statement.lower()
               for statement in many.statements if "lms_alumni_profiles" in statement
               and "lms_users.display_name" in statement)


# Reports ----------------------------------------------------------------------------------------


def test_write_preview_save_and_send_a_report(client, db, world):
    as_user(client, "putri@example.org")
    page = text(client.get("/alumni/reports/new"))
    assert re.search(r'<option selected value="ID">|<option value="ID" selected>', page)
    preview = text(send(client, "/alumni/reports/new", {
        "title": "Village volunteers", "body": "We **visited** every house.",
        "country": "ID", "action": "preview"}))
    assert "<strong>visited</strong>" in preview and "Nothing has been saved yet" in preview
    assert db.scalar(select(func.count()).select_from(AlumniReport)) == 0
    saved = send(client, "/alumni/reports/new", {
        "title": "Village volunteers", "body": "We visited every house.", "country": "ID",
        "alt_text": "Volunteers with masks at a house", "caption": "Bandung, May 2020",
        "action": "save"}, files=(io.BytesIO(png_bytes()), "volunteers.png"))
    assert saved.status_code == 302
    report = db.scalars(select(AlumniReport)).one()
    assert report.status == ReportStatus.DRAFT and len(report.pictures) == 1
    assert saved.headers["Location"].endswith(f"/alumni/reports/{report.id}/edit")
    edit = text(client.get(f"/alumni/reports/{report.id}/edit"))
    assert 'alt="Volunteers with masks at a house"' in edit
    sent = send(client, f"/alumni/reports/{report.id}/edit", {
        "title": "Village volunteers", "body": "We visited every house.", "country": "ID",
        "action": "submit"})
    assert sent.status_code == 302
    db.refresh(report)
    assert report.status == ReportStatus.SUBMITTED
    mine = text(client.get("/alumni/reports/mine"))
    assert "Village volunteers" in mine and "Waiting for staff approval" in mine
    assert client.get(f"/alumni/reports/{report.id}/edit").status_code == 302  # not now


def test_staff_review_approve_and_return_through_the_pages(client, db, world, reports):
    submitted_id = reports["submitted"][0]
    as_user(client, "staff@example.org")
    queue = text(client.get("/alumni/review"))
    assert "A submitted report" in queue and "A draft report" not in queue
    page = f"/alumni/reports/{submitted_id}/review"
    assert send(client, page, {"action": "publish-everything"}).status_code == 400
    refused = text(send(client, page, {"action": "return", "note": ""}))
    assert "Tell the author what to change" in refused
    assert send(client, page, {"action": "return", "note": "Add the dates, please."}
                ).status_code == 302
    assert db.get(AlumniReport, submitted_id).status == ReportStatus.RETURNED
    mail = outbox(client.application)
    assert mail[-1].to_address == "putri@example.org" and "Add the dates" in mail[-1].body
    as_user(client, "putri@example.org")
    own = text(client.get(f"/alumni/reports/{submitted_id}"))
    assert "Returned to the author" in own and "Add the dates, please." in own
    mine = text(client.get("/alumni/reports/mine"))
    assert "read the note and edit" in mine
    send(client, f"/alumni/reports/{submitted_id}/edit", {
        "title": "A submitted report", "body": "Now with dates: May 2020.", "country": "ID",
        "action": "submit"})
    as_user(client, "staff@example.org")
    assert send(client, page, {"action": "approve", "note": ""}).status_code == 302
    assert db.get(AlumniReport, submitted_id).status == ReportStatus.APPROVED
    as_user(client, "siriporn@example.org")
    listing = text(client.get("/alumni/reports"))
    assert "A submitted report" in listing and "A approved report" in listing
    assert "A draft report" not in listing
    other_view = text(client.get(f"/alumni/reports/{submitted_id}"))
    assert "Add the dates" not in other_view  # the staff note is between staff and author


def test_the_author_cannot_edit_what_is_with_staff_and_another_cannot_edit_at_all(
        client, db, world, reports):
    submitted_id = reports["submitted"][0]
    draft_id, draft_pic = reports["draft"]
    as_user(client, "putri@example.org")
    response = send(client, f"/alumni/reports/{submitted_id}/edit",
                    {"title": "Changed", "body": "x", "country": "ID", "action": "save"},
                    page=f"/alumni/reports/{submitted_id}")
    assert response.status_code == 302
    assert db.get(AlumniReport, submitted_id).title == "A submitted report"
    as_user(client, "siriporn@example.org")
    hijacking = {"title": "Hijacked", "body": "x", "country": "TH"}
    for pressed in ({"action": "save"}, {"remove": str(draft_pic)}):
        assert send(client, f"/alumni/reports/{draft_id}/edit", {**hijacking, **pressed},
                    page="/alumni/reports").status_code == 404
    # Her own draft's form naming another's picture removes nothing; her text is saved.
    hers = report_by(db, world["other"], "Her own draft")
    db.commit()
    assert send(client, f"/alumni/reports/{hers.id}/edit",
                {**hijacking, "remove": str(draft_pic)}).status_code == 302
    assert "The picture has been removed." not in text(
        client.get(f"/alumni/reports/{hers.id}/edit"))
    assert db.get(AlumniReport, draft_id).title == "A draft report"
    assert db.get(AlumniReport, hers.id).title == "Hijacked"
    assert db.scalar(select(func.count()).select_from(ReportPicture)) == 3


def test_a_picture_of_a_report_with_staff_is_not_removed(client, db, world, reports):
    submitted_id, submitted_pic = reports["submitted"]
    as_user(client, "putri@example.org")
    response = send(client, f"/alumni/reports/{submitted_id}/edit",
                    {"title": "A submitted report", "body": "x", "country": "ID",
                     "remove": str(submitted_pic)}, page=f"/alumni/reports/{submitted_id}")
    assert response.status_code == 302
    assert db.get(ReportPicture, submitted_pic) is not None


def test_removing_a_picture_saves_the_text_typed_with_it(client, db, world, reports):
    """The Remove button belongs to the report's form: without JavaScript the text typed since
    the last save goes with it and is saved, never lost (issue 17, item 5)."""
    draft_id, draft_pic = reports["draft"]
    (other_id, other_pic) = reports["approved"]
    edit = f"/alumni/reports/{draft_id}/edit"
    as_user(client, "putri@example.org")
    assert f'name="remove" value="{draft_pic}"' in text(client.get(edit))
    response = send(client, edit, {"title": "A draft, retitled", "body": "Typed since.",
                                   "country": "ID", "remove": str(other_pic)})
    assert response.status_code == 302
    assert db.get(ReportPicture, other_pic) is not None  # not this report's picture
    assert "The picture has been removed." not in text(client.get(edit))
    response = send(client, edit, {"title": "A draft, retitled", "body": "Typed since.",
                                   "country": "ID", "remove": str(draft_pic)})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(ReportPicture, draft_pic) is None
    report = db.get(AlumniReport, draft_id)
    assert (report.title, report.body) == ("A draft, retitled", "Typed since.")
    assert "The picture has been removed." in text(client.get(edit))
    assert db.get(AlumniReport, other_id).title == "A approved report"


def test_pictures_are_served_inline_with_their_type_and_guards(client, world, reports):
    as_user(client, "siriporn@example.org")
    response = client.get(f"/alumni/pictures/{reports['approved'][1]}")
    assert response.status_code == 200 and response.get_data() == png_bytes()
    assert response.mimetype == "image/png"
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    page = text(client.get(f"/alumni/reports/{reports['approved'][0]}"))
    assert f'src="/alumni/pictures/{reports["approved"][1]}" alt="approved picture"' in page


def test_a_text_file_named_png_is_refused(client, db, world):
    as_user(client, "putri@example.org")
    page = text(send(client, "/alumni/reports/new", {
        "title": "T", "body": "x", "country": "ID", "alt_text": "A picture", "action": "save"},
        files=(io.BytesIO(b"I am plain text, not a picture.\n"), "photo.png")))
    assert "not a picture Kakehashi can show" in page
    assert db.scalar(select(func.count()).select_from(AlumniReport)) == 0


def test_an_oversized_picture_is_refused(app, client, db, world, tmp_path):
    app.config["LMS_MAX_UPLOAD_MB"] = 1
    as_user(client, "putri@example.org")
    big = JPEG + b"\x00" * (1024 * 1024)
    page = text(send(client, "/alumni/reports/new", {
        "title": "T", "body": "x", "country": "ID", "alt_text": "A picture", "action": "save"},
        files=(io.BytesIO(big), "photo.jpg")))
    assert "larger than 1 MB" in page
    assert db.scalar(select(func.count()).select_from(AlumniReport)) == 0
    assert [path for path in (tmp_path / "uploads").rglob("*") if path.is_file()] == []


def test_a_picture_without_a_description_is_refused_beside_the_field(client, db, world):
    as_user(client, "putri@example.org")
    page = text(send(client, "/alumni/reports/new", {
        "title": "T", "body": "x", "country": "ID", "action": "save"},
        files=(io.BytesIO(png_bytes()), "photo.png")))
    assert 'id="alt_text-error"' in page and "Describe the picture" in page


@pytest.mark.parametrize("payload", XSS)
def test_markdown_in_a_report_is_sanitized(client, db, world, payload):
    alumna = world["alumna"]
    report = report_by(db, alumna, "Safe", body=f"Hello {payload} world")
    services.submit_report(db, alumna, report)
    services.approve_report(db, world["staff"], report)
    db.commit()
    as_user(client, "siriporn@example.org")
    page = text(client.get(f"/alumni/reports/{report.id}"))
    assert "Hello" in page
    assert "<script>alert" not in page.lower()
    assert not LIVE_HANDLER.search(page) and not LIVE_SCRIPT_URL.search(page)
    as_user(client, "putri@example.org")
    preview = text(send(client, "/alumni/reports/new", {
        "title": "T", "body": payload, "country": "ID", "action": "preview"}))
    assert "<script>alert" not in preview.lower() and not LIVE_HANDLER.search(preview)


def test_the_reports_list_filters_by_country_newest_first(client, db, world):
    for author, title, country in ((world["alumna"], "From Bandung", "ID"),
                                   (world["twice"], "From Cebu", "PH"),
                                   (world["other"], "From Khon Kaen", "TH")):
        report = report_by(db, author, title, country=country)
        services.submit_report(db, author, report)
        services.approve_report(db, world["staff"], report)
        db.commit()
    as_user(client, "putri@example.org")
    page = text(client.get("/alumni/reports"))
    assert page.index("From Khon Kaen") < page.index("From Cebu") < page.index("From Bandung")
    only_ph = text(client.get("/alumni/reports?country=PH"))
    assert "From Cebu" in only_ph and "From Bandung" not in only_ph


def _published(db, world, count, start=0):
    for number in range(start, start + count):
        report = report_by(db, world["alumna"], f"Report {number}")
        services.add_picture(db, world["alumna"], report, io.BytesIO(png_bytes()), "Picture")
        services.submit_report(db, world["alumna"], report)
        services.approve_report(db, world["staff"], report)
    db.commit()


@pytest.mark.parametrize("url", ["/alumni/reports", "/alumni/reports/mine"])
def test_the_reports_lists_cost_the_same_for_3_or_30_reports(app, client, db, world,
                                                              count_queries, url):
    app.config["LMS_PAGE_SIZE"] = 20
    _published(db, world, 3)
    as_user(client, "putri@example.org")
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _published(db, world, 27, start=3)
    with count_queries() as many:
        page = text(client.get(url))
    assert many.count == few.count, (few.statements, many.statements)
    assert "Page 1 of 2" in page


def test_the_review_queue_costs_the_same_for_3_or_30_reports(app, client, db, world,
                                                             count_queries):
    def waiting(count, start):
        for number in range(start, start + count):
            author = world["alumna"] if number % 2 else world["other"]
            services.submit_report(db, author, report_by(db, author, f"Waiting {number}"))
        db.commit()

    waiting(3, 0)
    as_user(client, "staff@example.org")
    with count_queries() as few:
        first = text(client.get("/alumni/review"))
    waiting(27, 3)
    with count_queries() as many:
        client.get("/alumni/review")
    assert many.count == few.count
    assert first.index("Waiting 0") < first.index("Waiting 2")  # oldest first
