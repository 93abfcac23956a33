"""Checks of an assignment's front matter that stand apart from the rest of an item's
(curriculum.source): its rubric and the length it asks for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lms.curriculum.source import _FileReport

#: An assignment's length: words for writing in Latin script, characters (blanks not counted)
#: for Japanese. A language variant of an assignment asks the same range as its default.
LENGTH_UNITS = ("words", "characters")


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
