"""Statements run as the driver takes them (lms.prepared): they are counted and logged as
SQLAlchemy's own are, a database error is SQLAlchemy's error, and what the statement left
untyped is bound as it is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import bindparam, event, literal_column, select
from sqlalchemy.exc import DBAPIError

from lms.accounts.models import User
from lms.prepared import driver_rows, prebuilt_rows


def _emails_from() -> Any:
    return select(User.email).where(User.email.startswith(bindparam("prefix"))).order_by(
        User.email)


def test_a_statement_run_as_the_driver_takes_it_is_counted(app, db, make_user, count_queries):
    make_user("ana@example.org")
    make_user("budi@example.org")
    with app.test_request_context(), count_queries() as counted:
        assert prebuilt_rows(db, _emails_from, prefix="ana") == [["ana@example.org"]]
        assert prebuilt_rows(db, _emails_from, prefix="b") == [["budi@example.org"]]
    assert len(counted.statements) == 2


def test_a_database_error_is_raised_as_sqlalchemys(db):
    connection = db.connection()
    with pytest.raises(DBAPIError):
        driver_rows(connection, "SELECT missing FROM lms_no_such_table", ())
    db.rollback()
    # The connection is still good for the next statement.
    assert db.scalar(select(literal_column("1"))) == 1


def _on_the_day() -> Any:
    # Compared with an untyped SQL expression, so the statement gives the day no type.
    return select(literal_column("1")).where(
        literal_column("'2026-12-04'") == bindparam("day"))


def test_a_day_bound_to_an_untyped_parameter_is_written_as_stored(app, db):
    engine = db.get_bind()
    sent: list[Any] = []

    def record(_connection, _cursor, _statement, parameters, *_rest: Any) -> None:
        sent.append(parameters)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with app.test_request_context():
            assert prebuilt_rows(db, _on_the_day, day=dt.date(2026, 12, 4)) == [[1]]
            assert prebuilt_rows(db, _on_the_day, day=dt.date(2026, 12, 5)) == []
    finally:
        event.remove(engine, "before_cursor_execute", record)
    [value] = list(sent[0].values()) if isinstance(sent[0], dict) else list(sent[0])
    # As SQLAlchemy's Date writes it for the database: text on SQLite (whose driver's own
    # way of writing a day is deprecated), the day itself for PostgreSQL's driver.
    assert value == ("2026-12-04" if engine.dialect.name == "sqlite" else dt.date(2026, 12, 4))
