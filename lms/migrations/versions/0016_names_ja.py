"""Names staff enter have an English and a Japanese side: programs and cohorts get ``name_ja``,
and their ``title`` column is renamed ``name``, the one convention for every such name. Cohorts
get the day of their completion ceremony, the date their certificates carry.

Revision ID: 0016_names_ja
Revises: 0015_review_due_dates
Create Date: 2026-12-05 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016_names_ja'
down_revision: str | None = '0015_review_due_dates'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('lms_programs', 'lms_cohorts')


def upgrade() -> None:
    for table in TABLES:
        # Not batch operations: on SQLite those copy the table and drop the original, which
        # other tables refer to. SQLite renames a column in place since 3.25, as PostgreSQL does.
        op.execute(sa.text(f'ALTER TABLE {table} RENAME COLUMN title TO name'))
        op.add_column(table, sa.Column('name_ja', sa.String(length=200), nullable=True))
    op.add_column('lms_cohorts', sa.Column('completion_ceremony_on', sa.Date(), nullable=True))


def downgrade() -> None:
    # SQLite drops a plain column in place since 3.35.
    op.execute(sa.text('ALTER TABLE lms_cohorts DROP COLUMN completion_ceremony_on'))
    for table in TABLES:
        op.execute(sa.text(f'ALTER TABLE {table} DROP COLUMN name_ja'))
        op.execute(sa.text(f'ALTER TABLE {table} RENAME COLUMN name TO title'))
