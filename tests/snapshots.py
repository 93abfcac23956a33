"""A seeding saved once per run and put back for each later test that starts from it.

Seeding the demo takes 4 s on SQLite and 7 s on PostgreSQL, and some thirty tests start from
it; putting its 4,000 rows back takes a tenth of a second. The rows are copied inside the
database (into a schema of its own on PostgreSQL, an attached file on SQLite), so every value
comes back exactly as seeding wrote it; PostgreSQL's sequences go back to where seeding left
them, and the files seeding put in the upload folder are copied back too. A test then sees what
it would have seen seeding itself, except that the seeded times are a little older: the demo's
tests run within a minute or two of each other, and those that need a fixed present travel to
it around both the seeding and the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import Column, Connection, MetaData, Table, insert, select, text
from sqlalchemy.engine import Engine

from lms.models import Base

T = TypeVar("T")


@dataclass
class _Saved:
    schema: str
    copies: list[tuple[Table, Table]]  # (the table, its copy), parents first
    sequences: list[tuple[str, int]]
    files: Path
    result: Any


class Snapshots:
    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._saved: dict[str, _Saved] = {}

    def seed_once(self, name: str, app: Flask, seed: Callable[[], T]) -> T:
        """What ``seed()`` returns: run in this test the first time, its rows and files put
        back into the test's empty tables and upload folder after that. ``name`` tells apart
        seedings that differ (another present, other settings); the tables must be empty."""
        saved = self._saved.get(name)
        if saved is not None:
            self._restore(app, saved)
            return saved.result  # type: ignore[no-any-return]
        before = _files(app)
        result = seed()
        self._saved[name] = self._take(app, len(self._saved), result, before)
        return result

    def drop(self, engine: Engine) -> None:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                for saved in self._saved.values():
                    connection.execute(text(f"DROP SCHEMA IF EXISTS {saved.schema} CASCADE"))

    def _take(self, app: Flask, number: int, result: Any, files_before: set[Path]) -> _Saved:
        schema = f"lms_test_snapshot_{number}"
        metadata = MetaData()
        copies = [(table, Table(table.name, metadata,
                                *(Column(column.name, column.type) for column in table.columns),
                                schema=schema))
                  for table in Base.metadata.sorted_tables]
        engine: Engine = app.extensions["lms"].engine
        with self._attached(engine, schema) as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
                connection.execute(text(f"CREATE SCHEMA {schema}"))
            metadata.create_all(connection)
            for table, copy in copies:
                connection.execute(insert(copy).from_select(list(table.columns.keys()),
                                                            select(table)))
            sequences = [(name, value) for name, value in connection.execute(text(
                "SELECT format('%I.%I', schemaname, sequencename), last_value "
                "FROM pg_sequences WHERE schemaname = current_schema() "
                "AND last_value IS NOT NULL"))] if connection.dialect.name == "postgresql" else []
        files = self._directory / schema
        root = _upload_dir(app)
        for path in _files(app) - files_before:
            target = files / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        return _Saved(schema, copies, sequences, files, result)

    def _restore(self, app: Flask, saved: _Saved) -> None:
        engine: Engine = app.extensions["lms"].engine
        with self._attached(engine, saved.schema) as connection:
            for table, copy in saved.copies:
                connection.execute(insert(table).from_select(list(table.columns.keys()),
                                                             select(copy)))
            for name, value in saved.sequences:
                connection.execute(text("SELECT setval(CAST(:name AS regclass), :value)"),
                                   {"name": name, "value": value})
        if saved.files.exists():
            shutil.copytree(saved.files, _upload_dir(app), dirs_exist_ok=True)

    @contextmanager
    def _attached(self, engine: Engine, schema: str) -> Iterator[Connection]:
        """A connection that sees the copies' schema, in a transaction committed at the end."""
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:  # outside a transaction, which SQLite's driver starts only to write
                connection.exec_driver_sql(f"ATTACH DATABASE ? AS {schema}",
                                           (str(self._directory / f"{schema}.sqlite"),))
            try:
                yield connection
                connection.commit()
            finally:
                connection.rollback()
                if sqlite:
                    connection.exec_driver_sql(f"DETACH DATABASE {schema}")


def _upload_dir(app: Flask) -> Path:
    from lms.uploads import upload_dir

    with app.app_context():
        return upload_dir()


def _files(app: Flask) -> set[Path]:
    return {path for path in _upload_dir(app).rglob("*") if path.is_file()}
