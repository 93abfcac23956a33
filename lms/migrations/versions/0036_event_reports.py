"""Participants' reflections on an edition, and the event report staff publish.

Revision ID: 0036_event_reports
Revises: 0035_replaced_cohorts
Create Date: 2026-12-04 23:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0036_event_reports'
down_revision: str | None = '0035_replaced_cohorts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lms_event_reflections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('consent', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('selected', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('updated_at', lms.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint('consent OR NOT selected',
                           name=op.f('ck_lms_event_reflections_selected_with_consent')),
        sa.ForeignKeyConstraint(['cohort_id'], ['lms_cohorts.id'],
                                name=op.f('fk_lms_event_reflections_cohort_id_lms_cohorts')),
        sa.ForeignKeyConstraint(['user_id'], ['lms_users.id'],
                                name=op.f('fk_lms_event_reflections_user_id_lms_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_event_reflections')),
        sa.UniqueConstraint('cohort_id', 'user_id',
                            name=op.f('uq_lms_event_reflections_cohort_id_user_id')),
    )
    with op.batch_alter_table('lms_event_reflections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_event_reflections_user_id'), ['user_id'])
    op.create_table(
        'lms_event_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('summary', sa.Text(), server_default='', nullable=False),
        sa.Column('published_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['lms_cohorts.id'],
                                name=op.f('fk_lms_event_reports_cohort_id_lms_cohorts')),
        sa.ForeignKeyConstraint(['published_by_id'], ['lms_users.id'],
                                name=op.f('fk_lms_event_reports_published_by_id_lms_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_event_reports')),
        sa.UniqueConstraint('cohort_id', name=op.f('uq_lms_event_reports_cohort_id')),
    )


def downgrade() -> None:
    op.drop_table('lms_event_reports')
    with op.batch_alter_table('lms_event_reflections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_event_reflections_user_id'))
    op.drop_table('lms_event_reflections')
