"""The users' names as an index (issue 18): the alumni directory reads its first page by
walking people in name order, asking of each whether she is an alumna, instead of gathering
and sorting every alumnus.

Revision ID: 0021_alumni_directory_index
Revises: 0020_list_indexes
Create Date: 2026-12-04 14:30:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0021_alumni_directory_index'
down_revision: str | None = '0020_list_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_lms_users_display_name', 'lms_users', ['display_name', 'id'])


def downgrade() -> None:
    op.drop_index('ix_lms_users_display_name', table_name='lms_users')
