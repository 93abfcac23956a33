"""The levels of a trainee's standing (lms.certificates.standing.judge)."""

from __future__ import annotations

import datetime as dt

from lms.certificates.rule import LatestWork
from lms.certificates.standing import AssignmentWork, judge
from lms.curriculum.models import Course, Item, ItemType
from lms.curriculum.standing import CourseOfTrainee, Level, Shortfall, WorkStatus
from lms.programs.models import Cohort, Enrollment

NOW = dt.datetime(2019, 5, 1, tzinfo=dt.UTC)


def _course(*, ends_on=dt.date(2020, 2, 25)):
    cohort = Cohort(ends_on=ends_on, course=Course(pass_mark=60))
    enrollment = Enrollment(id=1, cohort=cohort)
    lesson = Item(id=1, type=ItemType.LESSON, title="Welcome", required=True)
    note = Item(id=2, type=ItemType.ASSIGNMENT, title="Visit note", required=True, points=10)
    return CourseOfTrainee(enrollment, [lesson], [note], {1}, 60), note


def _graded(points, *, returned=False):
    return LatestWork(returned=returned, points=points)


def test_every_deadline_passed_and_the_rule_unmet_is_not_meeting():
    course, note = _course()
    waiting = AssignmentWork(LatestWork(returned=False, points=None), True,
                             NOW - dt.timedelta(days=1))
    work = judge(course, {note.id: waiting}, NOW)
    assert work.standing.level == Level.NOT_MEETING and work.standing.risks == []
    assert work.states[note.id].status == WorkStatus.HANDED_IN


def test_work_not_yet_due_is_on_track():
    course, note = _course()
    work = judge(course, {note.id: AssignmentWork(due_at=NOW + dt.timedelta(days=1))}, NOW)
    assert work.standing.level == Level.ON_TRACK
    assert [m.shortfall for m in work.standing.assessment.missing_assignments] == [
        Shortfall.NOT_HANDED_IN]


def test_below_the_pass_mark_is_at_risk_before_the_deadline_too():
    course, note = _course()
    work = judge(course, {note.id: AssignmentWork(_graded(5), True,
                                                  NOW + dt.timedelta(days=9))}, NOW)
    assert work.standing.level == Level.AT_RISK
    assert [(m.item.title, m.points) for m in work.standing.risks] == [("Visit note", 5)]
    assert work.states[note.id].points == 5


def test_meeting_the_rule_is_on_track_even_after_the_end():
    course, note = _course(ends_on=dt.date(2019, 4, 1))
    work = judge(course, {note.id: AssignmentWork(_graded(6), True)}, NOW)
    assert work.standing.level == Level.ON_TRACK and work.standing.assessment.meets_rule


def test_returned_for_revision_is_at_risk_until_handed_in_again():
    course, note = _course()
    work = judge(course, {note.id: AssignmentWork(_graded(8, returned=True), True,
                                                  NOW + dt.timedelta(days=9))}, NOW)
    assert work.standing.level == Level.AT_RISK
    assert [m.shortfall for m in work.standing.risks] == [Shortfall.RETURNED]
    assert work.states[note.id].status == WorkStatus.RETURNED
    handed_again = judge(course, {note.id: AssignmentWork(_graded(None), True,
                                                          NOW + dt.timedelta(days=9))}, NOW)
    assert handed_again.standing.level == Level.ON_TRACK


def test_a_draft_is_not_handed_in_and_overdue_is_at_risk():
    course, note = _course()
    work = judge(course, {note.id: AssignmentWork(None, True, NOW - dt.timedelta(hours=1))},
                 NOW)
    assert work.standing.level == Level.AT_RISK
    assert work.states[note.id].status == WorkStatus.DRAFT
