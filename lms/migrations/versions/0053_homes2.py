"""A cohort's enrollments indexed by role and status: the placement board counts and pages a
cohort's trainees from the index alone rather than reading every enrollment of the cohort.

Revision ID: 0053_homes2
Revises: 0050_home_sections
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0053_homes2'
down_revision: str | None = '0050_home_sections'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_lms_enrollments_cohort_role', 'lms_enrollments',
                    ['cohort_id', 'role', 'status', 'user_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_lms_enrollments_cohort_role', table_name='lms_enrollments')
