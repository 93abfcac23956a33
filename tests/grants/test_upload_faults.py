"""A grant report's attachment when the upload folder cannot take files."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from lms.grants.models import ReportAttachment
from tests.grants.test_views import PDF, as_user, send, text, under_way
from tests.upload_faults import make_folder_fail, stored_files


def test_a_full_folder_is_explained_beside_the_attachment(client, db, world, monkeypatch, app,
                                                          tmp_path):
    app.config["LMS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    application = under_way(db, world, world["alumna"])
    url = f"/grants/applications/{application.id}/reports/progress"
    as_user(client, "putri@example.org")
    make_folder_fail(monkeypatch)
    response = send(client, url, {
        "narrative": "Typed before the file.", "action": "attach",
        "attachment": (io.BytesIO(PDF), "receipts.pdf")}, token_from=url,
        content_type="multipart/form-data")
    assert response.status_code == 200
    page = text(response)
    assert 'id="attachment-error"' in page and "upload space is full" in page
    assert "Typed before the file." in page
    assert db.scalar(select(func.count()).select_from(ReportAttachment)) == 0
    assert stored_files(tmp_path / "uploads") == []
