"""0015: assignments made before due dates are due 14 days after they were made; the column
goes on the way down."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import inspect, text

from lms.db import make_engine
from lms.migrations import alembic_config


def test_existing_assignments_are_due_fourteen_days_after_they_were_made(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'due.sqlite'}")
    config = alembic_config(engine)
    command.upgrade(config, "0014_notification_choices")
    with engine.begin() as connection:
        for number in (1, 2):
            connection.execute(text(
                "INSERT INTO lms_users (id, email, display_name, password_hash, is_active, "
                "timezone, created_at) VALUES (:id, :email, 'P', 'x', 1, 'UTC', '2026-01-01')"),
                {"id": number, "email": f"p{number}@example.org"})
        connection.execute(text("INSERT INTO lms_review_schemes (id, title, criteria) "
                                "VALUES (1, 'Grants', '[]')"))
        connection.execute(text("INSERT INTO lms_review_subjects (id, scheme_id, owner_id, "
                                "title, created_at) VALUES (1, 1, 1, 'A', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO lms_review_assignments (id, subject_id, reviewer_id, status, "
            "assigned_at) VALUES (1, 1, 2, 'active', '2026-11-25 23:30:00')"))
    command.upgrade(config, "0015_review_due_dates")
    with engine.connect() as connection:
        due_on = connection.execute(text(
            "SELECT due_on FROM lms_review_assignments")).scalar_one()
    assert str(due_on) == dt.date(2026, 12, 9).isoformat()
    command.downgrade(config, "0014_notification_choices")
    assert "due_on" not in {column["name"] for column in inspect(engine).get_columns(
        "lms_review_assignments")}
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT count(*) FROM lms_review_assignments")).scalar_one() == 1
    engine.dispose()
