"""A course whose course.toml says ``final_evaluation_required = true`` completes a trainee
only when the supervisor of each of its practicums has submitted her final evaluation: a draft
is not enough, nor is a placement without one, nor no placement at all. Every page that judges
her by the rule says so in the same words, and none of them reads more as the cohort grows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from lms.audit import AuditEvent
from lms.certificates import services
from lms.certificates.models import Certificate
from lms.curriculum.models import Module
from lms.curriculum.sync import sync_courses
from lms.placements import evaluations
from lms.placements import services as placements
from lms.placements.models import Evaluation, EvaluationKind, Placement
from lms.programs import services as program_services
from lms.programs.models import EnrollmentRole, EnrollmentStatus
from tests import factories
from tests.certificates.conftest import meet_rule, screen_outcomes
from tests.conftest import PAGE_QUERIES, csrf_token, login
from tests.placements.conftest import SAKURA, placement_details

FINAL = EvaluationKind.FINAL
FILLED = evaluations.Filled({"attitude": 2, "plan": 2}, {"overall": "Ready for practice."})
MISSING_LINE = "No final evaluation from the supervisor yet: Practicum"


def _course_asking_final_evaluations(db, tmp_path, asks=True):
    root = factories.write_course(tmp_path / "courses")
    course_toml = root / "year-course" / "course.toml"
    course_toml.write_text(course_toml.read_text(encoding="utf-8")
                           + f"final_evaluation_required = {str(asks).lower()}\n",
                           encoding="utf-8")
    sync_courses(db, root)
    db.flush()


@pytest.fixture
def year(db, tmp_path, request):
    """Four trainees who did all the course's work: Putri's supervisor submitted her final
    evaluation, Rodel's only saved a draft, Siriporn is placed with no evaluation, and Nguyen
    was never placed."""
    _course_asking_final_evaluations(db, tmp_path, asks=getattr(request, "param", True))
    course = db.scalar(select(Module).where(Module.slug == "later")).course
    cohort = factories.cohort(db, course)
    staff = factories.staff(db)
    trainees = {key: factories.enroll(db, cohort, f"{key}@example.org", name=name)
                for key, name in (("putri", "Putri Handayani"), ("rodel", "Rodel Bautista"),
                                  ("siriporn", "Siriporn Kaewmanee"), ("nguyen", "Nguyen Thi Lan"))}
    mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR,
                              name="Tanaka Hiroko")
    for trainee in trainees.values():
        meet_rule(db, trainee)
    program_services.assign_mentor(db, staff, mentor, trainees["rodel"])
    practicum = db.scalar(select(Module).where(Module.slug == "later"))
    sakura = placements.create_facility(db, staff, SAKURA)
    supervisor = factories.person(db, "mori@sakura.example", "Mori Yuki", country="JP")
    year = {"cohort": cohort, "staff": staff, "practicum": practicum, "sakura": sakura,
            "supervisor": supervisor, **trainees}
    placed = {}
    for key in ("putri", "rodel", "siriporn"):
        placed[key] = placements.place(
            db, staff, trainees[key], practicum,
            placement_details(year, supervisor_email="mori@sakura.example"), None)
        placements.invite_supervisor(db, staff, placed[key])
    with time_machine.travel(dt.datetime(2019, 11, 15, 3, tzinfo=dt.UTC), tick=False):
        evaluations.save(db, supervisor, placed["putri"], FINAL, FILLED, submit=True)
        evaluations.save(db, supervisor, placed["rodel"], FINAL, FILLED, submit=False)
    db.commit()
    return year


def _missing(db, year):
    return {row.enrollment.user.email.split("@")[0]:
            [module.slug for module in row.assessment.missing_evaluations]
            for row in screen_outcomes(db, year["cohort"])}


def test_only_a_submitted_final_evaluation_meets_the_rule(db, year):
    assert _missing(db, year) == {"putri": [], "rodel": ["later"], "siriporn": ["later"],
                                  "nguyen": ["later"]}
    services.complete_cohort(db, year["staff"], year["cohort"])
    db.commit()
    assert {key: year[key].status for key in ("putri", "rodel", "siriporn", "nguyen")} == {
        "putri": EnrollmentStatus.COMPLETED, "rodel": EnrollmentStatus.NOT_COMPLETED,
        "siriporn": EnrollmentStatus.NOT_COMPLETED, "nguyen": EnrollmentStatus.NOT_COMPLETED}
    assert [certificate.enrollment_id for certificate in db.scalars(select(Certificate))] == [
        year["putri"].id]
    decided = db.scalar(select(AuditEvent).where(
        AuditEvent.action == "outcome_decided", AuditEvent.object_id == str(year["rodel"].id)))
    assert decided.after["missing_evaluations"] == 1


def test_read_or_not_yet_read_by_her_the_submitted_evaluation_counts(db, year):
    putri = db.scalar(select(Placement).where(Placement.enrollment_id == year["putri"].id))
    evaluation = db.scalar(select(Evaluation).where(Evaluation.placement_id == putri.id))
    evaluations.acknowledge(db, year["putri"].user, evaluation)
    db.commit()
    assert _missing(db, year)["putri"] == []


@pytest.mark.parametrize("year", [False], indirect=True)
def test_a_course_that_does_not_ask_them_completes_without_them(db, year):
    assert set(map(tuple, _missing(db, year).values())) == {()}
    services.complete_cohort(db, year["staff"], year["cohort"])
    assert year["nguyen"].status == EnrollmentStatus.COMPLETED


def _as(client, email):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    assert login(client, email).status_code == 302


def test_her_grades_her_mentor_and_staff_say_what_is_missing(client, db, year):
    cohort_id = year["cohort"].id
    rodel_grades = f"/cohorts/{cohort_id}/trainees/{year['rodel'].id}/grades"
    putri_grades = f"/cohorts/{cohort_id}/trainees/{year['putri'].id}/grades"
    _as(client, "staff@example.org")
    completion = client.get(f"/cohorts/{cohort_id}/completion").get_data(as_text=True)
    assert f'<a href="{rodel_grades}">What is missing: 1 thing</a>' in completion
    assert MISSING_LINE in client.get(rodel_grades).get_data(as_text=True)
    assert MISSING_LINE not in client.get(putri_grades).get_data(as_text=True)
    override = client.get(f"/cohorts/{cohort_id}/completion/{year['rodel'].id}")
    assert MISSING_LINE in override.get_data(as_text=True)
    # The cohort has ended, so what is missing leaves her not meeting the rule.
    _as(client, "mentor@example.org")
    progress = client.get(f"/cohorts/{cohort_id}/progress").get_data(as_text=True)
    assert "Not yet meeting the completion rule" in progress
    assert MISSING_LINE in client.get(rodel_grades).get_data(as_text=True)
    _as(client, "rodel@example.org")
    assert MISSING_LINE in client.get(f"/cohorts/{cohort_id}/grades").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "Not yet meeting the completion rule" in home


def _grow(db, year, count):
    """Many trainees who did all the work, inserted directly, every other one placed with a
    submitted final evaluation."""
    enrollments = factories.bulk_trainees(db, year["cohort"], count)
    for enrollment in enrollments:
        meet_rule(db, enrollment)
    for enrollment in enrollments[::2]:
        placement = Placement(enrollment_id=enrollment.id, module_id=year["practicum"].id,
                              facility_id=year["sakura"].id, starts_on=dt.date(2019, 9, 29),
                              ends_on=dt.date(2019, 12, 6), field=year["sakura"].field)
        db.add(placement)
        db.flush()
        db.add(Evaluation(placement_id=placement.id, kind=FINAL, form_slug="final",
                          scores=FILLED.scores, answers=FILLED.answers,
                          submitted_at=dt.datetime(2019, 12, 6, tzinfo=dt.UTC)))
    db.commit()


@pytest.mark.parametrize("path", ["completion", "matrix"])
def test_the_pages_read_the_evaluations_in_queries_that_do_not_grow(
        client, db, year, count_queries, path):
    _as(client, "staff@example.org")
    address = f"/cohorts/{year['cohort'].id}/{path}"

    def queries():
        with count_queries() as counter:
            assert client.get(address).status_code == 200
        return counter.count

    queries()  # the course is read once per process (curriculum.content), then kept
    few = queries()
    assert few <= PAGE_QUERIES
    _grow(db, year, 40)
    assert queries() == few


def test_each_home_reads_her_own_final_evaluations(client, db, year):
    """Her home reads her final evaluations with its other sections' lines, in one query made
    once an app and bound to her at each visit: one trainee's submitted evaluation never
    counts on another's home."""
    homes = {}
    for key in ("rodel", "putri", "nguyen", "siriporn"):
        _as(client, f"{key}@example.org")
        homes[key] = client.get("/").get_data(as_text=True)
    assert MISSING_LINE not in homes["putri"]
    assert all(MISSING_LINE in homes[key] for key in ("rodel", "nguyen", "siriporn"))
