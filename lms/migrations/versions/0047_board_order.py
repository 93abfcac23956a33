"""The safety board's order kept on each person of a check (lms_safety_recipients.urgency
and sort_name, and an index in that order), filled from the answers and names already there.

Revision ID: 0047_board_order
Revises: 0046_work_summaries
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0047_board_order'
down_revision: str | None = '0046_work_summaries'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_safety_recipients') as batch_op:
        batch_op.add_column(sa.Column('urgency', sa.SmallInteger(), server_default='2',
                                      nullable=False))
        batch_op.add_column(sa.Column('sort_name', sa.String(length=200), server_default='',
                                      nullable=False))
    # lms.safety.models.URGENCY: not safe 0, need help 1, not answered 2, safe 3.
    op.execute(
        "UPDATE lms_safety_recipients SET urgency = coalesce(("
        " SELECT CASE a.status WHEN 'not_safe' THEN 0 WHEN 'need_help' THEN 1 ELSE 3 END"
        " FROM lms_safety_answers a WHERE a.check_id = lms_safety_recipients.check_id"
        " AND a.user_id = lms_safety_recipients.user_id), 2),"
        " sort_name = (SELECT u.display_name FROM lms_users u"
        " WHERE u.id = lms_safety_recipients.user_id)")
    op.create_index('ix_lms_safety_recipients_board_order', 'lms_safety_recipients',
                    ['check_id', 'urgency', 'sort_name', 'user_id'])


def downgrade() -> None:
    op.drop_index('ix_lms_safety_recipients_board_order', table_name='lms_safety_recipients')
    with op.batch_alter_table('lms_safety_recipients') as batch_op:
        batch_op.drop_column('sort_name')
        batch_op.drop_column('urgency')
