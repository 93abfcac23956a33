"""``flask lms courses sync``: bring the database in line with ``courses/``.

Rows are matched to files by slug, never by path or id, so renaming a title, editing a body,
reordering or moving an item to another module keeps every trainee's progress. An item, module,
evaluation form or course that is gone from the files is archived, not deleted. Nothing is
written unless every file is valid, and the caller commits once, so a sync is all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from lms import audit
from lms.clock import utcnow
from lms.curriculum.evaluation_source import EvaluationFormSource
from lms.curriculum.models import (
    Course,
    EvaluationForm,
    EvaluationKind,
    Item,
    ItemType,
    Module,
)
from lms.curriculum.source import CourseSource, ItemSource, ModuleSource, Problem, read_courses
from lms.language.models import JapaneseLevel


class CourseFilesInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the course files")
        self.problems = problems


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated) + len(self.archived) + len(self.restored)

    @property
    def changed(self) -> bool:
        return self.changes > 0


def sync_courses(db_session: Session, root: Path) -> SyncReport:
    reading = read_courses(root)
    if reading.problems:
        raise CourseFilesInvalid(reading.problems)
    report = SyncReport()
    existing = {course.slug: course for course in db_session.scalars(select(Course))}
    for source in reading.courses:
        changes = report.changes
        course = existing.pop(source.slug, None)
        if course is None:
            course = Course(slug=source.slug, title=source.title)
            db_session.add(course)
            report.created.append(f"course {source.slug}")
        _apply(course, _course_fields(source), report, f"course {source.slug}")
        db_session.flush()
        _sync_modules(db_session, course, source, report)
        _sync_evaluation_forms(db_session, course, source, report)
        if report.changes > changes:
            _new_version(course)
    for course in existing.values():
        if _archive(course, report, f"course {course.slug}"):
            _new_version(course)
    db_session.flush()
    if report.changed:
        audit.record(db_session, None, "courses_synced", after={
            "created": len(report.created), "updated": len(report.updated),
            "archived": len(report.archived), "restored": len(report.restored)})
    return report


def _sync_modules(db_session: Session, course: Course, source: CourseSource,
                  report: SyncReport) -> None:
    modules = {module.slug: module for module in
               db_session.scalars(select(Module).where(Module.course_id == course.id))}
    items = {item.slug: item for item in
             db_session.scalars(select(Item).options(undefer(Item.variants))
                                .where(Item.course_id == course.id))}
    for module_source in source.modules:
        label = f"module {source.slug}/{module_source.slug}"
        module = _matched(db_session, modules, Module, course, module_source.slug, report, label)
        _apply(module, _module_fields(module_source), report, label)
        db_session.flush()
        for item_source in module_source.items:
            item_label = f"item {source.slug}/{item_source.slug}"
            item = _matched(db_session, items, Item, course, item_source.slug, report, item_label)
            _apply(item, {"module_id": module.id, **_item_fields(item_source)}, report,
                   item_label)
    for module in modules.values():
        _archive(module, report, f"module {source.slug}/{module.slug}")
    for item in items.values():
        _archive(item, report, f"item {source.slug}/{item.slug}")


def _sync_evaluation_forms(db_session: Session, course: Course, source: CourseSource,
                           report: SyncReport) -> None:
    forms = {form.slug: form for form in db_session.scalars(
        select(EvaluationForm).where(EvaluationForm.course_id == course.id))}
    for form_source in source.evaluation_forms:
        label = f"evaluation form {source.slug}/{form_source.slug}"
        form = _matched(db_session, forms, EvaluationForm, course, form_source.slug, report, label)
        _apply(form, _evaluation_form_fields(form_source), report, label)
    for form in forms.values():
        _archive(form, report, f"evaluation form {source.slug}/{form.slug}")


Row = Course | Module | Item | EvaluationForm
CourseRow = TypeVar("CourseRow", Module, Item, EvaluationForm)


def _matched(db_session: Session, rows: dict[str, CourseRow], model: type[CourseRow],
             course: Course, slug: str, report: SyncReport, label: str) -> CourseRow:
    """The course's row of ``slug``, taken out of ``rows`` (whatever is left there at the end
    is archived), or a new one."""
    row = rows.pop(slug, None)
    if row is None:
        row = model(course_id=course.id, slug=slug)
        db_session.add(row)
        report.created.append(label)
    return row


def _apply(row: Row, fields: dict[str, Any], report: SyncReport,
           label: str) -> None:
    """Set only what differs, so an unchanged file causes no write at all."""
    changed = False
    for name, value in fields.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if row.archived_at is not None:
        row.archived_at = None
        report.restored.append(label)
    elif changed and row.id is not None:
        report.updated.append(label)
    if changed and isinstance(row, Course):
        row.synced_at = utcnow()


def _archive(row: Row, report: SyncReport, label: str) -> bool:
    if row.archived_at is None:
        row.archived_at = utcnow()
        report.archived.append(label)
        return True
    return False


def _new_version(course: Course) -> None:
    """Tell every worker that keeps this course in memory that its copy is out of date."""
    course.content_version = (course.content_version or 0) + 1


def _course_fields(source: CourseSource) -> dict[str, Any]:
    return {"title": source.title, "summary": source.summary, "language": source.language,
            "pass_mark": source.pass_mark,
            "final_evaluation_required": source.final_evaluation_required,
            "variants": source.variants,
            "required_japanese_level": JapaneseLevel(source.required_japanese_level)
            if source.required_japanese_level else None}


def _module_fields(source: ModuleSource) -> dict[str, Any]:
    return {"position": source.position, "title": source.title, "summary": source.summary,
            "opens_day": source.opens_day, "practicum": source.practicum,
            "variants": source.variants}


def _item_fields(source: ItemSource) -> dict[str, Any]:
    return {
        "position": source.position,
        "type": ItemType(source.type),
        "title": source.title,
        "body": source.body,
        "objectives": source.objectives,
        "estimated_minutes": source.estimated_minutes,
        "required": source.required,
        "due_day": source.due_day,
        "points": source.points,
        "submission_kinds": source.submission,
        "rubric": source.rubric,
        "allow_revision": source.allow_revision,
        "closes_at_deadline": source.closes_at_deadline,
        "length_unit": source.length[0] if source.length else None,
        "length_min": source.length[1] if source.length else None,
        "length_max": source.length[2] if source.length else None,
        "share_with_supervisor": source.share_with_supervisor,
        "variants": source.variants,
        "track": source.track,
    }


def _evaluation_form_fields(source: EvaluationFormSource) -> dict[str, Any]:
    return {"kind": EvaluationKind(source.kind), "definitions": source.definitions}
