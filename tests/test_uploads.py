"""The one storage module for uploads: a folder that cannot take files, files outliving their
transaction, and pruning what no row points to."""

from __future__ import annotations

import errno
import io
import os
import time

import pytest

from lms import uploads
from lms.errors import ServiceError
from tests.upload_faults import make_folder_fail, stored_files

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def folder(app, tmp_path):
    app.config["LMS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_folder_that_cannot_take_files_is_a_message_and_leaves_nothing(
        db, folder, monkeypatch, code):
    make_folder_fail(monkeypatch, code)
    with pytest.raises(uploads.StorageUnavailable) as refused:
        uploads.store(db, io.BytesIO(PDF), field="attachment")
    assert refused.value.field == "attachment"
    assert "upload space is full or cannot be written to" in str(refused.value.message)
    assert stored_files(folder) == []  # the half-written file went with the failure


def test_other_write_faults_stay_errors_for_the_operator(db, folder, monkeypatch):
    make_folder_fail(monkeypatch, errno.EIO)
    with pytest.raises(OSError) as failed:
        uploads.store(db, io.BytesIO(PDF))
    assert not isinstance(failed.value, ServiceError) and failed.value.errno == errno.EIO
    assert stored_files(folder) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_really_read_only_folder_is_a_message(db, folder):
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        with pytest.raises(uploads.StorageUnavailable):
            uploads.store(db, io.BytesIO(PDF))
    finally:
        folder.chmod(0o700)


def test_a_stored_file_lives_only_if_its_transaction_commits(db, folder):
    rolled_back = uploads.store(db, io.BytesIO(PDF))
    assert uploads.path_of(rolled_back.stored_name).exists()
    db.rollback()
    assert not uploads.path_of(rolled_back.stored_name).exists()
    kept = uploads.store(db, io.BytesIO(PDF))
    db.commit()
    db.rollback()  # a later transaction's rollback does not touch a committed file
    assert uploads.path_of(kept.stored_name).exists()


def test_a_request_that_fails_after_storing_leaves_no_file(db, folder):
    """A 500 closes the session without a rollback call; the file goes all the same."""
    failed = uploads.store(db, io.BytesIO(PDF))
    db.close()
    assert not uploads.path_of(failed.stored_name).exists()


def test_a_removed_rows_file_goes_only_on_commit(db, folder):
    stored = uploads.store(db, io.BytesIO(PDF))
    db.commit()
    uploads.remove_when_committed(db, stored.stored_name)
    db.rollback()
    assert uploads.path_of(stored.stored_name).exists()
    db.commit()  # a later commit does not act on the rolled-back removal
    assert uploads.path_of(stored.stored_name).exists()
    uploads.remove_when_committed(db, stored.stored_name)
    db.commit()
    assert not uploads.path_of(stored.stored_name).exists()


def test_every_table_with_uploads_is_known_to_prune(app):
    assert {table.name for table in uploads.tables_with_uploads()} >= {
        "lms_attachments", "lms_grant_report_attachments", "lms_alumni_report_pictures",
        "lms_admission_documents"}


def _age(path, days: float) -> None:
    then = time.time() - days * 24 * 3600
    os.utime(path, (then, then))


def test_prune_removes_only_old_files_no_row_points_to(app, db, folder):
    old_orphan, young_orphan = (uploads.store(db, io.BytesIO(PDF)) for _ in range(2))
    db.commit()
    _age(uploads.path_of(old_orphan.stored_name), 2)
    not_ours = folder / "README"
    not_ours.write_text("kept by the operator")
    _age(not_ours, 2)
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["lms", "uploads", "prune", "--dry-run"])
    assert dry.exit_code == 0 and f"would remove 1 unreferenced file(s), {len(PDF)} bytes" \
        in dry.output
    assert uploads.path_of(old_orphan.stored_name).exists()

    done = runner.invoke(args=["lms", "uploads", "prune"])
    assert done.exit_code == 0 and "removed 1 unreferenced file(s)" in done.output
    assert not uploads.path_of(old_orphan.stored_name).exists()
    assert uploads.path_of(young_orphan.stored_name).exists() and not_ours.exists()
