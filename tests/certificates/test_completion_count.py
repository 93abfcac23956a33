"""The completion screen counts what a trainee lacks straight from her work summary's packed
values (lms.certificates.completion_page.MissingCount): the count must be the one her whole
assessment by the rule gives, whatever her work, the course's items and its pass mark."""

from __future__ import annotations

import json
import random

import pytest

from lms.certificates.completion_page import MissingCount
from lms.certificates.rule import Rule
from lms.certificates.standing import latest_work
from lms.curriculum.models import Item, ItemType, Module
from lms.curriculum.standing_lines import missing_count
from lms.curriculum.work_summary import EMPTY, lessons_of
from lms.language.models import JapaneseLevel

HANDED_IN = ("submitted", "graded", "returned")


def _course(chance: random.Random) -> tuple[Rule, list[int], list[int], list[int]]:
    lessons = [Item(id=n, type=ItemType.LESSON, required=chance.random() < 0.7)
               for n in range(1, chance.randint(0, 8) + 1)]
    assignments = [Item(id=100 + n, type=ItemType.ASSIGNMENT, required=chance.random() < 0.8,
                        points=chance.choice([None, 0, 1, 5, 10, 20]))
                   for n in range(chance.randint(0, 8))]
    practicums = [Module(id=200 + n) for n in range(chance.randint(0, 2))]
    rule = Rule(lessons, assignments, chance.choice([0, 50, 60, 100]), "ja", practicums,
                chance.choice([None, JapaneseLevel.N4, JapaneseLevel.N2]))
    # Ids the summary may hold that the course no longer has, too.
    return (rule, [item.id for item in lessons] + [50], [item.id for item in assignments]
            + [150], [module.id for module in practicums])


def _summary(chance: random.Random, lesson_ids: list[int], assignment_ids: list[int]
             ) -> tuple[str | None, str | None]:
    lessons = sorted(chance.sample(lesson_ids, chance.randint(0, len(lesson_ids))))
    handed_in = [[item_id, attempt, chance.choice(HANDED_IN), chance.random() < 0.2,
                  chance.choice([None, 0, 3, 5, 6, 10, 12, 20]), chance.random() < 0.2]
                 for attempt, item_id in enumerate(sorted(chance.sample(
                     assignment_ids, chance.randint(0, len(assignment_ids)))))]
    drafts = sorted(chance.sample(assignment_ids, min(len(assignment_ids), 2)))
    work = json.dumps([handed_in, drafts], separators=(",", ":"))
    return (chance.choice([None, EMPTY, json.dumps(lessons, separators=(",", ":"))]),
            chance.choice([None, EMPTY, work, work]))


@pytest.mark.parametrize("seed", range(40))
def test_the_count_is_the_assessments(seed):
    chance = random.Random(seed)
    rule, lesson_ids, assignment_ids, practicum_ids = _course(chance)
    counter = MissingCount(rule)
    for _ in range(30):
        lessons, work = _summary(chance, lesson_ids, assignment_ids)
        evaluated = set(chance.sample(practicum_ids, chance.randint(0, len(practicum_ids))))
        level = chance.choice([None, *JapaneseLevel])
        assessment = rule.assess(lessons_of(lessons), latest_work(work), evaluated, level)
        # Twice: the second is the count kept for the same summary.
        for _again in range(2):
            assert counter.count(lessons, work, evaluated, level) == missing_count(assessment)


def test_a_changed_summary_is_counted_again():
    assignment = Item(id=7, type=ItemType.ASSIGNMENT, required=True, points=10)
    counter = MissingCount(Rule([], [assignment], 60))
    waiting = json.dumps([[[7, 1, "submitted", False, None, False]], []])
    graded = json.dumps([[[7, 1, "graded", False, 6, False]], []])
    assert counter.count("[]", waiting, set(), None) == 1
    assert counter.count("[]", graded, set(), None) == 0
    assert counter.count("[]", waiting, set(), None) == 1
