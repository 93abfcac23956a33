"""A call's statistics: applications sent, found eligible and selected, by country and by
gender, from one query whatever the number of applications."""

from __future__ import annotations

import re

import pytest

from lms.admissions import applying, selection, statistics
from lms.admissions.models import ApplicationStatus, Gender
from tests import factories
from tests.admissions.conftest import eligible, submitted
from tests.conftest import login

S = ApplicationStatus


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def decided(db, world):
    """Every way an application can end, from four countries."""
    staff, call = world["staff"], world["call"]

    def sent(who, **changes):
        return eligible(db, staff, world[who], call, full_name=world[who].display_name, **changes)

    maria = sent("maria", gender=Gender.FEMALE)
    selection.decide(db, staff, maria, S.SELECTED, "")
    selection.confirm_place(db, world["maria"], maria)
    selection.decide(db, staff, sent("jose", gender=Gender.MALE), S.SELECTED, "")
    selection.decide(db, staff, sent("ana", gender=None), S.WAITLISTED, "")
    selection.decide(db, staff, sent("somchai", gender=Gender.MALE), S.NOT_SELECTED, "")
    nimal = submitted(db, world["nimal"], call, full_name="Nimal Perera", gender=Gender.ANOTHER)
    selection.screen(db, staff, nimal, eligible=False, reason="Too few years.")
    lee = factories.person(db, "lee@example.org", "Lee Min", "KR")
    # Found eligible, then withdrawn: still counted as found eligible.
    withdrawn = eligible(db, staff, lee, call, full_name="Lee Min", gender=Gender.FEMALE)
    applying.withdraw(db, lee, withdrawn)
    # Two drafts: one still being written, one withdrawn before it was ever sent.
    applying.start_application(db, factories.person(db, "d1@example.org", "Draft One", "VN"),
                               call)
    unsent_author = factories.person(db, "d2@example.org", "Draft Two", "VN")
    applying.withdraw(db, unsent_author, applying.start_application(db, unsent_author, call))
    db.commit()
    return call


def test_figures_by_country_and_gender(db, decided):
    stats = statistics.call_statistics(db, decided)
    assert (stats.total.applications, stats.total.eligible, stats.total.selected) == (6, 5, 2)
    assert stats.drafts == 1
    assert stats.by_state == {S.CONFIRMED: 1, S.SELECTED: 1, S.WAITLISTED: 1,
                              S.NOT_SELECTED: 1, S.INELIGIBLE: 1, S.WITHDRAWN: 1}
    assert {country: (f.applications, f.eligible, f.selected)
            for country, f in stats.by_country.items()} == {
        "KR": (1, 1, 0), "LK": (1, 0, 0), "PH": (3, 3, 2), "TH": (1, 1, 0)}
    assert list(stats.by_country) == ["KR", "LK", "PH", "TH"]
    assert {gender: (f.applications, f.eligible, f.selected)
            for gender, f in stats.by_gender.items()} == {
        Gender.FEMALE: (2, 2, 1), Gender.MALE: (2, 2, 1), Gender.ANOTHER: (1, 0, 0),
        None: (1, 1, 0)}


def test_statistics_page_and_download(client, world, decided):
    login(client, world["staff"].email)
    page = text(client.get(f"/admissions/staff/calls/{decided.id}/statistics"))
    assert "Applications sent</dt><dd>6" in page and "Found eligible</dt><dd>5" in page
    assert "Selected</dt><dd>2 of 6 places" in page and "Drafts not sent</dt><dd>1" in page
    assert re.search(r"Philippines</th>\s*<td>3</td><td>3</td><td>2</td>", page)
    assert re.search(r"South Korea</th>\s*<td>1</td><td>1</td><td>0</td>", page)
    assert re.search(r"female</th>\s*<td>2</td><td>2</td><td>1</td>", page)
    assert re.search(r"another gender</th>\s*<td>1</td><td>0</td><td>0</td>", page)
    assert re.search(r"not given</th>\s*<td>1</td><td>1</td><td>0</td>", page)
    assert re.search(r"Total</th>\s*<td>6</td><td>5</td><td>2</td>", page)
    response = client.get(f"/admissions/staff/calls/{decided.id}/statistics.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Grouped by,Group,Applications sent,Found eligible,Selected"
    assert "Call,Call for the 44th cohort,6,5,2" in lines
    assert "Country,Philippines,3,3,2" in lines and "Gender,male,2,2,1" in lines


def test_statistics_cost_the_same_queries_for_any_number_of_applications(
        client, db, world, count_queries):
    login(client, world["staff"].email)
    url = f"/admissions/staff/calls/{world['call'].id}/statistics"
    eligible(db, world["staff"], world["maria"], world["call"])
    db.commit()
    with count_queries() as few:
        assert client.get(url).status_code == 200
    genders = (Gender.FEMALE, Gender.MALE, Gender.ANOTHER, None)
    for number in range(20):
        person = factories.person(db, f"p{number}@example.org", f"Person {number}",
                                  ("PH", "TH", "LK", "NP", "MN")[number % 5])
        application = submitted(db, person, world["call"], full_name=f"Person {number}",
                                gender=genders[number % 4])
        if number % 2:
            selection.screen(db, world["staff"], application, eligible=True, reason="")
    db.commit()
    with count_queries() as many:
        page = text(client.get(url))
    assert many.count == few.count <= 12, (few.statements, many.statements)
    assert "Applications sent</dt><dd>21" in page and "Mongolia" in page
