"""Each review assignment gets the day its review is due. Assignments made before due dates
existed are given the default: the day they were made plus 14 days (LMS_REVIEW_DAYS).

Revision ID: 0015_review_due_dates
Revises: 0014_notification_choices
Create Date: 2026-12-05 09:00:00.000000
"""
import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015_review_due_dates'
down_revision: str | None = '0014_notification_choices'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: LMS_REVIEW_DAYS' default when due dates came in; a migration does not read the app's config.
DEFAULT_REVIEW_DAYS = 14


def upgrade() -> None:
    op.add_column('lms_review_assignments', sa.Column('due_on', sa.Date(), nullable=True))
    # Day arithmetic is written differently by every database, and there are few rows: done
    # here, row by row, alike on SQLite and PostgreSQL.
    assignments = sa.table('lms_review_assignments', sa.column('id', sa.Integer()),
                           sa.column('assigned_at', sa.DateTime()),
                           sa.column('due_on', sa.Date()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(assignments.c.id, assignments.c.assigned_at)
                              .where(assignments.c.due_on.is_(None))).all()
    for assignment_id, assigned_at in rows:
        connection.execute(
            assignments.update().where(assignments.c.id == assignment_id)
            .values(due_on=assigned_at.date() + dt.timedelta(days=DEFAULT_REVIEW_DAYS)))


def downgrade() -> None:
    # Not a batch operation: on SQLite that would copy the table and drop the original, which
    # the reviews refer to. SQLite drops a plain column in place since 3.35.
    op.execute(sa.text('ALTER TABLE lms_review_assignments DROP COLUMN due_on'))
