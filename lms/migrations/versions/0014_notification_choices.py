"""The "optional mail" switch becomes each person's choice per kind of notification: those who
had turned it off get "in the app only" for the two kinds it covered, deadline reminders and
work handed in.

Revision ID: 0014_notification_choices
Revises: 0013_announcements
Create Date: 2026-12-04 09:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014_notification_choices'
down_revision: str | None = '0013_announcements'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPTIONAL_KINDS = ('deadline_reminder', 'submission_received')


def upgrade() -> None:
    for kind in OPTIONAL_KINDS:
        op.execute(sa.text(
            "INSERT INTO lms_notification_preferences (user_id, kind, delivery) "
            "SELECT id, :kind, 'app' FROM lms_users WHERE wants_optional_mail = :off "
            "AND NOT EXISTS (SELECT 1 FROM lms_notification_preferences p "
            "WHERE p.user_id = lms_users.id AND p.kind = :kind)"
        ).bindparams(kind=kind, off=False))
    # Not a batch operation: on SQLite that copies lms_users and drops the original, and
    # dropping it would cascade to every row that refers to a person (their preferences,
    # enrollments, ...). SQLite drops a plain column in place since 3.35.
    op.execute(sa.text('ALTER TABLE lms_users DROP COLUMN wants_optional_mail'))


def downgrade() -> None:
    op.add_column('lms_users', sa.Column('wants_optional_mail', sa.Boolean(),
                                         server_default=sa.true(), nullable=False))
    # Whoever keeps neither kind of optional mail by mail had, in effect, turned it off.
    op.execute(sa.text(
        "UPDATE lms_users SET wants_optional_mail = :off WHERE "
        "(SELECT count(*) FROM lms_notification_preferences p WHERE p.user_id = lms_users.id "
        "AND p.kind IN ('deadline_reminder', 'submission_received') "
        "AND p.delivery = 'app') = 2"
    ).bindparams(off=False))
