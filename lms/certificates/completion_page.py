"""The completion screen's page of trainees as plain rows: her name, status, override and
certificate are columns read on the session's connection with her work summary, never the
ORM's enrollments, users, overrides and certificates (whose loading cost more than the rest of
the page), and she is judged by counting what she lacks straight from her summary's packed
values (lms.curriculum.work_summary), where making her whole assessment cost more again. The
screen shows the count alone; her grades page lists what it counts."""

from __future__ import annotations

import functools
import json
from collections.abc import Set
from typing import Any, NamedTuple

from sqlalchemy import String, bindparam, cast, func, select
from sqlalchemy.orm import Session, aliased

from lms.accounts.models import User
from lms.assignments.models import SubmissionStatus
from lms.certificates.models import Certificate, Outcome, OutcomeOverride
from lms.certificates.rule import Rule
from lms.curriculum.progress_queries import TRAINEES_PER_PAGE, cohort_trainee_ids
from lms.curriculum.work_summary import EMPTY, WorkSummary
from lms.db import prebuilt
from lms.language.models import JapaneseLevel
from lms.language.queries import latest_level_values
from lms.pagination import Listing, Page
from lms.placements.models import Evaluation, EvaluationKind, Placement
from lms.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.reviews.listing import page_of_rows

_RETURNED = SubmissionStatus.RETURNED.value


class MissingCount:
    """How many things ``rule`` still asks of a trainee, counted as :meth:`Rule.assess` finds
    them (lms.curriculum.standing_lines.missing_count of its assessment), from her summary's
    packed values: made once with the rule, then a trainee costs a set's intersection and a
    pass over her handed-in attempts."""

    def __init__(self, rule: Rule) -> None:
        # A course's items are rows, so the required lessons' ids are distinct, and her
        # summary packs one latest attempt an assignment: counting by sets counts as the rule's
        # lists do.
        self.lesson_ids = frozenset(lesson_id for lesson_id, _lesson in rule.required_lessons)
        self.assignments = len(rule.required_assignments)
        #: The share of its points (times a hundred) each required assignment worth any
        #: points needs; one worth none never passes.
        self.needed = {item_id: needed for item_id, _item, _none, _returned, _waiting,
                       possible, needed in rule.required_assignments if possible}
        self.practicum_ids = [module.id for module in rule.practicums]
        self.japanese_needed = rule.japanese_needed
        # What her summary lacks depends on its values alone, so it is kept for the next
        # visit that reads the same: parsing her attempts cost most of judging her, and few
        # change between two visits of a page. (A changed summary is another key.) Ten pages'
        # worth: each key holds her summary, a few kilobytes, in every worker.
        self.summary_count = functools.lru_cache(maxsize=256)(self._summary_count)

    def count(self, lessons_done: str | None, work: str | None, evaluated: Set[int],
              japanese_level: JapaneseLevel | None) -> int:
        """``lessons_done`` and ``work``: her summary's columns (None: she has no row)."""
        missing = self.summary_count(lessons_done, work)
        for module_id in self.practicum_ids:
            if module_id not in evaluated:
                missing += 1
        needed_level = self.japanese_needed
        if needed_level is not None and (
                japanese_level is None or not japanese_level.reaches(needed_level)):
            missing += 1
        return missing

    def _summary_count(self, lessons_done: str | None, work: str | None) -> int:
        """The required lessons and assignments her summary's columns lack."""
        missing = len(self.lesson_ids)
        if missing and lessons_done:
            missing -= len(self.lesson_ids.intersection(json.loads(lessons_done)))
        missing += self.assignments
        if self.assignments and work and work != EMPTY:
            needed = self.needed
            # Her handed-in attempts: [item id, attempt id, status, late, points, returned].
            for item_id, _attempt, status, _late, points, returned in json.loads(work)[0]:
                share = needed.get(item_id)
                if (share is not None and points is not None and status != _RETURNED
                        and not returned and points * 100 >= share):
                    missing -= 1
        return missing


class CompletionRow(NamedTuple):
    """One trainee's row of the screen."""

    enrollment_id: int
    status: EnrollmentStatus
    name: str
    #: Staff's decision for her, if any: its outcome, reason and who decided it.
    override: Outcome | None
    override_reason: str | None
    decided_by: str | None
    certificate_id: int | None
    serial: str | None
    revoked: bool
    #: How many things the rule still asks of her (none: she meets it).
    missing: int

    @property
    def meets_rule(self) -> bool:
        return not self.missing

    @property
    def decided(self) -> Outcome | None:
        """The outcome completing the cohort gives (or gave): the override, else the rule (as
        lms.certificates.queries.TraineeOutcome.decided)."""
        status = self.status
        if status == EnrollmentStatus.COMPLETED:
            return Outcome.COMPLETED
        if status == EnrollmentStatus.NOT_COMPLETED:
            return Outcome.NOT_COMPLETED
        if status == EnrollmentStatus.WITHDRAWN:
            return None
        if self.override is not None:
            return self.override
        return Outcome.NOT_COMPLETED if self.missing else Outcome.COMPLETED


def _listing_of(evaluations: bool) -> Listing:
    """A cohort's (``cohort_id`` bound) trainees in the kept order of their names, each with
    her override, its decider, her certificate and her work summary (one of each at most),
    and, with ``evaluations``, the practicum modules whose final evaluation her supervisor
    has submitted (their ids joined by commas), as lms.placements.queries.
    final_evaluations_done finds them. Each row counts the cohort's trainees too: one query a
    page, not two."""
    decider = aliased(User)
    counted = cohort_trainee_ids()
    columns: list[Any] = [
        Enrollment.id, Enrollment.status, User.display_name, OutcomeOverride.outcome,
        OutcomeOverride.reason, decider.display_name, Certificate.id, Certificate.serial,
        Certificate.revoked_at.is_not(None), WorkSummary.lessons_done, WorkSummary.work,
        select(func.count()).select_from(counted.subquery()).scalar_subquery()]
    if evaluations:
        columns.append(
            select(func.aggregate_strings(cast(Placement.module_id, String), ","))
            .join(Evaluation, Evaluation.placement_id == Placement.id)
            .where(Placement.enrollment_id == Enrollment.id,
                   Evaluation.kind == EvaluationKind.FINAL,
                   Evaluation.submitted_at.is_not(None))
            .scalar_subquery())
    return Listing(
        select(*columns)
        .join(User, User.id == Enrollment.user_id)
        .outerjoin(OutcomeOverride, OutcomeOverride.enrollment_id == Enrollment.id)
        .outerjoin(decider, decider.id == OutcomeOverride.decided_by_id)
        .outerjoin(Certificate, Certificate.enrollment_id == Enrollment.id)
        .outerjoin(WorkSummary, WorkSummary.enrollment_id == Enrollment.id)
        .where(Enrollment.cohort_id == bindparam("cohort_id"),
               Enrollment.role == EnrollmentRole.TRAINEE)
        .order_by(Enrollment.sort_name, Enrollment.id),
        # Counted from the enrollments alone: the joins only bring what a page shows.
        counted=counted)


def _listing() -> Listing:
    return _listing_of(evaluations=False)


def _listing_with_evaluations() -> Listing:
    return _listing_of(evaluations=True)


def completion_page(db_session: Session, cohort_id: int, number: int,
                    counter: MissingCount) -> Page[CompletionRow]:
    """Page ``number`` of a cohort's trainees, each judged by ``counter``: one query (three
    when asked for a page past the last), and one more for the Japanese levels if the course
    asks one."""
    listing = prebuilt(_listing_with_evaluations if counter.practicum_ids else _listing)
    values: dict[str, Any] = {"cohort_id": cohort_id}
    connection = db_session.connection()
    per_page = TRAINEES_PER_PAGE
    offset = (max(1, number) - 1) * per_page
    # An offset past what the database counts in is past the last page all the same.
    items = list(connection.execute(listing.page, {
        **values, "page_limit": per_page, "page_offset": offset})) if offset < 2**31 else []
    if items:
        page = Page(items, number, per_page, items[0][11])
    else:  # past the last page: the last one, as lms.pagination.paginate pages it
        total = connection.execute(listing.count, values).scalar_one()
        page = page_of_rows(db_session, listing, values, number, per_page, total)
    ids = [row[0] for row in page.items]
    levels = latest_level_values(db_session, ids) if counter.japanese_needed else {}
    nothing: frozenset[int] = frozenset()
    count = counter.count
    rows = []
    for row in page.items:
        enrollment_id, certificate_id = row[0], row[6]
        evaluated = nothing
        if len(row) > 12 and row[12]:
            evaluated = frozenset(int(module_id) for module_id in row[12].split(","))
        rows.append(CompletionRow(
            enrollment_id, row[1], row[2], row[3], row[4], row[5], certificate_id, row[7],
            bool(row[8]) if certificate_id is not None else False,
            count(row[9], row[10], evaluated, levels.get(enrollment_id))))
    return Page(rows, page.number, page.per_page, page.total)
