from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from lms.curriculum import services
from lms.curriculum.models import Item, LessonProgress
from lms.errors import NotAllowed, ServiceError
from lms.programs import services as program_services
from lms.programs.models import CohortStatus, EnrollmentRole
from tests import factories

DURING_ARRIVAL = dt.datetime(2019, 3, 20, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(db, tmp_path):
    course = factories.synced_course(db, tmp_path)
    cohort = factories.cohort(db, course)
    trainee = factories.enroll(db, cohort, "t@example.org")
    items = {item.slug: item for item in db.scalars(select(Item))}
    with time_machine.travel(DURING_ARRIVAL, tick=False):
        yield cohort, trainee, items


def _count(db) -> int:
    return db.scalar(select(func.count()).select_from(LessonProgress))


def test_marking_is_idempotent_and_undoable(db, setting):
    _cohort, trainee, items = setting
    services.mark_done(db, trainee.user, trainee, items["welcome"])
    services.mark_done(db, trainee.user, trainee, items["welcome"])
    assert _count(db) == 1
    services.mark_not_done(db, trainee.user, trainee, items["welcome"])
    services.mark_not_done(db, trainee.user, trainee, items["welcome"])
    assert _count(db) == 0


def test_only_the_trainee_records_their_progress(db, setting):
    cohort, trainee, items = setting
    someone = factories.enroll(db, cohort, "other@example.org")
    with pytest.raises(NotAllowed):
        services.mark_done(db, someone.user, trainee, items["welcome"])
    mentor = factories.enroll(db, cohort, "m@example.org", EnrollmentRole.MENTOR)
    with pytest.raises(NotAllowed):
        services.mark_done(db, mentor.user, mentor, items["welcome"])


def test_assignments_and_locked_or_archived_lessons_cannot_be_marked(db, setting):
    _cohort, trainee, items = setting
    with pytest.raises(ServiceError, match="Only a lesson"):
        services.mark_done(db, trainee.user, trainee, items["visit-note"])
    with pytest.raises(ServiceError, match="not opened yet"):
        services.mark_done(db, trainee.user, trainee, items["insurance"])
    items["rules"].archived_at = DURING_ARRIVAL
    with pytest.raises(ServiceError):
        services.mark_done(db, trainee.user, trainee, items["rules"])
    assert _count(db) == 0


def test_withdrawn_trainees_and_cancelled_cohorts_record_nothing(db, setting):
    cohort, trainee, items = setting
    program_services.withdraw(db, factories.staff(db), trainee, dt.date(2019, 3, 19), "Health")
    with pytest.raises(ServiceError):
        services.mark_done(db, trainee.user, trainee, items["welcome"])
    other = factories.enroll(db, cohort, "o@example.org")
    program_services.change_cohort_status(db, factories.staff(db), cohort,
                                          CohortStatus.CANCELLED, "COVID-19")
    with pytest.raises(ServiceError):
        services.mark_done(db, other.user, other, items["welcome"])


def test_a_lesson_of_another_course_cannot_be_marked(db, setting, tmp_path):
    cohort, trainee, _items = setting
    factories.write_course(tmp_path / "more", slug="other-course")
    from lms.curriculum.sync import sync_courses

    sync_courses(db, tmp_path / "more")
    foreign = db.scalar(select(Item).join(Item.module).where(Item.slug == "welcome",
                                                             Item.course_id != cohort.course_id))
    assert foreign is not None
    with pytest.raises(ServiceError):
        services.mark_done(db, trainee.user, trainee, foreign)
