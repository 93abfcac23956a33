"""Host facilities, the trainees' placements at them, and which modules are practicums.

Revision ID: 0024_placements
Revises: 0023_statistics_indexes
Create Date: 2026-12-04 17:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0024_placements'
down_revision: str | None = '0023_statistics_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _field() -> sa.Enum:
    return sa.Enum('older_people', 'children', 'disability', 'community', 'medical',
                   'public_assistance', 'other', name='practice_field', native_enum=False,
                   create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        'lms_host_facilities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('name_ja', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=200), nullable=False),
        sa.Column('field', _field(), nullable=False),
        sa.Column('prefecture', sa.String(length=2), nullable=False),
        sa.Column('city', sa.String(length=100), nullable=False),
        sa.Column('address', sa.Text(), nullable=False),
        sa.Column('contact_name', sa.String(length=200), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('contact_phone', sa.String(length=40), nullable=False),
        sa.Column('languages', sa.String(length=200), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('updated_at', lms.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_host_facilities')),
    )
    with op.batch_alter_table('lms_host_facilities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_host_facilities_prefecture'), ['prefecture'])
    op.create_table(
        'lms_placements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enrollment_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('facility_id', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('field', _field(), nullable=False),
        sa.Column('supervisor_name', sa.String(length=200), nullable=False),
        sa.Column('supervisor_email', sa.String(length=254), nullable=False),
        sa.Column('lodging', sa.Text(), nullable=False),
        sa.Column('commute', sa.Text(), nullable=False),
        sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
        sa.Column('updated_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['enrollment_id'], ['lms_enrollments.id'],
                                name=op.f('fk_lms_placements_enrollment_id_lms_enrollments')),
        sa.ForeignKeyConstraint(
            ['facility_id'], ['lms_host_facilities.id'],
            name=op.f('fk_lms_placements_facility_id_lms_host_facilities')),
        sa.ForeignKeyConstraint(['module_id'], ['lms_modules.id'],
                                name=op.f('fk_lms_placements_module_id_lms_modules')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_placements')),
        sa.UniqueConstraint('enrollment_id', 'module_id',
                            name=op.f('uq_lms_placements_enrollment_id_module_id')),
    )
    with op.batch_alter_table('lms_placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_placements_enrollment_id'), ['enrollment_id'])
        batch_op.create_index(batch_op.f('ix_lms_placements_facility_id'), ['facility_id'])
    with op.batch_alter_table('lms_modules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('practicum', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('lms_modules', schema=None) as batch_op:
        batch_op.drop_column('practicum')
    op.drop_table('lms_placements')
    op.drop_table('lms_host_facilities')
