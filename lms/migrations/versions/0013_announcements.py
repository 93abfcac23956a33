"""Announcements to a group of people, their attachments, and who put each away.

Revision ID: 0013_announcements
Revises: 0012_messages
Create Date: 2026-12-04 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0013_announcements'
down_revision: str | None = '0012_messages'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIENCE = sa.Enum('cohort', 'program', 'alumni', 'alumni_of_country', 'call', 'seminar',
                   'committee', name='announcement_audience', native_enum=False,
                   create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        'lms_announcements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('audience', AUDIENCE, nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=True),
        sa.Column('program_id', sa.Integer(), nullable=True),
        sa.Column('call_id', sa.Integer(), nullable=True),
        sa.Column('country', sa.String(length=2), nullable=True),
        sa.Column('publish_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('expires_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('withdrawn_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('notified_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('edited_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['call_id'], ['lms_admission_calls.id'],
                                name=op.f('fk_lms_announcements_call_id_lms_admission_calls')),
        sa.ForeignKeyConstraint(['cohort_id'], ['lms_cohorts.id'],
                                name=op.f('fk_lms_announcements_cohort_id_lms_cohorts')),
        sa.ForeignKeyConstraint(['created_by_id'], ['lms_users.id'],
                                name=op.f('fk_lms_announcements_created_by_id_lms_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['program_id'], ['lms_programs.id'],
                                name=op.f('fk_lms_announcements_program_id_lms_programs')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_announcements')),
    )
    with op.batch_alter_table('lms_announcements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_announcements_call_id'), ['call_id'])
        batch_op.create_index(batch_op.f('ix_lms_announcements_cohort_id'), ['cohort_id'])
        batch_op.create_index(batch_op.f('ix_lms_announcements_program_id'), ['program_id'])
        batch_op.create_index(batch_op.f('ix_lms_announcements_publish_at'), ['publish_at'])
    op.create_table(
        'lms_announcement_attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('announcement_id', sa.Integer(), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('uploaded_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['announcement_id'], ['lms_announcements.id'],
            name=op.f('fk_lms_announcement_attachments_announcement_id_lms_announcements'),
            ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_announcement_attachments')),
        sa.UniqueConstraint('announcement_id',
                            name=op.f('uq_lms_announcement_attachments_announcement_id')),
        sa.UniqueConstraint('stored_name',
                            name=op.f('uq_lms_announcement_attachments_stored_name')),
    )
    op.create_table(
        'lms_announcement_dismissals',
        sa.Column('announcement_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('dismissed_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['announcement_id'], ['lms_announcements.id'],
            name=op.f('fk_lms_announcement_dismissals_announcement_id_lms_announcements'),
            ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['lms_users.id'],
                                name=op.f('fk_lms_announcement_dismissals_user_id_lms_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('announcement_id', 'user_id',
                                name=op.f('pk_lms_announcement_dismissals')),
    )
    with op.batch_alter_table('lms_announcement_dismissals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_announcement_dismissals_user_id'), ['user_id'])


def downgrade() -> None:
    with op.batch_alter_table('lms_announcement_dismissals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_announcement_dismissals_user_id'))
    op.drop_table('lms_announcement_dismissals')
    op.drop_table('lms_announcement_attachments')
    with op.batch_alter_table('lms_announcements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_announcements_publish_at'))
        batch_op.drop_index(batch_op.f('ix_lms_announcements_program_id'))
        batch_op.drop_index(batch_op.f('ix_lms_announcements_cohort_id'))
        batch_op.drop_index(batch_op.f('ix_lms_announcements_call_id'))
    op.drop_table('lms_announcements')
