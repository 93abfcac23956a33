"""Handing in work when the upload folder cannot take files, and files of undone requests."""

from __future__ import annotations

import io
import os

import pytest
from sqlalchemy import func, select

from lms import uploads
from lms.assignments import services
from lms.assignments.models import Attachment, Submission, SubmissionStatus
from lms.audit import AuditEvent
from tests.assignments.test_views import PDF, as_user, send, work_url
from tests.upload_faults import make_folder_fail, stored_files


@pytest.fixture
def folder(app, tmp_path):
    app.config["LMS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_full_folder_keeps_the_text_as_a_draft_and_says_why(
        client, db, year, folder, monkeypatch, action):
    as_user(client, "amihan@example.org")
    make_folder_fail(monkeypatch)
    typed = "Two hours of careful notes"
    response = send(client, work_url(year), {"text": typed, "action": action},
                    files=[(io.BytesIO(PDF), "notes.pdf")])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="files-error"' in page and "upload space is full" in page
    assert "What you wrote has been saved as a draft." in page
    [draft] = db.scalars(select(Submission)).all()
    assert (draft.status, draft.text) == (SubmissionStatus.DRAFT, typed)
    assert db.scalar(select(func.count()).select_from(Attachment)) == 0
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "attachment_added")) == 0
    assert stored_files(folder) == []


def test_files_stored_before_the_folder_filled_up_are_removed(
        client, db, year, folder, monkeypatch):
    """The first file was written, the second was not: the request keeps neither."""
    as_user(client, "amihan@example.org")
    real_store = uploads.store_checked
    calls = []

    def fills_after_one(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            make_folder_fail(monkeypatch)
        return real_store(*args, **kwargs)

    monkeypatch.setattr(uploads, "store_checked", fills_after_one)
    send(client, work_url(year), {"text": "Notes", "action": "save"},
         files=[(io.BytesIO(PDF), "one.pdf"), (io.BytesIO(PDF), "two.pdf")])
    assert len(calls) == 2
    assert db.scalar(select(func.count()).select_from(Attachment)) == 0
    assert db.scalar(select(Submission.text)) == "Notes"
    assert stored_files(folder) == []


def test_an_attachment_of_a_rolled_back_request_leaves_no_file(db, year, folder):
    trainee = year["trainee"]
    attachment = services.attach(db, trainee.user, trainee, year["items"]["visit-note"], 1,
                                 "note.pdf", io.BytesIO(PDF))
    path = uploads.path_of(attachment.stored_name)
    assert path.exists()
    db.rollback()
    assert not path.exists()


def test_prune_keeps_old_files_that_rows_point_to(app, db, year, folder):
    trainee = year["trainee"]
    attachment = services.attach(db, trainee.user, trainee, year["items"]["visit-note"], 1,
                                 "note.pdf", io.BytesIO(PDF))
    orphan = uploads.store(db, io.BytesIO(PDF))
    db.commit()
    for name in (attachment.stored_name, orphan.stored_name):
        os.utime(uploads.path_of(name), (0, 0))  # long ago
    assert uploads.prune(db) == uploads.Pruned(files=1, bytes=len(PDF))
    assert uploads.path_of(attachment.stored_name).exists()
    assert not uploads.path_of(orphan.stored_name).exists()
