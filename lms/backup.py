"""``flask lms backup`` and ``flask lms restore``: one archive holding a consistent copy of the
database, the uploaded files its rows point to, and a manifest with the schema revision.

The archive (a .tar.gz) holds ``manifest.json``, the database (``database.sqlite`` made with
SQLite's online backup API, or ``database.pgdump`` made by ``pg_dump --format=custom``) and
``uploads/`` laid out as in the upload folder. Secrets are not in it: they live in the
environment and are kept apart.

Files are gathered around the database snapshot so that none its rows point to can be missed,
even while people delete attachments or ``flask lms uploads prune`` runs: every file present
*before* the snapshot is hard-linked (or copied) into a staging folder first, so a later
deletion cannot take it away; after the snapshot, the files its rows name that were written
in between are added. Files are never changed once written, only created and deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, column, func, inspect, select, table, text
from sqlalchemy.engine import URL, Engine

import lms
from lms.migrations import alembic_config
from lms.uploads import STORED_NAME_COLUMN, tables_with_uploads, upload_dir

FORMAT = "kakehashi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite"
PG_DUMP_FILE = "database.pgdump"
UPLOADS = "uploads"
VERSION_TABLE = "alembic_version_lms"
#: Alembic's bookkeeping, not data: a freshly migrated instance has a row there and is empty.
BOOKKEEPING_TABLES = frozenset({VERSION_TABLE, "alembic_version"})


class BackupError(Exception):
    """Something the operator must act on; the message says what."""


@dataclass
class Snapshot:
    """What the database snapshot holds, read from the snapshot itself."""

    revision: str | None
    rows: dict[str, int]
    stored_names: set[str]


@dataclass
class BackupReport:
    path: Path
    revision: str | None
    files: int
    rows: dict[str, int]
    missing: list[str] = field(default_factory=list)


def _count(connection: Connection, table_name: str) -> int:
    return int(connection.execute(
        select(func.count()).select_from(table(table_name))).scalar_one())


def _read_snapshot(connection: Connection) -> Snapshot:
    """Revision, row counts and referenced files, read inside the snapshot's transaction."""
    tables = set(inspect(connection).get_table_names())
    revision = None
    if VERSION_TABLE in tables:
        revision = connection.execute(
            select(column("version_num")).select_from(table(VERSION_TABLE))).scalar()
    rows = {name: _count(connection, name) for name in sorted(tables - BOOKKEEPING_TABLES)}
    names: set[str] = set()
    for upload_table in tables_with_uploads():
        if upload_table.name in tables:
            names.update(value for value in connection.execute(
                select(upload_table.c[STORED_NAME_COLUMN])).scalars() if value)
    return Snapshot(revision, rows, names)


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """The database as a libpq URL without its password, and the environment carrying it
    (so it never shows in the process list or in a printed command)."""
    url = engine.url
    environ = dict(os.environ)
    if url.password:
        environ["PGPASSWORD"] = str(url.password)
    plain = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                       database=url.database, query=url.query)
    return plain.render_as_string(hide_password=False), environ


def _snapshot_sqlite(engine: Engine, staging: Path) -> Snapshot:
    source_path = engine.url.database
    if not source_path or source_path == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    target = staging / SQLITE_FILE
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1) reads the whole database in one read transaction: a consistent
        # snapshot, while writers go on in WAL mode.
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    copy_engine = _sqlite_engine(target)
    try:
        with copy_engine.connect() as connection:
            return _read_snapshot(connection)
    finally:
        copy_engine.dispose()


def _sqlite_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine

    return create_engine(f"sqlite:///{path}")


def _snapshot_postgresql(engine: Engine, staging: Path) -> Snapshot:
    dsn, environ = _libpq(engine)
    target = staging / PG_DUMP_FILE
    if (pg_dump := shutil.which("pg_dump")) is None:
        raise BackupError(
            "pg_dump is not on the PATH. Install the PostgreSQL client tools (the server's "
            "major version or newer) and run this again, or back up by hand:\n"
            f"  pg_dump --format=custom --file={PG_DUMP_FILE} --dbname={shlex.quote(dsn)}\n"
            f"and copy the upload folder {upload_dir()} after the dump has finished.")
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            # pg_dump joins this transaction's snapshot, so the files are read from the very
            # rows it dumps.
            snapshot_id = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            done = subprocess.run(  # noqa: S603 - our own arguments, no shell
                [pg_dump, "--format=custom", f"--snapshot={snapshot_id}",
                 f"--file={target}", f"--dbname={dsn}"],
                env=environ, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed ({done.returncode}): {done.stderr.strip()}")
            return _read_snapshot(connection)


def snapshot_database(engine: Engine, staging: Path) -> Snapshot:
    if engine.dialect.name == "sqlite":
        return _snapshot_sqlite(engine, staging)
    if engine.dialect.name == "postgresql":
        return _snapshot_postgresql(engine, staging)
    raise BackupError(f"backups of {engine.dialect.name} databases are not supported")


def _stage(source: Path, target: Path) -> None:
    """Keep ``source`` under ``target``: a hard link when on the same file system (instant,
    and it outlives a deletion of the original), a copy otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _stage_present_files(uploads: Path, staged: Path) -> None:
    for source in uploads.rglob("*"):
        if source.is_file() and not source.is_symlink():
            try:
                _stage(source, staged / source.relative_to(uploads))
            except FileNotFoundError:
                continue  # deleted while walking: then no snapshot taken after holds it


def _stage_referenced(uploads: Path, staged: Path, names: set[str]) -> list[str]:
    """Add the files the snapshot names that are not staged yet, or were staged while still
    being written (a copy made before the upload finished); return those that are gone."""
    missing = []
    for name in sorted(names):
        relative = Path(name[:2]) / name
        source, target = uploads / relative, staged / relative
        try:
            size = source.stat().st_size
            if target.exists() and target.stat().st_size == size:
                continue
            target.unlink(missing_ok=True)
            _stage(source, target)
        except FileNotFoundError:
            if not target.exists():
                missing.append(name)
    return missing


@contextmanager
def _staging_next_to(uploads: Path) -> Iterator[Path]:
    """A private folder beside the upload folder, on the same file system so files can be
    hard-linked; the system's temporary folder when that one cannot be written."""
    try:
        folder = tempfile.mkdtemp(prefix=".kakehashi-backup-", dir=uploads.parent)
    except OSError:
        folder = tempfile.mkdtemp(prefix="kakehashi-backup-")
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def backup(engine: Engine, archive: Path) -> BackupReport:
    """Write the archive; runs in an app context (for the upload folder's location)."""
    uploads = upload_dir()
    with _staging_next_to(uploads) as staging:
        staged = staging / UPLOADS
        staged.mkdir()
        _stage_present_files(uploads, staged)
        snapshot = snapshot_database(engine, staging)
        missing = _stage_referenced(uploads, staged, snapshot.stored_names)
        files = sum(1 for path in staged.rglob("*") if path.is_file())
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "kakehashi_version": lms.__version__,
            "database": engine.dialect.name,
            "schema_revision": snapshot.revision,
            "rows": snapshot.rows,
            "files": files,
            "missing_files": missing,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for name in (MANIFEST, SQLITE_FILE, PG_DUMP_FILE, UPLOADS):
                if (staging / name).exists():
                    tar.add(staging / name, arcname=name)
        os.replace(partial, archive)  # never a half-written archive under the real name
    return BackupReport(archive, snapshot.revision, files, snapshot.rows, missing)


# Restore ------------------------------------------------------------------------------------


def tables_with_rows(engine: Engine) -> dict[str, int]:
    """The instance's tables that hold rows, with their counts. An instance is empty when
    this is empty: no tables at all (never migrated) or only empty ones (just migrated);
    Alembic's version tables do not count."""
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names()) - BOOKKEEPING_TABLES
        counts = {name: _count(connection, name) for name in sorted(names)}
    return {name: count for name, count in counts.items() if count}


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, json.JSONDecodeError) as error:
        raise BackupError(f"not a Kakehashi backup: no readable {MANIFEST}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a Kakehashi backup: the manifest is of another format")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"backup format {manifest.get('format_version')} is not one this "
                          f"version of Kakehashi ({lms.__version__}) reads")
    return manifest


def _check_revision(engine: Engine, revision: str | None) -> None:
    if revision is None:
        return
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    if scripts.get_revision(revision) is None:  # type: ignore[no-untyped-call]
        raise BackupError(f"the backup is at schema revision {revision}, which this version "
                          "of Kakehashi does not know: restore it with the newer version")


def _restore_pg_command(dsn: str) -> str:
    return (f"pg_restore --clean --if-exists --no-owner --single-transaction "
            f"--exit-on-error --dbname={shlex.quote(dsn)} {PG_DUMP_FILE}")


def _restore_files(extracted: Path, uploads: Path) -> int:
    count = 0
    for source in extracted.rglob("*"):
        if not source.is_file():
            continue
        target = uploads / source.relative_to(extracted)
        if target.exists():
            if target.read_bytes() != source.read_bytes():
                raise BackupError(f"{target} exists with other content; nothing was restored "
                                  "into the database")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        count += 1
    return count


def _restore_database(engine: Engine, workdir: Path) -> None:
    engine.dispose()  # no pooled connection holds the database while it is replaced
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(workdir / SQLITE_FILE)
        target = sqlite3.connect(str(engine.url.database), timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    dsn, environ = _libpq(engine)
    pg_restore = shutil.which("pg_restore") or "pg_restore"
    done = subprocess.run(  # noqa: S603 - our own arguments, no shell
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
         "--exit-on-error", f"--dbname={dsn}", str(workdir / PG_DUMP_FILE)],
        env=environ, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed ({done.returncode}): {done.stderr.strip()}")


def restore(engine: Engine, archive: Path,
            refuse: Callable[[dict[str, int]], None] | None = None) -> dict[str, Any]:
    """Fill an empty instance from ``archive``; return its manifest. Runs in an app context."""
    with tarfile.open(archive, "r:gz") as tar:
        manifest = _read_manifest(tar)
        if manifest.get("database") != engine.dialect.name:
            raise BackupError(f"the backup is of a {manifest.get('database')} database and "
                              f"this instance uses {engine.dialect.name}")
        _check_revision(engine, manifest.get("schema_revision"))
        if filled := tables_with_rows(engine):
            shown = ", ".join(f"{name} ({count})" for name, count in list(filled.items())[:5])
            raise BackupError("this instance is not empty, so nothing was restored: "
                              f"{len(filled)} table(s) hold rows, such as {shown}. Restore "
                              "into a new database with an empty upload folder.")
        if engine.dialect.name == "postgresql" and shutil.which("pg_restore") is None:
            dsn, _ = _libpq(engine)
            raise BackupError(
                "pg_restore is not on the PATH, so nothing was restored. Install the "
                "PostgreSQL client tools, or restore by hand:\n"
                f"  tar -xzf {shlex.quote(str(archive))} {PG_DUMP_FILE} {UPLOADS}\n"
                f"  {_restore_pg_command(dsn)}\n"
                f"  cp -a {UPLOADS}/. {shlex.quote(str(upload_dir()))}/")
        with tempfile.TemporaryDirectory(prefix="kakehashi-restore-") as folder:
            workdir = Path(folder)
            tar.extractall(workdir, filter="data")  # no paths outside workdir, no devices
            if (workdir / UPLOADS).is_dir():
                _restore_files(workdir / UPLOADS, upload_dir())
            _restore_database(engine, workdir)
    found = tables_with_rows(engine)
    wrong = {name: (count, found.get(name, 0)) for name, count in manifest["rows"].items()
             if found.get(name, 0) != count}
    if wrong:
        raise BackupError("the restored database differs from the backup's manifest: "
                          + ", ".join(f"{name} {want} rows, found {got}"
                                      for name, (want, got) in wrong.items()))
    return manifest

