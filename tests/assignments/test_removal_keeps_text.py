"""Removing a file is part of the work page's form (issue 17, item 5): the Remove button posts
the answer typed with it, saved in the same request, so that removing a file without JavaScript
never loses what was typed. A file of someone else's is not removed."""

from __future__ import annotations

import io

from sqlalchemy import select

from lms.assignments.models import Attachment, Submission
from tests.assignments.test_views import PDF, as_user, send, work_url


def test_removing_an_attachment_saves_the_answer_typed(client, db, year):
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": "First words", "action": "save"},
         files=[(io.BytesIO(PDF), "notes.pdf")])
    attachment = db.scalar(select(Attachment))
    page = client.get(work_url(year)).get_data(as_text=True)
    assert f'name="remove" value="{attachment.id}"' in page
    response = send(client, work_url(year), {"text": "First words, and more typed since",
                                             "remove": str(attachment.id)})
    assert response.status_code == 302
    db.expire_all()
    assert db.scalar(select(Submission.text)) == "First words, and more typed since"
    assert db.scalar(select(Attachment)) is None
    page = client.get(work_url(year)).get_data(as_text=True)
    assert "The file has been removed." in page


def test_a_removal_names_only_the_trainees_own_draft_files(client, db, year):
    """Another trainee's file named by the Remove button stays, and nobody is told it went;
    what was typed is saved all the same, as when the file was removed in another tab."""
    as_user(client, "siriporn@example.org")
    send(client, work_url(year), {"text": "Hers", "action": "save"},
         files=[(io.BytesIO(PDF), "hers.pdf")])
    theirs = db.scalar(select(Attachment))
    as_user(client, "amihan@example.org")
    response = send(client, work_url(year), {"text": "Mine", "remove": str(theirs.id)})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Attachment, theirs.id) is not None
    assert "Mine" in db.scalars(select(Submission.text)).all()
    assert "The file has been removed." not in client.get(work_url(year)).get_data(as_text=True)


def test_a_file_handed_in_is_not_removed(client, db, year):
    as_user(client, "amihan@example.org")
    send(client, work_url(year), {"text": "Handed in", "action": "submit"},
         files=[(io.BytesIO(PDF), "notes.pdf")])
    handed_in = db.scalar(select(Attachment))
    refused = send(client, work_url(year), {"text": "Changed", "remove": str(handed_in.id)})
    assert refused.status_code == 200  # refused: the work can no longer be changed
    db.expire_all()
    assert db.get(Attachment, handed_in.id) is not None
    assert db.scalars(select(Submission.text)).all() == ["Handed in"]
