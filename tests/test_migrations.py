"""Migrations build exactly the models' schema, on SQLite and on PostgreSQL, and undo it."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from lms.db import make_engine
from lms.migrations import VERSION_TABLE, alembic_config
from lms.models import Base


@pytest.fixture
def empty_engine(database_url, tmp_path):
    if database_url.startswith("sqlite"):
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.sqlite'}")
        yield engine
        engine.dispose()
        return
    # PostgreSQL: a schema of its own, so the test tables of the other tests stay untouched.
    admin = make_engine(database_url)
    with admin.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS lms_migration_test CASCADE"))
        connection.execute(text("CREATE SCHEMA lms_migration_test"))
    engine = make_engine(database_url,
                         connect_args={"options": "-csearch_path=lms_migration_test"})
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text("DROP SCHEMA lms_migration_test CASCADE"))
    admin.dispose()


def test_upgrade_to_head_gives_exactly_the_models_schema(empty_engine):
    command.upgrade(alembic_config(empty_engine), "head")
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                 "version_table": VERSION_TABLE})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_downgrade_to_base_removes_every_table(empty_engine):
    config = alembic_config(empty_engine)
    command.upgrade(config, "head")
    assert set(inspect(empty_engine).get_table_names()) >= {"lms_users", "lms_audit_events"}
    command.downgrade(config, "base")
    assert set(inspect(empty_engine).get_table_names()) == {VERSION_TABLE}


def test_the_version_table_is_kakehashis_own(empty_engine):
    command.upgrade(alembic_config(empty_engine), "head")
    tables = set(inspect(empty_engine).get_table_names())
    assert VERSION_TABLE in tables and "alembic_version" not in tables


def test_sqlite_pragmas(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()


def test_sqlite_rebuilds_a_table_others_refer_to_with_its_rows_kept(app, tmp_path):
    """Batch mode rebuilds lms_admission_calls (0039) while applications point at it: with
    foreign keys enforced, dropping the old copy would fail on any database holding a call
    with an application. Down and up again over such rows keeps them, and leaves foreign keys
    enforced on the connection."""
    import datetime as dt

    from sqlalchemy.orm import Session

    from lms.admissions import applying
    from lms.admissions import services as admission_services
    from tests import factories
    from tests.admissions.conftest import call_input

    engine = make_engine(f"sqlite:///{tmp_path / 'rows.sqlite'}")
    config = alembic_config(engine)
    command.upgrade(config, "head")
    with app.app_context(), Session(engine) as db:
        call = admission_services.create_call(db, factories.staff(db), call_input(
            factories.cohort(db, active=False).id))
        applicant = factories.person(db, "applicant@example.org")
        applicant.email_confirmed_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        applying.start_application(db, applicant, call)
        db.commit()

    command.downgrade(config, "0038_registration_came_as")
    command.upgrade(config, "head")

    with engine.connect() as connection:
        assert connection.exec_driver_sql(
            "SELECT count(*) FROM lms_admission_applications").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    engine.dispose()
