"""`flask lms db downgrade` says what it would delete and refuses to delete data without --yes."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from lms import create_app
from lms.migrations.losses import losses_of_downgrade, resolve_target


@pytest.fixture
def migrated(tmp_path):
    app = create_app({"LMS_ENV": "testing",
                      "LMS_DATABASE_URL": f"sqlite:///{tmp_path / 'downgrade.sqlite'}"})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["lms", "db", "upgrade"]).exit_code == 0
    yield app, runner
    app.extensions["lms"].engine.dispose()


def _add_user(engine):
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO lms_users (email, display_name, locale, timezone, is_active, "
            "created_at, email_confirmed_at) VALUES ('a@example.org', 'A', 'en', 'Asia/Tokyo', "
            "1, '2026-01-01', '2026-01-01')"))


def test_a_downgrade_that_deletes_rows_is_refused_without_yes(migrated):
    app, runner = migrated
    engine = app.extensions["lms"].engine
    _add_user(engine)

    result = runner.invoke(args=["lms", "db", "downgrade", "base"])

    assert result.exit_code != 0
    assert "lms_users: 1 row" in result.output
    assert "lms_grant_rounds: 0 rows" in result.output
    assert "nothing was changed" in result.output
    assert "lms_users" in inspect(engine).get_table_names()


def test_with_yes_the_downgrade_runs(migrated):
    app, runner = migrated
    engine = app.extensions["lms"].engine
    _add_user(engine)

    result = runner.invoke(args=["lms", "db", "downgrade", "base", "--yes"])

    assert result.exit_code == 0, result.output
    assert "lms_users: 1 row" in result.output
    assert "lms_users" not in inspect(engine).get_table_names()


def test_a_downgrade_that_drops_only_empty_tables_needs_no_yes(migrated):
    _app, runner = migrated

    # Named, not "-1": the latest migrations add columns, whose losses count values.
    result = runner.invoke(args=["lms", "db", "downgrade", "0006_grants"])

    assert result.exit_code == 0, result.output
    assert "0 rows" in result.output


def test_the_losses_name_the_tables_of_later_features_only(migrated):
    app, _runner = migrated
    engine = app.extensions["lms"].engine
    tables = {loss.table for loss in losses_of_downgrade(engine, "0006_grants")
              if loss.column is None}
    assert "lms_admission_applications" in tables or any(
        name.startswith("lms_admission") for name in tables)
    assert not any(name.startswith("lms_grant") for name in tables)
    assert "lms_users" not in tables


def test_relative_and_unknown_targets(migrated):
    app, runner = migrated
    engine = app.extensions["lms"].engine
    head = resolve_target(engine, "-0")
    assert resolve_target(engine, "-1") != head
    assert resolve_target(engine, "base") is None
    result = runner.invoke(args=["lms", "db", "downgrade", "nonsense"])
    assert result.exit_code != 0
    assert "nonsense" in result.output
