"""Importing a roster file through the page."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from lms.accounts.models import Role
from lms.programs.models import Enrollment
from lms.programs.views import ROSTER_MAX_BYTES
from tests import factories
from tests.conftest import csrf_token

HEADER = "email,name,role,country\n"


def _send_file(client, path, data: bytes):
    return client.post(path, data={"csrf_token": csrf_token(client, path), "action": "preview",
                                   "csv_file": (io.BytesIO(data), "roster.csv")},
                       content_type="multipart/form-data")


def test_a_roster_file_over_the_limit_is_refused_whole_naming_the_limit(client, db,
                                                                         logged_in):
    logged_in(Role.STAFF)
    cohort = factories.cohort(db)
    db.commit()
    path = f"/cohorts/{cohort.id}/roster"
    row = "ok@example.org,Nguyễn Thị Hoa,trainee,VN\n".encode()
    # Rows up to the limit, then a three-byte character across the old cut at the limit.
    body = HEADER.encode() + row * ((ROSTER_MAX_BYTES - len(HEADER)) // len(row))
    body += b"x" * (ROSTER_MAX_BYTES - 1 - len(body)) + "ễ".encode()
    assert len(body) == ROSTER_MAX_BYTES + 2
    page = _send_file(client, path, body).get_data(as_text=True)
    assert 'id="csv_file-error"' in page and "larger than the limit of 2 MB" in page
    assert "must be CSV saved as UTF-8" not in page
    assert db.scalar(select(func.count()).select_from(Enrollment)) == 0


def test_a_roster_file_at_the_limit_is_read(client, db, logged_in):
    logged_in(Role.STAFF)
    cohort = factories.cohort(db)
    db.commit()
    path = f"/cohorts/{cohort.id}/roster"
    body = (HEADER + "ok@example.org,OK,trainee,PH\n").encode()
    body += b"\n" * (ROSTER_MAX_BYTES - len(body))
    page = _send_file(client, path, body).get_data(as_text=True)
    assert "csv_file-error" not in page and 'value="import"' in page
