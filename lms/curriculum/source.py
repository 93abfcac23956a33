"""Reading ``courses/`` from disk: parse every file, check every rule, and report each problem
with its file, its line and what is wrong. Nothing here touches the database."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lms.curriculum import item_checks as checks
from lms.curriculum.item_checks import LENGTH_UNITS, check_length, check_rubric

if TYPE_CHECKING:
    from lms.curriculum.evaluation_source import EvaluationFormSource

SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
NUMBERED = re.compile(r"^(\d{2})-(.+)$")
ITEM_LINK = re.compile(r"\]\(item:([^)\s]*)\)")
FRONT_MATTER_FENCE = "+++"
SUBMISSION_KINDS = {"text", "file"}

COURSE_KEYS = {"title": str, "summary": str, "language": str, "pass_mark": int,
               "required": (str, list), "optional": list, "final_evaluation_required": bool,
               "languages": list, "required_japanese_level": str}
COURSE_REQUIRED = {"title", "summary", "language", "pass_mark"}
MODULE_KEYS = {"title": str, "opens_day": int, "summary": str, "practicum": bool}
MODULE_REQUIRED = {"title", "opens_day"}
ITEM_KEYS = {"title": str, "type": str, "estimated_minutes": int, "objectives": list,
             "due_day": int, "points": int, "submission": list, "rubric": list,
             "allow_revision": bool, "closes_at_deadline": bool, "words": list,
             "characters": list, "share_with_supervisor": bool, "track": str}
LESSON_REQUIRED = {"title", "estimated_minutes", "objectives"}
ASSIGNMENT_REQUIRED = {"title", "due_day", "points", "submission"}
ASSIGNMENT_ONLY = {"due_day", "points", "submission", "rubric", "allow_revision",
                   "closes_at_deadline", "share_with_supervisor", *LENGTH_UNITS}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class ItemSource:
    slug: str
    path: Path
    position: int
    type: str
    title: str
    body: str
    objectives: list[str] = field(default_factory=list)
    estimated_minutes: int | None = None
    due_day: int | None = None
    points: int | None = None
    submission: list[str] = field(default_factory=list)
    rubric: list[dict[str, Any]] = field(default_factory=list)
    allow_revision: bool = True
    closes_at_deadline: bool = False
    required: bool = True
    #: (unit, least, most) when the assignment asks for a length.
    length: tuple[str, int, int] | None = None
    #: The trainee's facility supervisor reads it (her practicum journals, say).
    share_with_supervisor: bool = False
    #: By language: its texts in each of its variants (curriculum.variant_source).
    variants: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: "japanese" for the Japanese-language track (its teacher grades it), else None.
    track: str | None = None


@dataclass
class ModuleSource:
    slug: str
    path: Path
    position: int
    title: str
    opens_day: int
    summary: str
    #: A facility practicum: each trainee is placed at a host facility for it (lms.placements).
    practicum: bool = False
    items: list[ItemSource] = field(default_factory=list)
    #: Slugs of item files that exist but have problems of their own; links to them are not
    #: reported again as broken.
    invalid_item_slugs: set[str] = field(default_factory=set)
    variants: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class CourseSource:
    slug: str
    path: Path
    title: str
    summary: str
    language: str
    pass_mark: int
    #: Completing asks a submitted final evaluation from the supervisor of each practicum.
    final_evaluation_required: bool = False
    #: Completing asks this JLPT level ("N4") or higher as her latest recorded level.
    required_japanese_level: str | None = None
    modules: list[ModuleSource] = field(default_factory=list)
    evaluation_forms: list[EvaluationFormSource] = field(default_factory=list)
    variants: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def items(self) -> list[ItemSource]:
        return [item for module in self.modules for item in module.items]


@dataclass
class Reading:
    courses: list[CourseSource]
    problems: list[Problem]


class _FileReport:
    """Collects the problems of one file, pointing each at the line of the key concerned."""

    def __init__(self, path: Path, lines: list[str], first_line: int = 1) -> None:
        self.path = path
        self.lines = lines
        self.first_line = first_line
        self.problems: list[Problem] = []

    def line_of(self, key: str | None) -> int | None:
        if key is None:
            return None
        pattern = re.compile(rf"^\s*(?:\[\[)?{re.escape(key)}\b")
        for number, line in enumerate(self.lines):
            if pattern.match(line):
                return self.first_line + number
        return None

    def add(self, message: str, key: str | None = None, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, line or self.line_of(key), message))


def _toml(report: _FileReport, text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = report.first_line + int(match.group(1)) - 1 if match else None
        report.add(f"not valid TOML: {error}", line=line)
        return None


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list"}


def _check_keys(report: _FileReport, data: dict[str, Any], allowed: dict[str, Any],
                required: set[str]) -> None:
    for key, value in data.items():
        if key not in allowed:
            report.add(f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})", key)
            continue
        expected = allowed[key]
        types = expected if isinstance(expected, tuple) else (expected,)
        # bool is an int in Python; a count written as `true` is still wrong.
        wrong = not isinstance(value, types) or (isinstance(value, bool) and bool not in types)
        if wrong:
            names = " or ".join(_TYPE_NAMES[kind] for kind in types)
            report.add(f"'{key}' must be {names}, not {value!r}", key)
    for key in sorted(required - data.keys()):
        report.add(f"missing required key '{key}'")


def _numbered(path: Path, report_to: list[Problem]) -> tuple[int, str] | None:
    stem = path.stem if path.is_file() else path.name
    match = NUMBERED.match(stem)
    if not match:
        report_to.append(Problem(path, None, "name must start with a two-digit number and a "
                                             "hyphen, such as 03-public-assistance"))
        return None
    position, slug = int(match.group(1)), match.group(2)
    if not SLUG.match(slug):
        report_to.append(Problem(path, None, f"'{slug}' is not a valid slug (lowercase letters, "
                                             "digits and single hyphens, starting with a letter)"))
        return None
    return position, slug


def read_courses(root: Path) -> Reading:
    problems: list[Problem] = []
    courses = []
    if not root.is_dir():
        return Reading([], [Problem(root, None, "no such folder")])
    for course_dir in sorted(path for path in root.iterdir() if path.is_dir()):
        if course_dir.name.startswith("."):
            continue
        course = _read_course(course_dir, problems)
        if course is not None:
            courses.append(course)
    return Reading(courses, problems)


def _read_settings(path: Path, what: str, keys: dict[str, Any], required: set[str],
                   problems: list[Problem]) -> tuple[dict[str, Any] | None, _FileReport | None]:
    """Parse a course.toml or module.toml and check its keys; the caller adds its own checks
    to the returned report before handing its problems on."""
    if not path.is_file():
        problems.append(Problem(path, None, f"missing: every {what} needs a {path.name}"))
        return None, None
    text = path.read_text(encoding="utf-8")
    report = _FileReport(path, text.splitlines())
    data = _toml(report, text)
    if data is not None:
        _check_keys(report, data, keys, required)
    return data, report


def _read_course(course_dir: Path, problems: list[Problem]) -> CourseSource | None:
    if not SLUG.match(course_dir.name):
        problems.append(Problem(course_dir, None, f"'{course_dir.name}' is not a valid slug"))
        return None
    data, report = _read_settings(course_dir / "course.toml", "course", COURSE_KEYS,
                                  COURSE_REQUIRED, problems)
    if report is None:
        return None
    if data is not None:
        pass_mark = data.get("pass_mark")
        if isinstance(pass_mark, int) and not 0 < pass_mark <= 100:
            report.add("'pass_mark' is a percentage: from 1 to 100", "pass_mark")
        if data.get("required", "all") != "all" and not isinstance(data.get("required"), list):
            report.add("'required' must be \"all\" or a list of item slugs", "required")
        checks.check_required_level(report, data)
    problems.extend(report.problems)
    if data is None or report.problems:
        return None
    course = CourseSource(
        slug=course_dir.name, path=course_dir, title=data["title"],
        summary=data.get("summary", ""), language=data["language"], pass_mark=data["pass_mark"],
        final_evaluation_required=data.get("final_evaluation_required", False),
        required_japanese_level=data.get("required_japanese_level"),
    )
    # Imported here: the forms' and variants' readers build on this module's checks.
    from lms.curriculum import evaluation_source as forms
    from lms.curriculum.variant_source import read_variants

    course.evaluation_forms = forms.read_evaluation_forms(course_dir / forms.EVALUATIONS, problems)
    seen_positions: dict[int, Path] = {}
    for module_dir in sorted(path for path in course_dir.iterdir()
                             if path.is_dir() and path.name != forms.EVALUATIONS):
        module = _read_module(module_dir, problems)
        if module is None:
            continue
        if module.position in seen_positions:
            problems.append(Problem(module_dir, None, f"number {module.position:02d} is also "
                                                      f"used by {seen_positions[module.position]}"))
        seen_positions[module.position] = module_dir
        course.modules.append(module)
    _check_course_wide(course, report_lines=report.lines, data=data, problems=problems)
    read_variants(course, data, _FileReport(report.path, report.lines), problems)
    problems.extend(forms.final_evaluation_rule_problems(course, _FileReport(report.path,
                                                                             report.lines)))
    return course


def _read_module(module_dir: Path, problems: list[Problem]) -> ModuleSource | None:
    numbered = _numbered(module_dir, problems)
    if numbered is None:
        return None
    data, report = _read_settings(module_dir / "module.toml", "module", MODULE_KEYS,
                                  MODULE_REQUIRED, problems)
    if report is None:
        return None
    if data is not None:
        opens_day = data.get("opens_day")
        if isinstance(opens_day, int) and not isinstance(opens_day, bool) and opens_day < 1:
            report.add("'opens_day' counts from 1, the cohort's first day", "opens_day")
    problems.extend(report.problems)
    if data is None or report.problems:
        return None
    module = ModuleSource(slug=numbered[1], path=module_dir, position=numbered[0],
                          title=data["title"], opens_day=data["opens_day"],
                          summary=data.get("summary", ""), practicum=data.get("practicum", False))
    # Its variants (NN-slug.ja.md) are read with the course's (curriculum.variant_source).
    for item_file in sorted(path for path in module_dir.glob("*.md") if path.suffixes == [".md"]):
        item = _read_item(item_file, module, problems)
        if item is not None:
            module.items.append(item)
        elif match := NUMBERED.match(item_file.stem):
            module.invalid_item_slugs.add(match.group(2))
    return module


def _read_item(path: Path, module: ModuleSource, problems: list[Problem],
               numbered: tuple[int, str] | None = None) -> ItemSource | None:
    numbered = numbered or _numbered(path, problems)
    if numbered is None:
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        problems.append(Problem(path, 1, "must begin with front matter between two '+++' lines"))
        return None
    try:
        closing = next(n for n in range(1, len(lines)) if lines[n].strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        problems.append(Problem(path, 1, "the front matter is never closed by a '+++' line"))
        return None
    front_lines = lines[1:closing]
    report = _FileReport(path, front_lines, first_line=2)
    data = _toml(report, "\n".join(front_lines))
    body = "\n".join(lines[closing + 1:]).strip() + "\n"
    if data is not None:
        _check_item(report, data, module)
    problems.extend(report.problems)
    if data is None or report.problems:
        return None
    return ItemSource(
        slug=numbered[1], path=path, position=numbered[0], type=data.get("type", "lesson"),
        title=data["title"], body=body, objectives=data.get("objectives", []),
        estimated_minutes=data.get("estimated_minutes"), due_day=data.get("due_day"),
        points=data.get("points"), submission=data.get("submission", []),
        rubric=data.get("rubric", []), allow_revision=data.get("allow_revision", True),
        closes_at_deadline=data.get("closes_at_deadline", False),
        length=next(((unit, *data[unit]) for unit in LENGTH_UNITS if unit in data), None),
        share_with_supervisor=data.get("share_with_supervisor", False), track=data.get("track"))


def _check_item(report: _FileReport, data: dict[str, Any], module: ModuleSource) -> None:
    kind = data.get("type", "lesson")
    if kind not in {"lesson", "assignment"}:
        report.add(f"'type' must be \"lesson\" or \"assignment\", not {kind!r}", "type")
        return
    required = ASSIGNMENT_REQUIRED if kind == "assignment" else LESSON_REQUIRED
    _check_keys(report, data, ITEM_KEYS, required)
    if report.problems:
        return
    if kind == "lesson":
        for key in sorted(ASSIGNMENT_ONLY & data.keys()):
            report.add(f"'{key}' is only for assignments (this file is a lesson)", key)
    if not all(isinstance(objective, str) for objective in data.get("objectives", [])):
        report.add("'objectives' must be a list of sentences", "objectives")
    if data.get("estimated_minutes", 1) < 1:
        report.add("'estimated_minutes' must be at least 1", "estimated_minutes")
    checks.check_track(report, data)
    if kind != "assignment":
        return
    if data["due_day"] < module.opens_day:
        report.add(f"due_day {data['due_day']} comes before the module opens "
                   f"(opens_day {module.opens_day})", "due_day")
    if data["points"] < 1:
        report.add("'points' must be at least 1", "points")
    kinds = data["submission"]
    if not kinds or not set(kinds) <= SUBMISSION_KINDS:
        report.add("'submission' must list \"text\", \"file\" or both", "submission")
    check_rubric(report, data.get("rubric", []), data["points"])
    check_length(report, data, kinds)


def _check_course_wide(course: CourseSource, report_lines: list[str], data: dict[str, Any],
                       problems: list[Problem]) -> None:
    by_slug: dict[str, ItemSource] = {}
    for item in course.items:
        if item.slug in by_slug:
            problems.append(Problem(item.path, None, f"slug '{item.slug}' is also used by "
                                                     f"{by_slug[item.slug].path}"))
        by_slug.setdefault(item.slug, item)
    module_slugs: dict[str, Path] = {}
    for module in course.modules:
        if module.slug in module_slugs:
            problems.append(Problem(module.path, None, f"module slug '{module.slug}' is also "
                                                       f"used by {module_slugs[module.slug]}"))
        module_slugs.setdefault(module.slug, module.path)
    known = by_slug.keys() | {slug for module in course.modules
                              for slug in module.invalid_item_slugs}
    for item in course.items:
        for number, line in enumerate(item.path.read_text(encoding="utf-8").splitlines(), 1):
            for target in ITEM_LINK.findall(line):
                if target not in known:
                    problems.append(Problem(item.path, number,
                                            f"link to 'item:{target}', but no item of course "
                                            f"'{course.slug}' has that slug"))
    report = _FileReport(course.path / "course.toml", report_lines)
    required = data.get("required", "all")
    optional = data.get("optional", [])
    listed = required if isinstance(required, list) else []
    for slug in [*listed, *optional]:
        if slug not in by_slug:
            report.add(f"'{slug}' is not the slug of an item in this course",
                       "optional" if slug in optional else "required")
    problems.extend(report.problems)
    for item in course.items:
        item.required = item.slug not in optional and (required == "all" or item.slug in listed)
