"""An edition's sides: one admissions call per country it receives participants from, each
with its own places within the edition's cap for that country, taking applicants from that
country only; those selected who confirm become registrations of the edition, not trainees.
The edition's page lists its calls for staff and offers a call for each country without one."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.admissions import applying, selection
from lms.admissions import services as admissions
from lms.admissions.models import AdmissionCall, ApplicationStatus
from lms.errors import ApplicationProblems, ServiceError
from lms.events import services
from lms.events.models import Registration, RegistrationStatus
from lms.programs import places
from lms.programs.models import Enrollment
from tests import factories
from tests.admissions.conftest import call_input, eligible, submitted
from tests.events.conftest import as_user
from tests.events.conftest import user as person
from tests.events.test_editions import make_edition

S = ApplicationStatus


@pytest.fixture
def edition(db, world):
    cohort = make_edition(db, host_country="KR", country_caps={"KR": 2, "JP": 2})
    for email, name, country in (("minji@example.org", "Kim Minji", "KR"),
                                 ("jiwoo@example.org", "Park Jiwoo", "KR"),
                                 ("seojun@example.org", "Lee Seojun", "KR"),
                                 ("haruto@example.org", "Sato Haruto", "JP")):
        factories.person(db, email, name, country)
    db.commit()
    return cohort


def side_call(db, cohort, country, **changes):
    values = dict(side_country=country, title=f"Exchange: participants from {country}",
                  capacity=2, country_quota=None)
    values.update(changes)
    return admissions.create_call(db, factories.staff(db), call_input(cohort.id, **values))


def refusal(action) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        action()
    return caught.value


# One call per side --------------------------------------------------------------------------


def test_an_edition_takes_one_call_per_country_and_never_one_for_everyone_too(db, edition):
    korea = side_call(db, edition, "KR")
    japan = side_call(db, edition, "JP")
    assert (korea.side_country, japan.side_country) == ("KR", "JP")
    again = refusal(lambda: side_call(db, edition, "KR"))
    assert again.field == "side_country" and "Korea" in str(again)
    everyone = refusal(lambda: side_call(db, edition, None))
    assert everyone.field == "side_country"


def test_an_edition_with_a_call_for_everyone_takes_no_call_per_country(db, edition):
    side_call(db, edition, None)
    assert refusal(lambda: side_call(db, edition, "KR")).field == "side_country"
    assert refusal(lambda: side_call(db, edition, None)).field == "cohort_id"


def test_the_database_keeps_one_call_per_side_and_one_for_everyone(db, edition):
    """The partial unique index holds where the service's check was bypassed."""
    first = side_call(db, edition, None)
    db.commit()
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(AdmissionCall(cohort_id=edition.id, side_country=None, title="Twin",
                             opens_at=first.opens_at, closes_at=first.closes_at,
                             capacity=1, review_scheme_id=first.review_scheme_id))
        db.flush()
    db.delete(first)
    db.flush()
    korea = side_call(db, edition, "KR")
    db.commit()
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(AdmissionCall(cohort_id=edition.id, side_country="KR", title="Twin",
                             opens_at=korea.opens_at, closes_at=korea.closes_at,
                             capacity=1, review_scheme_id=korea.review_scheme_id))
        db.flush()


def test_only_an_event_takes_a_call_per_country(db, world):
    year = factories.cohort(db, number=44, active=False)
    assert refusal(lambda: side_call(db, year, "PH")).field == "side_country"


def test_a_side_has_no_more_places_than_the_edition_takes_from_its_country(db, edition):
    too_many = refusal(lambda: side_call(db, edition, "KR", capacity=3))
    assert too_many.field == "capacity" and "up to 2" in str(too_many)


# Applicants of the side's country only --------------------------------------------------------


def test_a_side_takes_applicants_from_its_country_only(db, edition):
    korea = side_call(db, edition, "KR")
    db.commit()
    with pytest.raises(ApplicationProblems) as caught:
        submitted(db, person(db, "haruto@example.org"), korea)
    fields = [name for name, _ in caught.value.problems]
    assert fields[0] == "country"
    assert "Korea" in str(caught.value.problems[0][1])
    db.rollback()
    # Her training's country counts, not what she writes: an alumna of the Philippines is
    # told at once.
    alumna = person(db, "alumna@example.org")
    assert "Korea" in str(refusal(lambda: applying.start_application(db, alumna, korea)))


def test_a_korean_applicant_sends_her_application_to_the_korean_side(db, edition):
    korea = side_call(db, edition, "KR")
    application = submitted(db, person(db, "minji@example.org"), korea)
    assert application.status == S.SUBMITTED


# Selection becomes a registration -------------------------------------------------------------


def test_the_selected_who_confirm_are_registered_for_the_edition_not_enrolled(db, edition):
    staff = factories.staff(db)
    korea = side_call(db, edition, "KR")
    minji = person(db, "minji@example.org")
    application = eligible(db, staff, minji, korea)
    selection.decide(db, staff, application, S.SELECTED, "Welcome")
    selection.confirm_place(db, minji, application)
    db.commit()
    registration = db.scalar(select(Registration).where(Registration.cohort_id == edition.id,
                                                        Registration.user_id == minji.id))
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.country == "KR" and registration.came_as == "selected"
    assert application.status == S.CONFIRMED and application.enrollment is None
    assert db.scalar(select(func.count()).select_from(Enrollment).where(
        Enrollment.cohort_id == edition.id)) == 0


def test_a_side_gives_no_more_than_its_places(db, edition):
    staff = factories.staff(db)
    korea = side_call(db, edition, "KR", capacity=1)
    first = eligible(db, staff, person(db, "minji@example.org"), korea)
    second = eligible(db, staff, person(db, "jiwoo@example.org"), korea)
    selection.decide(db, staff, first, S.SELECTED, "")
    full = refusal(lambda: selection.decide(db, staff, second, S.SELECTED, ""))
    assert full.field == "outcome" and "waiting list" in str(full)


def test_a_side_keeps_within_the_editions_cap_for_its_country(db, edition):
    """Two from Korea at most, whoever holds the places: one registered without the call
    leaves the Korean side a single one to give, though the call has two."""
    staff = factories.staff(db)
    korea = side_call(db, edition, "KR", capacity=2)
    seojun = person(db, "seojun@example.org")
    db.add(Registration(cohort_id=edition.id, user_id=seojun.id, country="KR"))
    first = eligible(db, staff, person(db, "minji@example.org"), korea)
    second = eligible(db, staff, person(db, "jiwoo@example.org"), korea)
    selection.decide(db, staff, first, S.SELECTED, "")
    capped = refusal(lambda: selection.decide(db, staff, second, S.SELECTED, ""))
    assert "up to 2 participants from South Korea" in str(capped)
    # The Japanese side is not held back by Korea's places.
    japan = side_call(db, edition, "JP", capacity=2)
    haruto = eligible(db, staff, person(db, "haruto@example.org"), japan)
    selection.decide(db, staff, haruto, S.SELECTED, "")
    assert haruto.status == S.SELECTED


# The edition's page -------------------------------------------------------------------------


def test_staff_see_the_calls_per_side_and_open_one_for_a_country_without(client, db, edition):
    staff = factories.staff(db)
    korea = side_call(db, edition, "KR")
    application = eligible(db, staff, person(db, "minji@example.org"), korea)
    selection.decide(db, staff, application, S.SELECTED, "")
    db.commit()
    as_user(client, "staff@example.org")
    page = client.get(f"/events/{edition.id}").get_data(as_text=True)
    assert "Calls for participants" in page
    assert "participants from South Korea" in page or "participants from Korea" in page
    assert "1 selected of 2 places" in page
    assert "Open a call for participants from Japan" in page
    assert f"/admissions/staff/calls/new?cohort={edition.id}&amp;side=JP" in page
    assert "Open a call for participants from South Korea" not in page
    form = client.get(f"/admissions/staff/calls/new?cohort={edition.id}&side=JP")
    html = form.get_data(as_text=True)
    assert form.status_code == 200
    assert '<option selected value="JP">' in html or 'value="JP" selected' in html


def test_others_do_not_see_the_editions_calls(client, db, edition):
    side_call(db, edition, "KR")
    db.commit()
    as_user(client, "alumna@example.org")
    page = client.get(f"/events/{edition.id}").get_data(as_text=True)
    assert "Calls for participants" not in page


def test_the_editions_page_does_not_grow_with_calls_and_applications(client, db, edition,
                                                                     count_queries):
    staff = factories.staff(db)
    korea = side_call(db, edition, "KR")
    db.commit()
    as_user(client, "staff@example.org")

    def queries():
        with count_queries() as counter:
            assert client.get(f"/events/{edition.id}").status_code == 200
        return counter.count

    def select_from(call, email):
        selection.decide(db, staff, eligible(db, staff, person(db, email), call), S.SELECTED,
                         "")
        db.commit()

    select_from(korea, "minji@example.org")
    few = queries()
    japan = side_call(db, edition, "JP")
    select_from(korea, "jiwoo@example.org")
    select_from(japan, "haruto@example.org")
    assert queries() == few


def test_a_sides_country_is_kept_once_people_apply(db, edition):
    staff = factories.staff(db)
    korea = side_call(db, edition, "KR")
    changed = admissions.update_call(db, staff, korea, call_input(
        edition.id, side_country="KR", title="Exchange: from Korea", capacity=2,
        country_quota=None))
    assert changed.title == "Exchange: from Korea"
    submitted(db, person(db, "minji@example.org"), korea)
    moved = refusal(lambda: admissions.update_call(db, staff, korea, call_input(
        edition.id, side_country="JP", capacity=2, country_quota=None)))
    assert moved.field == "side_country"


def test_a_confirmed_participant_who_cancels_frees_her_place(db, edition):
    """Her registration holds the place, not her confirmed application."""
    staff = factories.staff(db)
    korea = side_call(db, edition, "KR")
    minji = person(db, "minji@example.org")
    application = eligible(db, staff, minji, korea)
    selection.decide(db, staff, application, S.SELECTED, "")
    assert places.taken(db, edition) == 1
    selection.confirm_place(db, minji, application)
    assert places.taken(db, edition) == 1
    registration = db.scalar(select(Registration).where(Registration.user_id == minji.id))
    services.cancel_registration(db, minji, edition, registration)
    assert places.taken(db, edition) == 0


def test_an_edition_that_chooses_through_calls_takes_no_registration_but_the_invited(
        client, db, edition):
    from lms.events import invitations

    korea = side_call(db, edition, "KR")
    db.commit()
    alumna = person(db, "alumna@example.org")
    assert str(refusal(lambda: services.register(db, alumna, edition))) == \
        str(services.THROUGH_CALLS)
    as_user(client, "alumna@example.org")
    page = client.get(f"/events/{edition.id}").get_data(as_text=True)
    assert f'href="/admissions/calls/{korea.id}"' in page
    assert "Register for the event" not in page

    # Staff invite her: she registers beside those the calls chose, as the alumna she is.
    invitations.invite(db, factories.staff(db), edition, "alumna@example.org")
    db.commit()
    assert "Register for the event" in client.get(f"/events/{edition.id}").get_data(
        as_text=True)
    services.register(db, alumna, edition)
    db.commit()
    assert db.scalar(select(Registration.came_as).where(
        Registration.cohort_id == edition.id, Registration.user_id == alumna.id)) == "alumnus"


def test_named_caps_without_a_uniform_one_leave_other_countries_unlimited(client, db, edition):
    as_user(client, "staff@example.org")
    page = client.get(f"/events/{edition.id}").get_data(as_text=True)
    assert "No limit for other countries" in page and "No limit per country" not in page
    assert "Up to 2 participants from South Korea" in page
