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


def _terminate_other_connections(database_url: str) -> int:
    """What a database restart or failover does to the app's pooled connections."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    outsider = create_engine(database_url, poolclass=NullPool)
    with outsider.begin() as connection:
        ended = connection.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar_one()
    outsider.dispose()
    return ended


def test_a_database_restart_costs_no_request(app, client, make_user, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("terminating the server's connections needs PostgreSQL")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: an error would be a 500
    user = make_user()
    login(client, user.email)
    assert client.get("/").status_code == 200  # the pool now holds a used connection
    assert _terminate_other_connections(database_url) >= 1
    response = client.get("/")  # signed in: the first query is the session's user
    assert response.status_code == 200, response.get_data(as_text=True)


def test_only_a_server_s_pooled_connections_are_tested_before_use():
    from lms.db import make_engine

    assert make_engine("postgresql+psycopg://nobody@127.0.0.1/none").pool._pre_ping
    assert not make_engine("sqlite://").pool._pre_ping  # a file has no connection to cut


def _waiting(db) -> list[str]:
    """What runs when the session's current transaction ends, recorded as it runs."""
    from lms.db import when_transaction_ends

    ran: list[str] = []
    when_transaction_ends(db, on_commit=lambda: ran.append("commit"),
                          on_rollback=lambda: ran.append("rollback"))
    return ran


def test_an_action_waits_for_the_outermost_transaction(db):
    """A savepoint's end decides nothing; the transaction's commit runs on_commit, once."""
    ran = _waiting(db)
    with db.begin_nested():
        pass
    savepoint = db.begin_nested()
    savepoint.rollback()
    assert ran == []
    db.commit()
    db.rollback()
    db.commit()
    assert ran == ["commit"]


def test_a_rollback_runs_on_rollback_and_drops_the_pending_action(db):
    ran = _waiting(db)
    db.rollback()
    db.commit()  # a later transaction's commit is not the one the action waited for
    assert ran == ["rollback"]


def test_a_session_closed_without_a_commit_counts_as_a_rollback(db):
    """A request that failed closes its session without calling rollback."""
    ran = _waiting(db)
    db.close()
    assert ran == ["rollback"]


def test_a_row_made_into_an_instance_is_what_the_orm_would_have_loaded(db, make_user):
    """lms.db.as_loaded, which pages use instead of the ORM's loading: the instance is
    persistent in the session, unchanged until changed, loads its relationships lazily,
    writes a change back, and is the one the session already holds for the same row."""
    from sqlalchemy import inspect, select

    from lms.accounts.models import Role, RoleGrant
    from lms.db import as_loaded, loaded_columns

    user_id = make_user(display_name="Ana Santos", roles=(Role.COMMITTEE_MEMBER,)).id
    db.expire_all()
    db.close()
    keys, columns = loaded_columns(User)
    row = db.connection().execute(select(*columns).where(User.id == user_id)).one()
    made = as_loaded(db, User, dict(zip(keys, row, strict=True)))

    state = inspect(made)
    assert state.persistent and made in db and not db.dirty
    assert made.display_name == "Ana Santos"
    assert [grant.role for grant in made.role_grants] == [Role.COMMITTEE_MEMBER]  # lazy
    assert db.get(User, user_id) is made
    assert as_loaded(db, User, {**dict(zip(keys, row, strict=True)), "display_name": "x"}) \
        is made

    made.display_name = "Ana Santos Cruz"
    assert made in db.dirty
    db.commit()
    db.close()
    assert db.scalar(select(User.display_name).where(User.id == user_id)) == "Ana Santos Cruz"
    grant = db.scalars(select(RoleGrant).where(RoleGrant.user_id == user_id)).one()
    assert grant.user.id == user_id
