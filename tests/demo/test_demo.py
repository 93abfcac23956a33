from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from lms.curriculum.models import LessonProgress
from lms.demo import DEMO_PASSWORD
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
)
from tests.conftest import login


def _trainees(db, cohort):
    return list(db.scalars(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)))


def _cohort(db, fiscal_year):
    """The year-long program's cohort of the fiscal year (the seminar of 2019 is one too)."""
    return db.scalar(select(Cohort).join(Program, Program.id == Cohort.program_id).where(
        Cohort.fiscal_year == fiscal_year, Program.kind == ProgramKind.YEAR_LONG))


def test_the_demo_holds_the_programs_real_years(db, seeded):
    thirty_sixth = _cohort(db, 2019)
    assert (thirty_sixth.number, thirty_sixth.starts_on, thirty_sixth.ends_on) == (
        36, dt.date(2019, 3, 14), dt.date(2020, 2, 25))
    assert thirty_sixth.status == CohortStatus.COMPLETED
    trainees = _trainees(db, thirty_sixth)
    assert {enrollment.user.country for enrollment in trainees} == {
        "KR", "TW", "PH", "TH", "MY", "ID"}
    assert all(enrollment.status == EnrollmentStatus.COMPLETED for enrollment in trainees)
    fy2014 = _cohort(db, 2014)
    assert {enrollment.user.country for enrollment in _trainees(db, fy2014)} == {
        "KR", "TW", "PH", "LK", "ID"}
    # Three years cancelled for the pandemic, without numbers: the program's own count goes on
    # with the fiscal 2023 cohort as the 37th.
    for year in (2020, 2021, 2022):
        cancelled = _cohort(db, year)
        assert (cancelled.status, cancelled.number, cancelled.cancellation_reason) == (
            CohortStatus.CANCELLED, None, "COVID-19")
        assert cancelled.name == f"Fiscal {year} cohort"
        assert cancelled.replaced_by_id is None and _trainees(db, cancelled) == []
    thirty_seventh = _cohort(db, 2023)
    assert (thirty_seventh.number, thirty_seventh.status,
            thirty_seventh.completion_ceremony_on) == (37, CohortStatus.COMPLETED,
                                                       dt.date(2024, 2, 22))
    assert len(_trainees(db, thirty_seventh)) == 5
    assert _cohort(db, 2024) is None and _cohort(db, 2025) is None
    assert len(_trainees(db, thirty_sixth)) == 6
    current = _cohort(db, 2026)
    assert current.number is None  # the record gives none
    assert current.status == CohortStatus.ACTIVE
    assert (current.starts_on.month, current.ends_on.year) == (3, 2027)
    assert current.course is not None and current.course.slug == "aswwtp-year"
    assert _cohort(db, 2027).status == CohortStatus.PLANNED


def test_the_follow_up_of_2019_was_replaced_by_the_seminar_and_2020s_cancelled(db, seeded):
    def follow_up(year):
        return db.scalar(select(Cohort).join(Program, Program.id == Cohort.program_id).where(
            Cohort.fiscal_year == year, Program.kind == ProgramKind.FOLLOW_UP))

    replaced, cancelled = follow_up(2019), follow_up(2020)
    assert replaced.status == CohortStatus.CANCELLED
    assert replaced.replaced_by.name == "7th Asian Social Welfare Seminar"
    assert replaced.replaced_by.program.kind == ProgramKind.SEMINAR
    assert (cancelled.status, cancelled.cancellation_reason, cancelled.replaced_by_id) == (
        CohortStatus.CANCELLED, "COVID-19", None)


def test_staff_read_the_cancelled_and_replaced_years_in_the_cohorts_list(client, db, seeded):
    assert login(client, "program.officer@kakehashi.example", DEMO_PASSWORD).status_code == 302
    listed = "".join(client.get(f"/cohorts?page={n}").get_data(as_text=True)
                     for n in range(1, 9))
    assert "Fiscal 2021 cohort" in listed and "Cancelled: COVID-19" in listed
    seminar = db.scalar(select(Cohort).join(Program, Program.id == Cohort.program_id).where(
        Program.kind == ProgramKind.SEMINAR, Cohort.number == 7))
    assert f'Replaced by <a href="/cohorts/{seminar.id}">7th Asian Social Welfare Seminar' \
        in listed
    follow_ups = client.get("/follow-up/cohorts").get_data(as_text=True)
    assert f'Replaced by <a href="/cohorts/{seminar.id}">7th Asian Social Welfare Seminar' \
        in follow_ups
    assert "Follow-up Training 2020" in follow_ups and "Cancelled: COVID-19" in follow_ups


def test_the_current_cohort_has_partial_progress_and_mentors(db, seeded):
    current = _cohort(db, 2026)
    counts = db.execute(select(LessonProgress.enrollment_id, func.count())
                        .group_by(LessonProgress.enrollment_id)).all()
    assert len({count for _enrollment, count in counts}) > 1  # not everyone at the same place
    mentors = db.scalars(select(Enrollment).where(
        Enrollment.cohort_id == current.id, Enrollment.role == EnrollmentRole.MENTOR)).all()
    assert all(mentor.affiliation for mentor in mentors) and len(mentors) == 3


def test_the_demo_is_safe_to_run_twice(app, db, seeded):
    def counts():
        return [db.scalar(select(func.count()).select_from(model))
                for model in (Cohort, Enrollment, LessonProgress)]

    before = counts()
    again = app.test_cli_runner().invoke(args=["lms", "demo"])
    assert again.exit_code == 0, again.output
    assert counts() == before


def test_the_demo_trainee_and_mentor_see_their_year(app, client, seeded):
    assert login(client, "trainee@kakehashi.example", DEMO_PASSWORD).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Fiscal 2026 cohort" in home and "Course progress" in home
    mentor = app.test_client()
    assert login(mentor, "mentor@kakehashi.example", DEMO_PASSWORD).status_code == 302
    assert "Progress of your trainees in Fiscal 2026 cohort" in mentor.get("/").get_data(
        as_text=True)


def test_the_japanese_teacher_recorded_each_trainees_levels_and_the_trainee_reads_hers(
        app, db, seeded):
    from lms.language.models import LevelRecord

    current = _cohort(db, 2026)
    teachers = db.scalars(select(Enrollment).where(
        Enrollment.cohort_id == current.id, Enrollment.role == EnrollmentRole.TEACHER)).all()
    assert [teacher.user.email for teacher in teachers] == ["teacher@kakehashi.example"]
    recorded = db.scalar(select(func.count()).select_from(LevelRecord).join(
        Enrollment, Enrollment.id == LevelRecord.enrollment_id).where(
        Enrollment.cohort_id == current.id))
    assert recorded == 2 * len(_trainees(db, current))  # at entry and after the language months
    trainee = app.test_client()
    assert login(trainee, "trainee@kakehashi.example", DEMO_PASSWORD).status_code == 302
    home = trainee.get("/").get_data(as_text=True)
    assert "Your Japanese levels" in home and "N4" in home
    teacher = app.test_client()
    assert login(teacher, "teacher@kakehashi.example", DEMO_PASSWORD).status_code == 302
    assert teacher.get(f"/japanese/cohorts/{current.id}").status_code == 200


def test_demo_logins_cover_every_role(db, seeded):
    from lms.accounts.models import Role, User

    roles = {role for user in db.scalars(select(User)) for role in user.roles}
    assert roles == {Role.ADMIN, Role.STAFF, Role.COMMITTEE_MEMBER}
    for email in ("admin@kakehashi.example", "staff@kakehashi.example",
                  "committee@kakehashi.example", "trainee@kakehashi.example",
                  "mentor@kakehashi.example", "teacher@kakehashi.example"):
        assert email in seeded.output


def test_the_demo_refuses_broken_course_files(app, db, tmp_path):
    broken = tmp_path / "courses" / "broken"
    broken.mkdir(parents=True)
    (broken / "course.toml").write_text('title = "x"\n')
    app.config["LMS_COURSES_DIR"] = str(tmp_path / "courses")
    result = app.test_cli_runner().invoke(args=["lms", "demo"])
    assert result.exit_code == 1 and "missing required key 'summary'" in result.output
    assert db.scalar(select(func.count()).select_from(Cohort)) == 0


def test_the_demo_has_graded_history_and_work_waiting_now(db, seeded):
    from lms.assignments.models import Extension, Submission, SubmissionStatus

    def statuses(fiscal_year):
        cohort = _cohort(db, fiscal_year)
        return db.scalars(select(Submission.status).join(Enrollment).where(
            Enrollment.cohort_id == cohort.id)).all()

    history = statuses(2019)
    assert history and set(history) == {SubmissionStatus.GRADED}
    now = set(statuses(2026))
    assert {SubmissionStatus.GRADED, SubmissionStatus.SUBMITTED,
            SubmissionStatus.RETURNED} <= now
    assert db.scalar(select(func.count()).select_from(Submission).where(
        Submission.is_late.is_(True))) >= 1
    assert db.scalar(select(func.count()).select_from(Extension)) == 1
