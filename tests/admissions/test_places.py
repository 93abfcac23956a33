"""One count of a cohort's places for every page and check (lms.programs.places), and the
warning when a roster or staff fill a cohort past the places its call gave (issue 17, items
13 and 14)."""

from __future__ import annotations

import datetime as dt

from flask import get_flashed_messages

from lms.admissions import call_page, selection, services
from lms.admissions.models import ApplicationStatus
from lms.programs import places
from lms.programs import services as program_services
from lms.programs.models import EnrollmentRole
from tests import factories
from tests.admissions.conftest import call_input, eligible
from tests.conftest import csrf_token, login, post

S = ApplicationStatus


def test_a_person_holds_one_place_however_they_came(app, db, client, world):
    call, staff, cohort = world["call"], world["staff"], world["cohort"]
    maria = eligible(db, staff, world["maria"], call)
    selection.decide(db, staff, maria, S.SELECTED, "Welcome.")
    program_services.enroll(db, staff, cohort, world["jose"], EnrollmentRole.TRAINEE)
    # An offer not yet answered holds a place, and so does an enrollment.
    assert places.taken(db, cohort) == 2
    # Confirming turns the offer into an enrollment: still one place, not two.
    selection.confirm_place(db, world["maria"], maria)
    assert places.taken(db, cohort) == 2
    assert selection.places_taken(db, call).total == 2
    # Enrolling a mentor takes no place; leaving someone out counts the others.
    program_services.enroll(db, staff, cohort, world["nimal"], EnrollmentRole.MENTOR)
    assert places.taken(db, cohort, besides=world["jose"].id) == 1
    db.commit()
    assert login(client, "staff@example.org").status_code == 302
    for path in ("/cohorts", f"/cohorts/{cohort.id}"):
        assert "2 of 6 places" in client.get(path).get_data(as_text=True)
    assert "2 of 6" in client.get(f"/admissions/staff/calls/{call.id}").get_data(as_text=True)


def _small_call(db, staff):
    """A cohort of eight places whose call gave two."""
    cohort = factories.cohort(db, number=45, starts_on=dt.date(2028, 3, 9), capacity=8,
                              active=False)
    services.create_call(db, staff, call_input(cohort.id, title="Call for the 45th",
                                               capacity=2, country_quota=None))
    factories.enroll(db, cohort, "first@example.org")
    return cohort


def test_a_roster_past_the_calls_places_is_imported_with_a_warning(app, db, client, world):
    cohort = _small_call(db, world["staff"])
    db.commit()
    assert places.past_call(db, cohort) is None
    assert login(client, "staff@example.org").status_code == 302
    path = f"/cohorts/{cohort.id}/roster"
    roster = ("email,name,role,country\n" + "".join(
        f"t{n}@example.org,Trainee {n},trainee,PH\n" for n in range(3))
        + "m@example.org,Mentor,mentor,JP\n")
    data = {"csrf_token": csrf_token(client, path), "csv_text": roster}
    preview = client.post(path, data={**data, "action": "preview"}).get_data(as_text=True)
    # 1 enrolled + 3 trainees = 4 of the call's 2 places: two past, and the import is offered.
    assert "past the 2 places its call gave, by 2 people" in preview
    assert 'value="import"' in preview
    with client:
        response = client.post(path, data={**data, "action": "import"})
        assert response.status_code == 302
        flashes = get_flashed_messages(with_categories=True)
    assert ("warning", "This takes the cohort past the 2 places its call gave, by 2 people.") \
        in flashes
    assert places.taken(db, cohort) == 4


def test_enrolling_one_past_the_calls_places_warns_staff(app, db, client, world):
    cohort = _small_call(db, world["staff"])
    factories.person(db, "second@example.org")
    factories.person(db, "third@example.org")
    db.commit()
    assert login(client, "staff@example.org").status_code == 302
    path = f"/cohorts/{cohort.id}/enroll"
    post(client, path, {"email": "second@example.org", "role": "trainee"}, token_from=path)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "past the 2 places" not in page
    post(client, path, {"email": "third@example.org", "role": "trainee"}, token_from=path)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "This takes the cohort past the 2 places its call gave, by 1 person." in page
    assert places.past_call(db, cohort) == (1, 2)


def test_a_cohort_without_a_call_is_never_past_one(db, world):
    cohort = factories.cohort(db, number=46, starts_on=dt.date(2029, 3, 8), active=False)
    factories.enroll(db, cohort, "one@example.org")
    assert places.past_call(db, cohort, adding=10) is None


def test_the_call_pages_row_counts_the_places_as_every_page_does(db, world):
    """The call's staff page reads its call and the places taken as one row
    (lms.admissions.call_page): the same call as the ORM's, the same count as places.taken,
    however the places are taken and left."""
    call, staff, cohort = world["call"], world["staff"], world["cohort"]

    def row_agrees() -> int:
        db.flush()
        facts = call_page.call_facts(db, call.id)
        assert facts is not None
        for name in call_page._COLUMNS:
            assert getattr(facts, name) == getattr(call, name), name
        assert (facts.cohort.name, facts.cohort.name_ja) == (cohort.name, cohort.name_ja)
        assert (facts.cohort.program.name, facts.cohort.program.name_ja) == \
            (cohort.program.name, cohort.program.name_ja)
        assert facts.review_scheme.criteria == call.review_scheme.criteria
        assert facts.required_document_kinds == call.required_document_kinds
        assert facts.places_taken == places.taken(db, cohort)
        return facts.places_taken

    assert row_agrees() == 0
    maria = eligible(db, staff, world["maria"], call)
    selection.decide(db, staff, maria, S.SELECTED, "Welcome.")
    assert row_agrees() == 1
    program_services.enroll(db, staff, cohort, world["jose"], EnrollmentRole.TRAINEE)
    selection.confirm_place(db, world["maria"], maria)
    program_services.enroll(db, staff, cohort, world["nimal"], EnrollmentRole.MENTOR)
    assert row_agrees() == 2
    # Another cohort's places are not this call's.
    other = factories.cohort(db, number=47, starts_on=dt.date(2029, 3, 8), active=False)
    factories.enroll(db, other, "elsewhere@example.org")
    assert row_agrees() == 2
    assert call_page.call_facts(db, call.id + 1000) is None
