"""Read models for the staff and selection committee admissions pages. Every list costs the
same few queries whatever its length: figures come from GROUP BY queries, and what a row needs
besides its application (reviews, interview) is fetched for the whole page at once."""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import Role, RoleGrant, User
from lms.admissions.call_page import CallFacts
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationDocument,
    ApplicationStatus,
    ChecklistItem,
    DocumentKind,
    Interview,
)
from lms.admissions.tallies import AdmissionCallTally
from lms.admissions.workflow import HOLDS_PLACE
from lms.pagination import Listing, Page, paginate
from lms.prepared import prepared_rows
from lms.programs import places
from lms.programs.country import counted_country
from lms.programs.models import Cohort, CohortStatus, Enrollment
from lms.reviews import queries as review_queries
from lms.reviews.models import ReviewSubject
from lms.reviews.services import total_weight

S = ApplicationStatus

#: What the selection committee reads besides the application: the documents about the
#: person's work and learning. Passport and photo identify rather than qualify, and a health
#: certificate comes only after selection.
REVIEWER_DOCUMENTS = (DocumentKind.CV, DocumentKind.DIPLOMA, DocumentKind.EMPLOYMENT_CERTIFICATE,
                      DocumentKind.LANGUAGE_CERTIFICATE, DocumentKind.NOMINATION_LETTER)


def quota_country() -> ColumnElement[str | None]:
    """The country an application takes a place of, for the quota: its applicant's
    year-program enrollment's, otherwise the one the application was sent with; never the
    account's, which its owner may edit (``lms.programs.country``).

    Most applicants were never enrolled: for them the application's country is taken at once,
    without the search for their latest enrollment (a call's pages count thousands)."""
    return case((_applicant_enrolled(), counted_country(AdmissionApplication.applicant_id,
                                                        AdmissionApplication.country)),
                else_=AdmissionApplication.country)


def _applicant_enrolled() -> ColumnElement[bool]:
    # An IN list rather than a correlated EXISTS: SQLite looks each applicant up on the
    # enrollments' index directly, several times faster over a call's thousands.
    return AdmissionApplication.applicant_id.in_(select(Enrollment.user_id).correlate(None))


def sent_to_staff() -> ColumnElement[bool]:
    """Staff read an application once it has been sent; a draft stays its author's."""
    return AdmissionApplication.submitted_at.is_not(None)


def sent_or_being_written() -> ColumnElement[bool]:
    """What staff count: the applications sent, and the drafts (as a number only)."""
    return sent_to_staff() | (AdmissionApplication.status == S.DRAFT)


# Calls ------------------------------------------------------------------------------------------


@dataclass
class CallFigures:
    """A call's applications counted by state (drafts as a number only), and the places of
    its cohort taken, as every page counts them (lms.programs.places)."""

    counts: dict[ApplicationStatus, int] = field(default_factory=dict)
    places_taken: int = 0

    @property
    def sent(self) -> int:
        return sum(count for status, count in self.counts.items() if status != S.DRAFT)

    @property
    def drafts(self) -> int:
        return self.counts.get(S.DRAFT, 0)


def call_figures(db_session: Session, calls: list[AdmissionCall]) -> dict[int, CallFigures]:
    taken = places.taken_counts(db_session, [call.cohort_id for call in calls])
    figures = {call.id: CallFigures(places_taken=taken.get(call.cohort_id, 0)) for call in calls}
    call_ids = list(figures)
    if not call_ids:
        return figures
    for call_id, status, count in db_session.execute(_figures_statement(),
                                                     {"call_ids": call_ids}):
        figures[call_id].counts[status] = count
    for call in calls:
        _own_places_for_side(call, figures[call.id])
    return figures


def _own_places_for_side(call: AdmissionCall | CallFacts, figures: CallFigures) -> None:
    """A side of an edition counts its own places (those it selected), not the edition's."""
    if call.side_country is not None:
        figures.places_taken = sum(figures.counts.get(status, 0) for status in HOLDS_PLACE)


# The call pages' statements are built once, what they depend on a parameter: building them
# again on each visit cost more than the database took to run them (lms.pagination.Listing).


@functools.cache
def _figures_statement() -> Select[Any]:
    """The calls' applications by state, sent or being written, from their tallies
    (lms.admissions.tallies)."""
    tally = AdmissionCallTally
    return (select(tally.call_id, tally.status, func.sum(tally.count))
            .where(tally.call_id.in_(bindparam("call_ids", expanding=True)),
                   tally.sent | (tally.status == S.DRAFT))
            .group_by(tally.call_id, tally.status)
            .having(func.sum(tally.count) != 0))


@dataclass
class CallRow:
    call: AdmissionCall
    figures: CallFigures


def calls_page(db_session: Session, page_number: int) -> Page[CallRow]:
    page = paginate(db_session, select(AdmissionCall)
                    .options(joinedload(AdmissionCall.cohort).joinedload(Cohort.program))
                    .order_by(AdmissionCall.opens_at.desc(), AdmissionCall.id.desc()),
                    page_number)
    figures = call_figures(db_session, list(page.items))
    return Page(items=[CallRow(call, figures[call.id]) for call in page.items],
                number=page.number, per_page=page.per_page, total=page.total)


def cohorts_for_call(db_session: Session, call: AdmissionCall | None) -> list[Cohort]:
    """Cohorts a call may fill: planned ones without a call for everyone (an edition with
    calls per country takes another), and the call's own."""
    with_call = select(AdmissionCall.cohort_id).where(AdmissionCall.side_country.is_(None))
    if call is not None:
        with_call = with_call.where(AdmissionCall.id != call.id)
    statement = (select(Cohort).options(joinedload(Cohort.program))
                 .where(Cohort.id.not_in(with_call)))
    if call is not None:
        statement = statement.where((Cohort.status == CohortStatus.PLANNED)
                                    | (Cohort.id == call.cohort_id))
    else:
        statement = statement.where(Cohort.status == CohortStatus.PLANNED)
    return list(db_session.scalars(statement.order_by(Cohort.starts_on, Cohort.id)))


class ApplicationLine(NamedTuple):
    """One sent application as the call's list shows it: a few columns, never the
    application's texts. A tuple rather than a frozen dataclass: a page makes twenty-five,
    and a dataclass's frozen fields cost several times more to set."""

    id: int
    full_name: str
    country: str | None
    status: ApplicationStatus
    waitlist_position: int | None
    submitted_at: dt.datetime | None
    interview_at: dt.datetime | None
    #: What the reviewers said, and how many members are asked (``summary.asked``).
    summary: review_queries.ReviewSummary


@functools.cache
def _call_listing(by_status: bool, by_country: bool) -> Listing:
    """The sent applications of the call given as the parameter ``call_id`` (of one
    ``status``, of one quota ``country``), the first sent first."""
    interview_at = (select(Interview.starts_at)
                    .where(Interview.application_id == AdmissionApplication.id)
                    .scalar_subquery())
    statement = (select(AdmissionApplication.id, AdmissionApplication.full_name,
                        AdmissionApplication.country, AdmissionApplication.status,
                        AdmissionApplication.waitlist_position,
                        AdmissionApplication.submitted_at, interview_at,
                        *review_queries.stored_summary_columns())
                 .outerjoin(ReviewSubject,
                            ReviewSubject.id == AdmissionApplication.review_subject_id)
                 .where(AdmissionApplication.call_id == bindparam("call_id"), sent_to_staff())
                 .order_by(AdmissionApplication.submitted_at, AdmissionApplication.id))
    if by_status:
        statement = statement.where(AdmissionApplication.status == bindparam("status"))
    if by_country:
        statement = statement.where(quota_country() == bindparam("country"))
    return Listing(statement)


#: Where each row of the call's list has its review subject's stored summary.
_SUMMARY_AT = 7


def call_applications(db_session: Session, call: AdmissionCall | CallFacts,
                      status: ApplicationStatus | None, country: str | None,
                      page_number: int, per_page: int, total: int) -> Page[ApplicationLine]:
    """A page of the call's sent applications, the first sent first, with their reviews'
    stored summaries (lms.reviews.tally) and interviews: one query for any number of
    applications, ``total`` being how many there are (``CallOverview.listed``)."""
    if not total:
        return Page(items=[], number=1, per_page=per_page, total=0)
    # Paged as lms.reviews.listing.page_of_rows pages, the page run as the driver takes it
    # (lms.prepared.prepared_rows): SQLAlchemy's execution of it cost more than SQLite took
    # to answer it.
    number = min(page_number, max(1, math.ceil(total / per_page)))
    values: dict[str, Any] = {"call_id": call.id, "page_limit": per_page,
                              "page_offset": (number - 1) * per_page}
    if status is not None:
        values["status"] = status
    if country is not None:
        values["country"] = country
    shape = (status is not None, country is not None)
    rows = prepared_rows(db_session.connection(), ("admission call list", *shape),
                         functools.partial(_call_page, *shape), values)
    weight = total_weight(call.review_scheme)
    return Page(items=[ApplicationLine(*row[:_SUMMARY_AT], review_queries.summary_of(
                           row[_SUMMARY_AT:], weight)) for row in rows],
                number=number, per_page=per_page, total=total)


def _call_page(by_status: bool, by_country: bool) -> Select[Any]:
    return _call_listing(by_status, by_country).page


@dataclass
class CountryPlaces:
    country: str
    applications: int = 0
    taken: int = 0


@dataclass
class CallOverview:
    """A call's page in figures: its applications by state (``figures``), each quota country
    its sent applications come from with the places taken (``countries``, for the quota and
    the filter), and the sent ones by country and state, so that the page's list needs no
    count of its own."""

    figures: CallFigures
    countries: list[CountryPlaces]
    by_country_and_status: dict[tuple[str, ApplicationStatus], int]

    def listed(self, status: ApplicationStatus | None, country: str | None) -> int:
        """How many sent applications the call's list shows, of one state and one quota
        country if given."""
        return sum(count for (each_country, each_status), count
                   in self.by_country_and_status.items()
                   if status in (None, each_status) and country in (None, each_country))


def call_overview(db_session: Session, call: AdmissionCall | CallFacts, *,
                  taken: int | None = None) -> CallOverview:
    """The call's figures, countries and list sizes from its stored tallies
    (lms.admissions.tallies), the few sent applications whose applicant counts for another
    country than the application gives (a trainee enrolled before) moved to that country, and
    the places of its cohort taken (lms.programs.places), unless the caller counted them
    (``taken``)."""
    if taken is None:
        taken = places.taken_counts(db_session, [call.cohort_id]).get(call.cohort_id, 0)
    figures = CallFigures(places_taken=taken)
    counted: dict[tuple[str, ApplicationStatus], int] = {}
    elsewhere = []
    if db_session.autoflush:  # as the session's own execute would, read on its connection
        db_session.flush()
    # The tallies and the moved applications in one statement (each row one or the other:
    # only a tally has a count), run as the driver takes it (lms.prepared.prepared_rows):
    # SQLAlchemy's execution of it cost as much as SQLite took to answer.
    for country, status, sent, count, counts_for in prepared_rows(
            db_session.connection(), "admission call overview", _overview_statement,
            {"call_id": call.id}):
        if count is None:
            elsewhere.append((country, status, counts_for))
        elif sent:
            counted[(country, status)] = counted.get((country, status), 0) + count
        elif status == S.DRAFT:  # a draft: counted, never described
            figures.counts[status] = figures.counts.get(status, 0) + count
    for given, status, counts_for in elsewhere:
        if (counts_for or "") != (given or ""):
            counted[(given or "", status)] -= 1
            key = (counts_for or "", status)
            counted[key] = counted.get(key, 0) + 1
    countries: dict[str, CountryPlaces] = {}
    by_country_and_status: dict[tuple[str, ApplicationStatus], int] = {}
    for (country, status), count in counted.items():
        if not count:
            continue
        figures.counts[status] = figures.counts.get(status, 0) + count
        row = countries.get(country)
        if row is None:  # setdefault would make a row for each of the forty-odd counts
            row = countries[country] = CountryPlaces(country)
        row.applications += count
        if status in HOLDS_PLACE:
            row.taken += count
        by_country_and_status[(country, status)] = count
    _own_places_for_side(call, figures)
    return CallOverview(figures, sorted(countries.values(), key=lambda row: row.country or "~"),
                        by_country_and_status)


@functools.cache
def _overview_statement() -> CompoundSelect:
    """The call's tallies (country, state, sent, count) and, after them, its sent
    applications from applicants with an enrollment: the country given, the state and the
    country that counts for the quota (:func:`quota_country`), with no count."""
    tallies = (select(AdmissionCallTally.country, AdmissionCallTally.status,
                      AdmissionCallTally.sent, AdmissionCallTally.count,
                      cast(null(), String).label("counts_for"))
               .where(AdmissionCallTally.call_id == bindparam("call_id"),
                      AdmissionCallTally.count != 0))
    moved = (select(AdmissionApplication.country, AdmissionApplication.status,
                    cast(null(), Boolean), cast(null(), Integer),
                    counted_country(AdmissionApplication.applicant_id,
                                    AdmissionApplication.country))
             .where(AdmissionApplication.call_id == bindparam("call_id"), sent_to_staff(),
                    _applicant_enrolled()))
    return union_all(tallies, moved)


# One application --------------------------------------------------------------------------------


def _active_with_roles(*roles: Role) -> Select[tuple[User]]:
    having = select(RoleGrant.user_id).where(RoleGrant.role.in_(roles))
    return (select(User).where(User.is_active, User.id.in_(having))
            .order_by(User.display_name, User.id))


def possible_interviewers(db_session: Session,
                          application: AdmissionApplication) -> list[User]:
    """Staff and committee members, never the applicant."""
    statement = _active_with_roles(Role.ADMIN, Role.STAFF, Role.COMMITTEE_MEMBER)
    if application.applicant_id is not None:
        statement = statement.where(User.id != application.applicant_id)
    return list(db_session.scalars(statement))


def interview_of(db_session: Session, application: AdmissionApplication) -> Interview | None:
    return db_session.scalar(select(Interview).options(joinedload(Interview.interviewer))
                             .where(Interview.application_id == application.id))


def checklist_of(db_session: Session, application: AdmissionApplication) -> list[ChecklistItem]:
    return list(db_session.scalars(
        select(ChecklistItem).where(ChecklistItem.application_id == application.id)
        .order_by(ChecklistItem.id)))


def document_of(application: AdmissionApplication,
                document_id: int) -> ApplicationDocument | None:
    """One of the application's documents (already loaded with it); another's id finds
    nothing."""
    return next((document for document in application.documents
                 if document.id == document_id), None)


def reviewer_documents(application: AdmissionApplication) -> list[ApplicationDocument]:
    return [document for document in application.documents
            if document.kind in REVIEWER_DOCUMENTS]


# Committee pages --------------------------------------------------------------------------------


def reviewed_applications() -> Select[Any]:
    """Admission applications as the review lists name them (``lms.reviews.queries``), and
    whether reviews are still wanted (the committee's home lists only those)."""
    return (select(AdmissionApplication.review_subject_id.label("subject_id"),
                   AdmissionApplication.full_name.label("title"),
                   AdmissionApplication.country.label("country"),
                   AdmissionCall.title.label("group_title"),
                   AdmissionCall.timezone.label("timezone"),
                   AdmissionApplication.status.in_([ApplicationStatus.SUBMITTED,
                                                    ApplicationStatus.ELIGIBLE,
                                                    ApplicationStatus.WAITLISTED])
                   .label("under_review"))
            .join(AdmissionCall, AdmissionCall.id == AdmissionApplication.call_id)
            .where(AdmissionApplication.review_subject_id.is_not(None)))

