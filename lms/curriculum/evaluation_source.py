"""Reading a course's evaluation forms from ``courses/<course>/evaluations/``: the mid-placement
review and the final evaluation a trainee's facility supervisor fills in.

``<slug>.toml`` is the form in English; ``<slug>.ja.toml`` beside it, if there is one, is the
same form in Japanese. A variant has the form's kind, criteria keys, level values and questions,
only its texts translated, so an answer given on one reads on the other. Every problem is
reported with its file and line, like the rest of a course (curriculum.source)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lms.curriculum.source import (
    SLUG,
    CourseSource,
    Problem,
    _check_keys,
    _FileReport,
    _toml,
)

EVALUATIONS = "evaluations"
FORM_KINDS = ("mid_placement", "final")
DEFAULT_LANGUAGE = "en"
VARIANT_LANGUAGES = ("ja",)
#: Criterion and question keys name the answers kept, so they stay plain.
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
FORM_KEYS = {"kind": str, "title": str, "intro": str, "criteria": list, "questions": list}
FORM_REQUIRED = {"kind", "title", "criteria"}
CRITERION_KEYS = {"key": str, "label": str, "description": str, "levels": list}
CRITERION_REQUIRED = {"key", "label", "levels"}
QUESTION_KEYS = {"key": str, "label": str, "required": bool}
QUESTION_REQUIRED = {"key", "label"}
_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*[A-Za-z0-9_.\"' -]+\s*\]\]?\s*(?:#.*)?$")


@dataclass
class EvaluationFormSource:
    slug: str
    path: Path
    kind: str
    #: The form's texts by language, "en" always and "ja" when its variant exists: each is
    #: {title, intro, criteria: [{key, label, description, levels: [{value, label}]}],
    #: questions: [{key, label, required}]}.
    definitions: dict[str, dict[str, Any]]


@dataclass
class _ReadForm:
    path: Path
    report: _FileReport
    kind: str | None = None
    definition: dict[str, Any] | None = None


def final_evaluation_rule_problems(course: CourseSource, report: _FileReport) -> list[Problem]:
    """What is wrong with a course.toml that asks a final evaluation of each practicum
    (``report`` reads that file): the course needs a practicum and a form to evaluate it on."""
    if course.final_evaluation_required:
        if not any(module.practicum for module in course.modules):
            report.add("'final_evaluation_required' asks a final evaluation of each practicum, "
                       "but no module.toml of this course says 'practicum = true'",
                       "final_evaluation_required")
        if not any(form.kind == "final" for form in course.evaluation_forms):
            report.add("'final_evaluation_required' asks a final evaluation, but evaluations/ "
                       "has no form of kind 'final'", "final_evaluation_required")
    return report.problems


def read_evaluation_forms(folder: Path, problems: list[Problem]) -> list[EvaluationFormSource]:
    if not folder.is_dir():
        return []
    read: dict[tuple[str, str], _ReadForm] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        named = _name(path, problems)
        if named is not None:
            read[named] = _read_form(path)
            problems.extend(read[named].report.problems)
    forms: list[EvaluationFormSource] = []
    kinds: dict[str, Path] = {}
    for (slug, language), variant in read.items():
        if language != DEFAULT_LANGUAGE and (slug, DEFAULT_LANGUAGE) not in read:
            problems.append(Problem(variant.path, None, f"a language variant needs the form "
                                                        f"itself beside it: {slug}.toml"))
    for (slug, language), form in read.items():
        if language != DEFAULT_LANGUAGE or form.definition is None or form.kind is None:
            continue
        if form.kind in kinds:
            problems.append(Problem(form.path, form.report.line_of("kind"),
                                    f"kind '{form.kind}' is also the kind of {kinds[form.kind]}: "
                                    "a course has one form of each kind"))
        kinds.setdefault(form.kind, form.path)
        definitions = {DEFAULT_LANGUAGE: form.definition}
        for other in VARIANT_LANGUAGES:
            variant = read.get((slug, other))
            if variant is not None and variant.definition is not None:
                before = len(problems)
                _compare(form, variant, problems)
                if len(problems) == before:
                    definitions[other] = variant.definition
        forms.append(EvaluationFormSource(slug, form.path, form.kind, definitions))
    return forms


def _name(path: Path, problems: list[Problem]) -> tuple[str, str] | None:
    """(slug, language) of a form's file, from ``<slug>.toml`` or ``<slug>.<language>.toml``."""
    parts = path.name.split(".")
    if path.is_dir() or parts[-1] != "toml" or len(parts) not in {2, 3}:
        problems.append(Problem(path, None, "an evaluation form is a file <slug>.toml, and its "
                                            "Japanese variant <slug>.ja.toml"))
        return None
    if not SLUG.match(parts[0]):
        problems.append(Problem(path, None, f"'{parts[0]}' is not a valid slug (lowercase "
                                            "letters, digits and single hyphens)"))
        return None
    if len(parts) == 3 and parts[1] not in VARIANT_LANGUAGES:
        problems.append(Problem(path, None, f"unknown language variant '{parts[1]}' (known: "
                                            f"{', '.join(VARIANT_LANGUAGES)})"))
        return None
    return parts[0], parts[1] if len(parts) == 3 else DEFAULT_LANGUAGE


def _read_form(path: Path) -> _ReadForm:
    text = path.read_text(encoding="utf-8")
    form = _ReadForm(path, _FileReport(path, text.splitlines()))
    report = form.report
    data = _toml(report, text)
    if data is None:
        return form
    _check_keys(report, data, FORM_KEYS, FORM_REQUIRED)
    kind = data.get("kind")
    if isinstance(kind, str) and kind not in FORM_KINDS:
        report.add(f"'kind' must be {' or '.join(repr(k) for k in FORM_KINDS)}, not {kind!r}",
                   "kind")
    criteria = _entries(report, data, "criteria", "criterion", CRITERION_KEYS,
                        CRITERION_REQUIRED)
    questions = _entries(report, data, "questions", "question", QUESTION_KEYS, QUESTION_REQUIRED)
    if report.problems:
        return form
    form.kind = kind
    form.definition = {
        "title": data["title"],
        "intro": data.get("intro", "").strip(),
        "criteria": [{"key": criterion["key"], "label": criterion["label"],
                      "description": criterion.get("description", ""),
                      "levels": [{"value": level["value"], "label": level["label"]}
                                 for level in criterion["levels"]]}
                     for criterion in criteria],
        "questions": [{"key": question["key"], "label": question["label"],
                       "required": question.get("required", True)} for question in questions],
    }
    return form


def _tables(report: _FileReport, name: str) -> list[_FileReport]:
    """One report per ``[[name]]`` table, holding the table's lines, so a problem in the third
    criterion points at the third criterion's line."""
    headers = [n for n, line in enumerate(report.lines) if _TABLE_HEADER.match(line)]
    tables = []
    for position, start in enumerate(headers):
        if report.lines[start].strip().replace(" ", "") == f"[[{name}]]":
            end = headers[position + 1] if position + 1 < len(headers) else len(report.lines)
            tables.append(_FileReport(report.path, report.lines[start:end], start + 1))
    return tables


def _entries(report: _FileReport, data: dict[str, Any], name: str, what: str,
             keys: dict[str, Any], required: set[str]) -> list[dict[str, Any]]:
    entries = data.get(name, [])
    if not isinstance(entries, list):
        return []
    tables = _tables(report, name)
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        table = (tables[index] if index < len(tables) else
                 _FileReport(report.path, [], report.line_of(name) or 1))
        if not isinstance(entry, dict):
            report.add(f"each of '{name}' is a table: [[{name}]] with "
                       f"{', '.join(sorted(required))}", line=table.first_line)
            continue
        _check_keys(table, entry, keys, required)
        key = entry.get("key")
        if isinstance(key, str) and not KEY.match(key):
            table.add(f"'{key}' is not a valid key (lowercase letters, digits and underscores, "
                      "starting with a letter)", "key")
        elif isinstance(key, str) and key in seen:
            table.add(f"key '{key}' is also used by {what} {seen[key]}", "key")
        if isinstance(key, str):
            seen.setdefault(key, index + 1)
        if isinstance(entry.get("levels"), list):
            _check_levels(table, entry["levels"])
        named = f"'{key}'" if isinstance(key, str) else str(index + 1)
        report.problems.extend(Problem(problem.path, problem.line or table.first_line,
                                       f"{what} {named}: {problem.message}")
                               for problem in table.problems)
    return entries


def _check_levels(table: _FileReport, levels: list[Any]) -> None:
    if not levels or not all(isinstance(level, dict) and set(level) == {"value", "label"}
                             and isinstance(level["label"], str) for level in levels):
        table.add("'levels' must list each level as {value = 4, label = \"...\"}", "levels")
        return
    values = [level["value"] for level in levels]
    for value in values:
        if not isinstance(value, int) or isinstance(value, bool):
            table.add(f"level value {value!r} is not a whole number", "levels")
            return
    if len(set(values)) != len(values):
        table.add(f"two levels share a value: {values}", "levels")


def _shape(definition: dict[str, Any]) -> tuple[list[str], dict[str, list[int]],
                                                 list[tuple[str, bool]]]:
    criteria = definition["criteria"]
    return ([criterion["key"] for criterion in criteria],
            {criterion["key"]: [level["value"] for level in criterion["levels"]]
             for criterion in criteria},
            [(question["key"], question["required"]) for question in definition["questions"]])


def _compare(form: _ReadForm, variant: _ReadForm, problems: list[Problem]) -> None:
    """A variant translates the texts only: whatever an answer is kept under must agree."""
    if form.definition is None or variant.definition is None:
        return
    name = form.path.name
    at = variant.report.line_of

    def differs(line: int | None, what: str, mine: object, theirs: object) -> None:
        problems.append(Problem(variant.path, line, f"{what} {mine} here but {theirs} in "
                                                    f"{name}: a variant translates the texts "
                                                    "only"))

    if variant.kind != form.kind:
        differs(at("kind"), "kind", repr(variant.kind), repr(form.kind))
    keys, levels, questions = _shape(form.definition)
    variant_keys, variant_levels, variant_questions = _shape(variant.definition)
    if variant_keys != keys:
        differs(at("criteria"), "criteria keys", variant_keys, keys)
    else:
        tables = _tables(variant.report, "criteria")
        for index, key in enumerate(keys):
            if variant_levels[key] != levels[key]:
                line = tables[index].line_of("levels") if index < len(tables) else None
                differs(line, f"criterion '{key}': level values", variant_levels[key],
                        levels[key])
    if variant_questions != questions:
        differs(at("questions"), "questions (key, required)", variant_questions, questions)
