"""Courses, modules and items keep their language variants' texts (variants).

Revision ID: 0040_course_variants
Revises: 0039_exchange_sides
Create Date: 2026-12-04 23:55:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0040_course_variants'
down_revision: str | None = '0039_exchange_sides'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('lms_courses', 'lms_modules', 'lms_items')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            # Existing rows have no variant: an empty mapping, as the sync writes.
            batch_op.add_column(sa.Column('variants', sa.JSON(), nullable=False,
                                          server_default=sa.text("'{}'")))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('variants')
