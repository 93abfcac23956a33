"""Each course counts the syncs that changed it, so pages can keep its outline and rendered
lessons in memory and know at once, from the cohort's row, when they are out of date.

Revision ID: 0018_course_version
Revises: 0017_assignment_length
Create Date: 2026-12-06 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0018_course_version'
down_revision: str | None = '0017_assignment_length'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('lms_courses', sa.Column('content_version', sa.Integer(), server_default='0',
                                           nullable=False))


def downgrade() -> None:
    # In place, as 0017 explains: a batch operation would copy and drop the table.
    op.execute(sa.text('ALTER TABLE lms_courses DROP COLUMN content_version'))
