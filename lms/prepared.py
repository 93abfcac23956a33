"""Statements run as the database driver takes them: made ready at their first run in the app
(compiled, their constants processed) and kept, each run binding only its own values and
reading the driver's rows.

For the statements every visit of a page asks, SQLAlchemy's own execution cost more than the
database took to answer: it keys, expands and processes the whole statement's parameters again
at each run, and sets up a result for rows the page reads once. The events of the engine (the
tests' and the bench's statement counts, echo) and its handling of database errors are kept:
see :func:`driver_rows`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Date, Integer, Select, String
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from lms.db import UTCDateTime

_QUERIES_KEY = "lms_prepared_statements"

def prebuilt_rows(db_session: Session, build: Callable[[], Select[Any]], /,
                  **values: Any) -> list[list[Any]]:
    """The rows of the select ``build`` makes (built once an app, as lms.db.prebuilt builds,
    its parameters named ``bindparam``s), as plain lists of its columns' values, run as
    :func:`gather` runs a section: a section's own query costs its home no more than its
    union would. ``values`` are as gather's (no lists: an IN list is fixed when prepared)."""
    if build.__closure__:
        raise TypeError(f"{build.__qualname__} is built once an app: bind what it uses instead "
                        "of capturing it")
    for name, value in values.items():
        bound_type(name, value)
    return prepared_rows(db_session.connection(), (build, tuple(sorted(values))), build, values)


def prepared_rows(connection: Connection, key: Hashable, build: Callable[[], Select[Any]],
                  values: dict[str, Any]) -> list[list[Any]]:
    """The rows of the select ``build`` makes, made ready for the driver at its first run in
    the app and kept under ``key`` (the same SQL, its constants processed once: see
    :class:`Prepared`); ``values`` are this run's parameters."""
    queries: dict[Any, Prepared] = current_app.extensions.setdefault(_QUERIES_KEY, {})
    prepared = queries.get(key)
    if prepared is None:
        prepared = queries[key] = Prepared.of(build(), values, connection.dialect)
    return prepared.run(connection, values)


@dataclass(frozen=True)
class Prepared:
    """A section's union as the database driver takes it, made at its first visit.

    Running the select itself cost more than SQLite took to answer a small section: SQLAlchemy
    keys, expands (its IN lists) and processes the whole statement's parameters again at each
    visit. Here that is done once, the constants' values kept as the driver takes them, and
    each visit processes only its own values."""

    sql: str
    #: Every parameter of the statement in its order (positional drivers) or by its name.
    names: tuple[str, ...]
    positional: bool
    #: The constants' values (the lines' kinds, statuses, limits), processed.
    constants: dict[str, Any]
    #: Processes a value of the visit's for the driver, by name.
    processors: dict[str, Callable[[Any], Any]]
    #: Makes the value of each column that needs it (a moment, a day) from what the driver
    #: returns, by the column's place; the driver's None stays None.
    results: tuple[tuple[int, Callable[[Any], Any]], ...]
    #: For a positional driver: the parameters in their order with the constants in place,
    #: and where each of the visit's values goes (a name may stand in several places). A
    #: staff home's union has some two hundred parameters, nearly all constants: putting
    #: each in its place again at every visit cost more than binding them.
    filled: tuple[Any, ...] = ()
    slots: tuple[tuple[int, str], ...] = ()

    @classmethod
    def of(cls, query: Select[Any], values: dict[str, Any], dialect: Any) -> Prepared:
        expanded = query.compile(dialect=dialect).construct_expanded_state(values)
        processors = dict(expanded.processors)
        # A moment or a day whose parameter the statement left untyped (compared with no
        # column, say) is processed as they are stored (a moment as naive UTC): the driver's
        # own way of writing an aware moment would compare wrong with the stored ones on
        # SQLite, and its way of writing a day is deprecated.
        for name, value in values.items():
            if name not in processors and isinstance(value, dt.date) and (
                    process := bound_type(name, value).dialect_impl(dialect)
                    .bind_processor(dialect)):
                processors[name] = process
        constants = {name: processors[name](value) if name in processors else value
                     for name, value in expanded.parameters.items() if name not in values}
        results = tuple(
            (place, process) for place, column in enumerate(query.selected_columns)
            if (process := column.type.dialect_impl(dialect).result_processor(dialect, None)))
        names = tuple(expanded.positiontup or expanded.parameters)
        given = {name: processors[name] for name in values if name in processors}
        positional = expanded.positiontup is not None
        filled: tuple[Any, ...] = ()
        slots: tuple[tuple[int, str], ...] = ()
        if positional:
            filled = tuple(constants.get(name) for name in names)
            slots = tuple((place, name) for place, name in enumerate(names) if name in values)
        return cls(expanded.statement, names, positional, constants, given, results, filled,
                   slots)

    def run(self, connection: Connection, values: dict[str, Any]) -> list[list[Any]]:
        # Each value processed once, however many places it stands in (a moment, written
        # for the driver, is used by several lines of a section).
        processors = self.processors
        given = {name: processors[name](value) if name in processors else value
                 for name, value in values.items()}
        parameters: Any
        if self.positional:
            parameters = list(self.filled)
            for place, name in self.slots:
                parameters[place] = given[name]
            parameters = tuple(parameters)
        else:
            parameters = {**self.constants, **given}
        rows = [list(row) for row in driver_rows(connection, self.sql, parameters)]
        # Only the columns that need it, and not their NULLs (every processor keeps None):
        # most of a row is ids and text, which the driver returns as they are.
        for row in rows:
            for place, process in self.results:
                if row[place] is not None:
                    row[place] = process(row[place])
        return rows


def bound_type(name: str, value: Any) -> Any:
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return UTCDateTime()
    if isinstance(value, dt.date):
        return Date()
    if isinstance(value, int) and not isinstance(value, bool):
        return Integer()
    if isinstance(value, str):
        return String()
    raise TypeError(f"gather cannot bind {name}={value!r}: give an int, str, date or datetime")


def driver_rows(connection: Connection, sql: str, parameters: Any) -> list[Any]:
    """The rows the driver returns for ``sql`` run with ``parameters`` (as the driver takes
    them) in ``connection``'s transaction.

    Run as SQLAlchemy runs a dialect's own statements (Connection._cursor_execute): the
    engine's cursor events are fired and a database error is raised as SQLAlchemy raises it
    (a connection lost is invalidated), without setting up an execution context and a result
    for it. For the statements every visit asks, those cost more than SQLite took to answer
    (the signed-in person's: 0.05 ms of 0.09 through exec_driver_sql)."""
    cursor = connection.connection.cursor()
    try:
        connection._cursor_execute(cursor, sql, parameters)
        try:
            return cursor.fetchall()
        except connection.dialect.loaded_dbapi.Error as error:
            connection._handle_dbapi_exception(error, sql, parameters, cursor, None)
            raise  # not reached: the call above raises SQLAlchemy's error for it
    finally:
        cursor.close()
