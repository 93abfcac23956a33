"""A cancelled cohort may name the cohort held instead of it (replaced_by_id).

Revision ID: 0035_replaced_cohorts
Revises: 0034_delegations
Create Date: 2026-12-04 20:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0035_replaced_cohorts'
down_revision: str | None = '0034_delegations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_cohorts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaced_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_lms_cohorts_replaced_by_id'), ['replaced_by_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_lms_cohorts_replaced_by_id_lms_cohorts'),
                                    'lms_cohorts', ['replaced_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('lms_cohorts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lms_cohorts_replaced_by_id_lms_cohorts'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_lms_cohorts_replaced_by_id'))
        batch_op.drop_column('replaced_by_id')
