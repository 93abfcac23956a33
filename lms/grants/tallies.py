"""A round's applications counted by state, country and whether they were sent, with what
they ask for and were awarded, kept as they are written: the round's page, its statistics and
the decision form's budget left read a few stored rows instead of adding up thousands of
applications on every visit.

The tallies follow every write of an application through the ORM (mapper events, so no
service, demo step or test factory can forget them), in the same transaction, each a relative
change (``count + 1``) so that two requests writing the same round at once both count. Writes
that bypass the ORM (a bulk INSERT seeding a benchmark) call :func:`recount` afterwards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    String,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from lms.db import Base, enum_type
from lms.grants.models import ApplicationStatus, GrantApplication

#: The columns a tally is keyed by, as the application has them.
_KEYED = ("round_id", "country", "status", "submitted_at")
#: The columns a tally adds up.
_SUMMED = ("requested_amount", "awarded_amount")


class GrantRoundTally(Base):
    """How many of a round's applications are in one state, from one country (the one the
    application gives, "" for none), sent or not, and what they ask for and were awarded (in
    any state: the pages count money as awarded only in an awarded state)."""

    __tablename__ = "lms_round_tallies"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("lms_grant_rounds.id", ondelete="CASCADE"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_type(ApplicationStatus, "grant_application_status"), primary_key=True)
    sent: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    requested: Mapped[int] = mapped_column(default=0)
    awarded: Mapped[int] = mapped_column(default=0)


Key = tuple[int, str, ApplicationStatus, bool]
Amounts = tuple[int, int, int]


def _key(round_id: int, country: str | None, status: ApplicationStatus | str,
         submitted_at: Any) -> Key:
    return round_id, country or "", ApplicationStatus(status), submitted_at is not None


def _amounts(count: int, requested_amount: int | None, awarded_amount: int | None) -> Amounts:
    return count, requested_amount or 0, awarded_amount or 0


def _add(connection: Connection, key: Key, change: Amounts) -> None:
    """``change`` (applications, requested, awarded) more under ``key``, in one statement."""
    table = GrantRoundTally.__table__
    round_id, country, status, sent = key
    count, requested, awarded = change
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[connection.dialect.name]
    statement = dialect.insert(table).values(
        round_id=round_id, country=country, status=status, sent=sent, count=count,
        requested=requested, awarded=awarded)
    connection.execute(statement.on_conflict_do_update(
        index_elements=["round_id", "country", "status", "sent"],
        set_={name: table.c[name] + statement.excluded[name]
              for name in ("count", "requested", "awarded")}))


def _stored(connection: Connection, application_id: int) -> dict[str, Any] | None:
    """The tallied columns of the application as its row stands in this transaction."""
    table = GrantApplication.__table__
    names = _KEYED + _SUMMED
    row = connection.execute(select(*(table.c[name] for name in names))
                             .where(table.c.id == application_id)).one_or_none()
    return None if row is None else dict(zip(names, row, strict=True))


def _tallied(values: dict[str, Any]) -> tuple[Key, Amounts]:
    """Where an application with these values counts, and what it adds there."""
    return (_key(*(values[name] for name in _KEYED)),
            _amounts(1, *(values[name] for name in _SUMMED)))


def _less(amounts: Amounts) -> Amounts:
    count, requested, awarded = amounts
    return -count, -requested, -awarded


@event.listens_for(GrantApplication, "after_insert")
def _inserted(_mapper: Mapper[Any], connection: Connection,
              application: GrantApplication) -> None:
    _add(connection, *_tallied({name: getattr(application, name)
                                for name in _KEYED + _SUMMED}))


@event.listens_for(GrantApplication, "before_update")
def _updating(_mapper: Mapper[Any], connection: Connection,
              application: GrantApplication) -> None:
    attributes = inspect(application).attrs
    changed = {name: attributes[name].history for name in _KEYED + _SUMMED
               if attributes[name].history.has_changes()}
    if not changed:
        return
    # The old values from the row itself: an attribute set on an expired application has no
    # old value in memory.
    old = _stored(connection, application.id)
    if old is None:
        return
    new = {**old, **{name: history.added[0] if history.added else None
                     for name, history in changed.items()}}
    (before, was), (after, now) = _tallied(old), _tallied(new)
    if after != before:
        _add(connection, before, _less(was))
        _add(connection, after, now)
    elif now != was:
        _add(connection, after, (0, now[1] - was[1], now[2] - was[2]))


@event.listens_for(GrantApplication, "before_delete")
def _deleting(_mapper: Mapper[Any], connection: Connection,
              application: GrantApplication) -> None:
    old = _stored(connection, application.id)
    if old is not None:
        key, amounts = _tallied(old)
        _add(connection, key, _less(amounts))


def recount(db_session: Session, round_ids: list[int] | None = None) -> None:
    """Count the applications of ``round_ids`` (of every round if None) again, after writes
    that bypassed the ORM."""
    table = GrantApplication.__table__
    tallies = GrantRoundTally.__table__
    # One expression object per column, grouped by as selected (PostgreSQL compares them).
    keys = (table.c.round_id, func.coalesce(table.c.country, literal_column("''")),
            table.c.status, table.c.submitted_at.is_not(None))
    counted = select(*keys, func.count(),
                     func.coalesce(func.sum(table.c.requested_amount), 0),
                     func.coalesce(func.sum(table.c.awarded_amount), 0)).group_by(*keys)
    cleared = delete(tallies)
    if round_ids is not None:
        counted = counted.where(table.c.round_id.in_(round_ids))
        cleared = cleared.where(tallies.c.round_id.in_(round_ids))
    db_session.execute(cleared)
    db_session.execute(insert(tallies).from_select(
        ["round_id", "country", "status", "sent", "count", "requested", "awarded"], counted))
