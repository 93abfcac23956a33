"""The pages of editions of every kind: registering as someone who is not an alumna, the
details form's new facts, a series that alternates hosts, and query counts that stay flat."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from lms.accounts.services import create_user
from lms.events import services
from lms.events.models import Registration
from lms.programs import services as program_services
from lms.programs.models import Program, ProgramKind
from tests import factories
from tests.conftest import PASSWORD, post
from tests.events.conftest import as_user
from tests.events.test_editions import DETAILS, declare, make_edition, outsider

AUDIENCE = {"open_to_alumni": "y", "open_to_trainees": "y", "retention_days": "365"}


def registrations(db):
    return db.scalar(select(func.count()).select_from(Registration))


def test_an_outsider_registers_for_an_open_edition_declaring_country_and_organization(
        client, db, world):
    cohort = make_edition(db, open_to_public=True, country_caps={"KR": 10, "JP": 10})
    outsider(db, "minji@example.org")
    db.commit()
    as_user(client, "minji@example.org")
    path = f"/events/{cohort.id}"
    page = client.get(path).get_data(as_text=True)
    assert 'name="organization"' in page and 'id="country"' in page
    assert "Anyone with an account and a confirmed email address" in page
    page = post(client, f"{path}/register", {"country": "KR", "organization": ""},
                token_from=path).get_data(as_text=True)
    assert 'id="organization-error"' in page
    assert registrations(db) == 0
    response = post(client, f"{path}/register",
                    {"country": "KR", "organization": "Seoul Welfare Foundation"},
                    token_from=path)
    assert response.status_code == 302
    registration = db.scalar(select(Registration))
    assert (registration.country, registration.organization) == \
        ("KR", "Seoul Welfare Foundation")
    page = client.get(path).get_data(as_text=True)
    assert "Registered from each country" in page and "South Korea: 1" in page


def test_a_full_named_country_is_told_beside_the_form(client, db, world):
    cohort = make_edition(db, open_to_public=True, country_caps={"KR": 1})
    services.register(db, outsider(db, "jiho@example.org", "Park Jiho"), cohort, declare())
    outsider(db, "minji@example.org")
    db.commit()
    as_user(client, "minji@example.org")
    path = f"/events/{cohort.id}"
    page = post(client, f"{path}/register", {"country": "KR", "organization": "KNCSW"},
                token_from=path).get_data(as_text=True)
    assert "this event takes up to 1 from South Korea" in page
    assert registrations(db) == 1


def test_outsiders_find_no_edition_that_is_not_open_to_them(client, db, world):
    make_edition(db, ProgramKind.FORUM, open_to_public=True)
    closed = make_edition(db, ProgramKind.LECTURE)
    outsider(db, "minji@example.org")
    db.commit()
    as_user(client, "minji@example.org")
    for cohort in (closed, world["seminar"]):
        assert client.get(f"/events/{cohort.id}").status_code == 404
        path = f"/events/{cohort.id}/register"
        assert post(client, path, {"country": "KR", "organization": "X"},
                    token_from="/events").status_code == 404
    assert registrations(db) == 0
    listing = client.get("/events").get_data(as_text=True)
    assert f"/events/{closed.id}\"" not in listing


def test_an_alumna_is_not_asked_to_declare_anything(client, db, world):
    cohort = make_edition(db, open_to_public=True)
    as_user(client, "alumna@example.org")
    page = client.get(f"/events/{cohort.id}").get_data(as_text=True)
    assert 'name="organization"' not in page
    assert post(client, f"/events/{cohort.id}/register",
                token_from=f"/events/{cohort.id}").status_code == 302
    assert db.scalar(select(Registration.country)) == "ID"


def test_staff_save_an_editions_facts_and_the_page_shows_them(client, db, world):
    cohort = make_edition(db)
    as_user(client, "staff@example.org")
    path = f"/events/{cohort.id}/details"
    form = {**AUDIENCE, "venue": "Hall", "city": "Seoul", "host_organization": "KNCSW",
            "host_country": "KR", "organizing_partner": "Korea National Council",
            "open_to_public": "y", "country_caps": "KR 10\nJP x"}
    page = post(client, path, form, token_from=path).get_data(as_text=True)
    assert 'id="country_caps-error"' in page and "JP x" in page
    response = post(client, path, {**form, "country_caps": "KR 10\njp 10",
                                   "registration_opens_on": "2026-11-05"}, token_from=path)
    assert response.status_code == 302
    assert services.country_caps(db, cohort) == {"JP": 10, "KR": 10}
    page = client.get(f"/events/{cohort.id}").get_data(as_text=True)
    for shown in ("KNCSW, South Korea", "Korea National Council",
                  "Up to 10 participants from Japan", "Anyone with an account",
                  "opens on"):
        assert shown in page, shown
    form_page = client.get(path).get_data(as_text=True)
    assert "JP 10\nKR 10" in form_page


def test_an_online_edition_saves_without_a_venue_and_says_online(client, db, world):
    cohort = make_edition(db, ProgramKind.ONLINE_SESSION)
    as_user(client, "staff@example.org")
    path = f"/events/{cohort.id}/details"
    assert post(client, path, {**AUDIENCE, "online": "y"},
                token_from=path).status_code == 302
    assert "online" in client.get(f"/events/{cohort.id}").get_data(as_text=True)


def _next_edition(db, number, starts_on):
    first = db.scalars(select(Program).where(Program.slug == "event-exchange")).one()
    return program_services.create_cohort(
        db, factories.staff(db), first, program_services.CohortDetails(
            number=number, fiscal_year=starts_on.year, title=f"Exchange {starts_on.year}",
            starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=4),
            timezone="Asia/Tokyo", capacity=20, course_id=None))


def test_a_series_lists_its_editions_and_proposes_the_other_host(client, db, world):
    first = make_edition(db, host_country="JP", organizing_partner="KNCSW",
                         country_caps={"KR": 10, "JP": 10})
    second = _next_edition(db, 2, dt.date(2027, 11, 8))
    db.commit()
    assert services.proposed_host(db, second) == "KR"
    as_user(client, "staff@example.org")
    form_page = client.get(f"/events/{second.id}/details").get_data(as_text=True)
    assert 'value="KR" selected' in form_page or 'selected value="KR"' in form_page
    services.save_details(db, world["staff"], second,
                          services.EditionDetails(**{**DETAILS, "host_country": "KR"}))
    third = _next_edition(db, 3, dt.date(2028, 11, 6))
    db.commit()
    assert services.proposed_host(db, third) == "JP"  # the host before the last
    page = client.get(f"/events/{first.id}").get_data(as_text=True)
    assert "Editions of this series" in page
    assert f"/events/{second.id}" in page and "South Korea" in page and "KNCSW" in page


def test_attendance_and_its_csv_show_what_outsiders_declared(client, db, world):
    cohort = make_edition(db, open_to_public=True)
    services.register(db, outsider(db, "minji@example.org"), cohort, declare())
    db.commit()
    as_user(client, "staff@example.org")
    page = client.get(f"/events/{cohort.id}/attendance").get_data(as_text=True)
    assert "Seoul Welfare Foundation" in page
    text = client.get(f"/events/{cohort.id}/attendance.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][-1] == "Organization" and rows[1][-1] == "Seoul Welfare Foundation"


def _grow(db, cohort, count, start):
    countries = ["KR", "JP", "PH", "TH"]
    for number in range(start, start + count):
        person = create_user(db, f"out{number}@example.org", f"Outsider {number}", PASSWORD,
                             country="KR")
        services.register(db, person, cohort,
                          declare(country=countries[number % len(countries)],
                                  organization=f"Org {number}"))
    db.commit()


@pytest.mark.parametrize("who,path", [
    ("staff@example.org", "/attendance"),
    ("staff@example.org", ""),
    ("minji@example.org", ""),
    ("minji@example.org", "/events"),
])
def test_edition_pages_do_not_grow_with_outsiders_registered(client, db, world, count_queries,
                                                             who, path):
    cohort = make_edition(db, open_to_public=True, capacity=1000,
                          country_caps={"KR": 500, "JP": 500})
    _next_edition(db, 2, dt.date(2027, 11, 8))
    outsider(db, "minji@example.org")
    db.commit()
    as_user(client, who)
    target = path if path.startswith("/events") else f"/events/{cohort.id}{path}"

    def queries():
        with count_queries() as counter:
            assert client.get(target).status_code == 200
        return counter.count

    _grow(db, cohort, 3, 0)
    few = queries()
    _grow(db, cohort, 30, 3)
    assert queries() == few
