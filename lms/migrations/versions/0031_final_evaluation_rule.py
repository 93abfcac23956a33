"""Whether a course's completion rule asks a final evaluation of each practicum.

Revision ID: 0031_final_evaluation_rule
Revises: 0030_evaluations
Create Date: 2026-12-04 19:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0031_final_evaluation_rule'
down_revision: str | None = '0030_evaluations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('final_evaluation_required', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('lms_courses', schema=None) as batch_op:
        batch_op.drop_column('final_evaluation_required')
