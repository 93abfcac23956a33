"""Delegations of an event's edition: their members with travel details, and their visits.

Revision ID: 0034_delegations
Revises: 0033_event_program
Create Date: 2026-12-04 20:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0034_delegations'
down_revision: str | None = '0033_event_program'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lms_delegations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('direction', sa.Enum('inbound', 'outbound', name='delegation_direction',
                                       native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('updated_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['lms_cohorts.id'],
                                name=op.f('fk_lms_delegations_cohort_id_lms_cohorts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_delegations')),
    )
    with op.batch_alter_table('lms_delegations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_delegations_cohort_id'), ['cohort_id'])
    op.create_table(
        'lms_delegation_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('role', sa.Enum('leader', 'interpreter', 'participant',
                                  name='delegation_member_role', native_enum=False,
                                  create_constraint=True, length=32), nullable=False),
        sa.Column('organization', sa.String(length=200), nullable=False),
        sa.Column('arrives_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('arrival_by', sa.String(length=120), nullable=False),
        sa.Column('departs_at', lms.db.UTCDateTime(), nullable=True),
        sa.Column('departure_by', sa.String(length=120), nullable=False),
        sa.Column('lodging', sa.Text(), nullable=False),
        sa.CheckConstraint("user_id IS NOT NULL OR name <> ''",
                           name=op.f('ck_lms_delegation_members_member_named')),
        sa.CheckConstraint(
            'departs_at IS NULL OR arrives_at IS NULL OR departs_at > arrives_at',
            name=op.f('ck_lms_delegation_members_travel_in_order')),
        sa.ForeignKeyConstraint(
            ['delegation_id'], ['lms_delegations.id'],
            name=op.f('fk_lms_delegation_members_delegation_id_lms_delegations'),
            ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['lms_users.id'],
                                name=op.f('fk_lms_delegation_members_user_id_lms_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_delegation_members')),
        sa.UniqueConstraint('delegation_id', 'user_id',
                            name=op.f('uq_lms_delegation_members_delegation_id_user_id')),
    )
    with op.batch_alter_table('lms_delegation_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_delegation_members_user_id'), ['user_id'])
    op.create_table(
        'lms_delegation_visits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('facility_id', sa.Integer(), nullable=True),
        sa.Column('visited_on', sa.Date(), nullable=False),
        sa.Column('place', sa.String(length=200), nullable=False),
        sa.Column('address', sa.Text(), nullable=False),
        sa.CheckConstraint("facility_id IS NOT NULL OR place <> ''",
                           name=op.f('ck_lms_delegation_visits_visit_placed')),
        sa.ForeignKeyConstraint(
            ['delegation_id'], ['lms_delegations.id'],
            name=op.f('fk_lms_delegation_visits_delegation_id_lms_delegations'),
            ondelete='CASCADE'),
        sa.ForeignKeyConstraint(
            ['facility_id'], ['lms_host_facilities.id'],
            name=op.f('fk_lms_delegation_visits_facility_id_lms_host_facilities')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_delegation_visits')),
    )
    with op.batch_alter_table('lms_delegation_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_delegation_visits_delegation_id'),
                              ['delegation_id'])
        batch_op.create_index(batch_op.f('ix_lms_delegation_visits_facility_id'),
                              ['facility_id'])


def downgrade() -> None:
    op.drop_table('lms_delegation_visits')
    op.drop_table('lms_delegation_members')
    op.drop_table('lms_delegations')
