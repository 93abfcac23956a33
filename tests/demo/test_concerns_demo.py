"""The demo's confidential concern: a trainee's money concern the named staff member took up
and closed, which nobody else in the demo can open."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.queries import user_by_email
from lms.concerns import queries
from lms.concerns.models import Concern, ConcernStatus
from lms.demo.people import DEMO_PASSWORD
from tests.conftest import login


def test_the_staff_member_handles_a_closed_concern_the_admin_cannot_open(
        app, client, db, seeded):
    [concern] = db.scalars(select(Concern)).all()
    assert concern.status == ConcernStatus.CLOSED
    assert concern.created_at < concern.closed_at
    staff = user_by_email(db, "staff@kakehashi.example")
    assert [change.status for change in queries.status_changes_of(db, concern)] == [
        ConcernStatus.IN_PROGRESS, ConcernStatus.CLOSED]
    assert len(queries.notes_of(db, concern)) == 2
    assert queries.handled_by(db, staff, concern.id) is concern
    assert queries.handled_by(db, user_by_email(db, "admin@kakehashi.example"),
                              concern.id) is None
    login(client, "staff@kakehashi.example", DEMO_PASSWORD)
    assert client.get(f"/concerns/{concern.id}").status_code == 200
