"""Reading safety checks: the staff's list and board, the check a personal link answers, and
the open checks on a person's home. Only staff find a check by its id; a person finds one only
through their own link or as one of its people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, cast, func, select
from sqlalchemy.orm import Session, lazyload

from lms.accounts.models import User
from lms.announcements.queries import targets as announcement_targets
from lms.db import prebuilt
from lms.facts import Asked
from lms.homepage import Lines, line
from lms.i18n import country_name
from lms.names import in_language, localized_name, name_column
from lms.pagination import Listing, Page, paginate
from lms.placements.prefectures import PREFECTURES
from lms.programs.models import Cohort
from lms.safety import links
from lms.safety.models import (
    SILENT,
    URGENCY,
    SafetyAnswer,
    SafetyCheck,
    SafetyRecipient,
    SafetyStatus,
)
from lms.security import is_staff

#: The board's filter for those who have not answered (beside each SafetyStatus value).
UNANSWERED = "unanswered"


def check_for(db_session: Session, viewer: User, check_id: int) -> SafetyCheck | None:
    """The check, for staff; nobody else finds one by its id."""
    if not is_staff(viewer):
        return None
    return db_session.get(SafetyCheck, check_id)


def check_with_target(db_session: Session, viewer: User,
                      check_id: int) -> tuple[SafetyCheck, str | None] | None:
    """The check, for staff, with the name of its group's cohort, seminar, country or
    prefecture (target_name): one query for the board."""
    if not is_staff(viewer):
        return None
    found = db_session.execute(prebuilt(_check_with_cohort_name), {"check_id": check_id}).first()
    if found is None:
        return None
    check, cohort_name, cohort_name_ja = found
    return check, in_language(cohort_name, cohort_name_ja) or _place_name(check)


def _check_with_cohort_name() -> Select[tuple[SafetyCheck, str | None, str | None]]:
    # The cohort's names both: the reader's language is chosen after, this being built once.
    return (select(SafetyCheck, Cohort.name, Cohort.name_ja)
            .outerjoin(Cohort, Cohort.id == SafetyCheck.cohort_id)
            .where(SafetyCheck.id == bindparam("check_id")))


@dataclass(frozen=True)
class Addressed:
    """What a personal link opens: its check, its person, and their answer so far."""

    check: SafetyCheck
    person: User
    answer: SafetyAnswer | None


def addressed(db_session: Session, token: str) -> Addressed | None:
    """The check and person ``token`` was signed for, if that person is still among the
    check's people and their account is active; None for anything else."""
    ids = links.read_token(token)
    if ids is None:
        return None
    check_id, user_id = ids
    found = db_session.execute(
        select(SafetyCheck, User, SafetyAnswer).options(lazyload(User.role_grants))
        .join(SafetyRecipient, SafetyRecipient.check_id == SafetyCheck.id)
        .join(User, User.id == SafetyRecipient.user_id)
        .outerjoin(SafetyAnswer, and_(SafetyAnswer.check_id == SafetyRecipient.check_id,
                                      SafetyAnswer.user_id == SafetyRecipient.user_id))
        .where(SafetyCheck.id == check_id, SafetyRecipient.user_id == user_id,
               User.is_active)).first()
    return Addressed(*found) if found is not None else None


def _people_of(check: SafetyCheck) -> ColumnElement[bool]:
    return SafetyRecipient.check_id == check.id


def _answer_of_recipient() -> ColumnElement[bool]:
    return and_(SafetyAnswer.check_id == SafetyRecipient.check_id,
                SafetyAnswer.user_id == SafetyRecipient.user_id)


def silent_people(db_session: Session, check: SafetyCheck) -> list[User]:
    """The check's active people who have not answered, in one query."""
    return list(db_session.scalars(
        select(User).options(lazyload(User.role_grants))
        .join(SafetyRecipient, SafetyRecipient.user_id == User.id)
        .outerjoin(SafetyAnswer, _answer_of_recipient())
        .where(_people_of(check), SafetyAnswer.user_id.is_(None), User.is_active)
        .order_by(User.display_name, User.id)))


@dataclass(frozen=True)
class Counts:
    by_status: dict[SafetyStatus, int]
    unanswered: int

    @property
    def answered(self) -> int:
        return sum(self.by_status.values())

    @property
    def total(self) -> int:
        return self.answered + self.unanswered

    def of(self, shown: str | None) -> int:
        if shown is None:
            return self.total
        if shown == UNANSWERED:
            return self.unanswered
        return self.by_status[SafetyStatus(shown)]


def counts(db_session: Session, check: SafetyCheck) -> Counts:
    """The check's people by answer, counted from the board's index alone."""
    found = dict(zip(_URGENCIES, db_session.execute(prebuilt(_counts),
                                                    {"check_id": check.id}).one(),
                     strict=True))
    return Counts({status: found[URGENCY[status]] for status in SafetyStatus}, found[SILENT])


_URGENCIES = sorted({*URGENCY.values(), SILENT})


def _counts() -> Select[Any]:
    # A count of each stretch of the index: half the cost of grouping the check's people.
    return select(*(select(func.count()).where(
        SafetyRecipient.check_id == bindparam("check_id"), SafetyRecipient.urgency == urgency)
        .scalar_subquery() for urgency in _URGENCIES))


class BoardPerson(NamedTuple):
    """What a row shows of a person: their name and how to reach them."""

    id: int
    display_name: str
    email: str
    phone: str
    emergency_contact: str
    address_in_japan: str


class BoardAnswer(NamedTuple):
    status: SafetyStatus
    answered_at: dt.datetime
    location: str
    note: str


class BoardRow(NamedTuple):
    person: BoardPerson
    answer: BoardAnswer | None


#: People on a page of the board, as on the other wide tables of people: those who most need
#: the office come first, and the counts above lead to each answer's people.
BOARD_PAGE_SIZE = 25


def board_page(db_session: Session, check: SafetyCheck, found: Counts, shown: str | None,
               number: int) -> Page[BoardRow]:
    """A page of the check's people with their answers, those who most need the office first;
    ``shown`` narrows it to one answer (or UNANSWERED). Counted already in ``found``."""
    values: dict[str, Any] = {"check_id": check.id}
    if shown is None:
        statement = prebuilt(_board)
    else:
        statement = prebuilt(_board_of_one_answer)
        values["urgency"] = SILENT if shown == UNANSWERED else URGENCY[SafetyStatus(shown)]
    page = paginate(db_session, statement, number, BOARD_PAGE_SIZE, total=found.of(shown),
                    values=values)
    rows = [BoardRow(BoardPerson(*row[:6]),
                     None if row[6] is None else BoardAnswer(*row[6:]))
            for row in page.items]
    return Page(items=rows, number=page.number, per_page=page.per_page, total=page.total)


def _board_statement() -> Select[Any]:
    """The board's rows as plain values (``check_id`` bound), who most needs the office
    first, in the order of the recipients' board index: a page reads its 25 rows from it
    however many people the check has."""
    return (select(User.id, User.display_name, User.email, User.phone,
                   User.emergency_contact, User.address_in_japan, SafetyAnswer.status,
                   SafetyAnswer.answered_at, SafetyAnswer.location, SafetyAnswer.note)
            .select_from(SafetyRecipient)
            .join(User, User.id == SafetyRecipient.user_id)
            .outerjoin(SafetyAnswer, _answer_of_recipient())
            .where(SafetyRecipient.check_id == bindparam("check_id"))
            .order_by(SafetyRecipient.urgency, SafetyRecipient.sort_name,
                      SafetyRecipient.user_id))


def _board() -> Listing:
    """Everyone's rows, built once an app (lms.db.prebuilt), as are those of one answer."""
    return Listing(_board_statement())


def _board_of_one_answer() -> Listing:
    return Listing(_board_statement().where(SafetyRecipient.urgency == bindparam("urgency")))


@dataclass(frozen=True)
class ListRow:
    check: SafetyCheck
    people: int
    answered: int
    #: The cohort, seminar, country or prefecture its group is named by.
    target: str | None


def checks_page(db_session: Session, number: int) -> Page[ListRow]:
    """Every check, the latest first, with how many of its people have answered."""
    people = (select(func.count()).where(SafetyRecipient.check_id == SafetyCheck.id)
              .correlate(SafetyCheck).scalar_subquery())
    answered = (select(func.count()).where(SafetyAnswer.check_id == SafetyCheck.id)
                .correlate(SafetyCheck).scalar_subquery())
    statement = (select(SafetyCheck, people, answered, name_column(Cohort))
                 .outerjoin(Cohort, Cohort.id == SafetyCheck.cohort_id)
                 .order_by(SafetyCheck.started_at.desc(), SafetyCheck.id.desc()))
    page = paginate(db_session, statement, number,
                    total_of=select(func.count()).select_from(SafetyCheck))
    rows = [ListRow(check, people_count, answered_count, cohort_name or _place_name(check))
            for check, people_count, answered_count, cohort_name in page.items]
    return Page(items=rows, number=page.number, per_page=page.per_page, total=page.total)


def target_name(db_session: Session, check: SafetyCheck) -> str | None:
    """The cohort, seminar, country or prefecture the check's group is named by."""
    if check.cohort_id is not None:
        return db_session.scalar(select(name_column(Cohort)).where(Cohort.id == check.cohort_id))
    return _place_name(check)


def _place_name(check: SafetyCheck) -> str | None:
    if check.country is not None:
        return country_name(check.country)
    if check.prefecture is not None:
        return prefecture_name(check.prefecture)
    return None


def prefecture_name(code: str) -> str:
    return next((localized_name(prefecture) for prefecture in PREFECTURES
                 if prefecture.code == code), code)


@dataclass(frozen=True)
class Targets:
    """What the start form offers for each group that names one: (value, label) pairs."""

    cohorts: list[tuple[int, str]]
    seminars: list[tuple[int, str]]
    prefectures: list[tuple[str, str]]


def targets(db_session: Session) -> Targets:
    # The cohorts and seminars as the announcements' form offers them.
    named = announcement_targets(db_session)
    return Targets(named.cohorts, named.seminars,
                   [(prefecture.code, localized_name(prefecture)) for prefecture in PREFECTURES])


def _open_for(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    return and_(SafetyCheck.closed_at.is_(None),
                select(SafetyRecipient.user_id).where(
                    SafetyRecipient.check_id == SafetyCheck.id,
                    SafetyRecipient.user_id == user_id).exists())


def any_open_for(asked: Asked) -> ColumnElement[bool]:
    """A condition true when an open check waits for the person (a fact, lms.facts: a home
    without one spends no query on checks)."""
    return select(SafetyCheck.id).where(_open_for(asked.user_id)).exists()


class WaitingCheck(NamedTuple):
    """What a home shows of an open check, read as plain values."""

    id: int
    message: str
    is_drill: bool
    started_at: dt.datetime


@dataclass(frozen=True)
class Waiting:
    check: WaitingCheck
    status: SafetyStatus | None
    link: str


def open_lines(user_id: ColumnElement[int]) -> list[Select[Any]]:
    """The open checks sent to the person ``user_id`` (a bound parameter), newest first, with
    her answer so far: lines (lms.homepage.line) that her home reads with its other sections'
    in one query, as every home of someone a check was sent to asks them."""
    return [line("check", id=SafetyCheck.id, title=SafetyCheck.message,
                 number=cast(SafetyCheck.is_drill, Integer), at=SafetyCheck.started_at,
                 detail=SafetyAnswer.status)
            .select_from(SafetyCheck)
            .outerjoin(SafetyAnswer, and_(SafetyAnswer.check_id == SafetyCheck.id,
                                          SafetyAnswer.user_id == user_id))
            .where(_open_for(user_id))
            .order_by(SafetyCheck.started_at.desc(), SafetyCheck.id.desc())]


def waiting_of(lines: Lines, user_id: int) -> list[Waiting]:
    """:func:`open_lines`' checks with her link."""
    return [Waiting(WaitingCheck(row.id, row.title, bool(row.number), row.at),  # type: ignore[arg-type]
                    None if row.detail is None else SafetyStatus(row.detail),
                    links.answer_url(row.id, user_id))  # type: ignore[arg-type]
            for row in lines.of("check")]
