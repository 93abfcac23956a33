"""An assignment may ask for a length: a range of words, or of characters for Japanese
writing, from the course files (`words = [500, 800]` or `characters = [1200, 2000]`).

Revision ID: 0017_assignment_length
Revises: 0016_names_ja
Create Date: 2026-12-05 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017_assignment_length'
down_revision: str | None = '0016_names_ja'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ('length_unit', 'length_min', 'length_max')


def upgrade() -> None:
    op.add_column('lms_items', sa.Column('length_unit', sa.String(length=10), nullable=True))
    op.add_column('lms_items', sa.Column('length_min', sa.Integer(), nullable=True))
    op.add_column('lms_items', sa.Column('length_max', sa.Integer(), nullable=True))


def downgrade() -> None:
    # Not a batch operation: on SQLite that would copy the table and drop the original, which
    # lessons' progress and submissions refer to. SQLite drops a plain column in place since
    # 3.35.
    for column in reversed(COLUMNS):
        op.execute(sa.text(f'ALTER TABLE lms_items DROP COLUMN {column}'))
