"""A call's applications counted by state, country and whether sent
(lms_admission_call_tallies), counted from the applications already there.

Revision ID: 0043_list_summaries
Revises: 0042_home_summaries
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0043_list_summaries'
down_revision: str | None = '0042_home_summaries'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("('draft', 'submitted', 'eligible', 'ineligible', 'selected', 'waitlisted', "
            "'not_selected', 'confirmed', 'declined', 'withdrawn')")


def upgrade() -> None:
    op.create_table(
        'lms_admission_call_tallies',
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('sent', sa.Boolean(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.CheckConstraint(f"status IN {STATUSES}",
                           name=op.f('ck_lms_admission_call_tallies_admission_status')),
        sa.ForeignKeyConstraint(
            ['call_id'], ['lms_admission_calls.id'], ondelete='CASCADE',
            name=op.f('fk_lms_admission_call_tallies_call_id_lms_admission_calls')),
        sa.PrimaryKeyConstraint('call_id', 'country', 'status', 'sent',
                                name=op.f('pk_lms_admission_call_tallies')))
    op.execute(
        "INSERT INTO lms_admission_call_tallies (call_id, country, status, sent, count) "
        "SELECT call_id, coalesce(country, ''), status, submitted_at IS NOT NULL, count(*) "
        "FROM lms_admission_applications "
        "GROUP BY call_id, coalesce(country, ''), status, submitted_at IS NOT NULL")


def downgrade() -> None:
    op.drop_table('lms_admission_call_tallies')
