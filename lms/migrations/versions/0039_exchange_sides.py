"""An admissions call may fill one side of an edition (side_country); staff invite people to
an edition (lms_event_invitations).

Revision ID: 0039_exchange_sides
Revises: 0038_registration_came_as
Create Date: 2026-12-04 23:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0039_exchange_sides'
down_revision: str | None = '0038_registration_came_as'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHOLE = sa.text('side_country IS NULL')


def upgrade() -> None:
    with op.batch_alter_table('lms_admission_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('side_country', sa.String(length=2), nullable=True))
        batch_op.drop_constraint('uq_lms_admission_calls_cohort_id', type_='unique')
        batch_op.create_index('uq_lms_admission_calls_cohort_side',
                              ['cohort_id', 'side_country'], unique=True)
        batch_op.create_index('uq_lms_admission_calls_cohort_whole', ['cohort_id'],
                              unique=True, sqlite_where=WHOLE, postgresql_where=WHOLE)
    op.create_table(
        'lms_event_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('invited_by_id', sa.Integer(), nullable=True),
        sa.Column('invited_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['lms_cohorts.id'],
                                name=op.f('fk_lms_event_invitations_cohort_id_lms_cohorts')),
        sa.ForeignKeyConstraint(['invited_by_id'], ['lms_users.id'],
                                name=op.f('fk_lms_event_invitations_invited_by_id_lms_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['lms_users.id'],
                                name=op.f('fk_lms_event_invitations_user_id_lms_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_event_invitations')),
        sa.UniqueConstraint('cohort_id', 'user_id',
                            name=op.f('uq_lms_event_invitations_cohort_id_user_id')))
    with op.batch_alter_table('lms_event_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_event_invitations_user_id'), ['user_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('lms_event_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_event_invitations_user_id'))
    op.drop_table('lms_event_invitations')
    with op.batch_alter_table('lms_admission_calls', schema=None) as batch_op:
        batch_op.drop_index('uq_lms_admission_calls_cohort_whole',
                            sqlite_where=WHOLE, postgresql_where=WHOLE)
        batch_op.drop_index('uq_lms_admission_calls_cohort_side')
        batch_op.create_unique_constraint('uq_lms_admission_calls_cohort_id', ['cohort_id'])
        batch_op.drop_column('side_country')
