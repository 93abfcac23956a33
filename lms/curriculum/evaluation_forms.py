"""A course's evaluation forms as the supervisor's pages read them: the mid-placement review
and the final evaluation, each in the reader's language.

The forms change only with ``flask lms courses sync``, which raises the course's
``content_version`` when they do, so each worker keeps them under that version (as
curriculum.content keeps the course) and reads them again, in one query, only after a sync.
What is kept is plain frozen values, shared by every request: no database rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.curriculum.evaluation_source import DEFAULT_LANGUAGE
from lms.curriculum.models import Course, EvaluationForm

_CACHE_KEY = "lms_evaluation_forms"


@dataclass(frozen=True)
class Level:
    value: int
    label: str


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    description: str
    #: As the file lists them, usually the highest first.
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    required: bool


@dataclass(frozen=True)
class LocalizedForm:
    title: str
    intro: str
    criteria: tuple[Criterion, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class FormView:
    slug: str
    kind: str
    #: The form in each language it is written in; always "en".
    languages: dict[str, LocalizedForm]

    def in_language(self, locale: object) -> LocalizedForm:
        """The form in the reader's language if it is written in it, else in English.
        ``locale`` is a language code ("ja", "ja_JP") or a Babel locale."""
        language = str(locale).replace("-", "_").split("_")[0].lower()
        return self.languages.get(language, self.languages[DEFAULT_LANGUAGE])


def course_forms(db_session: Session, course: Course) -> dict[str, FormView]:
    """The course's live forms by kind ("mid_placement", "final"); a kind the course has no
    form of is absent."""
    kept: dict[int, tuple[int, dict[str, FormView]]] = current_app.extensions.setdefault(
        _CACHE_KEY, {})
    found = kept.get(course.id)
    if found is not None and found[0] == course.content_version:
        return found[1]
    rows = db_session.execute(
        select(EvaluationForm.slug, EvaluationForm.kind, EvaluationForm.definitions)
        .where(EvaluationForm.course_id == course.id, EvaluationForm.archived_at.is_(None)))
    forms = {str(kind): FormView(slug, str(kind), {language: _localized(definition)
                                                   for language, definition in defs.items()})
             for slug, kind, defs in rows}
    kept[course.id] = (course.content_version, forms)
    return forms


def _localized(definition: dict[str, Any]) -> LocalizedForm:
    return LocalizedForm(
        title=definition["title"],
        intro=definition.get("intro", ""),
        criteria=tuple(
            Criterion(key=criterion["key"], label=criterion["label"],
                      description=criterion.get("description", ""),
                      levels=tuple(Level(level["value"], level["label"])
                                   for level in criterion["levels"]))
            for criterion in definition["criteria"]),
        questions=tuple(Question(question["key"], question["label"], question["required"])
                        for question in definition["questions"]),
    )
