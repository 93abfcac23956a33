from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from lms.accounts.services import create_user
from lms.events import program, services
from lms.events.models import (
    EventSession,
    Registration,
    RegistrationStatus,
    SessionAttendance,
    SessionKind,
)
from lms.mail import OutboxMessage
from lms.placements.models import HostFacility, PracticeField
from lms.programs.models import Enrollment, EnrollmentStatus
from tests.conftest import PASSWORD, csrf_token, post
from tests.events.conftest import as_user, make_seminar, user


def url(world, path="", which="seminar"):
    return f"/events/{world[which].id}{path}"


def add_session(db, world, title="Opening ceremony", day=dt.date(2026, 12, 7),
                starts=dt.time(9, 30), ends=dt.time(10, 0), kind=SessionKind.OPENING):
    row = program.add_session(db, world["staff"], world["seminar"], program.SessionDetails(
        kind=kind, title=title, day=day, starts=starts, ends=ends))
    db.commit()
    return row


def register(db, email, cohort):
    registration = services.register(db, user(db, email), cohort)
    db.commit()
    return registration


# Authorization --------------------------------------------------------------------------------

GET_PAGES = ["", "/details", "/sessions/new", "/attendance", "/attendance.csv"]
STAFF_PAGES = ["/details", "/sessions/new", "/attendance", "/attendance.csv"]


def scoped_paths(db, world):
    """Every route of the domain, with ids that exist."""
    row = add_session(db, world)
    registration = register(db, "maricel@example.org", world["seminar"])
    return {
        "get": ["/events", *(url(world, path) for path in GET_PAGES),
                url(world, f"/sessions/{row.id}/edit")],
        "post": [url(world, "/register"), url(world, "/cancel"),
                 url(world, f"/sessions/{row.id}/remove"),
                 url(world, f"/registrations/{registration.id}/cancel"),
                 url(world, "/details"), url(world, "/sessions/new"),
                 url(world, f"/sessions/{row.id}/edit")],
    }


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, db, world):
    paths = scoped_paths(db, world)
    token = csrf_token(client)
    for path in paths["get"]:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location, path
    for path in paths["post"]:
        response = client.post(path, data={"csrf_token": token})
        assert response.status_code == 302 and "/login" in response.location, path
    assert db.scalar(select(func.count()).select_from(EventSession)) == 1


@pytest.mark.parametrize("email", ["plain@example.org", "notdone@example.org"])
def test_people_the_seminar_is_not_for_are_refused_everywhere(client, db, world, email):
    paths = scoped_paths(db, world)
    as_user(client, email)
    for path in paths["get"]:
        assert client.get(path).status_code == 403, path
    for path in paths["post"]:
        assert post(client, path).status_code == 403, path
    assert db.scalar(select(func.count()).select_from(EventSession)) == 1
    assert db.scalar(select(Registration.status)) == RegistrationStatus.REGISTERED
    assert "open to alumni of the year-long training program and to its current trainees" in \
        client.get("/events").get_data(as_text=True)


@pytest.mark.parametrize("email", ["alumna@example.org", "trainee@example.org"])
def test_staff_pages_are_refused_to_alumni_and_trainees(client, db, world, email):
    paths = scoped_paths(db, world)
    as_user(client, email)
    staff_only = [path for path in paths["get"] + paths["post"]
                  if not path.endswith(("/register", "/cancel")) and path != "/events"
                  and path != url(world)]
    for path in staff_only:
        method = client.get if path in paths["get"] and path not in paths["post"] else \
            lambda p: post(client, p)
        assert method(path).status_code == 403, path
    assert db.scalar(select(func.count()).select_from(EventSession)) == 1
    assert db.scalar(select(Registration.status)) == RegistrationStatus.REGISTERED


def test_guessed_ids_give_404(client, db, world):
    row = add_session(db, world)
    registration = register(db, "maricel@example.org", world["seminar"])
    other = make_seminar(db, number=9, starts_on=dt.date(2027, 12, 6))
    db.commit()
    as_user(client, "staff@example.org")
    year_long = f"/events/{world['current'].id}"  # a cohort, but not a seminar
    for path in ["/events/99999", year_long, year_long + "/attendance",
                 year_long + "/details", f"/events/{other.id}/sessions/{row.id}/edit",
                 url(world, "/sessions/99999/edit")]:
        assert client.get(path).status_code == 404, path
    for path in [f"/events/{other.id}/sessions/{row.id}/remove",
                 f"/events/{other.id}/registrations/{registration.id}/cancel",
                 url(world, "/registrations/99999/cancel"), year_long + "/register"]:
        assert post(client, path).status_code == 404, path
    as_user(client, "alumna@example.org")
    assert client.get("/events/99999").status_code == 404
    assert post(client, url(world, "/cancel")).status_code == 404  # she has no registration
    assert db.scalar(select(Registration.status)) == RegistrationStatus.REGISTERED
    assert db.get(EventSession, row.id) is not None


def test_one_alumna_cannot_cancel_anothers_registration(client, db, world):
    registration = register(db, "maricel@example.org", world["seminar"])
    as_user(client, "jerome@example.org")
    # Her own cancel route only ever finds her own row; the staff route is closed to her.
    assert post(client, url(world, "/cancel")).status_code == 404
    assert post(client, url(world, f"/registrations/{registration.id}/cancel")
                ).status_code == 403
    db.expire_all()
    assert db.get(Registration, registration.id).status == RegistrationStatus.REGISTERED


def test_get_changes_nothing(client, db, world):
    as_user(client, "alumna@example.org")
    client.get(url(world, "/register"))
    assert db.scalar(select(func.count()).select_from(Registration)) == 0


def test_posts_need_a_csrf_token(client, db, world):
    as_user(client, "alumna@example.org")
    assert client.post(url(world, "/register")).status_code == 400
    assert db.scalar(select(func.count()).select_from(Registration)) == 0


# Registering from the page --------------------------------------------------------------------


def test_an_alumna_registers_and_cancels_from_the_seminar_page(client, db, world):
    add_session(db, world)
    as_user(client, "alumna@example.org")
    page = client.get(url(world)).get_data(as_text=True)
    assert "8th Asian Social Welfare Seminar" in page
    assert "Shin-Kasumigaseki Building, Tokyo" in page
    assert "Up to 2 participants from each country" in page
    assert "Places left for participants from Indonesia" in page
    assert "Register for the event" in page
    assert "open to the end of 30 Nov 2026 (Asia/Tokyo)" in page
    assert "09:30–10:00" in page and "Opening ceremony" in page
    assert "Asia/Tokyo" in page
    response = post(client, url(world, "/register"), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You are registered for 8th Asian Social Welfare Seminar" in page
    assert "as a participant from Indonesia" in page and "Cancel my registration" in page
    page = post(client, url(world, "/cancel"), follow_redirects=True).get_data(as_text=True)
    assert "Your registration for 8th Asian Social Welfare Seminar is cancelled" in page
    assert "Register again" in page
    assert [message.to_address for message in db.scalars(select(OutboxMessage))] == [
        "alumna@example.org", "alumna@example.org"]


def test_past_the_country_cap_the_trainee_reads_why(client, db, world):
    register(db, "maricel@example.org", world["seminar"])
    register(db, "jerome@example.org", world["seminar"])
    as_user(client, "trainee@example.org")
    page = client.get(url(world)).get_data(as_text=True)
    assert "Places left for participants from Philippines" in page
    page = post(client, url(world, "/register"), follow_redirects=True).get_data(as_text=True)
    assert "The places for participants from Philippines are taken: up to 2 per country." in page
    assert db.scalar(select(func.count()).select_from(Registration)) == 2


def test_the_country_in_ones_settings_does_not_dodge_the_cap(client, db, world):
    """The outside probe: refused by the cap, change the country in the account settings and
    register again."""
    register(db, "maricel@example.org", world["seminar"])
    register(db, "jerome@example.org", world["seminar"])
    as_user(client, "trainee@example.org")
    refused = "The places for participants from Philippines are taken"
    page = post(client, url(world, "/register"), follow_redirects=True).get_data(as_text=True)
    assert refused in page
    saved = post(client, "/settings", {"display_name": "Amihan Reyes", "country": "TH",
                                       "locale": "en", "timezone": "Asia/Manila"})
    assert saved.status_code == 302
    db.expire_all()
    assert user(db, "trainee@example.org").country == "TH"
    page = client.get(url(world)).get_data(as_text=True)
    assert "Places left for participants from Philippines" in page
    page = post(client, url(world, "/register"), follow_redirects=True).get_data(as_text=True)
    assert refused in page
    assert db.scalar(select(func.count()).select_from(Registration)) == 2


def test_without_a_recorded_country_the_page_says_whom_to_ask(client, db, world):
    alumna = user(db, "alumna@example.org")
    for enrollment in db.scalars(select(Enrollment).where(Enrollment.user_id == alumna.id)):
        enrollment.country = None
    db.commit()
    as_user(client, "alumna@example.org")
    page = client.get(url(world)).get_data(as_text=True)
    assert "no country is recorded with your training" in page
    assert "Register for the event" not in page
    page = post(client, url(world, "/register"), follow_redirects=True).get_data(as_text=True)
    assert "no country is recorded with your training" in page
    assert db.scalar(select(func.count()).select_from(Registration)) == 0


def test_a_closed_seminar_shows_no_register_button(client, db, world):
    as_user(client, "alumna@example.org")
    page = client.get(url(world, which="past_seminar")).get_data(as_text=True)
    assert "Registration is closed." in page and "Register for the event" not in page


def test_the_list_shows_seminars_and_the_viewers_registration(client, db, world):
    register(db, "alumna@example.org", world["seminar"])
    as_user(client, "alumna@example.org")
    page = client.get("/events").get_data(as_text=True)
    assert "8th Asian Social Welfare Seminar" in page
    assert "7th Asian Social Welfare Seminar" in page
    assert "1 of 5 places" in page and "registered" in page
    assert "New edition" not in page


# Staff pages ----------------------------------------------------------------------------------

#: What the details form holds by default: the seminar's people, and a year's retention.
AUDIENCE = {"open_to_alumni": "y", "open_to_trainees": "y", "retention_days": "365"}


def test_staff_save_details_with_errors_beside_fields(client, db, world):
    bare = make_seminar(db, number=9, starts_on=dt.date(2027, 12, 6), details=False)
    db.commit()
    as_user(client, "staff@example.org")
    path = f"/events/{bare.id}/details"
    page = post(client, path, {**AUDIENCE, "venue": "Hall", "city": "Osaka",
                               "per_country_cap": "0"},
                token_from=path).get_data(as_text=True)
    assert 'id="per_country_cap-error"' in page and "at least 1" in page
    page = post(client, path, {**AUDIENCE, "venue": "Hall", "city": "Osaka",
                               "registration_closes_on": "2027-12-31"},
                token_from=path).get_data(as_text=True)
    assert 'id="registration_closes_on-error"' in page
    response = post(client, path, {**AUDIENCE, "venue": "Hall", "city": "Osaka",
                                   "per_country_cap": "10"},
                    token_from=path)
    assert response.status_code == 302
    assert services.seminar_of(db, bare).per_country_cap == 10
    page = client.get(path).get_data(as_text=True)
    assert 'value="Osaka"' in page


def test_staff_add_edit_and_remove_a_session(client, db, world):
    as_user(client, "staff@example.org")
    new = url(world, "/sessions/new")
    fields = {"kind": "site_visit", "title": "Visit to a community salon",
              "day": "2026-12-09", "starts": "13:00", "ends": "12:00", "place": "Nerima"}
    page = post(client, new, fields, token_from=new).get_data(as_text=True)
    assert 'id="ends-error"' in page and "must end after it starts" in page
    page = post(client, new, {**fields, "day": "2026-12-20", "ends": "16:00"},
                token_from=new).get_data(as_text=True)
    assert 'id="day-error"' in page
    assert post(client, new, {**fields, "ends": "16:00"}, token_from=new).status_code == 302
    row = db.scalar(select(EventSession))
    assert row.starts_at == dt.datetime(2026, 12, 9, 4, 0, tzinfo=dt.UTC)
    edit = url(world, f"/sessions/{row.id}/edit")
    page = client.get(edit).get_data(as_text=True)
    assert 'value="13:00"' in page and 'value="2026-12-09"' in page
    assert post(client, edit, {**fields, "kind": "summary", "title": "Summary of the visits",
                               "starts": "14:00", "ends": "15:30"},
                token_from=edit).status_code == 302
    db.expire_all()
    assert db.get(EventSession, row.id).kind == SessionKind.SUMMARY
    page = client.get(url(world)).get_data(as_text=True)
    assert "Summary of the visits" in page and "14:00–15:30" in page
    assert post(client, url(world, f"/sessions/{row.id}/remove")).status_code == 302
    assert db.scalar(select(func.count()).select_from(EventSession)) == 0


def test_the_attendance_list_groups_by_country_with_a_total(client, db, world):
    for email in ("maricel@example.org", "jerome@example.org", "alumna@example.org"):
        register(db, email, world["seminar"])
    as_user(client, "staff@example.org")
    page = client.get(url(world, "/attendance")).get_data(as_text=True)
    assert "3 participants from 2 countries" in page
    assert page.index("Indonesia (1)") < page.index("Philippines (2)")
    assert page.index("Jerome Villanueva") < page.index("Maricel Dizon")


def test_the_total_line_speaks_in_the_singular_for_one(client, db, world):
    register(db, "alumna@example.org", world["seminar"])
    as_user(client, "staff@example.org")
    page = client.get(url(world, "/attendance")).get_data(as_text=True)
    assert "1 participant from 1 country" in page


def test_staff_cancel_for_someone_and_they_are_told(client, db, world):
    registration = register(db, "maricel@example.org", world["seminar"])
    as_user(client, "staff@example.org")
    page = post(client, url(world, f"/registrations/{registration.id}/cancel"),
                follow_redirects=True).get_data(as_text=True)
    assert "The registration of Maricel Dizon is cancelled" in page
    assert "0 participants from 0 countries" in page and "Cancelled registrations" in page
    mail = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert mail.to_address == "maricel@example.org" and "program staff" in mail.body


def test_the_attendance_csv_lists_every_registration(client, db, world):
    for email in ("maricel@example.org", "alumna@example.org"):
        register(db, email, world["seminar"])
    services.cancel_registration(db, world["staff"], world["seminar"],
                                 db.scalar(select(Registration).where(
                                     Registration.country == "ID")))
    db.commit()
    as_user(client, "staff@example.org")
    response = client.get(url(world, "/attendance.csv"))
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Country code", "Country", "Name"]
    assert [(row[0], row[2], row[4]) for row in rows[1:]] == [
        ("PH", "Maricel Dizon", "registered"),
        ("ID", "Putri Handayani", "registration cancelled")]


def test_a_name_that_looks_like_a_formula_is_neutralised_in_the_csv(client, db, world):
    tricky = user(db, "alumna@example.org")
    tricky.display_name = "=HYPERLINK(\"http://evil\")"
    db.commit()
    register(db, "alumna@example.org", world["seminar"])
    as_user(client, "staff@example.org")
    assert "'=HYPERLINK" in client.get(url(world, "/attendance.csv")).get_data(as_text=True)


# Query counts ---------------------------------------------------------------------------------


def _grow(db, world, count, start):
    """``count`` more alumni from several countries, registered, and as many sessions."""
    seminar = world["seminar"]
    seminar.capacity = 10_000
    services.save_details(db, world["staff"], seminar, services.EditionDetails(
        venue="Hall", city="Tokyo", per_country_cap=None,
        registration_closes_on=dt.date(2026, 11, 30)))
    countries = ["PH", "TH", "ID", "KR", "TW", "MY", "LK", "BD"]
    past = world["past"]
    for number in range(start, start + count):
        person = create_user(db, f"grown{number}@example.org", f"Grown {number}", PASSWORD,
                             country=countries[number % len(countries)])
        from lms.programs.models import Enrollment, EnrollmentRole

        db.add(Enrollment(cohort=past, user=person, role=EnrollmentRole.TRAINEE,
                          status=EnrollmentStatus.COMPLETED))
        db.add(Registration(cohort_id=seminar.id, user=person,
                                   country=person.country))
        host = HostFacility(name=f"Facility {number}", field=PracticeField.CHILDREN,
                            prefecture="13", address=f"Street {number}")
        row = EventSession(cohort_id=seminar.id, kind=SessionKind.COUNTRY_REPORT,
                           title=f"Report {number}", facility=host, online=number % 2 == 0,
                           meeting_url="https://meet.example.org/x", materials="*Slides*",
                           recording_url="https://video.example.org/x",
                           starts_at=dt.datetime(2026, 12, 7 + number % 5, 1, tzinfo=dt.UTC),
                           ends_at=dt.datetime(2026, 12, 7 + number % 5, 2, tzinfo=dt.UTC))
        db.add(row)
        db.flush()
        db.add(SessionAttendance(session_id=row.id, user_id=person.id))
    db.commit()


@pytest.mark.parametrize("who,path", [
    ("staff@example.org", "/attendance"),
    ("staff@example.org", "/program"),
    ("alumna@example.org", "/program"),
    ("staff@example.org", "/sessions/first/attendance"),
    ("staff@example.org", ""),
    ("alumna@example.org", ""),
    ("alumna@example.org", "/events"),
])
def test_pages_do_not_grow_with_registrations_or_sessions(client, db, world, count_queries,
                                                          who, path):
    register(db, "alumna@example.org", world["seminar"])
    as_user(client, who)
    if "first" in path:
        path = path.replace("first", str(add_session(db, world).id))
    target = path if path.startswith("/events") else url(world, path)

    def queries():
        with count_queries() as counter:
            assert client.get(target).status_code == 200
        return counter.count

    _grow(db, world, 3, 0)
    few = queries()
    _grow(db, world, 30, 3)
    assert queries() == few
