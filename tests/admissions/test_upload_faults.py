"""An applicant's document when the upload folder cannot take files."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.admissions.models import ApplicationDocument
from tests.admissions.test_applicant_pages import as_user, started, text, upload_file
from tests.upload_faults import make_folder_fail, stored_files


def test_a_full_folder_is_explained_beside_the_document(client, db, world, monkeypatch, app,
                                                        tmp_path):
    app.config["LMS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    application = started(db, world)
    as_user(client, "maria@example.org")
    make_folder_fail(monkeypatch)
    response = upload_file(client, application.id, "cv")
    assert response.status_code == 200
    page = text(response)
    assert 'id="document-cv-error"' in page and "upload space is full" in page
    assert db.scalar(select(func.count()).select_from(ApplicationDocument)) == 0
    assert stored_files(tmp_path / "uploads") == []
