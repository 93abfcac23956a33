"""Attaching a file to a grant report is part of the report's form: the text typed before
choosing the file is saved in the same request."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from lms.grants.models import GrantReport, ReportAttachment
from tests.grants.test_views import PDF, as_user, send, text, under_way


def _report(client, db, world):
    application = under_way(db, world, world["alumna"])
    as_user(client, "putri@example.org")
    return application, f"/grants/applications/{application.id}/reports/progress"


def test_attaching_a_file_saves_the_report_text_posted_with_it(client, db, world):
    application, url = _report(client, db, world)
    line = application.budget_lines[0]
    page = text(client.get(url))
    assert 'id="report-form"' in page and 'enctype="multipart/form-data"' in page
    assert 'form="report-form" name="action" value="attach"' in page
    assert 'form="report-form"' in page[page.index('id="attachment"') - 200:]
    attached = send(client, url, {
        "narrative": "Typed, then a receipt attached.", "action": "attach",
        f"spent_{line.id}": "1,000", "attachment": (io.BytesIO(PDF), "receipts.pdf")},
        token_from=url, content_type="multipart/form-data")
    assert attached.status_code == 302 and attached.location.endswith("#attachments-heading")
    report = db.scalar(select(GrantReport))
    assert report.narrative == "Typed, then a receipt attached."
    assert [a.filename for a in report.attachments] == ["receipts.pdf"]
    page = text(client.get(url))
    assert "Typed, then a receipt attached." in page and "receipts.pdf has been attached" in page


def test_a_refused_file_leaves_the_text_saved_and_shown(client, db, world):
    _application, url = _report(client, db, world)
    refused = send(client, url, {
        "narrative": "Kept although the file is refused.", "action": "attach",
        "attachment": (io.BytesIO(b"\x00\x01binary\x00"), "tool.exe")},
        token_from=url, content_type="multipart/form-data")
    assert refused.status_code == 200
    page = text(refused)
    assert "This kind of file cannot be attached" in page
    assert "Kept although the file is refused." in page
    assert db.scalar(select(GrantReport)).narrative == "Kept although the file is refused."
    assert db.scalar(select(func.count()).select_from(ReportAttachment)) == 0


def test_removing_an_attachment_saves_the_report_text_posted_with_it(client, db, world):
    """Remove is a button of the report's form too (issue 17, item 5)."""
    application, url = _report(client, db, world)
    line = application.budget_lines[0]
    send(client, url, {"narrative": "First.", "action": "attach",
                       "attachment": (io.BytesIO(PDF), "receipts.pdf")},
         token_from=url, content_type="multipart/form-data")
    attachment = db.scalar(select(ReportAttachment))
    page = text(client.get(url))
    assert f'form="report-form" name="remove" value="{attachment.id}"' in page
    removed = send(client, url, {"narrative": "Typed, then a receipt removed.",
                                 f"spent_{line.id}": "2,000", "remove": str(attachment.id)},
                   token_from=url)
    assert removed.status_code == 302 and removed.location.endswith("#attachments-heading")
    db.expire_all()
    assert db.scalar(select(GrantReport)).narrative == "Typed, then a receipt removed."
    assert db.scalar(select(func.count()).select_from(ReportAttachment)) == 0
    page = text(client.get(url))
    assert "receipts.pdf has been removed." in page
    assert "Typed, then a receipt removed." in page
