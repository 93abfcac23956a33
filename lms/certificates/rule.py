"""The completion rule: every required lesson done, every required assignment graded at or
above the course's pass mark, and, where the course asks it, a final evaluation submitted by
the supervisor of each practicum and a latest recorded Japanese level at least the one asked.
Pure functions over plain values the caller gathered, so the screen, the completion service
and the trainee's standing judge by the same code; its words (shortfalls) are the
curriculum's, so that the course pages can show them (lms.curriculum.standing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from typing import NamedTuple

from lms.curriculum.models import Item, Module
from lms.curriculum.standing import Assessment, MissingAssignment, Shortfall
from lms.language.models import JapaneseLevel

__all__ = ["Assessment", "LatestWork", "MissingAssignment", "Rule", "Shortfall", "assess"]


class LatestWork(NamedTuple):
    """A trainee's latest handed-in attempt at one assignment, as the rule reads it. The rule
    unpacks it, so a plain (returned, points) pair serves as well: a page of trainees reads a
    thousand, straight from their work summaries."""

    #: Sent back for revision, by its status or by its grade.
    returned: bool
    #: The grade's points; None while it waits for a grade.
    points: int | None


#: :class:`LatestWork` or its plain pair.
Latest = tuple[bool, int | None]


class Rule:
    """The rule as one course asks it: read once, then :meth:`assess` costs little for each of
    the many trainees a page shows."""

    def __init__(self, lessons: list[Item], assignments: list[Item], pass_mark: int,
                 language: str | None = None, practicums: Sequence[Module] = (),
                 japanese_needed: JapaneseLevel | None = None) -> None:
        self.required_lessons = [(lesson.id, lesson) for lesson in lessons if lesson.required]
        # Each required assignment with the shortfalls that do not depend on points, made
        # once: a page assesses dozens of trainees, most lacking the same things.
        # With its points and the share of them that passes (as reaches_pass_mark counts).
        self.required_assignments = [
            (item.id, item, MissingAssignment(item, Shortfall.NOT_HANDED_IN),
             MissingAssignment(item, Shortfall.RETURNED),
             MissingAssignment(item, Shortfall.WAITING_FOR_GRADE),
             item.points or 0, pass_mark * (item.points or 0))
            for item in assignments if item.required]
        #: Each shortfall below the pass mark, by item id and points: most are alike.
        self._below: dict[tuple[int, int], MissingAssignment] = {}
        self.pass_mark = pass_mark
        self.language = language
        #: The practicums whose final evaluation the course asks.
        self.practicums = practicums
        #: The Japanese level her latest recorded one must reach, if the course asks one.
        self.japanese_needed = japanese_needed

    def assess(self, lessons_done: set[int], latest: Mapping[int, Latest],
               evaluated: Set[int] = frozenset(),
               japanese_level: JapaneseLevel | None = None) -> Assessment:
        """What one trainee still lacks. ``latest`` maps an assignment id to her latest
        handed-in attempt; ``evaluated`` holds the practicum modules whose final evaluation
        her supervisor has submitted; ``japanese_level`` is her latest recorded level."""
        assessment = Assessment(
            [lesson for lesson_id, lesson in self.required_lessons
             if lesson_id not in lessons_done],
            missing_evaluations=[module for module in self.practicums
                                 if module.id not in evaluated],
            language=self.language, japanese_needed=self.japanese_needed,
            japanese_level=japanese_level)
        missing = assessment.missing_assignments
        for item_id, item, not_handed_in, returned, waiting, possible, needed \
                in self.required_assignments:
            work = latest.get(item_id)
            if work is None:
                missing.append(not_handed_in)
                continue
            was_returned, points = work
            if was_returned:
                missing.append(returned)
            elif points is None:
                missing.append(waiting)
            elif not possible or points * 100 < needed:  # reaches_pass_mark, counted once
                below = self._below.get((item_id, points))
                if below is None:
                    below = self._below[item_id, points] = MissingAssignment(
                        item, Shortfall.BELOW_PASS_MARK, points)
                missing.append(below)
        return assessment


def assess(lessons: list[Item], assignments: list[Item], lessons_done: set[int],
           latest: Mapping[int, Latest], pass_mark: int,
           language: str | None = None, practicums: Sequence[Module] = (),
           evaluated: Set[int] = frozenset(), japanese_needed: JapaneseLevel | None = None,
           japanese_level: JapaneseLevel | None = None) -> Assessment:
    """What one trainee still lacks. ``latest`` maps an assignment id to her latest handed-in
    attempt; ``language`` is the course's, which the titles of what she lacks are in;
    ``practicums`` are those whose final evaluation the course asks, ``evaluated`` the ones
    her supervisors have submitted; ``japanese_needed`` the level the course asks and
    ``japanese_level`` her latest recorded one."""
    return Rule(lessons, assignments, pass_mark, language, practicums, japanese_needed).assess(
        lessons_done, latest, evaluated, japanese_level)
