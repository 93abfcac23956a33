"""A seeding put back from its snapshot is the seeding: the same rows, files and next ids."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import User
from lms.audit import AuditEvent
from lms.uploads import upload_dir
from tests import factories
from tests.conftest import _empty_all_tables


@pytest.fixture
def config_overrides(tmp_path):
    return {"LMS_UPLOAD_DIR": str(tmp_path / "uploads")}


def test_a_seeding_comes_back_with_its_rows_files_and_next_ids(app, db, snapshots):
    def seed():
        factories.staff(db)
        factories.person(db, "gone@example.org")
        db.add(AuditEvent(action="no.details"))  # SQL NULL, not JSON null, must stay so
        db.add(AuditEvent(action="details", before={"a": [1, None]}, after={}))
        db.flush()
        db.delete(db.scalar(select(User).where(User.email == "gone@example.org")))
        db.commit()
        (upload_dir() / "ab").mkdir()
        (upload_dir() / "ab" / "file").write_bytes(b"kept")
        return "the result"

    def state():
        db.expire_all()
        return ([(user.id, user.email, user.password_hash) for user in db.scalars(select(User))],
                [(event.id, event.action, event.at, event.before, event.after)
                 for event in db.scalars(select(AuditEvent))],
                db.connection().exec_driver_sql(
                    "SELECT count(*) FROM lms_audit_events WHERE before IS NULL").scalar())

    assert snapshots.seed_once("test of the snapshots", app, seed) == "the result"
    seeded = state()
    next_id = factories.person(db, "next@example.org").id
    db.commit()
    _empty_all_tables(app.extensions["lms"].engine)
    (upload_dir() / "ab" / "file").unlink()

    assert snapshots.seed_once("test of the snapshots", app, seed) == "the result"
    assert state() == seeded and seeded[2] == 1
    assert (upload_dir() / "ab" / "file").read_bytes() == b"kept"
    assert factories.person(db, "next@example.org").id == next_id
