"""A supervisor's mid-placement review and final evaluation of each placement, and comments
on the journals a trainee shares with her supervisor.

Revision ID: 0030_evaluations
Revises: 0029_supervision
Create Date: 2026-12-04 17:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0030_evaluations'
down_revision: str | None = '0029_supervision'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lms_evaluations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('placement_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('mid_placement', 'final', name='evaluation_kind',
                                  native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column('form_slug', sa.String(length=64), nullable=False),
        sa.Column('scores', sa.JSON(), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('saved_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('submitted_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('acknowledged_at', lms.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['author_id'], ['lms_users.id'],
                                name=op.f('fk_lms_evaluations_author_id_lms_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['placement_id'], ['lms_placements.id'],
                                name=op.f('fk_lms_evaluations_placement_id_lms_placements'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_evaluations')),
        sa.UniqueConstraint('placement_id', 'kind',
                            name=op.f('uq_lms_evaluations_placement_id_kind')),
    )
    with op.batch_alter_table('lms_evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_evaluations_placement_id'), ['placement_id'])
    op.create_table(
        'lms_journal_comments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('placement_id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['lms_users.id'],
                                name=op.f('fk_lms_journal_comments_author_id_lms_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(
            ['placement_id'], ['lms_placements.id'],
            name=op.f('fk_lms_journal_comments_placement_id_lms_placements'),
            ondelete='CASCADE'),
        sa.ForeignKeyConstraint(
            ['submission_id'], ['lms_submissions.id'],
            name=op.f('fk_lms_journal_comments_submission_id_lms_submissions'),
            ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_journal_comments')),
    )
    with op.batch_alter_table('lms_journal_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_journal_comments_placement_id'),
                              ['placement_id'])
        batch_op.create_index(batch_op.f('ix_lms_journal_comments_submission_id'),
                              ['submission_id'])


def downgrade() -> None:
    op.drop_table('lms_journal_comments')
    op.drop_table('lms_evaluations')
