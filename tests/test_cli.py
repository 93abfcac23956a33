from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.models import Role, User


def test_users_create_takes_the_password_from_the_environment(app, db, monkeypatch):
    monkeypatch.setenv("LMS_NEW_USER_PASSWORD", "tidal-pocket-meadow-3")
    result = app.test_cli_runner().invoke(args=[
        "lms", "users", "create", "--email", "Root@Example.org", "--name", "Operator",
        "--role", "admin", "--country", "jp"])
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.email == "root@example.org"))
    assert user.roles == {Role.ADMIN} and user.country == "JP"


def test_users_create_asks_for_the_password(app, db, monkeypatch):
    monkeypatch.delenv("LMS_NEW_USER_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(
        args=["lms", "users", "create", "--email", "ask@example.org", "--name", "Ask"],
        input="tidal-pocket-meadow-3\ntidal-pocket-meadow-3\n")
    assert result.exit_code == 0, result.output
    assert db.scalar(select(User).where(User.email == "ask@example.org")) is not None


def test_users_create_explains_a_refused_password(app, db, monkeypatch):
    monkeypatch.setenv("LMS_NEW_USER_PASSWORD", "password")
    result = app.test_cli_runner().invoke(
        args=["lms", "users", "create", "--email", "weak@example.org", "--name", "Weak"])
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert db.scalar(select(func.count()).select_from(User)) == 0


def test_db_commands(tmp_path):
    from lms import create_app

    app = create_app({"LMS_ENV": "testing",
                      "LMS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}"})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["lms", "db", "upgrade"]).exit_code == 0
    from sqlalchemy import inspect

    assert "lms_users" in inspect(app.extensions["lms"].engine).get_table_names()
    assert runner.invoke(args=["lms", "db", "downgrade", "base"]).exit_code == 0
    assert "lms_users" not in inspect(app.extensions["lms"].engine).get_table_names()
    app.extensions["lms"].engine.dispose()


def test_demo_refuses_outside_development_and_testing(app, db):
    app.config["LMS_ENV"] = "production"
    result = app.test_cli_runner().invoke(args=["lms", "demo"])
    assert result.exit_code != 0
    assert "LMS_ENV=development" in result.output and "LMS_ENV=production" in result.output
    assert db.scalar(select(func.count()).select_from(User)) == 0
