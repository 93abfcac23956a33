"""Each enrollment keeps its person's display name (lms_enrollments.sort_name), filled from the
names already there, and a cohort's enrollments are indexed by role in that order: the
placement board pages a cohort's trainees by name from the index rather than sorting every
enrollment of the cohort with its person's name.

Revision ID: 0051_enrollment_names
Revises: 0050_home_sections
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0051_enrollment_names'
down_revision: str | None = '0050_home_sections'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_enrollments') as batch_op:
        batch_op.add_column(sa.Column('sort_name', sa.String(length=200), server_default='',
                                      nullable=False))
    op.execute("UPDATE lms_enrollments SET sort_name = (SELECT u.display_name FROM lms_users u"
               " WHERE u.id = lms_enrollments.user_id)")
    op.create_index('ix_lms_enrollments_name_order', 'lms_enrollments',
                    ['cohort_id', 'role', 'sort_name', 'id', 'status'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_lms_enrollments_name_order', table_name='lms_enrollments')
    with op.batch_alter_table('lms_enrollments') as batch_op:
        batch_op.drop_column('sort_name')
