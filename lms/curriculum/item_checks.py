"""Checks of course files' keys that stand apart from the rest of the reader's
(curriculum.source): an assignment's rubric and the length it asks for, an item's track and
the Japanese level a course asks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lms.language.models import JAPANESE_TRACK, JapaneseLevel

if TYPE_CHECKING:
    from lms.curriculum.source import _FileReport

#: An assignment's length: words for writing in Latin script, characters (blanks not counted)
#: for Japanese. A language variant of an assignment asks the same range as its default.
LENGTH_UNITS = ("words", "characters")
#: The tracks an item may belong to besides the course's main one.
TRACKS = (JAPANESE_TRACK,)


def check_length(report: _FileReport, data: dict[str, Any], kinds: list[str]) -> None:
    given = [unit for unit in LENGTH_UNITS if unit in data]
    if len(given) > 1:
        report.add("give the length in 'words' or in 'characters', not both", given[1])
    for unit in given:
        bounds = data[unit]
        if len(bounds) != 2 or not all(isinstance(n, int) and not isinstance(n, bool)
                                       for n in bounds):
            report.add(f"'{unit}' must be two whole numbers, the least and the most, such as "
                       f"{unit} = [500, 800]", unit)
        elif not 0 < bounds[0] <= bounds[1]:
            report.add(f"'{unit}' must go from a least of 1 or more to a most no smaller: "
                       f"{bounds} is not a range", unit)
        elif "text" not in kinds:
            report.add(f"'{unit}' counts the written answer, but 'submission' has no \"text\"",
                       unit)


def check_rubric(report: _FileReport, rubric: list[Any], points: int) -> None:
    rubric_lines = [report.first_line + n for n, line in enumerate(report.lines)
                    if line.strip() == "[[rubric]]"]
    total = 0
    for index, criterion in enumerate(rubric):
        line = rubric_lines[index] if index < len(rubric_lines) else report.line_of("rubric")
        if not isinstance(criterion, dict) or set(criterion) != {"criterion", "levels"}:
            report.add("each [[rubric]] needs exactly 'criterion' and 'levels'", line=line)
            continue
        levels = criterion["levels"]
        valid = isinstance(levels, list) and levels and all(
            isinstance(level, dict) and set(level) == {"points", "label"}
            and isinstance(level["points"], int) and not isinstance(level["points"], bool)
            and level["points"] >= 0 and isinstance(level["label"], str)
            for level in levels)
        if not valid:
            report.add(f"rubric criterion '{criterion['criterion']}': each level needs "
                       "'points' (a whole number, 0 or more) and 'label'", line=line)
            continue
        total += max(level["points"] for level in levels)
    if rubric and total != points:
        report.add(f"the rubric's highest levels add up to {total}, but 'points' is {points}",
                   "points")


def check_track(report: _FileReport, data: dict[str, Any]) -> None:
    track = data.get("track")
    if track is not None and track not in TRACKS:
        report.add(f"'track' must be {' or '.join(repr(t) for t in TRACKS)}, not {track!r}",
                   "track")


def check_required_level(report: _FileReport, data: dict[str, Any]) -> None:
    level = data.get("required_japanese_level")
    if level is not None and level not in {member.value for member in JapaneseLevel}:
        report.add("'required_japanese_level' must be a JLPT level from \"N5\" to \"N1\", "
                   f"not {level!r}", "required_japanese_level")
