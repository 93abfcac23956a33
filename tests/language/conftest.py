"""A year course with a Japanese-language assignment and a required level, a cohort with its
trainees, mentor and Japanese teacher, and another cohort with a teacher of its own."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from sqlalchemy import select

from lms.assignments import services as assignment_services
from lms.curriculum.models import Course, Item
from lms.curriculum.sync import sync_courses
from lms.programs import services as program_services
from lms.programs.models import EnrollmentRole
from tests import factories
from tests.conftest import csrf_token, login

JOURNAL_JA = textwrap.dedent("""\
    +++
    title = "Japanese journal"
    type = "assignment"
    track = "japanese"
    due_day = 41
    points = 10
    submission = ["text"]
    +++
    Write five sentences in Japanese about your week.
    """)


def write_language_course(root, level="N4"):
    factories.write_course(root)
    (root / "year-course" / "02-care" / "04-japanese-journal.md").write_text(
        JOURNAL_JA, encoding="utf-8")
    if level:
        course_toml = root / "year-course" / "course.toml"
        course_toml.write_text(course_toml.read_text(encoding="utf-8")
                               + f'required_japanese_level = "{level}"\n', encoding="utf-8")
    return root


@pytest.fixture
def year(db, tmp_path, request):
    sync_courses(db, write_language_course(tmp_path / "courses",
                                           getattr(request, "param", "N4")))
    db.flush()
    course = db.scalar(select(Course).where(Course.slug == "year-course"))
    cohort = factories.cohort(db, course)
    other_cohort = factories.cohort(db, course, number=37)
    staff = factories.staff(db)
    people = {
        "putri": factories.enroll(db, cohort, "putri@example.org", name="Putri Handayani"),
        "rodel": factories.enroll(db, cohort, "rodel@example.org", name="Rodel Bautista"),
        "mentor": factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR,
                                   name="Tanaka Hiroko"),
        "teacher": factories.enroll(db, cohort, "teacher@example.org", EnrollmentRole.TEACHER,
                                    name="Suzuki Aiko"),
        "outsider": factories.enroll(db, other_cohort, "other@example.org", name="Other One"),
        "far_teacher": factories.enroll(db, other_cohort, "far.teacher@example.org",
                                        EnrollmentRole.TEACHER, name="Far Teacher"),
    }
    program_services.assign_mentor(db, staff, people["mentor"], people["putri"])
    items = {item.slug: item for item in db.scalars(select(Item))}
    db.commit()
    return {"cohort": cohort, "other_cohort": other_cohort, "staff": staff, "items": items,
            "course": course, **people}


def hand_in(db, trainee, item, text="My week."):
    assignment_services.submit(db, trainee.user, trainee, item, 1, text)
    db.flush()
    return assignment_services.attempts(db, trainee, item)[-1]


def sign_in(client, email):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    assert login(client, email).status_code == 302


TODAY = dt.date(2019, 6, 1)
