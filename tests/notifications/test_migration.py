"""0014: whoever had turned optional mail off keeps it off, now as "in the app only" for the
two kinds it covered; the column goes, and comes back on the way down."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from lms.db import make_engine
from lms.migrations import alembic_config


def test_optional_mail_off_becomes_app_only_for_its_two_kinds(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'choices.sqlite'}")
    config = alembic_config(engine)
    command.upgrade(config, "0013_announcements")
    with engine.begin() as connection:
        for number, wants in ((1, True), (2, False)):
            connection.execute(text(
                "INSERT INTO lms_users (id, email, display_name, password_hash, is_active, "
                "timezone, wants_optional_mail, created_at) VALUES (:id, :email, 'P', 'x', 1, "
                "'UTC', :wants, '2026-01-01')"),
                {"id": number, "email": f"p{number}@example.org", "wants": wants})
    command.upgrade(config, "0014_notification_choices")
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT user_id, kind, delivery FROM lms_notification_preferences "
            "ORDER BY user_id, kind")).all() == [
            (2, "deadline_reminder", "app"), (2, "submission_received", "app")]
    assert "wants_optional_mail" not in {c["name"] for c in inspect(engine).get_columns(
        "lms_users")}
    command.downgrade(config, "0013_announcements")
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT id, wants_optional_mail FROM lms_users ORDER BY id")).all() == [
            (1, True), (2, False)]
    engine.dispose()
