"""``flask lms backup`` / ``flask lms restore``: a backup taken while trainees write holds
exactly the rows of one moment and every file those rows name; restore fills only an empty
instance. On PostgreSQL the restore target is a database made for the test."""

from __future__ import annotations

import hashlib
import io
import tarfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url

from lms import backup as backup_module
from lms import create_app
from lms.assignments import services
from lms.assignments.models import Attachment
from lms.curriculum.models import Item
from lms.db import session
from lms.models import Base
from tests import factories
from tests.assignments.conftest import DURING_CARE
from tests.conftest import app_config


@pytest.fixture
def config_overrides(tmp_path: Path) -> dict[str, Any]:
    return {"LMS_UPLOAD_DIR": str(tmp_path / "uploads")}


@pytest.fixture(autouse=True)
def _during_care() -> Iterator[None]:
    with time_machine.travel(DURING_CARE, tick=False):
        yield


def _trainee_with_files(app: Flask, tmp_path: Path, files: int) -> tuple[int, int]:
    """A trainee in the care module with ``files`` attachments on the visit note's draft;
    returns the enrollment's and the item's ids."""
    with app.app_context():
        course = factories.synced_course(session, tmp_path)
        cohort = factories.cohort(session, course)
        trainee = factories.enroll(session, cohort, "amihan@example.org")
        item = session.scalar(select(Item).where(Item.slug == "visit-note"))
        session.commit()
        for number in range(files):
            _attach(trainee.id, item.id, f"seeded {number}")
        return trainee.id, item.id


def _attach(enrollment_id: int, item_id: int, content: str) -> Attachment:
    from lms.programs.models import Enrollment

    enrollment = session.get(Enrollment, enrollment_id)
    attachment = services.attach(session, enrollment.user, enrollment, session.get(Item, item_id),
                                 1, f"{content}.txt", io.BytesIO(content.encode()))
    session.commit()
    return attachment


def _remove_oldest(enrollment_id: int) -> None:
    from lms.programs.models import Enrollment

    oldest = session.scalars(select(Attachment).order_by(Attachment.id)).first()
    services.remove_attachment(session, session.get(Enrollment, enrollment_id).user, oldest)
    session.commit()  # the file goes after the commit


def checksums(engine: Engine) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows in primary-key order."""
    found = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(
                select(table).order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
            found[table.name] = (len(rows), digest)
    return found


@pytest.fixture
def fresh_instance(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """A new instance with no tables and an empty upload folder, on the same kind of
    database as the suite: another SQLite file, or a PostgreSQL database made here."""
    uploads = str(tmp_path / "restored-uploads")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        target = create_app(app_config(f"sqlite:///{tmp_path / 'restored.sqlite'}",
                                       LMS_UPLOAD_DIR=uploads))
        yield target
        target.extensions["lms"].engine.dispose()
        return
    name = f"{url.database}_restore_{uuid.uuid4().hex[:8]}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        target = create_app(app_config(url.set(database=name).render_as_string(
            hide_password=False), LMS_UPLOAD_DIR=uploads))
        yield target
        target.extensions["lms"].engine.dispose()
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _files_match_rows(instance: Flask) -> int:
    """Every attachment row of ``instance`` has its file, with the content it was stored
    with; returns how many rows were checked."""
    from lms.uploads import path_of

    with instance.app_context():
        attachments = session.scalars(select(Attachment)).all()
        for attachment in attachments:
            content = path_of(attachment.stored_name).read_bytes()
            assert hashlib.sha256(content).hexdigest() == attachment.sha256
        return len(attachments)


def test_a_backup_taken_while_trainees_write_restores_one_moment_with_its_files(
        app, fresh_instance, tmp_path):
    enrollment_id, item_id = _trainee_with_files(app, tmp_path, files=3)
    engine = app.extensions["lms"].engine
    states = [checksums(engine)]  # what the database held after each of the writer's commits
    backup_done = threading.Event()
    some_written = threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        # Adds files and removes the oldest, as a trainee editing a draft does, until two
        # more commits have landed after the backup finished.
        after_backup = 0
        try:
            with app.app_context():
                for number in range(500):
                    if number % 3 == 2:
                        _remove_oldest(enrollment_id)
                    else:
                        _attach(enrollment_id, item_id, f"written {number}")
                    states.append(checksums(engine))
                    if len(states) > 3:
                        some_written.set()
                    after_backup += backup_done.is_set()
                    if after_backup > 2:
                        return
        except BaseException as error:  # shown by the main thread
            failures.append(error)
            some_written.set()

    writer = threading.Thread(target=write)
    writer.start()
    some_written.wait(timeout=60)
    archive = tmp_path / "backup.tar.gz"
    result = app.test_cli_runner().invoke(args=["lms", "backup", str(archive)])
    backup_done.set()
    writer.join(timeout=120)
    assert not failures, failures
    assert result.exit_code == 0, result.output

    result = fresh_instance.test_cli_runner().invoke(args=["lms", "restore", str(archive)])
    assert result.exit_code == 0, result.output
    restored = checksums(fresh_instance.extensions["lms"].engine)
    assert restored in states, "the restored rows are no moment the database went through"
    assert restored[Attachment.__tablename__][0] > 0
    assert _files_match_rows(fresh_instance) == restored[Attachment.__tablename__][0]


def test_a_file_deleted_just_after_the_snapshot_is_still_in_the_archive(
        app, tmp_path, monkeypatch):
    enrollment_id, _ = _trainee_with_files(app, tmp_path, files=2)
    real_snapshot = backup_module.snapshot_database

    def snapshot_then_delete(*args: Any) -> Any:
        # What a trainee removing an attachment (or a prune) does between the snapshot and
        # the copying of the files.
        taken = real_snapshot(*args)
        with app.app_context():
            _remove_oldest(enrollment_id)
        return taken

    monkeypatch.setattr(backup_module, "snapshot_database", snapshot_then_delete)
    with app.app_context():
        names = set(session.scalars(select(Attachment.stored_name)))
        report = backup_module.backup(app.extensions["lms"].engine, tmp_path / "b.tar.gz")
        assert len(session.scalars(select(Attachment)).all()) == 1  # one was removed

    assert report.missing == []
    with tarfile.open(tmp_path / "b.tar.gz") as tar:
        archived = {Path(member.name).name for member in tar.getmembers() if member.isfile()}
    assert names <= archived


def test_restore_fills_an_instance_with_empty_tables_and_refuses_one_with_rows(
        app, fresh_instance, tmp_path):
    _trainee_with_files(app, tmp_path, files=1)
    archive = tmp_path / "backup.tar.gz"
    assert app.test_cli_runner().invoke(args=["lms", "backup", str(archive)]).exit_code == 0
    target_engine = fresh_instance.extensions["lms"].engine
    Base.metadata.create_all(target_engine)  # migrated, nothing in it yet: empty
    runner = fresh_instance.test_cli_runner()
    assert runner.invoke(args=["lms", "restore", str(archive)]).exit_code == 0
    assert checksums(target_engine) == checksums(app.extensions["lms"].engine)
    before = checksums(target_engine)

    again = runner.invoke(args=["lms", "restore", str(archive)])
    assert again.exit_code != 0
    assert "not empty" in again.output and "lms_attachments (1)" in again.output
    assert checksums(target_engine) == before


def test_without_pg_dump_the_message_gives_the_command_but_no_password(app, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: None)
    engine = create_engine("postgresql+psycopg://kakehashi:s3cret@db.example:5432/lms")
    with app.app_context(), pytest.raises(backup_module.BackupError) as refused:
        backup_module.backup(engine, tmp_path / "b.tar.gz")
    message = str(refused.value)
    assert "pg_dump --format=custom" in message
    assert "postgresql://kakehashi@db.example:5432/lms" in message
    assert "s3cret" not in message
    assert not (tmp_path / "b.tar.gz").exists()
