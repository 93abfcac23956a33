"""Journals shared with the facility supervisor: the supervisor reads the trainee's latest
handed-in attempt and comments; she replies; her mentor and staff read them; nobody else."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from lms.assignments.models import Submission, SubmissionStatus
from lms.curriculum.models import Item
from lms.errors import NotAllowed
from lms.placements import journals, services
from lms.programs import services as program_services
from tests import factories
from tests.conftest import login, post
from tests.placements.conftest import placement_details


def _as(client, email):
    client.delete_cookie("kakehashi_session")
    assert login(client, email).status_code == 302, email


@pytest.fixture(autouse=True)
def _during_the_placement():
    with time_machine.travel(dt.datetime(2019, 10, 20, 3, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def shared(db, year):
    factories.person(db, "mori@sakura.example", "Mori Yuki", country="JP")
    placement = services.place(db, year["staff"], year["trainee"], year["practicum"],
                               placement_details(year, supervisor_email="mori@sakura.example"),
                               None)
    services.invite_supervisor(db, year["staff"], placement)
    program_services.assign_mentor(db, year["staff"], year["mentor"], year["trainee"])
    journal = db.scalar(select(Item).where(Item.slug == "journal-week-1"))
    for attempt, status, text in ((1, SubmissionStatus.SUBMITTED, "First **week**."),
                                  (2, SubmissionStatus.DRAFT, "A draft she keeps.")):
        db.add(Submission(enrollment_id=year["trainee"].id, item_id=journal.id,
                          attempt=attempt, status=status, text=text,
                          submitted_at=dt.datetime(2019, 10, 6, tzinfo=dt.UTC)
                          if status != SubmissionStatus.DRAFT else None))
    db.commit()
    return placement, journal


def test_the_supervisor_reads_her_shared_journal_and_comments_and_she_replies(
        client, db, year, shared):
    placement, journal = shared
    url = f"/placements/{placement.id}/journals/{journal.slug}"
    _as(client, "mori@sakura.example")
    overview = client.get(f"/supervision/{placement.id}").get_data(as_text=True)
    assert f'href="{url}"' in overview
    page = client.get(url).get_data(as_text=True)
    assert "First <strong>week</strong>." in page and "A draft she keeps." not in page
    assert post(client, url, {"body": "Good observations."}, token_from=url).status_code == 302
    _as(client, "amihan@example.org")
    page = client.get(url).get_data(as_text=True)
    assert "Good observations." in page and "Mori Yuki" in page
    assert post(client, url, {"body": "Thank you!"}, token_from=url).status_code == 302
    _as(client, "mentor@example.org")
    page = client.get(url).get_data(as_text=True)
    assert "Thank you!" in page and 'name="body"' not in page  # the mentor reads only


def test_an_empty_comment_is_refused_beside_its_field(client, db, year, shared):
    placement, journal = shared
    url = f"/placements/{placement.id}/journals/{journal.slug}"
    _as(client, "mori@sakura.example")
    page = post(client, url, {"body": "  "}, token_from=url).get_data(as_text=True)
    assert 'id="body-error"' in page


@pytest.mark.parametrize("reader", ["siriporn@example.org", "other@example.org"])
def test_nobody_else_reads_her_journals(client, db, year, shared, reader):
    placement, journal = shared
    _as(client, reader)
    assert client.get(f"/placements/{placement.id}/journals/{journal.slug}").status_code == 404


def test_only_shared_assignments_are_there_and_only_they_comment(db, year, shared):
    placement, _journal = shared
    assert [item.slug for item in journals.shared_items(placement)] == ["journal-week-1"]
    submission = db.scalar(select(Submission).where(Submission.attempt == 1))
    with pytest.raises(NotAllowed):
        journals.comment(db, year["mentor"].user, placement, submission, "Nice.")
    draft = db.scalar(select(Submission).where(Submission.attempt == 2))
    supervisor = placement.supervisor
    with pytest.raises(NotAllowed):
        journals.comment(db, supervisor, placement, draft, "Peeking.")
