"""Names staff enter in English and in Japanese (lms.names), and the completion ceremony's day,
on the staff cohort form and the pages that show them."""

from __future__ import annotations

import datetime as dt

import pytest

from lms.accounts.models import Role, User
from lms.errors import ServiceError
from lms.names import in_language, localized_name
from lms.programs import services
from lms.programs.models import Cohort
from tests import factories
from tests.conftest import post


def test_a_name_is_shown_in_the_readers_language_and_falls_back_to_the_other():
    assert in_language("36th cohort", "第36期", "ja") == "第36期"
    assert in_language("36th cohort", "第36期", "en") == "36th cohort"
    assert in_language("36th cohort", None, "ja") == "36th cohort"
    assert in_language("36th cohort", "  ", "ja") == "36th cohort"
    assert in_language("", "第36期", "en") == "第36期"
    cohort = Cohort(name="36th cohort", name_ja="第36期")
    assert (localized_name(cohort, "ja"), localized_name(cohort, "en")) == (
        "第36期", "36th cohort")
    assert cohort.title == "36th cohort"  # the name as pages written before still call it


def _form(program_id: int, **changes: str) -> dict[str, object]:
    return {"program_id": program_id, "number": "39", "fiscal_year": "2026",
            "title": "39th cohort", "name_ja": "第39期", "starts_on": "2026-03-12",
            "ends_on": "2027-02-24", "completion_ceremony_on": "2027-02-19",
            "timezone": "Asia/Tokyo", "capacity": "6", "course_id": "0", **changes}


def test_staff_give_a_cohort_its_japanese_name_and_ceremony_day(client, db, logged_in):
    logged_in(Role.STAFF)
    program = factories.program(db)
    db.commit()
    response = post(client, "/cohorts/new", _form(program.id), token_from="/cohorts/new")
    assert response.status_code == 302
    cohort = db.query(Cohort).one()
    assert (cohort.name, cohort.name_ja) == ("39th cohort", "第39期")
    assert cohort.completion_ceremony_on == dt.date(2027, 2, 19)
    assert cohort.completed_on == dt.date(2027, 2, 19)
    edit = f"/cohorts/{cohort.id}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert 'value="第39期"' in page and 'lang="ja"' in page and 'value="2027-02-19"' in page
    response = post(client, edit, _form(program.id, name_ja="", completion_ceremony_on=""),
                    token_from=edit)
    assert response.status_code == 302
    db.refresh(cohort)
    assert cohort.name_ja is None and cohort.completion_ceremony_on is None
    assert cohort.completed_on == dt.date(2027, 2, 24)  # the last day, without a ceremony
    page = client.get(f"/cohorts/{cohort.id}", headers={"Accept-Language": "ja"})
    assert "39th cohort" in page.get_data(as_text=True)


def test_the_ceremony_is_held_during_the_cohort(client, db, logged_in):
    logged_in(Role.STAFF)
    program = factories.program(db)
    db.commit()
    page = post(client, "/cohorts/new", _form(program.id, completion_ceremony_on="2027-03-01"),
                token_from="/cohorts/new").get_data(as_text=True)
    assert 'id="completion_ceremony_on-error"' in page
    assert "between its first and its last day" in page
    details = services.CohortDetails(
        number=None, fiscal_year=2026, title="x", starts_on=dt.date(2026, 3, 12),
        ends_on=dt.date(2027, 2, 24), timezone="Asia/Tokyo", capacity=6, course_id=None,
        completion_ceremony_on=dt.date(2026, 3, 11))
    with pytest.raises(ServiceError) as refused:
        services.create_cohort(db, factories.staff(db), program, details)
    assert refused.value.field == "completion_ceremony_on"


def test_a_japanese_reader_sees_the_japanese_names_on_the_cohort_pages(client, db, logged_in):
    db.get(User, logged_in(Role.STAFF).id).locale = "ja"
    cohort = factories.cohort(db)
    cohort.name_ja = "第36期"
    cohort.program.name_ja = "アジア社会福祉従事者研修"
    db.commit()
    for path in ("/cohorts", f"/cohorts/{cohort.id}"):
        page = client.get(path).get_data(as_text=True)
        assert "第36期" in page and "アジア社会福祉従事者研修" in page, path
