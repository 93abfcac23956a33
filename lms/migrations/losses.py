"""What a downgrade would delete, found before it runs.

Migrations only know how to undo themselves, not what that costs. The schema a target revision
has is found by building it, on a throwaway in-memory SQLite database; every Kakehashi table and
column of the live database that the target lacks is dropped by the downgrade, together with
whatever rows it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import Engine

from lms.db import make_engine
from lms.migrations import VERSION_TABLE, alembic_config


@dataclass(frozen=True)
class Loss:
    """A table, or one column of a table (``column`` set), that the downgrade drops."""

    table: str
    column: str | None
    rows: int

    def describe(self) -> str:
        place = f"{self.table}.{self.column}" if self.column else self.table
        noun = "value" if self.column else "row"
        return f"{place}: {self.rows} {noun}{'' if self.rows == 1 else 's'}"


def resolve_target(engine: Engine, revision: str) -> str | None:
    """The absolute revision a downgrade to ``revision`` ends at (None for base).

    Accepts what ``alembic downgrade`` accepts here: ``base``, a revision id (or a unique
    prefix of one), and ``-N`` counted down from the database's current revision."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    if revision == "base":
        return None
    if revision.startswith("-") and revision[1:].isdigit():
        with engine.connect() as connection:
            current = MigrationContext.configure(
                connection, opts={"version_table": VERSION_TABLE}).get_current_revision()
        steps = int(revision[1:])
        for _ in range(steps):
            if current is None:
                raise ValueError(f"cannot go down {steps} revisions from the current one")
            down = script.get_revision(current).down_revision
            current = down if isinstance(down, str) or down is None else down[0]
        return current
    try:
        found = script.get_revision(revision)
    except CommandError as error:
        raise ValueError(f"no revision {revision!r}") from error
    if found is None:
        raise ValueError(f"no revision {revision!r}")
    return found.revision


def _schema_at(revision: str | None) -> dict[str, set[str]]:
    """Table name → column names of Kakehashi's schema at ``revision``."""
    if revision is None:
        return {}
    scratch = make_engine("sqlite://")
    try:
        command.upgrade(alembic_config(scratch), revision)
        return _kakehashi_schema(scratch)
    finally:
        scratch.dispose()


def _kakehashi_schema(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {
        name: {column["name"] for column in inspector.get_columns(name)}
        for name in inspector.get_table_names()
        if name.startswith("lms_")
    }


def losses_of_downgrade(engine: Engine, revision: str) -> list[Loss]:
    """Every table and column the downgrade to ``revision`` drops, with what it holds now.
    Empty tables and columns holding only NULLs are listed too, with 0."""
    target = _schema_at(resolve_target(engine, revision))
    now = _kakehashi_schema(engine)
    losses: list[Loss] = []
    with engine.connect() as connection:
        for name in sorted(now):
            if name not in target:
                rows = connection.scalar(select(func.count()).select_from(table(name)))
                losses.append(Loss(name, None, rows or 0))
                continue
            for column in sorted(now[name] - target[name]):
                quoted = connection.dialect.identifier_preparer.quote
                values = connection.scalar(text(
                    f"SELECT count({quoted(column)}) FROM {quoted(name)}"))  # noqa: S608
                losses.append(Loss(name, column, values or 0))
    return losses
