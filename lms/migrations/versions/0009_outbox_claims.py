"""Outbox claims: a sender claims a message before delivering it, so two senders running at
once never deliver the same mail twice, on SQLite as on PostgreSQL.

Revision ID: 0009_outbox_claims
Revises: 0008_enrollment_country
Create Date: 2026-12-01 09:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0009_outbox_claims'
down_revision: str | None = '0008_enrollment_country'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', lms.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lms_outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
