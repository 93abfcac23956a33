"""A trainee's home and course read her lessons done and her work in one union of the rows
there are (lms.curriculum.queries): what they read must be what a page of trainees reads of
her (lms.curriculum.standing.work_of), whatever she has done."""

from __future__ import annotations

import datetime as dt

import pytest

from lms.assignments.models import DeadlineChange, Extension, SubmissionStatus
from lms.curriculum.models import ItemType, LessonProgress
from lms.curriculum.queries import trainee_at_work
from lms.curriculum.standing import work_of
from tests.home.conftest import NOW, hand_in

pytestmark = pytest.mark.usefixtures("during_care")


def _read_both(db, enrollment):
    at_work = trainee_at_work(db, enrollment)
    course = at_work.outline.course_of(enrollment, at_work.outline.done_item_ids)
    return at_work, work_of(db, [course])[enrollment.id]


def _her_work(db, year):
    """Her attempts, an extension, her cohort's moved deadline and a lesson done; and a
    classmate's work and extension, which are not hers."""
    trainee, items = year["trainee"], year["items"]
    assignments = [item for item in items.values() if item.type == ItemType.ASSIGNMENT]
    lesson = next(item for item in items.values() if item.type == ItemType.LESSON)
    first, second = assignments[0], assignments[1]
    # A graded attempt then a returned one: the latest handed-in counts.
    hand_in(db, trainee, first, days_ago=5, status=SubmissionStatus.GRADED)
    hand_in(db, trainee, first, days_ago=2, attempt=2, status=SubmissionStatus.RETURNED)
    hand_in(db, trainee, second, days_ago=1, status=SubmissionStatus.DRAFT)
    db.add(Extension(enrollment_id=trainee.id, item_id=second.id,
                     due_at=NOW + dt.timedelta(days=3), reason="Ill"))
    db.add(DeadlineChange(cohort_id=trainee.cohort_id, item_id=first.id,
                          due_at=NOW + dt.timedelta(days=9)))
    db.add(LessonProgress(enrollment_id=trainee.id, item_id=lesson.id))
    # A classmate's work is not hers.
    hand_in(db, year["classmate"], second, days_ago=1, status=SubmissionStatus.GRADED)
    db.add(Extension(enrollment_id=year["classmate"].id, item_id=first.id,
                     due_at=NOW + dt.timedelta(days=20), reason="Ill"))
    db.commit()
    return first, second, lesson


def test_her_home_reads_her_work_as_a_page_of_trainees_does(db, year):
    trainee = year["trainee"]
    first, second, lesson = _her_work(db, year)

    at_work, expected = _read_both(db, trainee)
    assert lesson.id in at_work.outline.done_item_ids
    assert at_work.work is not None
    assert at_work.work.states == expected.states
    assert at_work.work.standing == expected.standing
    assert at_work.work.states[first.id].status == expected.states[first.id].status
    assert at_work.work.states[second.id].due_at == NOW + dt.timedelta(days=3)


def test_a_trainee_who_did_nothing_reads_nothing_done(db, year):
    at_work, expected = _read_both(db, year["classmate"])
    assert at_work.outline.done_item_ids == set()
    assert at_work.work is not None and at_work.work.states == expected.states


def test_her_home_reads_her_work_with_its_other_lines_as_a_page_of_trainees_does(app, db, year):
    """The home reads her work, deadlines, levels and evaluations with its other sections'
    lines (lms.curriculum.home_sections), in a union made once an app: bound to her at each
    visit, it reads what a page of trainees reads of her, and nothing of her classmate's."""
    from lms import homepage

    trainee, classmate = year["trainee"], year["classmate"]
    first, second, _lesson = _her_work(db, year)
    for enrollment in (trainee, classmate, trainee):
        _at_work, expected = _read_both(db, enrollment)
        with app.test_request_context():
            [dashboard] = [section.context["dashboard"]
                           for section in homepage.sections(db, enrollment.user)
                           if section.key.startswith("cohort-")]
        assert dashboard.enrollment.id == enrollment.id
        assert dashboard.work.states == expected.states
        assert dashboard.work.standing == expected.standing
    assert dashboard.work.states[second.id].due_at == NOW + dt.timedelta(days=3)
    assert dashboard.work.states[first.id].due_at == NOW + dt.timedelta(days=9)
