"""Small builders for cohort-shaped test data, through the real services where one exists."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Role, User
from lms.accounts.services import create_user
from lms.curriculum.models import Course
from lms.curriculum.sync import sync_courses
from lms.programs import services
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    Program,
    ProgramKind,
)
from tests.conftest import PASSWORD

COURSE_FILES = {
    "course.toml": 'title = "Year course"\nsummary = "Test."\nlanguage = "en"\npass_mark = 60\n'
                   'optional = ["extra-reading"]\n',
    "01-arrival/module.toml": 'title = "Arrival"\nopens_day = 1\n',
    "01-arrival/01-welcome.md": '+++\ntitle = "Welcome"\nestimated_minutes = 15\n'
                                'objectives = ["Know the year."]\n+++\nSee [rules](item:rules).\n',
    "01-arrival/02-rules.md": '+++\ntitle = "Rules"\nestimated_minutes = 10\n'
                              'objectives = ["Know the rules."]\n+++\nBe on time.\n',
    "01-arrival/03-extra-reading.md": '+++\ntitle = "Extra reading"\nestimated_minutes = 30\n'
                                      'objectives = ["Read more."]\n+++\nMore.\n',
    "02-care/module.toml": 'title = "Long-term care"\nopens_day = 30\n',
    "02-care/01-insurance.md": '+++\ntitle = "Long-term care insurance"\nestimated_minutes = 40\n'
                               'objectives = ["Explain it."]\n+++\nSince 2000.\n',
    "02-care/02-visit-note.md": textwrap.dedent("""\
        +++
        title = "Visit note"
        type = "assignment"
        due_day = 40
        points = 10
        submission = ["text", "file"]
        [[rubric]]
        criterion = "Observation"
        levels = [{points = 4, label = "Precise"}, {points = 2, label = "General"},
                  {points = 0, label = "Missing"}]
        [[rubric]]
        criterion = "Reflection"
        levels = [{points = 6, label = "Deep"}, {points = 3, label = "Some"},
                  {points = 0, label = "Missing"}]
        +++
        Write a note about the visit.
        """),
    "02-care/03-presentation.md": textwrap.dedent("""\
        +++
        title = "Presentation"
        type = "assignment"
        due_day = 45
        points = 20
        submission = ["file"]
        allow_revision = false
        closes_at_deadline = true
        +++
        Upload your slides.
        """),
    "03-later/module.toml": 'title = "Practicum"\nopens_day = 200\npracticum = true\n',
    "03-later/01-journal.md": '+++\ntitle = "Journals"\nestimated_minutes = 20\n'
                              'objectives = ["Write journals."]\n+++\nText.\n',
    "03-later/02-journal-week-1.md": textwrap.dedent("""\
        +++
        title = "Journal, week 1"
        type = "assignment"
        due_day = 210
        points = 10
        submission = ["text"]
        share_with_supervisor = true
        +++
        Write about your first week at the facility.
        """),
    "evaluations/mid.toml": textwrap.dedent("""\
        kind = "mid_placement"
        title = "Mid-placement review"
        intro = "Halfway through the placement."

        [[criteria]]
        key = "attitude"
        label = "Professional attitude"
        description = "Punctual, prepared, respectful."
        levels = [{value = 2, label = "Good"}, {value = 1, label = "Needs work"}]

        [[criteria]]
        key = "teamwork"
        label = "Teamwork"
        levels = [{value = 2, label = "Good"}, {value = 1, label = "Needs work"}]

        [[questions]]
        key = "strengths"
        label = "Strengths so far"
        """),
    "evaluations/mid.ja.toml": textwrap.dedent("""\
        kind = "mid_placement"
        title = "中間評価"
        intro = "実習の中間時点での評価です。"

        [[criteria]]
        key = "attitude"
        label = "実習態度"
        description = "時間を守り、準備をして、敬意をもって接している。"
        levels = [{value = 2, label = "よい"}, {value = 1, label = "努力が必要"}]

        [[criteria]]
        key = "teamwork"
        label = "チームワーク"
        levels = [{value = 2, label = "よい"}, {value = 1, label = "努力が必要"}]

        [[questions]]
        key = "strengths"
        label = "これまでのよい点"
        """),
    "evaluations/final.toml": textwrap.dedent("""\
        kind = "final"
        title = "Final evaluation"

        [[criteria]]
        key = "attitude"
        label = "Professional attitude"
        levels = [{value = 2, label = "Good"}, {value = 1, label = "Needs work"}]

        [[criteria]]
        key = "plan"
        label = "Learning plan achieved"
        levels = [{value = 2, label = "Achieved"}, {value = 1, label = "Partly"}]

        [[questions]]
        key = "overall"
        label = "Overall comment"
        required = false
        """),
}


def write_course(root: Path, slug: str = "year-course") -> Path:
    for name, text in COURSE_FILES.items():
        path = root / slug / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def synced_course(db: Session, tmp_path: Path) -> Course:
    sync_courses(db, write_course(tmp_path / "courses"))
    db.flush()
    return db.scalar(select(Course).where(Course.slug == "year-course"))


def staff(db: Session, email: str = "staff@example.org") -> User:
    existing = db.scalar(select(User).where(User.email == email))
    return existing or create_user(db, email, "Staff Member", PASSWORD, [Role.STAFF])


def program(db: Session) -> Program:
    existing = db.scalar(select(Program).where(Program.slug == "aswwtp"))
    if existing:
        return existing
    created = Program(slug="aswwtp", kind=ProgramKind.YEAR_LONG, code="ASWWTP",
                      title="Asian Social Welfare Workers' Training Program")
    db.add(created)
    db.flush()
    return created


def cohort(db: Session, course: Course | None = None, *, number: int = 36,
           starts_on: dt.date = dt.date(2019, 3, 14), capacity: int = 6,
           active: bool = True) -> Cohort:
    details = services.CohortDetails(
        number=number, fiscal_year=starts_on.year, title=f"{number}th cohort",
        starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=347),
        timezone="Asia/Tokyo", capacity=capacity, course_id=course.id if course else None)
    created = services.create_cohort(db, staff(db), program(db), details)
    if active:
        services.change_cohort_status(db, staff(db), created, CohortStatus.ACTIVE)
    return created


def person(db: Session, email: str, name: str | None = None, country: str = "PH") -> User:
    existing = db.scalar(select(User).where(User.email == email))
    return existing or create_user(db, email, name or email.split("@")[0].title(), PASSWORD,
                                   country=country)


def enroll(db: Session, cohort: Cohort, email: str, role: EnrollmentRole = EnrollmentRole.TRAINEE,
           name: str | None = None) -> Enrollment:
    return services.enroll(db, staff(db), cohort, person(db, email, name), role)


def bulk_trainees(db: Session, cohort: Cohort, count: int) -> list[Enrollment]:
    """Many trainees, inserted directly for the tests of a page's size (the enrollment
    service would check the cohort's places): they never sign in, so need no password."""
    start = db.scalar(select(func.count()).select_from(User)) or 0
    users = [User(email=f"bulk{start + n}@example.org", display_name=f"Bulk {start + n}",
                  timezone="Asia/Tokyo") for n in range(count)]
    db.add_all(users)
    db.flush()
    enrollments = [Enrollment(cohort_id=cohort.id, user_id=user.id, role=EnrollmentRole.TRAINEE)
                   for user in users]
    db.add_all(enrollments)
    db.flush()
    return enrollments
