"""Checks of course files' keys that grew beside the reader (lms.curriculum.source): an
assignment's length, an item's track and the Japanese level a course asks."""

from __future__ import annotations

from typing import Any, Protocol

from lms.language.models import JAPANESE_TRACK, JapaneseLevel

#: An assignment's length: words for writing in Latin script, characters (blanks not counted)
#: for Japanese. Courses have no language variants of an item, so an item has one range.
LENGTH_UNITS = ("words", "characters")
#: The tracks an item may belong to besides the course's main one.
TRACKS = (JAPANESE_TRACK,)


class Report(Protocol):
    def add(self, message: str, key: str | None = None) -> None: ...


def check_length(report: Report, data: dict[str, Any], kinds: list[str]) -> None:
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


def check_track(report: Report, data: dict[str, Any]) -> None:
    track = data.get("track")
    if track is not None and track not in TRACKS:
        report.add(f"'track' must be {' or '.join(repr(t) for t in TRACKS)}, not {track!r}",
                   "track")


def check_required_level(report: Report, data: dict[str, Any]) -> None:
    level = data.get("required_japanese_level")
    if level is not None and level not in {member.value for member in JapaneseLevel}:
        report.add("'required_japanese_level' must be a JLPT level from \"N5\" to \"N1\", "
                   f"not {level!r}", "required_japanese_level")
