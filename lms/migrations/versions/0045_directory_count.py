"""The alumni counted by country and whether listed (lms_alumni_tallies), for the
directory's page count, counted from the people already there.

Revision ID: 0045_directory_count
Revises: 0044_reviewer_desks
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0045_directory_count'
down_revision: str | None = '0044_reviewer_desks'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lms_alumni_tallies',
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('listed', sa.Boolean(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('country', 'listed', name=op.f('pk_lms_alumni_tallies')))
    # Each alumna (a completed trainee enrollment in a year-long program) once, under her
    # profile's country, else her account's; listed when her profile is and her account active.
    op.execute(
        "INSERT INTO lms_alumni_tallies (country, listed, count) "
        "SELECT country, listed, count(*) FROM ("
        " SELECT coalesce(p.country, u.country, '') AS country,"
        "  (coalesce(p.listed, false) AND u.is_active) AS listed"
        " FROM lms_users u LEFT OUTER JOIN lms_alumni_profiles p ON p.user_id = u.id"
        " WHERE EXISTS (SELECT 1 FROM lms_enrollments e"
        "  JOIN lms_cohorts c ON c.id = e.cohort_id JOIN lms_programs g ON g.id = c.program_id"
        "  WHERE e.user_id = u.id AND g.kind = 'year_long' AND e.role = 'trainee'"
        "  AND e.status = 'completed')) AS places "
        "GROUP BY country, listed")


def downgrade() -> None:
    op.drop_table('lms_alumni_tallies')
