"""An edition's description in Japanese beside the English one, for the public events pages.

Revision ID: 0037_event_description_ja
Revises: 0036_event_reports
Create Date: 2026-12-04 23:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0037_event_description_ja'
down_revision: str | None = '0036_event_reports'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_seminars', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description_ja', sa.Text(), server_default='',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('lms_seminars', schema=None) as batch_op:
        batch_op.drop_column('description_ja')
