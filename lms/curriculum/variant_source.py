"""Reading a course's language variants: ``NN-slug.ja.md`` beside a lesson or an assignment,
``module.ja.toml`` beside a module.toml and ``course.ja.toml`` beside the course.toml.

A variant translates the texts only. An item's variant repeats the default's whole front
matter: every other key (type, due day, points, submission, length...) must be the same, and
its objectives and rubric must have as many entries, criteria and levels, with the same
points, so a grade given on one reads on the other. A ``.ja.toml`` holds a title and a summary,
nothing else. A course.toml may declare ``languages = ["en", "ja"]``: then every item and
module must have its variant in each. Every problem names its file and line, as the rest of a
course does (curriculum.source), and the sync refuses a course with any."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lms.curriculum.evaluation_source import VARIANT_LANGUAGES
from lms.curriculum.source import (
    ITEM_LINK,
    NUMBERED,
    CourseSource,
    ItemSource,
    ModuleSource,
    Problem,
    _check_keys,
    _FileReport,
    _read_item,
    _toml,
)

#: What a ``module.ja.toml`` or ``course.ja.toml`` may hold.
TEXT_KEYS = {"title": str, "summary": str}
#: What an item's variant must have as its default has it: everything but its texts.
SAME_KEYS = ("type", "estimated_minutes", "due_day", "points", "submission", "allow_revision",
             "closes_at_deadline", "length", "share_with_supervisor", "track")


def variant_name(path: Path) -> tuple[str, str] | None:
    """(the default's file name, language) of ``NN-slug.<language>.md``; None for a default."""
    parts = path.name.split(".")
    if len(parts) != 3:
        return None
    return f"{parts[0]}.{parts[2]}", parts[1]


def read_variants(course: CourseSource, data: dict[str, Any], course_report: _FileReport,
                  problems: list[Problem]) -> None:
    """Read every variant of ``course`` (read without problems so far) into its sources, and
    report what disagrees with its default or is missing."""
    languages = _declared_languages(course, data, course_report, problems)
    course.variants = _read_texts(course.path / "course.toml", problems)
    slugs = {item.slug for item in course.items}
    for module in course.modules:
        module.variants = _read_texts(module.path / "module.toml", problems)
        _read_item_variants(module, course.language, slugs, problems)
    for language in languages:
        _report_missing(course, language, problems)


def _declared_languages(course: CourseSource, data: dict[str, Any], report: _FileReport,
                        problems: list[Problem]) -> list[str]:
    """The languages other than the course's own that every item must be written in."""
    declared = data.get("languages", [])
    known = (course.language, *VARIANT_LANGUAGES)
    if not all(isinstance(language, str) and language in known for language in declared):
        report.add(f"'languages' lists the languages every item is written in, from "
                   f"{', '.join(repr(language) for language in known)}: not {declared}",
                   "languages")
        problems.extend(report.problems)
        return []
    return [language for language in declared if language != course.language]


def _read_texts(default: Path, problems: list[Problem]) -> dict[str, dict[str, str]]:
    """The ``<name>.<language>.toml`` variants of a course.toml or module.toml."""
    variants = {}
    for language in VARIANT_LANGUAGES:
        path = default.with_name(f"{default.stem}.{language}.toml")
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        report = _FileReport(path, text.splitlines())
        data = _toml(report, text)
        if data is not None:
            _check_keys(report, data, TEXT_KEYS, set())
        problems.extend(report.problems)
        if data is not None and not report.problems:
            # Only what it gives: a module whose variant has no summary keeps its own.
            variants[language] = {key: data[key] for key in TEXT_KEYS if key in data}
    return variants


def _read_item_variants(module: ModuleSource, course_language: str, slugs: set[str],
                        problems: list[Problem]) -> None:
    defaults = {item.path.name: item for item in module.items}
    for path in sorted(module.path.glob("*.*.md")):
        named = variant_name(path)
        match = NUMBERED.match(named[0].removesuffix(".md")) if named else None
        if named is None or match is None:
            problems.append(Problem(path, None, "a language variant is named NN-slug.ja.md, "
                                                "beside its NN-slug.md"))
            continue
        default_name, language = named
        if language == course_language:
            problems.append(Problem(path, None, f"the course is written in '{language}': "
                                                f"{default_name} is its text in it"))
            continue
        if language not in VARIANT_LANGUAGES:
            problems.append(Problem(path, None, f"unknown language variant '{language}' "
                                                f"(known: {', '.join(VARIANT_LANGUAGES)})"))
            continue
        if not (module.path / default_name).is_file():
            problems.append(Problem(path, None, f"a language variant needs its default beside "
                                                f"it: {default_name}"))
            continue
        before = len(problems)
        variant = _read_item(path, module, problems, (int(match.group(1)), match.group(2)))
        default = defaults.get(default_name)
        if variant is None or default is None:  # the default's own problems are reported
            continue
        _compare(default, variant, problems)
        _check_links(variant, slugs | module.invalid_item_slugs, problems)
        if len(problems) == before:
            default.variants[language] = {
                "title": variant.title, "body": variant.body,
                "objectives": variant.objectives, "rubric": variant.rubric}


def _compare(default: ItemSource, variant: ItemSource, problems: list[Problem]) -> None:
    lines = variant.path.read_text(encoding="utf-8").splitlines()
    report = _FileReport(variant.path, lines)
    name = default.path.name

    def differs(line: int | None, what: str, mine: object, theirs: object) -> None:
        report.add(f"{what} {mine} here but {theirs} in {name}: a variant translates the "
                   "texts only", line=line)

    for key in SAME_KEYS:
        mine, theirs = getattr(variant, key), getattr(default, key)
        if mine != theirs:
            line_key = variant.length[0] if key == "length" and variant.length else key
            differs(report.line_of(line_key), f"'{key}'", _shown(mine), _shown(theirs))
    if len(variant.objectives) != len(default.objectives):
        differs(report.line_of("objectives"), "objectives:", len(variant.objectives),
                len(default.objectives))
    rubric_lines = [number for number, line in enumerate(lines, 1)
                    if line.strip() == "[[rubric]]"]
    if len(variant.rubric) != len(default.rubric):
        differs(rubric_lines[0] if rubric_lines else None, "rubric criteria:",
                len(variant.rubric), len(default.rubric))
    else:
        for index, (mine, theirs) in enumerate(zip(variant.rubric, default.rubric, strict=True)):
            points = [level["points"] for level in mine["levels"]]
            default_points = [level["points"] for level in theirs["levels"]]
            if points != default_points:
                differs(rubric_lines[index] if index < len(rubric_lines) else None,
                        f"rubric criterion {index + 1}: level points", points, default_points)
    problems.extend(report.problems)


def _shown(value: object) -> str:
    return "nothing" if value is None else repr(value)


def _check_links(variant: ItemSource, known: set[str], problems: list[Problem]) -> None:
    for number, line in enumerate(variant.path.read_text(encoding="utf-8").splitlines(), 1):
        for target in ITEM_LINK.findall(line):
            if target not in known:
                problems.append(Problem(variant.path, number, f"link to 'item:{target}', but "
                                                              "no item of this course has "
                                                              "that slug"))


def _report_missing(course: CourseSource, language: str, problems: list[Problem]) -> None:
    """What a course declaring ``language`` lacks in it: an item or module without its
    variant (or whose variant has problems of its own, reported already)."""
    why = f"course.toml declares the language '{language}'"
    if language not in course.variants:
        problems.append(Problem(course.path / f"course.{language}.toml", None,
                                f"missing: {why}"))
    for module in course.modules:
        if language not in module.variants:
            problems.append(Problem(module.path / f"module.{language}.toml", None,
                                    f"missing: {why}"))
        for item in module.items:
            if language not in item.variants:
                variant = item.path.with_name(f"{item.path.stem}.{language}.md")
                if not variant.is_file():
                    problems.append(Problem(variant, None, f"missing: {why}"))
