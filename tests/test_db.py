from __future__ import annotations

import datetime as dt

import pytest
from flask import g

from lms.accounts.models import User
from tests.conftest import login


def test_timestamps_come_back_aware_in_utc(db, make_user):
    user = make_user()
    tokyo = dt.timezone(dt.timedelta(hours=9))
    db.get(User, user.id).last_login_at = dt.datetime(2019, 3, 14, 9, 0, tzinfo=tokyo)
    db.commit()
    db.expire_all()
    stored = db.get(User, user.id).last_login_at
    assert stored == dt.datetime(2019, 3, 14, 0, 0, tzinfo=dt.UTC)
    assert stored.tzinfo is not None


def test_naive_timestamps_are_refused(db, make_user):
    user = make_user()
    db.get(User, user.id).last_login_at = dt.datetime(2019, 3, 14, 9, 0)
    with pytest.raises(Exception, match="naive datetime"):
        db.flush()
    db.rollback()


def test_one_session_per_request_closed_at_teardown(app, client, make_user):
    user = make_user()
    sessions = []

    # Flask runs teardowns in reverse order, so this one sees the request's session just
    # before Kakehashi's own teardown closes it.
    @app.teardown_appcontext
    def remember(_exc):
        sessions.append(g.get("lms_session"))

    login(client, user.email)
    [request_session] = [s for s in sessions if s is not None][-1:]
    assert not request_session.in_transaction()
    assert len(request_session.identity_map) == 0  # closed: nothing is held any longer
