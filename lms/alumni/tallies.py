"""The alumni counted by country and by whether other alumni see them, kept as people are
written: the directory's "page 1 of N" reads a few stored rows instead of asking of each of
thousands of people whether she is an alumna on every visit.

Who is an alumna, under which country and whether she is listed depends on rows of three
tables (her completed year-long enrollments, her account, her profile), so the counts follow
people rather than rows: before each flush that writes any of the columns they depend on, the
people it touches are looked up as they stand, and again after it, and each one whose place
changed moves from one tally to the other (and from the cohorts she had completed to those she
has now: the directory's cohort filter offers the cohorts with alumni), each a relative change
(``count + 1``) so that two requests writing different people at once both count (two writing
the same person take turns, her account's row locked on PostgreSQL). The rarer writes that
could change many people at once (a cohort moved to another program, a program's kind
changed, a person's enrollment or profile moved to another person) count everyone again, in
the same transaction. Writes that bypass the ORM (a bulk INSERT seeding a benchmark) call
:func:`recount` afterwards.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    String,
    Table,
    and_,
    bindparam,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    literal,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from lms.accounts.models import User
from lms.alumni.models import AlumniProfile
from lms.db import Base
from lms.prepared import prepared_rows
from lms.programs.models import Cohort, Enrollment, Program
from lms.programs.standing import completed_year_enrollments


class AlumniTally(Base):
    """How many alumni are found under one country (their profile's, else their account's;
    "" for none), listed (a listed profile and an active account: other alumni see them) or
    not."""

    __tablename__ = "lms_alumni_tallies"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    listed: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class AlumniCohortTally(Base):
    """How many alumni completed one year-long cohort: the directory's cohort filter offers
    those with any, where asking each cohort for one completed enrollment read the whole of a
    cohort still in training."""

    __tablename__ = "lms_alumni_cohort_tallies"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("lms_cohorts.id", ondelete="CASCADE"),
                                           primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


Key = tuple[str, bool]

#: The columns each kind of row decides a person's place by.
_FOLLOWED: dict[type, tuple[str, ...]] = {
    User: ("is_active", "country"),
    AlumniProfile: ("listed", "country"),
    Enrollment: ("status", "role", "cohort_id"),
}
#: Columns whose change may move many people, or a person whose old id is not at hand.
_RECOUNTED: dict[type, tuple[str, ...]] = {
    Cohort: ("program_id",), Program: ("kind",), AlumniProfile: ("user_id",),
    Enrollment: ("user_id",),
}
_PENDING = "lms.alumni.tallies"


def _places() -> Any:
    """Each alumna's user id with her key (country, listed), as a select to narrow."""
    users, profiles = User.__table__, AlumniProfile.__table__
    country = func.coalesce(profiles.c.country, users.c.country, literal(""))
    listed = and_(func.coalesce(profiles.c.listed, false()), users.c.is_active)
    return (select(users.c.id, country.label("country"), listed.label("listed"))
            .select_from(users.outerjoin(profiles, profiles.c.user_id == users.c.id))
            .where(completed_year_enrollments().where(Enrollment.user_id == users.c.id)
                   .exists()))


def _keys(connection: Connection, user_ids: Iterable[int]) -> dict[int, Key]:
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = connection.execute(_places().where(User.__table__.c.id.in_(ids)))
    return {user_id: (country, bool(listed)) for user_id, country, listed in rows}


def _cohorts(connection: Connection, user_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """The year-long cohorts each of these people completed."""
    ids = sorted(set(user_ids))
    completed: dict[int, set[int]] = {user_id: set() for user_id in ids}
    if ids:
        rows = connection.execute(completed_year_enrollments()
                                  .with_only_columns(Enrollment.user_id, Enrollment.cohort_id)
                                  .where(Enrollment.user_id.in_(ids)))
        for user_id, cohort_id in rows:
            completed[user_id].add(cohort_id)
    return {user_id: frozenset(cohort_ids) for user_id, cohort_ids in completed.items()}


def _add(connection: Connection, table: Table, key: dict[str, Any], change: int) -> None:
    """``change`` added to the count of ``table``'s row whose primary key is ``key``."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[connection.dialect.name]
    statement = dialect.insert(table).values(**key, count=change)
    connection.execute(statement.on_conflict_do_update(
        index_elements=list(key), set_={"count": table.c.count + statement.excluded.count}))


def _changed(instance: Any, names: tuple[str, ...]) -> bool:
    attributes = inspect(instance).attrs
    return any(attributes[name].history.has_changes() for name in names)


def _user_id(instance: Any) -> int | None:
    if isinstance(instance, User):
        return instance.id
    if instance.user_id is not None:
        return int(instance.user_id)
    user = instance.user  # set through the relationship, the id not copied yet
    return None if user is None else user.id


@event.listens_for(Session, "before_flush")
def _before_flush(db_session: Session, _context: Any, _instances: Any) -> None:
    db_session.info.pop(_PENDING, None)
    touched: list[Any] = []
    recount_all = False
    for instance in chain(db_session.new, db_session.deleted):
        kind = type(instance)
        if kind in _FOLLOWED:
            touched.append(instance)
        elif kind in _RECOUNTED and instance in db_session.deleted:
            recount_all = True  # a cohort or program deleted with its enrollments
    for instance in db_session.dirty:
        kind = type(instance)
        if kind in _RECOUNTED and _changed(instance, _RECOUNTED[kind]):
            recount_all = True
        elif kind in _FOLLOWED and _changed(instance, _FOLLOWED[kind]):
            touched.append(instance)
    if recount_all:
        db_session.info[_PENDING] = None
    elif touched:
        connection = db_session.connection()
        user_ids = sorted({user_id for user_id in map(_user_id, touched) if user_id is not None})
        if user_ids and connection.dialect.name == "postgresql":
            # Two transactions writing the same person take turns from here, the second
            # reading her place as the first left it.
            users = User.__table__
            connection.execute(select(users.c.id).where(users.c.id.in_(user_ids))
                               .order_by(users.c.id).with_for_update())
        elif user_ids:
            # SQLite: the write lock first (waiting its turn), as the flush's own first write
            # would; a transaction that read first could not write after another had.
            tallies = AlumniTally.__table__
            connection.execute(update(tallies).where(false())
                               .values(count=tallies.c.count))
        db_session.info[_PENDING] = (touched, _keys(connection, user_ids),
                                     _cohorts(connection, user_ids))


@event.listens_for(Session, "after_flush")
def _after_flush(db_session: Session, _context: Any) -> None:
    if _PENDING not in db_session.info:
        return
    pending = db_session.info.pop(_PENDING)
    connection = db_session.connection()
    if pending is None:
        _recount(connection)
        return
    touched, before, cohorts_before = pending
    user_ids = {user_id for user_id in map(_user_id, touched) if user_id is not None}
    after, cohorts_after = _keys(connection, user_ids), _cohorts(connection, user_ids)
    places, cohorts = AlumniTally.__table__, AlumniCohortTally.__table__
    for user_id in user_ids:
        old, new = before.get(user_id), after.get(user_id)
        if old != new:
            if old is not None:
                _add(connection, places, {"country": old[0], "listed": old[1]}, -1)
            if new is not None:
                _add(connection, places, {"country": new[0], "listed": new[1]}, 1)
        # Someone new in this flush was not looked up before it: she had no cohorts.
        left, joined = cohorts_before.get(user_id, frozenset()), cohorts_after[user_id]
        for cohort_id in sorted(left - joined):
            _add(connection, cohorts, {"cohort_id": cohort_id}, -1)
        for cohort_id in sorted(joined - left):
            _add(connection, cohorts, {"cohort_id": cohort_id}, 1)


@event.listens_for(Session, "after_rollback")
def _forget(db_session: Session) -> None:
    db_session.info.pop(_PENDING, None)


def _recount(connection: Connection) -> None:
    places = _places().subquery()
    connection.execute(delete(AlumniTally.__table__))
    connection.execute(insert(AlumniTally.__table__).from_select(
        ["country", "listed", "count"],
        select(places.c.country, places.c.listed, func.count())
        .group_by(places.c.country, places.c.listed)))
    cohorts = AlumniCohortTally.__table__
    connection.execute(delete(cohorts))
    connection.execute(insert(cohorts).from_select(
        ["cohort_id", "count"],
        completed_year_enrollments().with_only_columns(Enrollment.cohort_id, func.count())
        .group_by(Enrollment.cohort_id)))


def recount(db_session: Session) -> None:
    """Count every alumna again, after writes that bypassed the ORM."""
    _recount(db_session.connection())


def counted(db_session: Session, listed_only: bool, country: str | None) -> int:
    """The alumni under ``country`` (all countries if None), only those other alumni see if
    ``listed_only``: what counting them from the people themselves gives."""
    # Read on the session's connection, prepared for the driver once an app: the directory
    # asks it on every visit, and SQLAlchemy's handling of the statement cost more than SQLite
    # took to answer. Nothing is flushed first: the directory changes nothing.
    values = {} if country is None else {"country": country}
    statement = _counted_statement(listed_only, country is not None)
    return prepared_rows(db_session.connection(), (statement, tuple(values)),
                         lambda: statement, values)[0][0] or 0


@functools.cache
def _counted_statement(listed_only: bool, by_country: bool) -> Any:
    statement = select(func.coalesce(func.sum(AlumniTally.count), 0))
    if listed_only:
        statement = statement.where(AlumniTally.listed.is_(True))
    if by_country:
        statement = statement.where(AlumniTally.country == bindparam("country"))
    return statement
