"""Confidential concerns, their handlers' notes and status changes, and who handles them.

Revision ID: 0026_concerns
Revises: 0025_safety_checks
Create Date: 2026-12-04 17:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0026_concerns'
down_revision: str | None = '0025_safety_checks'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _status() -> sa.Enum:
    return sa.Enum('open', 'in_progress', 'closed', name='concern_status', native_enum=False,
                   create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        'lms_concern_handlers',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('named_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('named_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['named_by_id'], ['lms_users.id'], ondelete='SET NULL',
                                name=op.f('fk_lms_concern_handlers_named_by_id_lms_users')),
        sa.ForeignKeyConstraint(['user_id'], ['lms_users.id'], ondelete='CASCADE',
                                name=op.f('fk_lms_concern_handlers_user_id_lms_users')),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_lms_concern_handlers')),
    )
    op.create_table(
        'lms_concerns',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reporter_id', sa.Integer(), nullable=False),
        sa.Column('enrollment_id', sa.Integer(), nullable=True),
        sa.Column('category', sa.Enum('harassment', 'safety', 'health', 'money', 'other',
                                      name='concern_category', native_enum=False,
                                      create_constraint=True, length=32), nullable=False),
        sa.Column('place', sa.Enum('placement', 'program', 'daily_life', 'other',
                                   name='concern_place', native_enum=False,
                                   create_constraint=True, length=32), nullable=True),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('status', _status(), nullable=False),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('closed_at', lms.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['enrollment_id'], ['lms_enrollments.id'], ondelete='SET NULL',
                                name=op.f('fk_lms_concerns_enrollment_id_lms_enrollments')),
        sa.ForeignKeyConstraint(['reporter_id'], ['lms_users.id'], ondelete='CASCADE',
                                name=op.f('fk_lms_concerns_reporter_id_lms_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_concerns')),
    )
    with op.batch_alter_table('lms_concerns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_concerns_reporter_id'), ['reporter_id'])
        batch_op.create_index('ix_lms_concerns_status_created_at', ['status', 'created_at'])
    op.create_table(
        'lms_concern_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('concern_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['lms_users.id'], ondelete='SET NULL',
                                name=op.f('fk_lms_concern_notes_author_id_lms_users')),
        sa.ForeignKeyConstraint(['concern_id'], ['lms_concerns.id'], ondelete='CASCADE',
                                name=op.f('fk_lms_concern_notes_concern_id_lms_concerns')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_concern_notes')),
    )
    with op.batch_alter_table('lms_concern_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_concern_notes_concern_id'), ['concern_id'])
    op.create_table(
        'lms_concern_status_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('concern_id', sa.Integer(), nullable=False),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('status', _status(), nullable=False),
        sa.Column('at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['changed_by_id'], ['lms_users.id'], ondelete='SET NULL',
            name=op.f('fk_lms_concern_status_changes_changed_by_id_lms_users')),
        sa.ForeignKeyConstraint(
            ['concern_id'], ['lms_concerns.id'], ondelete='CASCADE',
            name=op.f('fk_lms_concern_status_changes_concern_id_lms_concerns')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_concern_status_changes')),
    )
    with op.batch_alter_table('lms_concern_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_concern_status_changes_concern_id'),
                              ['concern_id'])


def downgrade() -> None:
    op.drop_table('lms_concern_status_changes')
    op.drop_table('lms_concern_notes')
    op.drop_table('lms_concerns')
    op.drop_table('lms_concern_handlers')
