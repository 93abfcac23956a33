"""A report's picture when the upload folder cannot take files: the text is kept."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from lms.alumni.models import AlumniReport, ReportPicture, ReportStatus
from tests.alumni.conftest import as_user, png_bytes
from tests.alumni.test_views import send, text
from tests.upload_faults import make_folder_fail, stored_files


def test_a_full_folder_keeps_the_text_and_says_why_beside_the_picture(
        client, db, world, monkeypatch, tmp_path):
    as_user(client, "putri@example.org")
    make_folder_fail(monkeypatch)
    response = send(client, "/alumni/reports/new", {
        "title": "Meals for older people", "body": "Written over an evening.", "country": "ID",
        "alt_text": "Volunteers cooking", "action": "submit"},
        files=(io.BytesIO(png_bytes()), "photo.png"))
    assert response.status_code == 200
    page = text(response)
    assert 'id="picture-error"' in page and "upload space is full" in page
    assert "Your text has been saved" in page
    [report] = db.scalars(select(AlumniReport)).all()
    assert (report.title, report.body, report.status) == (
        "Meals for older people", "Written over an evening.", ReportStatus.DRAFT)
    assert db.scalar(select(func.count()).select_from(ReportPicture)) == 0
    assert stored_files(tmp_path / "uploads") == []
    # The page is now the kept draft's: saving again changes it rather than writing another.
    assert f'action="/alumni/reports/{report.id}/edit"' in page
