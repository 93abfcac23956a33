"""Read models for the grant pages. Access is part of the query: an applicant's lookups find
only their own applications, a reviewer's only what they are actively assigned to, and
anyone else's id finds nothing."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, bindparam, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from lms.accounts.models import Role, User
from lms.curriculum.models import Course, Item, Module
from lms.db import as_loaded_with, columns_of, loaded_columns, set_loaded_collection
from lms.grants.models import (
    AWARDED_STATES,
    ApplicationStatus,
    ApplicationVersion,
    BudgetLine,
    Disbursement,
    GrantApplication,
    GrantReport,
    GrantRound,
    ReportAttachment,
    ReportKind,
    ReportStatus,
)
from lms.grants.tallies import GrantRoundTally
from lms.pagination import Page, paginate
from lms.prepared import prebuilt_rows
from lms.reviews import queries as review_queries
from lms.reviews.models import ReviewAssignment

# Access -----------------------------------------------------------------------------------------


def own_application(db_session: Session, actor: User,
                    application_id: int) -> GrantApplication | None:
    """The actor's own application with its round and budget lines; None for anyone else's.
    Made from plain rows, one a budget line, as the ORM would have loaded them
    (lms.db.as_loaded_with): the ORM's joined loading of the three cost the applicant's page
    four times what the database took to answer (0.4 ms in-process)."""
    rows = prebuilt_rows(db_session, _own_application_rows, application_id=application_id,
                         applicant_id=actor.id)
    if not rows:
        return None
    values = iter(rows[0])
    application: GrantApplication = as_loaded_with(db_session, values, GrantApplication,
                                                   "round")
    set_loaded_collection(db_session, application, "budget_lines", rows,
                          len(rows[0]) - len(loaded_columns(BudgetLine)[0]))
    return application


def _own_application_rows() -> Select[Any]:
    # Built once an app (lms.prepared.prebuilt_rows), the ids bound at each visit, and in one
    # query with its budget: building it and loading the budget apart cost several times what
    # the database took to answer.
    return (select(*columns_of(GrantApplication, "round"), *columns_of(BudgetLine))
            .join(GrantApplication.round)
            .outerjoin(BudgetLine, BudgetLine.application_id == GrantApplication.id)
            .where(GrantApplication.id == bindparam("application_id"),
                   GrantApplication.applicant_id == bindparam("applicant_id"))
            .order_by(BudgetLine.position))


def application_for_staff(db_session: Session, actor: User,
                          application_id: int) -> GrantApplication | None:
    """Any sent application, for staff. A draft stays its author's until sent, even one
    withdrawn unsent, so staff find none."""
    if not actor.has_role(Role.STAFF):
        return None
    return db_session.execute(_staff_application_statement(),
                              {"application_id": application_id}).unique().scalar_one_or_none()


@functools.cache
def _staff_application_statement() -> Select[tuple[GrantApplication]]:
    # Built once, the id bound at each visit (see _own_application_rows).
    return (select(GrantApplication)
            # With what its page shows around it, in the one query: the budget, the round's
            # criteria, the review's subject, and the applicant by name (never asked about her
            # roles: loading them would be a query more).
            .options(joinedload(GrantApplication.round).joinedload(GrantRound.review_scheme),
                     joinedload(GrantApplication.review_subject),
                     joinedload(GrantApplication.applicant).lazyload(User.role_grants),
                     joinedload(GrantApplication.budget_lines))
            .where(GrantApplication.id == bindparam("application_id"),
                   GrantApplication.submitted_at.is_not(None)))


def application_for_reviewer(
        db_session: Session, actor: User,
        assignment_id: int) -> tuple[ReviewAssignment, GrantApplication] | None:
    """A committee member's active assignment and the application it is about; an
    assignment of someone else's, or one they declared a conflict on, finds nothing."""
    assignment = review_queries.assignment_for(db_session, actor, assignment_id)
    if assignment is None:
        return None
    application = db_session.scalar(
        select(GrantApplication)
        .options(joinedload(GrantApplication.round), selectinload(GrantApplication.budget_lines))
        .where(GrantApplication.review_subject_id == assignment.subject_id))
    if application is None:
        return None
    return assignment, application


def round_by_id(db_session: Session, round_id: int) -> GrantRound | None:
    """The round with its review criteria (the list sums up reviews by them), made from a
    plain row run as the driver takes it (lms.prepared): 90 µs where the ORM's joined loading
    cost 120 and SQLAlchemy's execution of the plain row 115 (in-process, alternated)."""
    rows = prebuilt_rows(db_session, _round_statement, round_id=round_id)
    return as_loaded_with(db_session, iter(rows[0]), GrantRound, "review_scheme") if rows else None


def _round_statement() -> Select[Any]:
    # Built once an app (lms.prepared.prebuilt_rows), the round bound at each visit.
    return (select(*columns_of(GrantRound, "review_scheme")).join(GrantRound.review_scheme)
            .where(GrantRound.id == bindparam("round_id")))


# Applicant pages --------------------------------------------------------------------------------


def open_rounds(db_session: Session, now: dt.datetime) -> list[GrantRound]:
    """Rounds taking applications now, closing soonest first. Only a few are ever open at once
    (one a fiscal year), so the list needs no pages."""
    return list(db_session.scalars(
        select(GrantRound).where(GrantRound.opens_at <= now, GrantRound.closes_at >= now)
        .order_by(GrantRound.closes_at, GrantRound.id)))


def upcoming_rounds(db_session: Session, now: dt.datetime) -> list[GrantRound]:
    return list(db_session.scalars(
        select(GrantRound).where(GrantRound.opens_at > now)
        .order_by(GrantRound.opens_at, GrantRound.id)))


def past_rounds(db_session: Session, now: dt.datetime, page_number: int) -> Page[GrantRound]:
    return paginate(db_session, select(GrantRound).where(GrantRound.closes_at < now)
                    .order_by(GrantRound.closes_at.desc(), GrantRound.id.desc()), page_number)


def _own_applications(actor: User) -> Select[tuple[GrantApplication]]:
    return (select(GrantApplication).options(joinedload(GrantApplication.round))
            .where(GrantApplication.applicant_id == actor.id)
            .order_by(GrantApplication.created_at.desc(), GrantApplication.id.desc()))


def applications_of(db_session: Session, actor: User,
                    page_number: int) -> Page[GrantApplication]:
    """The actor's own applications with their rounds, newest first."""
    return paginate(db_session, _own_applications(actor), page_number)


def recent_applications_of(db_session: Session, actor: User,
                           limit: int) -> list[GrantApplication]:
    return list(db_session.scalars(_own_applications(actor).limit(limit)))


def applications_in_rounds(db_session: Session, actor: User,
                           round_ids: list[int]) -> dict[int, list[GrantApplication]]:
    """The actor's applications to each of the given rounds, by round id."""
    found: dict[int, list[GrantApplication]] = {round_id: [] for round_id in round_ids}
    if round_ids:
        for application in db_session.scalars(
                select(GrantApplication)
                .where(GrantApplication.applicant_id == actor.id,
                       GrantApplication.round_id.in_(round_ids))
                .order_by(GrantApplication.created_at, GrantApplication.id)):
            found[application.round_id].append(application)
    return found


@dataclass
class GuideModule:
    module: Module
    items: list[Item]


def round_guide(db_session: Session, grant_round: GrantRound) -> list[GuideModule] | None:
    """The round's guide for applicants: its live modules with their items and bodies; None
    when the round has no guide (or its course has been archived)."""
    if grant_round.guide_course_id is None:
        return None
    course = db_session.get(Course, grant_round.guide_course_id)
    if course is None or course.archived_at is not None:
        return None
    modules = list(db_session.scalars(
        select(Module).where(Module.course_id == course.id, Module.archived_at.is_(None))
        .order_by(Module.position, Module.id)))
    items: dict[int, list[Item]] = {module.id: [] for module in modules}
    for item in db_session.scalars(
            select(Item).where(Item.course_id == course.id, Item.archived_at.is_(None),
                               Item.module_id.in_(list(items)))
            .order_by(Item.position, Item.id)):
        items[item.module_id].append(item)
    return [GuideModule(module, items[module.id]) for module in modules]


class ReportState(NamedTuple):
    """Where a report of the applicant's stands, for her application's page."""

    kind: ReportKind
    status: ReportStatus


class Payment(NamedTuple):
    """A payment of a grant, as the applicant's and the staff's pages show it."""

    paid_on: dt.date
    amount: int
    reference: str
    recorded_at: dt.datetime


@dataclass
class ApplicationRecord:
    """What the applicant's page shows besides the application itself. Never the reviews:
    the applicant does not see who reviewed or how they scored."""

    #: Each version sent: its number and when it was submitted.
    versions: list[list[Any]]
    payments: list[Payment]
    reports: dict[ReportKind, ReportState]


def application_record(db_session: Session, application: GrantApplication) -> ApplicationRecord:
    # Plain rows of statements prepared once an app (lms.prepared.prebuilt_rows): the ORM's
    # loading of whole reports and payments, and SQLAlchemy's execution of each statement,
    # cost the applicant's page several times what the database took (0.35 ms in-process).
    versions = prebuilt_rows(db_session, _versions_of, application_id=application.id)
    reports = {kind: ReportState(kind, status) for kind, status in
               prebuilt_rows(db_session, _reports_of, application_id=application.id)}
    return ApplicationRecord(versions, payments_of(db_session, application), reports)


def payments_of(db_session: Session, application: GrantApplication) -> list[Payment]:
    """The application's payments, oldest first."""
    return [Payment(*row) for row in
            prebuilt_rows(db_session, _payments_of, application_id=application.id)]


# Built once an app, the application bound at each visit (see _own_application_rows).


def _versions_of() -> Select[Any]:
    return (select(ApplicationVersion.number, ApplicationVersion.submitted_at)
            .where(ApplicationVersion.application_id == bindparam("application_id"))
            .order_by(ApplicationVersion.number))


def _reports_of() -> Select[Any]:
    return select(GrantReport.kind, GrantReport.status).where(
        GrantReport.application_id == bindparam("application_id"))


def _payments_of() -> Select[Any]:
    return (select(Disbursement.paid_on, Disbursement.amount, Disbursement.reference,
                   Disbursement.recorded_at)
            .where(Disbursement.application_id == bindparam("application_id"))
            .order_by(Disbursement.paid_on, Disbursement.id))


def own_report(db_session: Session, application: GrantApplication,
               kind: ReportKind) -> GrantReport | None:
    """The report of an application already found by ``own_application``, with its spending
    and attachments."""
    return db_session.scalar(
        select(GrantReport)
        .options(selectinload(GrantReport.spending), selectinload(GrantReport.attachments))
        .where(GrantReport.application_id == application.id, GrantReport.kind == kind))


def own_report_attachment(db_session: Session, actor: User, application_id: int,
                          kind: ReportKind, attachment_id: int) -> ReportAttachment | None:
    """An attachment of the actor's own report; None for anyone else's, or for an id that
    belongs to another report than the one in the address."""
    return db_session.scalar(
        select(ReportAttachment)
        .join(GrantReport, GrantReport.id == ReportAttachment.report_id)
        .join(GrantApplication, GrantApplication.id == GrantReport.application_id)
        .options(joinedload(ReportAttachment.report))
        .where(ReportAttachment.id == attachment_id, GrantReport.kind == kind,
               GrantReport.application_id == application_id,
               GrantApplication.applicant_id == actor.id))


# Staff pages ------------------------------------------------------------------------------------


@dataclass
class RoundFigures:
    """A round's applications counted by state, and what it has awarded."""

    counts: dict[ApplicationStatus, int]
    awarded: int = 0

    def listed(self, status: ApplicationStatus | None) -> int:
        """How many applications the round's list for staff shows (of one state, if given):
        the counted ones but drafts, since every other state is reached by sending."""
        return sum(count for each, count in self.counts.items()
                   if each != ApplicationStatus.DRAFT and status in (None, each))


def sent_to_staff() -> ColumnElement[bool]:
    """Staff read an application once it has been sent, for good; a draft, or a draft its
    author withdrew, was never sent and stays the author's."""
    return GrantApplication.submitted_at.is_not(None)


def round_figures(db_session: Session, round_ids: list[int]) -> dict[int, RoundFigures]:
    """Read from the rounds' stored tallies (lms.grants.tallies), kept with every write."""
    figures: dict[int, RoundFigures] = {round_id: RoundFigures({}) for round_id in round_ids}
    if round_ids:
        for round_id, *counted in db_session.execute(_figures_statement(),
                                                     {"round_ids": round_ids}):
            _count(figures[round_id], *counted)
    return figures


def one_round_figures(db_session: Session, round_id: int) -> RoundFigures:
    """One round's :func:`round_figures` for its own pages, run as the driver takes it
    (lms.prepared): 55 µs where the session's execution cost 115."""
    figures = RoundFigures({})
    for _round_id, *counted in prebuilt_rows(db_session, _one_round_figures_statement,
                                              round_id=round_id):
        _count(figures, *counted)
    return figures


def _count(figures: RoundFigures, status: Any, count: int, awarded: int) -> None:
    status = ApplicationStatus(status)
    figures.counts[status] = count
    if status in AWARDED_STATES:
        figures.awarded += awarded


@functools.cache
def _figures_statement() -> Select[Any]:
    # Built once, the rounds a parameter: see lms.pagination.Listing.
    return _figures_of(GrantRoundTally.round_id.in_(bindparam("round_ids", expanding=True)))


def _one_round_figures_statement() -> Select[Any]:
    return _figures_of(GrantRoundTally.round_id == bindparam("round_id"))


def _figures_of(rounds: ColumnElement[bool]) -> Select[Any]:
    # What staff count: the applications sent, and the drafts (as a number only).
    tally = GrantRoundTally
    return (select(tally.round_id, tally.status, func.sum(tally.count), func.sum(tally.awarded))
            .where(rounds, tally.sent | (tally.status == ApplicationStatus.DRAFT))
            .group_by(tally.round_id, tally.status)
            .having(func.sum(tally.count) > 0))


def awarded_in(db_session: Session, round_id: int) -> int:
    """What the round has awarded so far, from its stored tallies."""
    return int(db_session.scalar(_awarded_statement(), {"round_id": round_id}) or 0)


@functools.cache
def _awarded_statement() -> Select[Any]:
    tally = GrantRoundTally
    return (select(func.sum(tally.awarded))
            .where(tally.round_id == bindparam("round_id"), tally.status.in_(AWARDED_STATES)))


@dataclass
class RoundRow:
    grant_round: GrantRound
    figures: RoundFigures


def rounds_page(db_session: Session, page_number: int) -> Page[RoundRow]:
    page = paginate(db_session, select(GrantRound).order_by(
        GrantRound.fiscal_year.desc(), GrantRound.opens_at.desc(), GrantRound.id.desc()),
        page_number)
    figures = round_figures(db_session, [grant_round.id for grant_round in page.items])
    return Page(items=[RoundRow(grant_round, figures[grant_round.id])
                       for grant_round in page.items],
                number=page.number, per_page=page.per_page, total=page.total)


def guide_courses(db_session: Session,
                  current_id: int | None = None) -> list[tuple[int, str, str]]:
    """Synced courses a round may link as its guide (id, slug, title): those in the course
    files, and the round's current guide even if it has since been archived."""
    return [(row.id, row.slug, row.title) for row in db_session.execute(
        select(Course.id, Course.slug, Course.title)
        .where(Course.archived_at.is_(None) | (Course.id == current_id))
        .order_by(Course.title))]


# Committee pages --------------------------------------------------------------------------------


def reviewed_applications() -> Select[Any]:
    """Grant applications as the review lists name them (``lms.reviews.queries``), and whether
    reviews are still wanted (the committee's home lists only those)."""
    return (select(GrantApplication.review_subject_id.label("subject_id"),
                   GrantApplication.title.label("title"),
                   GrantApplication.country.label("country"),
                   GrantRound.title.label("group_title"),
                   GrantRound.timezone.label("timezone"),
                   GrantApplication.status.in_([ApplicationStatus.IN_REVIEW,
                                                ApplicationStatus.MORE_INFORMATION])
                   .label("under_review"))
            .join(GrantRound, GrantRound.id == GrantApplication.round_id)
            .where(GrantApplication.review_subject_id.is_not(None)))
