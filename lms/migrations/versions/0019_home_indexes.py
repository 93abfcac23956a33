"""Indexes for the homes and the grading queue (issue 18): a mentor's work waiting counted per
trainee from the index alone, the newest grade found without reading every grade, and the
grant applications to screen or under review found across the rounds.

Revision ID: 0019_home_indexes
Revises: 0018_course_version
Create Date: 2026-12-06 10:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0019_home_indexes'
down_revision: str | None = '0018_course_version'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (index, table, columns)
INDEXES = (
    ('ix_lms_submissions_status_enrollment_id', 'lms_submissions',
     ['status', 'enrollment_id', 'submitted_at']),
    ('ix_lms_grades_graded_at', 'lms_grades', ['graded_at']),
    ('ix_lms_grant_applications_status', 'lms_grant_applications', ['status']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
