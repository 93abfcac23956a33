"""A call's applications counted by state, country and whether they were sent, kept as they
are written: a call's page reads its figures from a few stored rows instead of counting its
thousands of applications on every visit.

The counts follow every write of an application through the ORM (mapper events, so no
service, demo step or test factory can forget them), in the same transaction, each a relative
change (``count + 1``) so that two requests writing the same call at once both count. Writes
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

from lms.admissions.models import AdmissionApplication, ApplicationStatus
from lms.db import Base, enum_type

#: The columns a tally is keyed by, as the application has them.
_KEYED = ("call_id", "country", "status", "submitted_at")


class AdmissionCallTally(Base):
    """How many of a call's applications are in one state, from one country (the one the
    application gives, "" for none), sent or not."""

    __tablename__ = "lms_admission_call_tallies"

    call_id: Mapped[int] = mapped_column(
        ForeignKey("lms_admission_calls.id", ondelete="CASCADE"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_type(ApplicationStatus, "admission_status"), primary_key=True)
    sent: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


Key = tuple[int, str, ApplicationStatus, bool]


def _key(call_id: int, country: str | None, status: ApplicationStatus | str,
         submitted_at: Any) -> Key:
    return call_id, country or "", ApplicationStatus(status), submitted_at is not None


def _add(connection: Connection, key: Key, change: int) -> None:
    """``change`` applications more (or fewer) under ``key``, in one statement."""
    table = AdmissionCallTally.__table__
    call_id, country, status, sent = key
    values = {"call_id": call_id, "country": country, "status": status, "sent": sent,
              "count": change}
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[connection.dialect.name]
    statement = dialect.insert(table).values(**values)
    connection.execute(statement.on_conflict_do_update(
        index_elements=["call_id", "country", "status", "sent"],
        set_={"count": table.c.count + statement.excluded.count}))


def _stored(connection: Connection, application_id: int) -> dict[str, Any] | None:
    """The keyed columns of the application as its row stands in this transaction."""
    table = AdmissionApplication.__table__
    row = connection.execute(select(*(table.c[name] for name in _KEYED))
                             .where(table.c.id == application_id)).one_or_none()
    return None if row is None else dict(zip(_KEYED, row, strict=True))


@event.listens_for(AdmissionApplication, "after_insert")
def _inserted(_mapper: Mapper[Any], connection: Connection,
              application: AdmissionApplication) -> None:
    _add(connection, _key(*(getattr(application, name) for name in _KEYED)), 1)


@event.listens_for(AdmissionApplication, "before_update")
def _updating(_mapper: Mapper[Any], connection: Connection,
              application: AdmissionApplication) -> None:
    attributes = inspect(application).attrs
    changed = {name: attributes[name].history for name in _KEYED
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
    before, after = _key(**old), _key(**new)
    if after != before:
        _add(connection, before, -1)
        _add(connection, after, 1)


@event.listens_for(AdmissionApplication, "before_delete")
def _deleting(_mapper: Mapper[Any], connection: Connection,
              application: AdmissionApplication) -> None:
    old = _stored(connection, application.id)
    if old is not None:
        _add(connection, _key(**old), -1)


def recount(db_session: Session, call_ids: list[int] | None = None) -> None:
    """Count the applications of ``call_ids`` (of every call if None) again, after writes
    that bypassed the ORM."""
    table = AdmissionApplication.__table__
    tallies = AdmissionCallTally.__table__
    # One expression object per column, grouped by as selected (PostgreSQL compares them).
    keys = (table.c.call_id, func.coalesce(table.c.country, literal_column("''")),
            table.c.status, table.c.submitted_at.is_not(None))
    counted = select(*keys, func.count()).group_by(*keys)
    cleared = delete(tallies)
    if call_ids is not None:
        counted = counted.where(table.c.call_id.in_(call_ids))
        cleared = cleared.where(tallies.c.call_id.in_(call_ids))
    db_session.execute(cleared)
    db_session.execute(insert(tallies).from_select(
        ["call_id", "country", "status", "sent", "count"], counted))
