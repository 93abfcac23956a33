"""The country an enrollment counts for toward per-country caps and quotas, kept apart from
the account's country, which its owner may edit; existing enrollments take the account's.

Revision ID: 0008_enrollment_country
Revises: 0007_admissions
Create Date: 2026-12-03 15:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_enrollment_country'
down_revision: str | None = '0007_admissions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_enrollments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))
    op.execute("UPDATE lms_enrollments SET country = (SELECT lms_users.country FROM lms_users "
               "WHERE lms_users.id = lms_enrollments.user_id)")


def downgrade() -> None:
    with op.batch_alter_table('lms_enrollments', schema=None) as batch_op:
        batch_op.drop_column('country')
