"""The alumni counted by the year-long cohort they completed (lms_alumni_cohort_tallies), for
the directory's cohort filter, counted from the enrollments already there.

Revision ID: 0048_directory_pages
Revises: 0047_board_order
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0048_directory_pages'
down_revision: str | None = '0047_board_order'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lms_alumni_cohort_tallies',
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['lms_cohorts.id'],
                                name=op.f('fk_lms_alumni_cohort_tallies_cohort_id_lms_cohorts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('cohort_id', name=op.f('pk_lms_alumni_cohort_tallies')))
    # Each completed trainee enrollment in a year-long program makes one alumna of its cohort
    # (a person is enrolled in a cohort once).
    op.execute(
        "INSERT INTO lms_alumni_cohort_tallies (cohort_id, count) "
        "SELECT e.cohort_id, count(*) FROM lms_enrollments e"
        " JOIN lms_cohorts c ON c.id = e.cohort_id JOIN lms_programs g ON g.id = c.program_id"
        " WHERE g.kind = 'year_long' AND e.role = 'trainee' AND e.status = 'completed'"
        " GROUP BY e.cohort_id")


def downgrade() -> None:
    op.drop_table('lms_alumni_cohort_tallies')
