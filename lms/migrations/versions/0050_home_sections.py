"""Grant and admission applications indexed by state and the time they were sent: the staff's
home lists the few oldest to screen in the index's order rather than sorting them all.

Revision ID: 0050_home_sections
Revises: 0049_grant_pages
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0050_home_sections'
down_revision: str | None = '0049_grant_pages'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('lms_grant_applications', 'lms_admission_applications')


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f'ix_{table}_status', table_name=table)
        op.create_index(f'ix_{table}_status', table, ['status', 'submitted_at'], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f'ix_{table}_status', table_name=table)
        op.create_index(f'ix_{table}_status', table, ['status'], unique=False)
