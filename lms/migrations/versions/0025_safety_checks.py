"""Safety checks with the people each was sent to and their answers, and the contact details
people keep for emergencies.

Revision ID: 0025_safety_checks
Revises: 0024_placements
Create Date: 2026-12-04 17:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0025_safety_checks'
down_revision: str | None = '0024_placements'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lms_safety_checks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('audience', sa.Enum('current_trainees', 'cohort', 'alumni_of_country',
                                      'seminar', 'prefecture', name='safety_audience',
                                      native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=True),
        sa.Column('country', sa.String(length=2), nullable=True),
        sa.Column('prefecture', sa.String(length=2), nullable=True),
        sa.Column('is_drill', sa.Boolean(), nullable=False),
        sa.Column('started_by_id', sa.Integer(), nullable=True),
        sa.Column('started_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('closed_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('last_reminded_at', lms.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['cohort_id'], ['lms_cohorts.id'],
                                name=op.f('fk_lms_safety_checks_cohort_id_lms_cohorts')),
        sa.ForeignKeyConstraint(['started_by_id'], ['lms_users.id'],
                                name=op.f('fk_lms_safety_checks_started_by_id_lms_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_safety_checks')),
    )
    with op.batch_alter_table('lms_safety_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_safety_checks_cohort_id'), ['cohort_id'])
        batch_op.create_index(batch_op.f('ix_lms_safety_checks_started_at'), ['started_at'])
    op.create_table(
        'lms_safety_recipients',
        sa.Column('check_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['check_id'], ['lms_safety_checks.id'],
                                name=op.f('fk_lms_safety_recipients_check_id_lms_safety_checks'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['lms_users.id'],
                                name=op.f('fk_lms_safety_recipients_user_id_lms_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('check_id', 'user_id', name=op.f('pk_lms_safety_recipients')),
    )
    with op.batch_alter_table('lms_safety_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_safety_recipients_user_id'), ['user_id'])
    op.create_table(
        'lms_safety_answers',
        sa.Column('check_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.Enum('safe', 'need_help', 'not_safe', name='safety_status',
                                    native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('location', sa.String(length=200), nullable=False),
        sa.Column('answered_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['check_id', 'user_id'],
            ['lms_safety_recipients.check_id', 'lms_safety_recipients.user_id'],
            name=op.f('fk_lms_safety_answers_check_id_lms_safety_recipients'),
            ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('check_id', 'user_id', name=op.f('pk_lms_safety_answers')),
    )
    with op.batch_alter_table('lms_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=40), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('emergency_contact', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('address_in_japan', sa.Text(), server_default='',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('lms_users', schema=None) as batch_op:
        batch_op.drop_column('address_in_japan')
        batch_op.drop_column('emergency_contact')
        batch_op.drop_column('phone')
    op.drop_table('lms_safety_answers')
    op.drop_table('lms_safety_recipients')
    op.drop_table('lms_safety_checks')
