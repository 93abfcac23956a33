"""The teacher's pages: her cohorts, a cohort's trainees with their latest level and the form
to record one, a trainee's levels over time. Hers for the cohorts she teaches now and staff's;
another cohort's, another cohort's trainee and everyone else find nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from lms.language.models import Checkpoint, JapaneseLevel, LevelRecord
from lms.language.services import record_level
from lms.programs import services as program_services
from tests.conftest import csrf_token
from tests.language.conftest import sign_in


def _record(client, cohort_id, enrollment_id, **fields):
    token = csrf_token(client, f"/japanese/cohorts/{cohort_id}")
    return client.post(f"/japanese/cohorts/{cohort_id}", data={
        "csrf_token": token, "enrollment_id": str(enrollment_id), "level": "N4",
        "checkpoint": "entry", "assessed_on": "2019-03-20", "note": "", **fields})


def test_she_records_a_level_and_sees_it(client, db, year):
    cohort_id = year["cohort"].id
    sign_in(client, "teacher@example.org")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/japanese/"' in home
    index = client.get("/japanese/").get_data(as_text=True)
    assert f"/japanese/cohorts/{cohort_id}" in index
    assert f"/japanese/cohorts/{year['other_cohort'].id}" not in index
    page = client.get(f"/japanese/cohorts/{cohort_id}").get_data(as_text=True)
    assert "Putri Handayani" in page and "Other One" not in page and "none recorded" in page
    assert _record(client, cohort_id, year["putri"].id).status_code == 302
    record = db.scalar(select(LevelRecord))
    assert (record.enrollment_id, record.level, record.recorded_by_id) == (
        year["putri"].id, JapaneseLevel.N4, year["teacher"].user_id)
    assert "<td>N4</td>" in client.get(f"/japanese/cohorts/{cohort_id}").get_data(as_text=True)
    history = client.get(f"/japanese/cohorts/{cohort_id}/trainees/{year['putri'].id}")
    assert "At entry" in history.get_data(as_text=True)


def test_a_refused_level_is_shown_beside_its_field(client, db, year):
    sign_in(client, "teacher@example.org")
    refused = _record(client, year["cohort"].id, year["putri"].id, checkpoint="other")
    assert refused.status_code == 200
    assert "Say in the note what this assessment was." in refused.get_data(as_text=True)
    assert db.scalar(select(LevelRecord)) is None


def test_other_cohorts_and_their_trainees_are_not_hers(client, db, year):
    cohort_id, other_id = year["cohort"].id, year["other_cohort"].id
    sign_in(client, "teacher@example.org")
    assert client.get(f"/japanese/cohorts/{other_id}").status_code == 404
    assert client.get(f"/japanese/cohorts/{other_id}/trainees/{year['outsider'].id}"
                      ).status_code == 404
    # The outsider at the address of her own cohort: not found either.
    assert client.get(f"/japanese/cohorts/{cohort_id}/trainees/{year['outsider'].id}"
                      ).status_code == 404
    assert _record(client, cohort_id, year["outsider"].id).status_code == 200  # not a choice
    assert _record(client, other_id, year["outsider"].id).status_code == 404
    assert db.scalar(select(LevelRecord)) is None


@pytest.mark.parametrize("email", ["putri@example.org", "mentor@example.org"])
def test_trainees_and_mentors_find_no_teacher_pages(client, db, year, email):
    sign_in(client, email)
    assert client.get("/japanese/").status_code == 404
    assert client.get(f"/japanese/cohorts/{year['cohort'].id}").status_code == 404
    assert _record(client, year["cohort"].id, year["putri"].id).status_code == 404


def test_a_withdrawn_teacher_finds_nothing(client, db, year):
    program_services.withdraw(db, year["staff"], year["teacher"], dt.date(2019, 5, 1), "Moved")
    db.commit()
    sign_in(client, "teacher@example.org")
    assert client.get("/japanese/").status_code == 404
    assert client.get(f"/japanese/cohorts/{year['cohort'].id}").status_code == 404


def test_staff_enroll_a_teacher_and_the_cohort_page_names_her(client, db, year):
    sign_in(client, "staff@example.org")
    cohort_id = year["cohort"].id
    page = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert "Japanese teachers" in page and "Suzuki Aiko" in page
    assert f"/japanese/cohorts/{cohort_id}" in page
    enroll = client.get(f"/cohorts/{cohort_id}/enroll").get_data(as_text=True)
    assert 'value="teacher"' in enroll
    assert client.get(f"/japanese/cohorts/{year['other_cohort'].id}").status_code == 200


def test_the_roster_takes_teachers(db, year):
    preview = program_services.read_roster(
        db, year["staff"], year["cohort"],
        "email,name,role\nnew.teacher@example.org,New Teacher,teacher\n")
    assert [row.problems for row in preview.rows] == [[]]


def test_her_history_is_in_date_order(client, db, year):
    teacher = year["teacher"].user
    record_level(db, teacher, year["putri"], JapaneseLevel.N3, Checkpoint.MID_YEAR,
                 dt.date(2019, 9, 1))
    record_level(db, teacher, year["putri"], JapaneseLevel.N5, Checkpoint.ENTRY,
                 dt.date(2019, 3, 20))
    db.commit()
    sign_in(client, "teacher@example.org")
    page = client.get(f"/japanese/cohorts/{year['cohort'].id}/trainees/{year['putri'].id}"
                      ).get_data(as_text=True)
    assert page.index("<td>N5</td>") < page.index("<td>N3</td>")
