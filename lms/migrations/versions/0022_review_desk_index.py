"""A committee member's assignments read from the index alone (issue 18): her home counts
thousands of them on each desk, and reading each row of the table for its subject and dates
cost more than the rest of the page.

Revision ID: 0022_review_desk_index
Revises: 0021_alumni_directory_index
Create Date: 2026-12-04 14:30:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0022_review_desk_index'
down_revision: str | None = '0021_alumni_directory_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = 'ix_lms_review_assignments_reviewer_status'
TABLE = 'lms_review_assignments'


def upgrade() -> None:
    op.drop_index(NAME, table_name=TABLE)
    op.create_index(NAME, TABLE, ['reviewer_id', 'status', 'subject_id', 'due_on', 'assigned_at'])


def downgrade() -> None:
    op.drop_index(NAME, table_name=TABLE)
    op.create_index(NAME, TABLE, ['reviewer_id', 'status'])
