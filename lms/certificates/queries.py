"""Read models for the completion screen, certificates and their verification."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from lms.accounts.models import Role, User
from lms.assignments.queries import cohort_assignments, pass_mark_of
from lms.certificates.completion_page import CompletionRow, MissingCount, completion_page
from lms.certificates.completion_rows import completion_rows
from lms.certificates.models import Certificate, Outcome, OutcomeOverride
from lms.certificates.rule import Assessment, Rule
from lms.certificates.standing import latest_work
from lms.curriculum.content import course_content
from lms.curriculum.models import Course, Item, ItemType, Module
from lms.curriculum.queries import LIST_ONLY
from lms.curriculum.work_summary import lessons_of, stored
from lms.language.models import JapaneseLevel
from lms.language.queries import latest_level_values
from lms.pagination import Page
from lms.placements.queries import final_evaluations_done
from lms.programs.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus

#: Verification codes are written in groups of four from an alphabet without look-alikes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 20


def normalize_code(typed: str) -> str | None:
    """The stored form of a code as a person types it (any case, with or without dashes and
    spaces), or None when it cannot be a code at all."""
    code = re.sub(r"[\s-]", "", typed).upper()
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def foreign_characters(typed: str) -> list[str]:
    """The characters of ``typed`` that no code uses (I, L, O, U, 0 and 1 look like others),
    each once, in the order typed, for the verify page to name."""
    found: list[str] = []
    for char in re.sub(r"[\s-]", "", typed).upper():
        if char not in CODE_ALPHABET and char not in found:
            found.append(char)
    return found


def grouped_code(code: str) -> str:
    return "-".join(code[index:index + 4] for index in range(0, len(code), 4))


# The completion screen ----------------------------------------------------------------------


@dataclass
class TraineeOutcome:
    enrollment: Enrollment
    assessment: Assessment
    override: OutcomeOverride | None
    certificate: Certificate | None

    @property
    def decided(self) -> Outcome | None:
        """The outcome completing the cohort gives (or gave): the override, else the rule."""
        if self.enrollment.status == EnrollmentStatus.COMPLETED:
            return Outcome.COMPLETED
        if self.enrollment.status == EnrollmentStatus.NOT_COMPLETED:
            return Outcome.NOT_COMPLETED
        if self.enrollment.status == EnrollmentStatus.WITHDRAWN:
            return None
        if self.override is not None:
            return self.override.outcome
        return Outcome.COMPLETED if self.assessment.meets_rule else Outcome.NOT_COMPLETED


@dataclass(frozen=True)
class Requirements:
    """What a cohort's course asks of every trainee to complete."""

    lessons: list[Item]
    assignments: list[Item]
    pass_mark: int
    #: The course's language, which the items' titles are in.
    language: str | None = None
    #: The practicums whose final evaluation the course asks (none unless it says so).
    practicums: Sequence[Module] = ()
    #: The Japanese level her latest recorded one must reach (None unless the course says).
    japanese_needed: JapaneseLevel | None = None


@dataclass
class CompletionScreen:
    cohort: Cohort
    requirements: Requirements
    #: Her row, judged by counting what she lacks (lms.certificates.completion_page).
    page: Page[CompletionRow]

    @property
    def pass_mark(self) -> int:
        return self.requirements.pass_mark

    def rows_html(self, active: bool, grades_link: str, certificate_link: str,
                  decide_link: str) -> Markup:
        """The table's rows (lms.certificates.completion_rows)."""
        return completion_rows(self, active, grades_link, certificate_link, decide_link)


def _trainees(cohort: Cohort) -> Select[tuple[Enrollment]]:
    return (select(Enrollment).join(User, User.id == Enrollment.user_id)
            # Her name is shown, never her roles: they would cost a query of their own.
            .options(contains_eager(Enrollment.user).lazyload(User.role_grants))
            .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.TRAINEE)
            .order_by(User.display_name, Enrollment.id))


def required_lessons(db_session: Session, cohort: Cohort) -> list[Item]:
    if cohort.course_id is None:
        return []
    return list(db_session.scalars(
        select(Item).join(Module, Module.id == Item.module_id).options(*LIST_ONLY)
        .where(Item.course_id == cohort.course_id, Item.type == ItemType.LESSON,
               Item.required.is_(True), Item.archived_at.is_(None),
               Module.archived_at.is_(None))
        .order_by(Module.position, Item.position)))


def _by_enrollment(db_session: Session, model: type[OutcomeOverride] | type[Certificate],
                   enrollment_ids: list[int]) -> dict[int, OutcomeOverride | Certificate]:
    if not enrollment_ids:
        return {}
    rows = db_session.scalars(select(model).where(model.enrollment_id.in_(enrollment_ids)))
    return {row.enrollment_id: row for row in rows}


def requirements_of(db_session: Session, cohort: Cohort) -> Requirements:
    # pass_mark_of loads the course, so its language costs no query of its own.
    course = cohort.course
    return Requirements(required_lessons(db_session, cohort),
                        cohort_assignments(db_session, cohort), pass_mark_of(cohort),
                        course.language if course else None,
                        evaluated_practicums(db_session, course) if course else [],
                        course.required_japanese_level if course else None)


def evaluated_practicums(db_session: Session, course: Course) -> list[Module]:
    """The live practicum modules whose final evaluation ``course`` asks, in order."""
    if not course.final_evaluation_required:
        return []
    return list(db_session.scalars(
        select(Module).where(Module.course_id == course.id, Module.practicum.is_(True),
                             Module.archived_at.is_(None)).order_by(Module.position)))


def outcomes_for(db_session: Session, enrollments: list[Enrollment],
                 requirements: Requirements) -> list[TraineeOutcome]:
    """Each trainee's assessment against the rule, override and certificate, in four queries
    whatever the number of trainees."""
    ids = [enrollment.id for enrollment in enrollments]
    overrides = _by_enrollment(db_session, OutcomeOverride, ids)
    certificates = _by_enrollment(db_session, Certificate, ids)
    return _outcomes(db_session, [(enrollment, overrides.get(enrollment.id),
                                   certificates.get(enrollment.id))
                                  for enrollment in enrollments], requirements)


def _rule_of(requirements: Requirements) -> Rule:
    return Rule(requirements.lessons, requirements.assignments, requirements.pass_mark,
                requirements.language, requirements.practicums, requirements.japanese_needed)


def _outcomes(db_session: Session, decided: Sequence[tuple[Any, Any, Any]],
              requirements: Requirements) -> list[TraineeOutcome]:
    """``decided``: each trainee with her override and certificate, or None for either. Her
    lessons done and latest attempts take one query (their work summaries) whatever the
    number of trainees."""
    ids = [enrollment.id for enrollment, _override, _certificate in decided]
    summaries = stored(db_session, ids)
    evaluated = final_evaluations_done(db_session, ids) if requirements.practicums else {}
    levels = latest_level_values(db_session, ids) if requirements.japanese_needed else {}
    rule = _rule_of(requirements)
    outcomes = []
    for enrollment, override, certificate in decided:
        lessons, work = summaries.get(enrollment.id, (None, None))
        outcomes.append(TraineeOutcome(enrollment, rule.assess(
            lessons_of(lessons), latest_work(work), evaluated.get(enrollment.id, frozenset()),
            levels.get(enrollment.id)), override, certificate))
    return outcomes


def _kept_requirements(cohort: Cohort) -> tuple[Requirements, MissingCount]:
    """:func:`requirements_of` from the course kept in memory (lms.curriculum.content), for a
    page seen again and again: the two queries cost more than the rest of its page's work.
    They are kept with the rule's count, as making it cost more than judging a row; the key
    names what of the course they read besides its content."""
    course = cohort.course
    if course is None:
        return _with_rule(Requirements([], [], pass_mark_of(cohort)))
    content = course_content(course)
    key = ("completion requirements", course.pass_mark, course.language,
           course.final_evaluation_required, course.required_japanese_level)
    return content.kept(key, lambda: _with_rule(Requirements(
        [item for item in content.items if item.type == ItemType.LESSON and item.required],
        [item for item in content.items if item.type == ItemType.ASSIGNMENT],
        course.pass_mark, course.language,
        [module for module in content.modules if module.practicum]
        if course.final_evaluation_required else [],
        course.required_japanese_level)))


def _with_rule(requirements: Requirements) -> tuple[Requirements, MissingCount]:
    return requirements, MissingCount(_rule_of(requirements))


def completion_screen(db_session: Session, cohort: Cohort, number: int) -> CompletionScreen:
    requirements, counter = _kept_requirements(cohort)
    return CompletionScreen(cohort, requirements,
                            completion_page(db_session, cohort.id, number, counter))


def active_trainees(db_session: Session, cohort: Cohort) -> list[Enrollment]:
    return list(db_session.scalars(
        _trainees(cohort).where(Enrollment.status == EnrollmentStatus.ACTIVE)))


@dataclass
class CompletionPreview:
    """What completing the cohort now would do, to whom: the confirmation page's content."""

    completed: list[TraineeOutcome]
    not_completed: list[TraineeOutcome]

    @property
    def total(self) -> int:
        return len(self.completed) + len(self.not_completed)


def completion_preview(db_session: Session, cohort: Cohort) -> CompletionPreview:
    """Each active trainee with the outcome complete_cohort would give them; a cohort is small
    (its capacity), so the whole list is shown on one page."""
    rows = outcomes_for(db_session, active_trainees(db_session, cohort),
                        requirements_of(db_session, cohort))
    return CompletionPreview(
        completed=[row for row in rows if row.decided == Outcome.COMPLETED],
        not_completed=[row for row in rows if row.decided != Outcome.COMPLETED])


def enrollment_in_cohort(db_session: Session, cohort: Cohort,
                         enrollment_id: int) -> Enrollment | None:
    return db_session.scalar(_trainees(cohort).where(Enrollment.id == enrollment_id))


# Certificates ---------------------------------------------------------------------------------


def _with_context(statement: Select[tuple[Certificate]]) -> Select[tuple[Certificate]]:
    return statement.options(
        joinedload(Certificate.enrollment).joinedload(Enrollment.cohort)
        .joinedload(Cohort.program),
        joinedload(Certificate.enrollment).joinedload(Enrollment.user))


def certificate_for(db_session: Session, actor: User, certificate_id: int) -> Certificate | None:
    """The certificate if ``actor`` may see it: its holder, or staff."""
    statement = _with_context(select(Certificate).where(Certificate.id == certificate_id))
    if not actor.has_role(Role.STAFF):
        statement = statement.join(Enrollment, Enrollment.id == Certificate.enrollment_id) \
            .where(Enrollment.user_id == actor.id)
    return db_session.scalar(statement)


def certificate_by_code(db_session: Session, typed_code: str) -> Certificate | None:
    code = normalize_code(typed_code)
    if code is None:
        return None
    return db_session.scalar(_with_context(
        select(Certificate).where(Certificate.verification_code == code)))


def certificates_of(db_session: Session, user: User) -> list[Certificate]:
    return list(db_session.scalars(_with_context(
        select(Certificate).join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .where(Enrollment.user_id == user.id).order_by(Certificate.issued_at.desc()))))


def cohort_certificates(db_session: Session, cohort: Cohort) -> list[Certificate]:
    return list(db_session.scalars(
        select(Certificate).join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .where(Enrollment.cohort_id == cohort.id).order_by(Certificate.serial)))
