"""A trainee's standing at a glance (lms.certificates.glance) says what the judge says
(lms.certificates.standing): the same level, the same reasons in the same order, and as many
things the rule still asks, whatever her work, her deadlines, her final evaluations, her level
and the time; and a glance kept for her is never shown once any of those changed."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from lms.certificates.glance import _Glancer
from lms.certificates.standing import _CourseJudge
from lms.curriculum.models import Course, Item, ItemType, Module
from lms.curriculum.standing import (
    CourseOfCohort,
    CourseOfTrainee,
    Level,
    TraineeAtGlance,
)
from lms.curriculum.standing_lines import glance_html, missing_count, standing_html
from lms.curriculum.work_summary import Summary
from lms.language.models import JapaneseLevel
from lms.programs.models import Cohort, Enrollment

STARTS = dt.date(2019, 4, 1)
ENDS = dt.date(2019, 9, 30)
STATUSES = ["submitted", "graded", "returned"]


def _course(japanese_needed):
    cohort = Cohort(id=7, starts_on=STARTS, ends_on=ENDS, timezone="Asia/Tokyo",
                    course=Course(pass_mark=60))
    modules = [Module(id=100 + number, title=f"Practicum {number}", practicum=True)
               for number in range(2)]
    lessons = [Item(id=number, type=ItemType.LESSON, title=f"Lesson {number}",
                    required=number % 4 != 0) for number in range(1, 13)]
    points = [10, 20, 0, 1, 15, 100, 10, 5, 30, 10]
    assignments = [Item(id=50 + number, type=ItemType.ASSIGNMENT, title=f"Work {number}",
                        required=number % 5 != 4, points=each,
                        due_day=None if number == 6 else 10 + 17 * number)
                   for number, each in enumerate(points)]
    return cohort, lessons, assignments, modules


def _trainee(rng, lessons, assignments):
    handed_in = []
    if rng.random() < 0.3:  # all handed in and nothing sent back: never at risk
        for item in assignments:
            points = None if rng.random() < 0.2 else item.points
            handed_in.append([item.id, rng.randrange(1, 999), "graded", False, points, False])
        done = frozenset(lesson.id for lesson in lessons if rng.random() < 0.9)
        return done, json.dumps([handed_in, []])
    for item in assignments:
        if rng.random() < 0.6:
            status = rng.choice(STATUSES)
            points = None if status == "submitted" and rng.random() < 0.7 else rng.choice(
                [0, 1, 3, 5, 6, 9, 10, 12, 15, 18, 20, 59, 60, 61, 100])
            handed_in.append([item.id, rng.randrange(1, 999), status, rng.random() < 0.2,
                              points, rng.random() < 0.15])
    drafts = [item.id for item in assignments if rng.random() < 0.1]
    work = json.dumps([handed_in, drafts]) if handed_in or drafts else None
    done = frozenset(lesson.id for lesson in lessons if rng.random() < 0.7)
    return done, work


def _moved(rng, assignments):
    if rng.random() < 0.6:
        return None
    return {item.id: dt.datetime(2019, 4, 1, tzinfo=dt.UTC) + dt.timedelta(
        days=rng.randrange(0, 200), hours=rng.randrange(0, 24))
        for item in assignments if rng.random() < 0.4} or None


@pytest.mark.parametrize("seed", range(6))
def test_a_glance_says_what_the_judge_says(app, seed):
    rng = random.Random(seed)
    needed = [None, JapaneseLevel.N4][seed % 2]
    cohort, lessons, assignments, modules = _course(needed)
    practicums = modules if seed % 3 else []
    glancer = _Glancer(CourseOfCohort(cohort, lessons, assignments, 60, "en", practicums,
                                      needed))
    levels = [None, *JapaneseLevel]
    seen_levels = set()
    for number in range(400):
        done, work = _trainee(rng, lessons, assignments)
        due = _moved(rng, assignments)
        evaluated = frozenset(module.id for module in modules if rng.random() < 0.5)
        level = rng.choice(levels)
        now = dt.datetime(2019, 3, 20, tzinfo=dt.UTC) + dt.timedelta(
            days=rng.randrange(0, 230), hours=rng.randrange(0, 24))
        enrollment = Enrollment(id=number, cohort=cohort, cohort_id=cohort.id)
        course = CourseOfTrainee(enrollment, lessons, assignments, set(done), 60, "en",
                                 practicums, needed)
        judged = _CourseJudge(course).judge_summary(course, Summary(set(done), work, due),
                                                    evaluated, now, level).standing
        hers = {**glancer.course_due, **due} if due else glancer.course_due
        glance = glancer.seen(TraineeAtGlance(number, done, work, level), evaluated,
                              glancer.overdue(hers, now), glancer.ends_on < now.date())
        assert (glance.level, list(glance.risks), glance.missing) == (
            judged.level, judged.risks, missing_count(judged.assessment)), number
        seen_levels.add(glance.level)
        # And in the same words, on a page in the course's language or another, twice.
        locale, link = rng.choice(["en", "ja"]), f"/trainees/{number}/grades?a=1&b=<2>"
        with app.test_request_context():
            words = standing_html(judged, False, locale, link)
            assert glance_html(glance, "en", locale, link) == words
            assert glance_html(glance, "en", locale, link) == words
    assert seen_levels == set(Level)  # every level was compared


def test_a_kept_glance_is_made_again_when_anything_it_reads_changes():
    cohort, lessons, assignments, modules = _course(JapaneseLevel.N4)
    glancer = _Glancer(CourseOfCohort(cohort, lessons, assignments, 60, "en", modules,
                                      JapaneseLevel.N4))
    note = assignments[0]
    work = json.dumps([[[note.id, 1, "graded", False, 3, False]], []])
    everything = frozenset(lesson.id for lesson in lessons)
    trainee = TraineeAtGlance(1, everything, work, JapaneseLevel.N4)
    all_evaluated = frozenset(module.id for module in modules)
    before = glancer.overdue(glancer.course_due, dt.datetime(2019, 4, 1, tzinfo=dt.UTC))
    first = glancer.seen(trainee, all_evaluated, before, False)
    assert glancer.seen(trainee, all_evaluated, before, False) is first
    assert first.level == Level.AT_RISK and first.risks[0].points == 3
    regraded = trainee._replace(work=json.dumps([[[note.id, 1, "graded", False, 5, False]],
                                                 []]))
    assert glancer.seen(regraded, all_evaluated, before, False).risks[0].points == 5
    fewer = trainee._replace(lessons_done=everything - {lessons[1].id})
    assert glancer.seen(fewer, all_evaluated, before, False).missing == first.missing + 1
    lower = trainee._replace(japanese_level=JapaneseLevel.N5)
    assert glancer.seen(lower, all_evaluated, before, False).missing == first.missing + 1
    assert glancer.seen(trainee, frozenset(), before, False).missing == first.missing + 2
    later = glancer.overdue(glancer.course_due, dt.datetime(2019, 9, 1, tzinfo=dt.UTC))
    assert len(glancer.seen(trainee, all_evaluated, later, False).risks) > len(first.risks)
