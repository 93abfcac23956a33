"""Messages: conversations of a trainee with their mentors, of anyone with the program office,
and on an attempt at an assignment; their messages, attachments and each reader's marker.

Revision ID: 0012_messages
Revises: 0011_notifications
Create Date: 2026-12-04 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0012_messages'
down_revision: str | None = '0011_notifications'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lms_conversations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('mentor', 'office', 'submission', name='conversation_kind',
                                  native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('trainee_enrollment_id', sa.Integer(), nullable=True),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.Column('thread_key', sa.String(length=40), nullable=True),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('status', sa.Enum('open', 'closed', name='conversation_status',
                                    native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column('assignee_id', sa.Integer(), nullable=True),
        sa.Column('waiting_for_office', sa.Boolean(), nullable=False),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('last_message_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['assignee_id'], ['lms_users.id'],
                                name=op.f('fk_lms_conversations_assignee_id_lms_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['owner_id'], ['lms_users.id'],
                                name=op.f('fk_lms_conversations_owner_id_lms_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['submission_id'], ['lms_submissions.id'],
                                name=op.f('fk_lms_conversations_submission_id_lms_submissions')),
        sa.ForeignKeyConstraint(
            ['trainee_enrollment_id'], ['lms_enrollments.id'],
            name=op.f('fk_lms_conversations_trainee_enrollment_id_lms_enrollments')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_conversations')),
        sa.UniqueConstraint('thread_key', name=op.f('uq_lms_conversations_thread_key')),
    )
    with op.batch_alter_table('lms_conversations', schema=None) as batch_op:
        batch_op.create_index('ix_lms_conversations_kind_status',
                              ['kind', 'status', 'last_message_at'])
        batch_op.create_index(batch_op.f('ix_lms_conversations_owner_id'), ['owner_id'])
        batch_op.create_index(batch_op.f('ix_lms_conversations_assignee_id'), ['assignee_id'])
        batch_op.create_index(batch_op.f('ix_lms_conversations_trainee_enrollment_id'),
                              ['trainee_enrollment_id'])
    op.create_table(
        'lms_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('sender_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('withdrawn_at', lms.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['conversation_id'], ['lms_conversations.id'],
                                name=op.f('fk_lms_messages_conversation_id_lms_conversations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sender_id'], ['lms_users.id'],
                                name=op.f('fk_lms_messages_sender_id_lms_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_messages')),
    )
    with op.batch_alter_table('lms_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_messages_conversation_id'), ['conversation_id'])
        batch_op.create_index(batch_op.f('ix_lms_messages_sender_id'), ['sender_id'])
    op.create_table(
        'lms_message_attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('original_name', sa.String(length=255), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['message_id'], ['lms_messages.id'],
                                name=op.f('fk_lms_message_attachments_message_id_lms_messages'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_message_attachments')),
        sa.UniqueConstraint('stored_name', name=op.f('uq_lms_message_attachments_stored_name')),
    )
    with op.batch_alter_table('lms_message_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_message_attachments_message_id'),
                              ['message_id'])
    op.create_table(
        'lms_message_read_markers',
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('last_read_message_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['conversation_id'], ['lms_conversations.id'],
            name=op.f('fk_lms_message_read_markers_conversation_id_lms_conversations'),
            ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['lms_users.id'],
                                name=op.f('fk_lms_message_read_markers_user_id_lms_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('conversation_id', 'user_id',
                                name=op.f('pk_lms_message_read_markers')),
    )


def downgrade() -> None:
    op.drop_table('lms_message_read_markers')
    with op.batch_alter_table('lms_message_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_message_attachments_message_id'))
    op.drop_table('lms_message_attachments')
    with op.batch_alter_table('lms_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_messages_sender_id'))
        batch_op.drop_index(batch_op.f('ix_lms_messages_conversation_id'))
    op.drop_table('lms_messages')
    with op.batch_alter_table('lms_conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_conversations_trainee_enrollment_id'))
        batch_op.drop_index(batch_op.f('ix_lms_conversations_assignee_id'))
        batch_op.drop_index(batch_op.f('ix_lms_conversations_owner_id'))
        batch_op.drop_index('ix_lms_conversations_kind_status')
    op.drop_table('lms_conversations')
