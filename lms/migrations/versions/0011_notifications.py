"""Notifications in the app, and each person's choice of how each kind reaches them.

Revision ID: 0011_notifications
Revises: 0010_certificate_status_index
Create Date: 2026-12-03 22:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0011_notifications'
down_revision: str | None = '0010_certificate_status_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DELIVERY = sa.Enum('app', 'immediate', 'digest', name='notification_delivery',
                   native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        'lms_notifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('link', sa.String(length=500), nullable=False),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('read_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('delivery', DELIVERY, nullable=False),
        sa.Column('digested_at', lms.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['lms_users.id'],
                                name=op.f('fk_lms_notifications_user_id_lms_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_notifications')),
    )
    with op.batch_alter_table('lms_notifications', schema=None) as batch_op:
        batch_op.create_index('ix_lms_notifications_user_read', ['user_id', 'read_at'])
        batch_op.create_index(batch_op.f('ix_lms_notifications_created_at'), ['created_at'])
    op.create_table(
        'lms_notification_preferences',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('delivery', DELIVERY, nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['lms_users.id'],
                                name=op.f('fk_lms_notification_preferences_user_id_lms_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_lms_notification_preferences')),
    )


def downgrade() -> None:
    op.drop_table('lms_notification_preferences')
    with op.batch_alter_table('lms_notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_notifications_created_at'))
        batch_op.drop_index('ix_lms_notifications_user_read')
    op.drop_table('lms_notifications')
