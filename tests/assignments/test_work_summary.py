"""Each trainee's work summary (lms.curriculum.work_summary, lms.assignments.summary) stays what
counting her rows again gives, after every kind of write, in the same transaction; a write
for one trainee leaves the others' as they were; a course sync leaves it right."""

from __future__ import annotations

import json

from sqlalchemy import delete, insert, select, update

from lms.assignments import grading, services
from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.assignments.summary import latest_of, pack_work, recount
from lms.certificates.queries import outcomes_for, requirements_of
from lms.curriculum import services as lesson_services
from lms.curriculum.models import LessonProgress
from lms.curriculum.sync import sync_courses
from lms.curriculum.work_summary import EMPTY, WorkSummary, pack_lessons
from lms.programs.models import Enrollment
from tests import factories

FULL_MARKS = {"Observation": 4, "Reflection": 6}
LOW_MARKS = {"Observation": 2, "Reflection": 0}


def stored(db) -> dict[int, tuple[str, str]]:
    # Columns, not objects: the summaries are written by statements the identity map misses.
    return {enrollment_id: (lessons, work) for enrollment_id, lessons, work in db.execute(
        select(WorkSummary.enrollment_id, WorkSummary.lessons_done, WorkSummary.work))}


def counted(db) -> dict[int, tuple[str, str]]:
    """Every enrollment's summary counted from her rows now (an empty one where she has none)."""
    connection = db.connection()
    ids = list(db.scalars(select(Enrollment.id)))
    lessons, work = pack_lessons(connection, ids), pack_work(connection, ids)
    return {each: (lessons.get(each, EMPTY), work.get(each, EMPTY)) for each in ids}


def assert_kept(db) -> None:
    db.flush()
    kept = stored(db)
    for enrollment_id, live in counted(db).items():
        assert kept.get(enrollment_id, (EMPTY, EMPTY)) == live, enrollment_id


def work_of(db, enrollment) -> tuple[list, list]:
    return json.loads(stored(db)[enrollment.id][1])


def test_each_write_of_work_keeps_the_summary(db, year):
    trainee, item = year["trainee"], year["items"]["visit-note"]
    services.save_draft(db, trainee.user, trainee, item, 1, "First words")
    assert_kept(db)
    assert work_of(db, trainee) == [[], [item.id]]
    first = services.submit(db, trainee.user, trainee, item, 1, "My note")
    assert_kept(db)
    returned = grading.grade(db, year["mentor"].user, first,
                             grading.Assessment(LOW_MARKS, "Add more.", True), 0)
    assert_kept(db)
    assert latest_of(stored(db)[trainee.id][1])[item.id].returned
    services.save_draft(db, trainee.user, trainee, item, 2, "Second")
    assert_kept(db)
    second = services.submit(db, trainee.user, trainee, item, 2, "My better note")
    assert_kept(db)
    latest = latest_of(stored(db)[trainee.id][1])[item.id]
    assert (latest.id, latest.status, latest.points) == (second.id, SubmissionStatus.SUBMITTED,
                                                        None)
    graded = grading.grade(db, year["mentor"].user, second,
                           grading.Assessment(LOW_MARKS, "Fine.", False), 0)
    assert_kept(db)
    grading.grade(db, factories.staff(db), second,
                  grading.Assessment(FULL_MARKS, "Better.", False), graded.version)
    assert_kept(db)
    latest = latest_of(stored(db)[trainee.id][1])[item.id]
    assert (latest.status, latest.points, latest.scored) == (SubmissionStatus.GRADED, 10, True)
    assert returned.version == 1


def test_lessons_done_and_undone_keep_the_summary(db, year):
    trainee = year["trainee"]
    lesson = year["items"]["insurance"]
    lesson_services.mark_done(db, trainee.user, trainee, lesson)
    assert_kept(db)
    assert json.loads(stored(db)[trainee.id][0]) == [lesson.id]
    lesson_services.mark_done(db, trainee.user, trainee, lesson)  # twice: once
    lesson_services.mark_not_done(db, trainee.user, trainee, lesson)
    assert_kept(db)
    assert json.loads(stored(db)[trainee.id][0]) == []


def test_a_write_for_one_trainee_leaves_the_others_as_they_were(db, year):
    trainee, classmate = year["trainee"], year["classmate"]
    item = year["items"]["visit-note"]
    services.submit(db, classmate.user, classmate, item, 1, "Hers")
    lesson_services.mark_done(db, classmate.user, classmate, year["items"]["insurance"])
    db.commit()
    before = stored(db)[classmate.id]
    first = services.submit(db, trainee.user, trainee, item, 1, "Mine")
    grading.grade(db, year["mentor"].user, first, grading.Assessment(FULL_MARKS, "", False), 0)
    lesson_services.mark_done(db, trainee.user, trainee, year["items"]["insurance"])
    db.commit()
    assert stored(db)[classmate.id] == before
    assert stored(db)[trainee.id] != before or before == (EMPTY, EMPTY)
    assert_kept(db)


def test_statements_that_bypass_the_flush_keep_it(db, year):
    trainee, classmate = year["trainee"], year["classmate"]
    item = year["items"]["visit-note"]
    first = services.submit(db, trainee.user, trainee, item, 1, "Mine")
    db.execute(insert(Submission), [{
        "enrollment_id": classmate.id, "item_id": item.id, "attempt": 1,
        "status": SubmissionStatus.GRADED, "text": "Bulk", "is_late": False}])
    assert_kept(db)
    theirs = db.scalar(select(Submission.id).where(Submission.enrollment_id == classmate.id))
    db.execute(insert(Grade), [{"submission_id": theirs, "scores": {}, "total": 7,
                                "returned": False, "version": 1}])
    assert_kept(db)
    db.execute(update(Grade).values(total=5))
    assert_kept(db)
    db.execute(insert(LessonProgress), [{"enrollment_id": classmate.id,
                                          "item_id": year["items"]["insurance"].id}])
    assert_kept(db)
    db.query(Grade).delete()
    db.execute(delete(LessonProgress).where(LessonProgress.enrollment_id == classmate.id))
    assert_kept(db)
    db.execute(update(Submission).where(Submission.id == first.id)
               .values(status=SubmissionStatus.RETURNED))
    assert_kept(db)
    db.query(Submission).delete()
    assert_kept(db)


def test_recount_fills_what_bypassed_the_session(db, year):
    trainee, item = year["trainee"], year["items"]["visit-note"]
    services.submit(db, trainee.user, trainee, item, 1, "Mine")
    db.flush()
    db.execute(delete(WorkSummary))
    recount(db, [trainee.id, year["classmate"].id])
    assert_kept(db)


def test_a_sync_that_removes_an_assignment_leaves_it_out_of_the_rule(db, year, tmp_path):
    trainee, item = year["trainee"], year["items"]["visit-note"]
    services.submit(db, trainee.user, trainee, item, 1, "Mine")
    db.commit()
    cohort = year["cohort"]

    def missing_titles() -> list[str]:
        db.expire_all()
        row = outcomes_for(db, [trainee], requirements_of(db, cohort))[0]
        return [entry.item.title for entry in row.assessment.missing_assignments]

    assert "Visit note" in missing_titles()  # waiting for a grade
    courses = factories.write_course(tmp_path / "again")
    (courses / "year-course" / "02-care" / "02-visit-note.md").unlink(missing_ok=True)
    sync_courses(db, courses)
    db.commit()
    assert "Visit note" not in missing_titles()
    assert_kept(db)  # the trainee's attempt is kept, and so is her summary
    assert item.id in latest_of(stored(db)[trainee.id][1])
