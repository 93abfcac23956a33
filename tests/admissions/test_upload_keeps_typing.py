"""An upload on the application page is part of the application form: the text typed before
choosing a file is saved in the same request, whichever button is pressed."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from lms.admissions.models import AdmissionApplication, ApplicationDocument, DocumentKind
from tests.admissions.conftest import PDF
from tests.admissions.test_applicant_pages import as_user, form_data, fresh, send, started


@pytest.fixture
def config_overrides(tmp_path):
    return {"LMS_UPLOAD_DIR": str(tmp_path / "uploads")}


def _post_with_file(client, application, content=PDF, field="document-cv", **changes):
    url = f"/admissions/applications/{application.id}/edit"
    return send(client, url, {**form_data(**changes), field: (io.BytesIO(content), "cv.pdf")},
                token_from=url, content_type="multipart/form-data")


def test_uploading_a_document_saves_the_text_typed_with_it(client, db, world):
    application = started(db, world)
    as_user(client, "maria@example.org")
    response = _post_with_file(client, application, action="upload",
                               motivation="Typed just before the upload.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/edit#document-cv")
    saved = fresh(db, AdmissionApplication, application.id)
    assert saved.motivation == "Typed just before the upload."
    assert saved.document(DocumentKind.CV).original_name == "cv.pdf"
    page = client.get(f"/admissions/applications/{application.id}/edit").get_data(as_text=True)
    assert "Typed just before the upload." in page and "cv.pdf" in page
    # The page's file fields and upload buttons belong to the application's form.
    assert 'name="document-cv" form="application-form"' in page
    assert 'form="application-form" name="action" value="upload"' in page


def test_save_draft_also_stores_a_chosen_file(client, db, world):
    application = started(db, world)
    as_user(client, "maria@example.org")
    assert _post_with_file(client, application, action="save").status_code == 302
    assert db.scalar(select(func.count()).select_from(ApplicationDocument)) == 1


def test_a_refused_file_keeps_the_saved_text_and_says_why_beside_it(client, db, world):
    application = started(db, world)
    as_user(client, "maria@example.org")
    response = _post_with_file(client, application, content=b"\x00\x01binary\x00",
                               action="upload", motivation="Still here after a bad file.")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="document-cv-error"' in page and "Still here after a bad file." in page
    assert fresh(db, AdmissionApplication, application.id).motivation == \
        "Still here after a bad file."
    assert db.scalar(select(func.count()).select_from(ApplicationDocument)) == 0


def test_refused_text_keeps_what_was_typed_and_asks_for_the_file_again(client, db, world):
    application = started(db, world)
    as_user(client, "maria@example.org")
    response = _post_with_file(client, application, action="upload",
                               **{"languages-0-level": "", "motivation": "Kept on the page."})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kept on the page." in page and "choose this file again" in page
    assert db.scalar(select(func.count()).select_from(ApplicationDocument)) == 0


def _removing(document_id, **changes):
    """What the form posts when a Remove button is pressed: no "action", the document's id."""
    data = {**form_data(**changes), "remove": str(document_id)}
    del data["action"]
    return data


def test_removing_a_document_saves_the_text_typed_with_it(client, db, world):
    """Remove is a button of the application's form too (issue 17, item 5)."""
    application = started(db, world)
    as_user(client, "maria@example.org")
    _post_with_file(client, application, action="upload")
    document = db.scalar(select(ApplicationDocument))
    url = f"/admissions/applications/{application.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert f'form="application-form" name="remove" value="{document.id}"' in page
    response = send(client, url, _removing(document.id, motivation="Typed before removing."),
                    token_from=url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/edit#document-cv")
    assert fresh(db, AdmissionApplication, application.id).motivation == \
        "Typed before removing."
    assert db.scalar(select(func.count()).select_from(ApplicationDocument)) == 0
    page = client.get(url).get_data(as_text=True)
    assert "Curriculum vitae has been removed." in page
    assert "Typed before removing." in page


def test_a_removal_is_refused_with_refused_text_and_names_only_own_documents(
        client, db, world):
    application = started(db, world)
    as_user(client, "maria@example.org")
    _post_with_file(client, application, action="upload")
    document = db.scalar(select(ApplicationDocument))
    url = f"/admissions/applications/{application.id}/edit"
    refused = send(client, url, _removing(document.id, **{"languages-0-level": ""}),
                   token_from=url)
    assert refused.status_code == 200  # nothing saved, the file still there
    assert db.scalar(select(func.count()).select_from(ApplicationDocument)) == 1
    send(client, url, _removing(document.id + 1000), token_from=url)
    assert db.scalar(select(func.count()).select_from(ApplicationDocument)) == 1
