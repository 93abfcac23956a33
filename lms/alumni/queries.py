"""Read models for the alumni pages. Each page costs a fixed handful of queries whatever the
number of alumni or reports, and every scoped object is loaded by a query already narrowed to
what the viewer may see, so a guessed id gives 404."""

from __future__ import annotations

import functools
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    bindparam,
    cast,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased, defer, joinedload, selectinload
from sqlalchemy.sql.expression import FunctionElement

from lms.accounts.models import Role, User
from lms.alumni import tallies
from lms.alumni.models import AlumniProfile, AlumniReport, ReportPicture, ReportStatus
from lms.alumni.services import FIELDS_OF_PRACTICE
from lms.i18n import current_locale
from lms.names import name_column
from lms.pagination import Listing, Page, paginate
from lms.prepared import prepared_rows
from lms.programs.models import Cohort, Enrollment
from lms.programs.standing import alumni_user_ids, completed_year_enrollments

# The directory ----------------------------------------------------------------------------------


class AlumnusCard(NamedTuple):
    """One alumnus as one viewer may see them: an item the viewer may not see is None. (A
    named tuple: fifty of them a page are made in a fifth of a frozen dataclass's time.)"""

    user_id: int
    name: str
    country: str | None
    cohorts: list[str]
    fields: list[str]
    listed: bool
    has_profile: bool
    is_viewer: bool
    email: str | None
    organization: str | None
    current_role: str | None
    bio: str | None


@dataclass(frozen=True)
class DirectoryFilters:
    name: str = ""
    country: str | None = None
    cohort_id: int | None = None
    field: str | None = None


# Columns, not whole profiles: a page of fifty cards is read without building fifty objects.
_CARD_COLUMNS = (User.id, User.display_name, User.email, User.country,
                 AlumniProfile.id.label("profile_id"), AlumniProfile.listed,
                 AlumniProfile.country.label("profile_country"),
                 cast(AlumniProfile.fields, String).label("fields"),
                 AlumniProfile.organization, AlumniProfile.current_role, AlumniProfile.bio,
                 AlumniProfile.share_email, AlumniProfile.share_organization,
                 AlumniProfile.share_role, AlumniProfile.share_bio)


#: The place of the cohorts' ids in a row of the directory's page (after the card's columns).
_COHORT_IDS = len(_CARD_COLUMNS)


@functools.lru_cache(maxsize=512)
def _keys(fields: str | None) -> tuple[str, ...]:
    """A profile's fields of practice from their JSON text, read as text and each
    combination decoded once: a page's fifty profiles share a few dozen."""
    return tuple(json.loads(fields)) if fields else ()


def _card(row: Any, cohorts: list[str], viewer_id: int, sees_all: bool) -> AlumnusCard:
    """``sees_all``: the viewer is staff (she also sees all of her own card). The row is
    unpacked at once: fifteen columns read by name cost more than the rest of the card."""
    (user_id, name, email, account_country, profile_id, listed, profile_country, fields,
     organization, current_role, bio, share_email, share_organization, share_role,
     share_bio, *_more) = row
    is_viewer = user_id == viewer_id
    if profile_id is None:
        return AlumnusCard(user_id, name, account_country, cohorts, [], False, False,
                           is_viewer, email if sees_all or is_viewer else None, None, None,
                           None)
    if sees_all or is_viewer:
        share_email = share_organization = share_role = share_bio = True
    return AlumnusCard(
        user_id, name, profile_country or account_country, cohorts, list(_keys(fields)), listed,
        True, is_viewer, (email or None) if share_email else None,
        (organization or None) if share_organization else None,
        (current_role or None) if share_role else None, (bio or None) if share_bio else None)


def _alumni() -> Select[Any]:
    """Alumni with their profiles, each person asked by her id whether she is an alumna: the
    index finds her enrollments at once, where gathering every alumnus's id would read them
    all to show one person or one page."""
    return (select(*_CARD_COLUMNS)
            .outerjoin(AlumniProfile, AlumniProfile.user_id == User.id)
            .where(completed_year_enrollments().where(Enrollment.user_id == User.id).exists()))


class _ids_joined(FunctionElement[str]):
    """Integers joined by commas, in no order: SQLite's group_concat, PostgreSQL's string_agg.
    (SQLAlchemy's aggregate_strings writes its separator into the SQL at each execution.)"""

    type = String()
    inherit_cache = True


@compiles(_ids_joined, "sqlite")
def _ids_joined_sqlite(element: _ids_joined, compiler: Any, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)})"


@compiles(_ids_joined, "postgresql")
def _ids_joined_postgresql(element: _ids_joined, compiler: Any, **kw: Any) -> str:
    return f"string_agg(CAST({compiler.process(element.clauses, **kw)} AS TEXT), ',')"


def _cohort_ids() -> Any:
    """The ids of the year-long cohorts each person of a page completed, as one text ("12,5"):
    a page's cohorts read with its people, their names then looked up among the cohorts with
    alumni, where asking for them afterwards by the page's ids cost a query of fifty
    parameters."""
    return (completed_year_enrollments().with_only_columns(_ids_joined(Enrollment.cohort_id))
            .where(Enrollment.user_id == User.id).scalar_subquery().label("cohort_ids"))


def _listed() -> ColumnElement[bool]:
    return AlumniProfile.listed.is_(True) & User.is_active.is_(True)


def _cohorts_of(db_session: Session, user_ids: list[int]) -> dict[int, list[str]]:
    """The year-long cohorts each person completed, for a whole page in one query."""
    cohorts: dict[int, list[str]] = defaultdict(list)
    if not user_ids:
        return cohorts
    rows = db_session.execute(_cohorts_statement(current_locale()), {"user_ids": user_ids})
    for user_id, title in rows:
        cohorts[user_id].append(title)
    return cohorts


# The directory's statements are built once (for each language its cohorts are named in, and
# each set of filters), what they depend on a parameter: building them again on each visit
# cost more than the database took to run them (lms.pagination.Listing).


@functools.cache
def _cohorts_statement(locale: str) -> Select[Any]:
    return (completed_year_enrollments()
            .with_only_columns(Enrollment.user_id, name_column(Cohort, locale))
            .where(Enrollment.user_id.in_(bindparam("user_ids", expanding=True)))
            .order_by(Cohort.starts_on, Cohort.id))


@functools.cache
def _directory_listing(listed_only: bool, country: bool, cohort: bool, field: bool,
                       name: bool) -> tuple[Listing, Select[tuple[int]]]:
    """The directory sorted by name, with the query counting it: of listed alumni only (for
    other alumni) or all (for staff), narrowed by those of the filters given (parameters of
    the same names).

    The page reads people in name order (the users' name index) and stops at its last row,
    where gathering every alumnus and sorting them cost a millisecond; the count gathers the
    alumni's ids once, cheaper than asking of each."""
    def narrowed(statement: Select[Any]) -> Select[Any]:
        if listed_only:
            statement = statement.where(_listed())
        if country:
            # Someone without a profile yet is found under the country of her account.
            statement = statement.where(
                func.coalesce(AlumniProfile.country, User.country) == bindparam("country"))
            if listed_only:
                statement = statement.where(User.id.in_(_listed_in_country()))
        if cohort:
            statement = statement.where(User.id.in_(
                completed_year_enrollments().with_only_columns(Enrollment.user_id)
                .where(Enrollment.cohort_id == bindparam("cohort_id"))))
        if field:
            # Keys are from a fixed vocabulary of letters and underscores, stored as a JSON
            # list, so the quoted key matches that one key and nothing else.
            statement = statement.where(
                cast(AlumniProfile.fields, String).like(bindparam("field"), escape="\\"))
        if name:
            statement = statement.where(User.display_name.ilike(bindparam("name"), escape="\\"))
        return statement

    page = narrowed(_alumni().add_columns(_cohort_ids()))  # the ids at _COHORT_IDS
    count = select(func.count()).select_from(User).where(User.id.in_(alumni_user_ids()))
    if listed_only or country or field:
        # Only these ask of the profile; staff's whole directory is counted without it.
        count = count.outerjoin(AlumniProfile, AlumniProfile.user_id == User.id)
    return Listing(page.order_by(User.display_name, User.id)), narrowed(count)


def _listed_in_country() -> Any:
    """The listed people of one country, found by the profiles' index: the same people as
    the filter above (a listed person has a profile), but a country's few hundred are then
    sorted by name, where walking everyone by name to find them cost ten times as much."""
    account = aliased(User)
    return union_all(
        select(AlumniProfile.user_id).where(AlumniProfile.listed.is_(True),
                                            AlumniProfile.country == bindparam("country")),
        select(AlumniProfile.user_id)
        .join(account, account.id == AlumniProfile.user_id)
        .where(AlumniProfile.listed.is_(True), AlumniProfile.country.is_(None),
               account.country == bindparam("country")))


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def directory(db_session: Session, viewer: User, filters: DirectoryFilters, number: int,
              per_page: int | None = None,
              cohorts: list[tuple[int, str]] | None = None) -> Page[AlumnusCard]:
    """One page of the directory, sorted by name: two or three queries whatever its size.
    ``cohorts``: what :func:`alumni_cohorts` gives, if the caller has it already."""
    values: dict[str, Any] = {}
    if filters.country:
        values["country"] = filters.country
    if filters.cohort_id:
        values["cohort_id"] = filters.cohort_id
    if filters.field in FIELDS_OF_PRACTICE:
        values["field"] = f'%"{_like_escaped(filters.field)}"%'
    if name := filters.name.strip():
        values["name"] = f"%{_like_escaped(name)}%"
    sees_all = viewer.has_role(Role.STAFF)
    listing, count = _directory_listing(not sees_all, *(key in values for key in (
        "country", "cohort_id", "field", "name")))
    if values.keys() <= {"country"}:
        # The whole directory, or one country's: counted as people are written.
        total = tallies.counted(db_session, not sees_all, values.get("country"))
    else:
        total = _rows(db_session, count, values)[0][0] or 0
    per_page = per_page or current_app.config["LMS_PAGE_SIZE"]
    # Page ``number`` as lms.pagination.paginate pages a Listing, its rows read plain.
    number = min(number, max(1, math.ceil(total / per_page)))
    rows = _rows(db_session, listing.page, {**values, "page_limit": per_page,
                                            "page_offset": (number - 1) * per_page}
                 ) if total else []
    named = _cohorts_named(db_session, rows,
                           alumni_cohorts(db_session) if cohorts is None else cohorts)
    cards = [_card(row, cohorts_named, viewer.id, sees_all)
             for row, cohorts_named in zip(rows, named, strict=True)]
    return Page(cards, number if total else 1, per_page, total)


def _rows(db_session: Session, statement: Select[Any], values: dict[str, Any]) -> list[Any]:
    """The plain rows of one of the directory's statements (built once, above), made ready for
    the driver once an app: the page's people are columns, never objects, and SQLAlchemy's
    handling of each run (the ORM's, then keying and processing the statement) cost more
    than SQLite took to answer. Nothing is flushed first: the directory changes nothing."""
    return prepared_rows(db_session.connection(), (statement, tuple(sorted(values))),
                         lambda: statement, values)


def _cohorts_named(db_session: Session, rows: list[Any],
                   cohorts: list[tuple[int, str]]) -> list[list[str]]:
    """The titles of the cohorts each person of a page completed, oldest first, from the
    cohorts with alumni (newest first); each set of cohorts named once a page."""
    titles = dict(cohorts)
    place = {cohort_id: position for position, (cohort_id, _title) in enumerate(cohorts)}
    named: dict[str | None, list[str]] = {}
    for row in rows:
        if (cohort_ids := row[_COHORT_IDS]) in named:
            continue
        ids = [int(cohort_id) for cohort_id in (cohort_ids or "").split(",") if cohort_id]
        if not all(cohort_id in titles for cohort_id in ids):
            # A cohort had its first alumna since the cohorts were read: asked of them all.
            by_person = _cohorts_of(db_session, [row[0] for row in rows])
            return [by_person.get(row[0], []) for row in rows]
        named[cohort_ids] = [titles[cohort_id] for cohort_id
                             in sorted(ids, key=place.__getitem__, reverse=True)]
    return [named[row[_COHORT_IDS]] for row in rows]


def alumnus_card(db_session: Session, viewer: User, user_id: int) -> AlumnusCard | None:
    """One alumnus's page, or None when there is none the viewer may see: not an alumnus,
    or not listed (for anyone but staff and herself)."""
    statement = _alumni().where(User.id == user_id)
    if not viewer.has_role(Role.STAFF):
        statement = statement.where(or_(_listed(), User.id == viewer.id))
    row = db_session.execute(statement).first()
    if row is None:
        return None
    return _card(row, _cohorts_of(db_session, [user_id]).get(user_id, []), viewer.id,
                 viewer.has_role(Role.STAFF))


def alumni_cohorts(db_session: Session) -> list[tuple[int, str]]:
    """Year-long cohorts that have alumni, newest first, for the directory's filter."""
    return [(cohort_id, title) for cohort_id, title
            in _rows(db_session, _alumni_cohorts_statement(current_locale()), {})]


@functools.cache
def _alumni_cohorts_statement(locale: str) -> Select[Any]:
    # The cohorts counted with alumni as people are written: asking each cohort for one
    # completed enrollment read every enrollment of a cohort still in training.
    return (select(Cohort.id, name_column(Cohort, locale))
            .join(tallies.AlumniCohortTally, tallies.AlumniCohortTally.cohort_id == Cohort.id)
            .where(tallies.AlumniCohortTally.count > 0)
            .order_by(Cohort.starts_on.desc(), Cohort.id.desc()))


def own_profile(db_session: Session, user: User) -> AlumniProfile | None:
    return db_session.scalar(select(AlumniProfile).where(AlumniProfile.user_id == user.id))


# Reports ----------------------------------------------------------------------------------------


def _readable_by(viewer: User) -> ColumnElement[bool]:
    """The author reads her own in every state; staff read all but others' drafts (submitted
    ones to review them); other alumni read published ones only."""
    if viewer.has_role(Role.STAFF):
        return or_(AlumniReport.status != ReportStatus.DRAFT, AlumniReport.author_id == viewer.id)
    return or_(AlumniReport.status == ReportStatus.APPROVED, AlumniReport.author_id == viewer.id)


def report_for(db_session: Session, viewer: User, report_id: int) -> AlumniReport | None:
    return db_session.scalar(
        select(AlumniReport)
        .options(joinedload(AlumniReport.author), joinedload(AlumniReport.reviewed_by),
                 selectinload(AlumniReport.pictures))
        .where(AlumniReport.id == report_id, _readable_by(viewer)))


def own_report(db_session: Session, author: User, report_id: int) -> AlumniReport | None:
    """A report to edit: only ever the viewer's own."""
    return db_session.scalar(
        select(AlumniReport).options(selectinload(AlumniReport.pictures))
        .where(AlumniReport.id == report_id, AlumniReport.author_id == author.id))


def picture_for(db_session: Session, viewer: User, picture_id: int) -> ReportPicture | None:
    return db_session.scalar(
        select(ReportPicture).join(AlumniReport, AlumniReport.id == ReportPicture.report_id)
        .where(ReportPicture.id == picture_id, _readable_by(viewer)))


def _listing() -> Select[tuple[AlumniReport]]:
    # Lists show titles, never bodies: a page of long reports stays light.
    return select(AlumniReport).options(joinedload(AlumniReport.author),
                                        defer(AlumniReport.body))


def published_reports(db_session: Session, number: int, country: str | None = None,
                      per_page: int | None = None) -> Page[AlumniReport]:
    statement = (_listing().where(AlumniReport.status == ReportStatus.APPROVED)
                 .order_by(AlumniReport.approved_at.desc(), AlumniReport.id.desc()))
    if country:
        statement = statement.where(AlumniReport.country == country)
    return paginate(db_session, statement, number, per_page)


def published_countries(db_session: Session) -> list[str]:
    """Countries that have published reports, for the list's filter."""
    return list(db_session.scalars(
        select(AlumniReport.country).where(AlumniReport.status == ReportStatus.APPROVED)
        .distinct()))


def published_reports_by(db_session: Session, author_id: int,
                         limit: int = 10) -> list[AlumniReport]:
    return list(db_session.scalars(
        select(AlumniReport).options(defer(AlumniReport.body))
        .where(AlumniReport.author_id == author_id, AlumniReport.status == ReportStatus.APPROVED)
        .order_by(AlumniReport.approved_at.desc(), AlumniReport.id.desc()).limit(limit)))


def my_reports(db_session: Session, author: User, number: int) -> Page[AlumniReport]:
    return paginate(db_session, _listing().where(AlumniReport.author_id == author.id)
                    .order_by(AlumniReport.created_at.desc(), AlumniReport.id.desc()), number)


def review_queue(db_session: Session, number: int) -> Page[AlumniReport]:
    """Reports waiting for staff, oldest first. Call for staff only."""
    return paginate(db_session, _listing().where(AlumniReport.status == ReportStatus.SUBMITTED)
                    .order_by(AlumniReport.submitted_at, AlumniReport.id), number)


def reports_by(db_session: Session, user: User, limit: int = 10) -> list[AlumniReport]:
    """The user's own reports in every state, newest first, at most ``limit`` (for a home
    page; show ``services.STATUS_LABELS[report.status]`` and ``report.staff_note``)."""
    return list(db_session.scalars(
        select(AlumniReport).options(defer(AlumniReport.body))
        .where(AlumniReport.author_id == user.id)
        .order_by(AlumniReport.created_at.desc(), AlumniReport.id.desc()).limit(limit)))


def recent_approved_reports(db_session: Session, limit: int = 5) -> list[AlumniReport]:
    """The latest published reports with their authors loaded, newest first."""
    return list(db_session.scalars(
        _listing().where(AlumniReport.status == ReportStatus.APPROVED)
        .order_by(AlumniReport.approved_at.desc(), AlumniReport.id.desc()).limit(limit)))
