"""The database: declarative base, one engine per app, one session per app context."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from flask import current_app, g
from sqlalchemy import (
    Column,
    DateTime,
    Enum,
    MetaData,
    String,
    create_engine,
    event,
    inspect,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Session,
    SessionTransaction,
    sessionmaker,
)
from sqlalchemy.orm.attributes import instance_state, set_committed_value
from sqlalchemy.types import TypeDecorator
from werkzeug.local import LocalProxy

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and always returned aware.

    SQLite keeps no zone, so aware values are normalised to UTC on the way in and the zone is
    put back on the way out; the same code then behaves alike on SQLite and PostgreSQL.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class DecimalText(TypeDecorator[decimal.Decimal]):
    """An exact decimal (an exchange rate) kept as its text.

    SQLite has no exact decimal type and would hand back a float; text round-trips the
    digits exactly on every database."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: decimal.Decimal | None, dialect: Any) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: str | None, dialect: Any) -> decimal.Decimal | None:
        return None if value is None else decimal.Decimal(value)


def enum_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """An enum stored as its values in a string column with a CHECK constraint.

    Portable across SQLite and PostgreSQL, and adding a value later is a small migration
    rather than an ALTER TYPE.
    """
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


def _set_sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, **options: Any) -> Engine:
    # A pooled connection to a server may have been cut since its last use (a database
    # restart, a failover, an idle timeout on the way); test it when it is taken from the pool
    # so that a dead one is replaced instead of failing the request that got it. A SQLite file
    # has no connection to cut, and the test would cost every request a statement.
    options.setdefault("pool_pre_ping", not url.startswith("sqlite"))
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: views render objects after committing them.
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


def get_session() -> Session:
    """The session of the current app context, opened on first use and closed at teardown."""
    # Asked for a dozen times a page (every use of the ``session`` proxy below): one lookup
    # of ``g`` when the session is open, rather than one to test for it and one to read it.
    try:
        return g.lms_session  # type: ignore[no-any-return]
    except AttributeError:
        db_session = g.lms_session = current_app.extensions["lms"].sessionmaker()
        return db_session


_PREBUILT_KEY = "lms_prebuilt_statements"


def prebuilt(build: Callable[[], Any]) -> Any:
    """The statement ``build`` makes, built at its first use in the app and kept: for a query
    every visit of a page asks, when building it (a dozen subqueries) costs more than the
    database takes to answer. So ``build`` reads nothing that changes; what changes (the
    person, the time) is a named ``bindparam`` whose value is given when the statement runs."""
    if build.__closure__:
        raise TypeError(f"{build.__qualname__} is built once an app: bind what it uses "
                        "instead of capturing it")
    built: dict[Any, Any] = current_app.extensions.setdefault(_PREBUILT_KEY, {})
    statement = built.get(build)
    if statement is None:
        statement = built[build] = build()
    return statement


def close_session(exc: BaseException | None = None) -> None:
    db_session = g.pop("lms_session", None)
    if db_session is not None:
        db_session.close()


@functools.cache
def loaded_columns(model: type[Base]) -> tuple[tuple[str, ...], tuple[Column[Any], ...]]:
    """A model's own table columns, and the attribute each one loads into: what a plain
    ``select`` of them asks, for :func:`as_loaded` to make the instances of its rows."""
    pairs = [(prop.key, prop.columns[0]) for prop in model.__mapper__.column_attrs
             if isinstance(prop.columns[0], Column) and prop.columns[0].table is model.__table__]
    return tuple(key for key, _ in pairs), tuple(column for _, column in pairs)


def as_loaded(db_session: Session, model: type[Base], values: dict[str, Any]) -> Any:
    """The instance of ``model`` whose attributes are ``values`` (every column of
    :func:`loaded_columns`), in the session as if the ORM had loaded it; the one already there
    if the session holds it. For a query every request asks, where the ORM's loading cost
    several times what the database took to answer."""
    key = model.__mapper__.identity_key_from_primary_key((values["id"],))
    known = db_session.identity_map.get(key)
    if known is not None:  # it may hold changes of this request: never overwritten
        return known
    # As the ORM's own loading does (orm.loading's new instance): the values go straight into
    # the instance, unwatched, so that there is no change to write back, and its state is put
    # in the session's identity map as persistent. Making it detached and adding it, the
    # public way, cost half of this function, walking cascades an instance without loaded
    # relationships does not have.
    instance = model.__mapper__.class_manager.new_instance()
    instance.__dict__.update(values)
    state = instance_state(instance)
    state.key = key
    state.session_id = db_session.hash_key
    db_session.identity_map.add(state)
    return instance


def columns_of(entity: Any, *relationships: str) -> list[Any]:
    """:func:`loaded_columns` of a model or of an alias of one (``aliased(Model)``), then of
    the model each of its named relationships leads to: what :func:`as_loaded_with` reads."""
    model = entity if isinstance(entity, type) else inspect(entity).mapper.class_
    return [*(getattr(entity, key) for key in loaded_columns(model)[0]),
            *(column for name in relationships
              for column in loaded_columns(_related_model(model, name))[1])]


def as_loaded_with(db_session: Session, values: Iterator[Any], model: type[Base],
                   *relationships: str) -> Any:
    """The instance of ``model`` made from the next values of a row (read as
    :func:`columns_of` ``model`` and ``relationships`` wrote them), with each relationship set
    to its instance as a joined load would; None where its columns are all None (an outer
    join's)."""
    own = _next_values(model, values)
    related = [(name, _related_model(model, name)) for name in relationships]
    others = [(name, target, _next_values(target, values)) for name, target in related]
    if own["id"] is None:
        return None
    instance = as_loaded(db_session, model, own)
    for name, target, target_values in others:
        if name not in instance.__dict__:
            set_committed_value(instance, name, None if target_values["id"] is None
                                else as_loaded(db_session, target, target_values))
    return instance


def set_loaded_collection(db_session: Session, parent: Any, relationship: str,
                          rows: Iterable[Sequence[Any]], start: int) -> None:
    """Set ``parent``'s collection ``relationship`` to the instances made from each row's
    columns from ``start`` on (:func:`loaded_columns` of its model), as a joined load of one
    query's rows would; a row whose columns there are NULL (an outer join's) adds none. Left
    as it is where the session had already loaded it."""
    if relationship in parent.__dict__:
        return
    model = _related_model(type(parent), relationship)
    keys = loaded_columns(model)[0]
    end = start + len(keys)
    set_committed_value(parent, relationship, [
        as_loaded(db_session, model, dict(zip(keys, row[start:end], strict=True)))
        for row in rows if row[start] is not None])


def _related_model(model: type[Base], relationship: str) -> type[Base]:
    return model.__mapper__.relationships[relationship].mapper.class_  # type: ignore[no-any-return]


def _next_values(model: type[Base], values: Iterator[Any]) -> dict[str, Any]:
    return {key: next(values) for key in loaded_columns(model)[0]}


def lock_row(db_session: Session, model: type[Base], row_id: int) -> None:
    """Make writers that decide against the same parent row (a count against a cap, a total
    against a budget) take turns until this transaction ends.

    A no-op UPDATE: a row lock on PostgreSQL, where each later statement of the transaction then
    sees what the previous holder committed; on SQLite the database's write lock, taken as the
    transaction's first write so SQLite retries it on a fresh snapshot rather than failing. Call
    it before reading the numbers the decision depends on."""
    primary_key = model.__table__.c.id  # type: ignore[attr-defined]
    db_session.execute(
        update(model.__table__).where(primary_key == row_id).values(id=primary_key))


def when_transaction_ends(db_session: Session, on_commit: Callable[[], None] | None = None,
                          on_rollback: Callable[[], None] | None = None) -> None:
    """Run one of the actions when the session's current transaction ends, once: ``on_commit``
    if it commits; ``on_rollback`` if it is rolled back, or if the session is closed without
    committing it (a request that failed: closing signals no rollback). A savepoint released
    or rolled back inside it decides nothing, and a later transaction of the same session
    never runs a pending action. Begins the transaction if none has begun yet, so that a
    rollback before any query still counts as its end."""
    if not db_session.in_transaction():
        db_session.begin()
    decided = False

    def committed(session: Session) -> None:
        nonlocal decided
        # after_commit also follows a released savepoint, while it is still the current one.
        if not decided and not session.in_nested_transaction():
            decided = True
            if on_commit is not None:
                on_commit()

    def ended(_session: Session, transaction: SessionTransaction) -> None:
        nonlocal decided
        if not decided and transaction.parent is None:
            decided = True
            if on_rollback is not None:
                on_rollback()

    event.listen(db_session, "after_commit", committed)
    event.listen(db_session, "after_transaction_end", ended)


#: The request's session, for views and commands; services receive it as an argument.
session: Session = LocalProxy(get_session)  # type: ignore[assignment]

