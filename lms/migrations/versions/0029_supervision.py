"""A placement's facility supervisor's account, once staff have invited them.

Revision ID: 0029_supervision
Revises: 0028_evaluation_forms
Create Date: 2026-12-04 17:20:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0029_supervision'
down_revision: str | None = '0028_evaluation_forms'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supervisor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('supervisor_invited_at', lms.db.UTCDateTime(),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_lms_placements_supervisor_id'), ['supervisor_id'])
        batch_op.create_foreign_key(batch_op.f('fk_lms_placements_supervisor_id_lms_users'),
                                    'lms_users', ['supervisor_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('lms_placements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lms_placements_supervisor_id_lms_users'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_lms_placements_supervisor_id'))
        batch_op.drop_column('supervisor_invited_at')
        batch_op.drop_column('supervisor_id')
