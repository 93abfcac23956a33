"""A course whose course.toml says ``required_japanese_level = "N4"`` completes a trainee only
when her latest recorded level is N4 or higher; every page that judges completion says what
is short in the same words, and none of them reads more as the cohort grows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from lms.audit import AuditEvent
from lms.certificates import services
from lms.language.models import Checkpoint, JapaneseLevel, LevelRecord
from lms.language.services import record_level
from lms.programs.models import EnrollmentStatus
from tests import factories
from tests.certificates.conftest import meet_rule, screen_outcomes
from tests.conftest import PAGE_QUERIES
from tests.language.conftest import sign_in

SHORT_LINE = "Japanese level N5 recorded; N4 is needed"
NONE_LINE = "No Japanese level recorded; N4 is needed"


def _level(db, year, key, level, on=dt.date(2019, 7, 10)):
    record_level(db, year["teacher"].user, year[key], JapaneseLevel(level),
                 Checkpoint.LANGUAGE_MONTHS_END, on)


@pytest.fixture
def done(db, year):
    """Putri and Rodel did all the work; Putri reached N4 after N5, Rodel N5 after N4."""
    for key in ("putri", "rodel"):
        meet_rule(db, year[key])
    _level(db, year, "putri", "N5", dt.date(2019, 3, 20))
    _level(db, year, "putri", "N4")
    _level(db, year, "rodel", "N4", dt.date(2019, 3, 20))
    _level(db, year, "rodel", "N5")
    db.commit()
    return year


def _lacking(db, year):
    return {row.enrollment.user.email.split("@")[0]: row.assessment.lacks_japanese_level
            for row in screen_outcomes(db, year["cohort"])}


def test_her_latest_level_must_reach_the_one_asked(db, done):
    assert _lacking(db, done) == {"putri": False, "rodel": True}
    services.complete_cohort(db, done["staff"], done["cohort"])
    db.commit()
    assert done["putri"].status == EnrollmentStatus.COMPLETED
    assert done["rodel"].status == EnrollmentStatus.NOT_COMPLETED
    decided = db.scalar(select(AuditEvent).where(
        AuditEvent.action == "outcome_decided", AuditEvent.object_id == str(done["rodel"].id)))
    assert decided.after["japanese_level_short"] is True


def test_no_level_recorded_does_not_meet_it(db, year):
    meet_rule(db, year["putri"])
    db.commit()
    assert _lacking(db, year)["putri"] is True


@pytest.mark.parametrize("year", [None], indirect=True)
def test_a_course_that_asks_no_level_completes_without_one(db, year):
    meet_rule(db, year["putri"])
    db.commit()
    assert _lacking(db, year)["putri"] is False
    services.complete_cohort(db, year["staff"], year["cohort"])
    assert year["putri"].status == EnrollmentStatus.COMPLETED


def test_every_page_that_judges_says_what_is_short(client, db, done):
    cohort_id = done["cohort"].id
    rodel_grades = f"/cohorts/{cohort_id}/trainees/{done['rodel'].id}/grades"
    sign_in(client, "staff@example.org")
    completion = client.get(f"/cohorts/{cohort_id}/completion").get_data(as_text=True)
    assert f'<a href="{rodel_grades}">What is missing: 1 thing</a>' in completion
    assert SHORT_LINE in client.get(rodel_grades).get_data(as_text=True)
    override = client.get(f"/cohorts/{cohort_id}/completion/{done['rodel'].id}")
    assert SHORT_LINE in override.get_data(as_text=True)
    matrix = client.get(f"/cohorts/{cohort_id}/matrix").get_data(as_text=True)
    assert "Japanese level" in matrix
    assert "<td>N4</td>" in matrix and "<td>N5</td>" in matrix
    exported = client.get(f"/cohorts/{cohort_id}/matrix.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][-1] == "Japanese level"
    assert {row[1]: row[-1] for row in rows[1:]} == {"Putri Handayani": "N4",
                                                     "Rodel Bautista": "N5"}
    sign_in(client, "rodel@example.org")
    assert SHORT_LINE in client.get(f"/cohorts/{cohort_id}/grades").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "Your Japanese levels" in home and "Completing the program asks N4 or higher." in home
    assert home.index("<strong>N4</strong>") < home.index("<strong>N5</strong>")
    sign_in(client, "putri@example.org")
    assert SHORT_LINE not in client.get(f"/cohorts/{cohort_id}/grades").get_data(as_text=True)


def test_with_none_recorded_the_pages_say_so(client, db, year):
    meet_rule(db, year["rodel"])
    db.commit()
    sign_in(client, "rodel@example.org")
    assert NONE_LINE in client.get(f"/cohorts/{year['cohort'].id}/grades").get_data(
        as_text=True)
    assert "Your teacher has not recorded a Japanese level yet." in client.get("/").get_data(
        as_text=True)


def _grow(db, year, count):
    enrollments = factories.bulk_trainees(db, year["cohort"], count)
    for n, enrollment in enumerate(enrollments):
        meet_rule(db, enrollment)
        db.add(LevelRecord(enrollment_id=enrollment.id, level=JapaneseLevel.N5 if n % 2
                           else JapaneseLevel.N3, checkpoint=Checkpoint.ENTRY,
                           assessed_on=dt.date(2019, 3, 20)))
    db.commit()


@pytest.mark.parametrize("path", ["/cohorts/{cohort}/completion", "/cohorts/{cohort}/matrix",
                                  "/japanese/cohorts/{cohort}"])
def test_the_pages_read_the_levels_in_queries_that_do_not_grow(
        client, db, done, count_queries, path):
    sign_in(client, "staff@example.org")
    address = path.format(cohort=done["cohort"].id)

    def queries():
        with count_queries() as counter:
            assert client.get(address).status_code == 200
        return counter.count

    queries()  # the course is read once per process (curriculum.content), then kept
    few = queries()
    assert few <= PAGE_QUERIES
    _grow(db, done, 30)
    assert queries() == few


def test_the_matrix_judges_with_the_levels_it_shows_and_sees_a_new_one_at_once(db, done):
    """The progress matrix reads the page's latest levels once, for its column and for the
    judge: each trainee is judged on her own, and a level just recorded counts at once."""
    from lms.curriculum.progress_queries import cohort_matrix

    def seen():
        rows = cohort_matrix(db, done["cohort"], 1).page.items
        keys = {done[key].id: key for key in ("putri", "rodel")}
        # What the rule still asks of her: her work is all done, so her level alone.
        return {keys.get(row.trainee.id, row.trainee.name): (
            row.japanese_level.value, row.glance.missing) for row in rows}

    assert seen() == {"putri": ("N4", 0), "rodel": ("N5", 1)}
    _level(db, done, "rodel", "N3", dt.date(2019, 8, 1))
    db.flush()
    assert seen() == {"putri": ("N4", 0), "rodel": ("N3", 0)}


def test_each_home_reads_her_own_levels_with_its_other_lines(client, db, done, count_queries):
    """Her home reads all her levels (her latest for the rule among them) with its other
    sections' lines, in one query made once an app and bound to her at each visit: one
    trainee's home never shows another's levels, and the judge reads them no more."""
    homes, counts = {}, {}
    for key in ("rodel", "putri", "rodel"):
        sign_in(client, f"{key}@example.org")
        client.get("/")  # her course is read once per process, then kept
        with count_queries() as counter:
            homes[key] = client.get("/").get_data(as_text=True)
        counts[key] = counter.count
    rodel, putri = homes["rodel"], homes["putri"]
    assert rodel.index("<strong>N4</strong>") < rodel.index("<strong>N5</strong>")
    assert putri.index("<strong>N5</strong>") < putri.index("<strong>N4</strong>")
    assert SHORT_LINE in rodel and SHORT_LINE not in putri
    assert counts["rodel"] == counts["putri"]
