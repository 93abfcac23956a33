"""A round's lists for staff: its applications a page at a time with what the reviewers said,
the CSV download's rows read a chunk at a time as the file is sent, the applications a
committee meeting decides on, and every reviewer's assignment for the reviews' CSV."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Row, Select, bindparam, case, select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import User
from lms.grants.models import AWARDED_STATES, ApplicationStatus, GrantApplication, GrantRound
from lms.grants.queries import sent_to_staff
from lms.pagination import Listing, Page, paginate
from lms.reviews import queries as review_queries
from lms.reviews.listing import page_of_rows
from lms.reviews.models import AssignmentStatus, Review, ReviewAssignment, ReviewSubject
from lms.reviews.services import total_weight


def _staff_readable_in(grant_round: GrantRound) -> Select[tuple[GrantApplication]]:
    """The round's applications that staff may read, the first sent first."""
    return (select(GrantApplication)
            .options(joinedload(GrantApplication.applicant))
            .where(GrantApplication.round_id == grant_round.id, sent_to_staff())
            .order_by(GrantApplication.submitted_at, GrantApplication.id))


@dataclass
class StaffApplicationRow:
    application: GrantApplication
    #: What the reviewers said, and how many members are asked (``summary.asked``).
    summary: review_queries.ReviewSummary


def _with_reviews(db_session: Session, grant_round: GrantRound,
                  applications: list[GrantApplication]) -> list[StaffApplicationRow]:
    """Each application with its reviews' summary: one query for any number of
    applications."""
    summaries = review_queries.summaries(
        db_session, grant_round.review_scheme,
        [application.review_subject_id for application in applications
         if application.review_subject_id is not None])
    return [StaffApplicationRow(application, summaries[application.review_subject_id or 0])
            for application in applications]


class ApplicationLine(NamedTuple):
    """One application as the round's list and its CSV show it: a few columns, never the
    application's texts. A tuple rather than a frozen dataclass (as lms.homepage.Line): made
    for each row of a page and of the CSV, a frozen dataclass cost four times as much."""

    id: int
    title: str
    applicant_name: str
    applicant_email: str
    country: str | None
    status: ApplicationStatus
    requested_amount: int
    #: Money counts as awarded only in an awarded state, as the budget and the statistics
    #: page count it.
    awarded_amount: int | None
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    summary: review_queries.ReviewSummary


def _lines_of() -> Select[Any]:
    """The applications that staff may read of the round given as the parameter
    ``round_id``, as the columns of ApplicationLine (but the summary) and the review subject's
    stored summary (lms.reviews.tally), the first sent first."""
    def applicant(column: Any) -> Any:
        # A subquery rather than a join: counting the rows then reads an index alone.
        return select(column).where(User.id == GrantApplication.applicant_id).scalar_subquery()

    return (select(GrantApplication.id, GrantApplication.title, applicant(User.display_name),
                   applicant(User.email), GrantApplication.country, GrantApplication.status,
                   GrantApplication.requested_amount,
                   case((GrantApplication.status.in_(AWARDED_STATES),
                         GrantApplication.awarded_amount)),
                   GrantApplication.submitted_at, GrantApplication.decided_at,
                   *review_queries.stored_summary_columns())
            .outerjoin(ReviewSubject, ReviewSubject.id == GrantApplication.review_subject_id)
            .where(GrantApplication.round_id == bindparam("round_id"), sent_to_staff())
            .order_by(GrantApplication.submitted_at, GrantApplication.id))


@functools.cache
def _round_listing(by_status: bool) -> Listing:
    """The round's list, of one state (the parameter ``status``) or all, built once."""
    statement = _lines_of()
    if by_status:
        statement = statement.where(GrantApplication.status == bindparam("status"))
    return Listing(statement)


#: Where each row's stored review summary begins.
_SUMMARY_AT = 10


def _lines(grant_round: GrantRound, rows: Sequence[Row[Any]]) -> list[ApplicationLine]:
    weight = total_weight(grant_round.review_scheme)
    return [ApplicationLine(*row[:_SUMMARY_AT], summary=review_queries.summary_of(
        row[_SUMMARY_AT:], weight)) for row in rows]


def round_applications(db_session: Session, grant_round: GrantRound,
                       status: ApplicationStatus | None, page_number: int,
                       per_page: int, total: int) -> Page[ApplicationLine]:
    """A page of the round's list; ``total`` is how many there are (``RoundFigures.listed``),
    so that the list needs no count of its own."""
    values: dict[str, Any] = {"round_id": grant_round.id}
    if status is not None:
        values["status"] = status
    page = page_of_rows(db_session, _round_listing(status is not None), values, page_number,
                        per_page, total)
    return Page(items=_lines(grant_round, page.items), number=page.number,
                per_page=page.per_page, total=page.total)


#: Rows the CSV download reads from the database at a time.
EXPORT_CHUNK = 500


@functools.cache
def _export_statement() -> Select[Any]:
    return _lines_of().order_by(None).order_by(GrantApplication.id)


def all_round_applications(db_session: Session,
                           grant_round: GrantRound) -> Iterator[ApplicationLine]:
    """Every application staff may read, for the CSV download, by id: read a chunk at a time
    as the file is sent, so a round of thousands never sits in memory whole."""
    rows = db_session.execute(_export_statement(), {"round_id": grant_round.id},
                              execution_options={"yield_per": EXPORT_CHUNK})
    for chunk in rows.partitions():
        yield from _lines(grant_round, chunk)


def in_review_applications(db_session: Session, grant_round: GrantRound, page_number: int,
                           per_page: int) -> Page[StaffApplicationRow]:
    """The applications a committee meeting decides on, with what the reviewers said."""
    page = paginate(db_session, _staff_readable_in(grant_round).where(
        GrantApplication.status == ApplicationStatus.IN_REVIEW), page_number, per_page)
    return Page(items=_with_reviews(db_session, grant_round, page.items), number=page.number,
                per_page=page.per_page, total=page.total)


def round_applications_by_id(db_session: Session, grant_round: GrantRound,
                             application_ids: list[int]) -> list[StaffApplicationRow]:
    """The rows a meeting's table showed, in whatever state they are now; ids of another
    round find nothing."""
    if not application_ids:
        return []
    applications = list(db_session.scalars(_staff_readable_in(grant_round).where(
        GrantApplication.id.in_(application_ids)).options(
            joinedload(GrantApplication.round))).unique())
    return _with_reviews(db_session, grant_round, applications)


@dataclass(frozen=True)
class ReviewerRow:
    """One member asked to review one of the round's applications."""

    assignment: ReviewAssignment
    application: GrantApplication

    @property
    def counted(self) -> Review | None:
        """The review as it counts: submitted, by a member who did not step aside. A draft is
        still private to its author."""
        review = self.assignment.review
        if review is None or not review.is_submitted:
            return None
        return review if self.assignment.status == AssignmentStatus.ACTIVE else None


def round_review_rows(db_session: Session, grant_round: GrantRound) -> list[ReviewerRow]:
    """Every reviewer's assignment in the round, with their review if any, for the CSV."""
    return [ReviewerRow(assignment, application) for assignment, application in db_session.execute(
        select(ReviewAssignment, GrantApplication)
        .join(GrantApplication, GrantApplication.review_subject_id == ReviewAssignment.subject_id)
        .options(joinedload(ReviewAssignment.reviewer), joinedload(ReviewAssignment.review))
        .where(GrantApplication.round_id == grant_round.id)
        .order_by(GrantApplication.id, ReviewAssignment.assigned_at, ReviewAssignment.id))]
