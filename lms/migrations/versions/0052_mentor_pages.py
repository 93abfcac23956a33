"""The submissions' index of each status by age ends with the submission's id: the grading
queue and the homes list the oldest work first by (submitted_at, id), and the index without
the id made the database sort every submission handed in at the same moment as the last one
shown (a cohort's hundreds, seeded or imported at once) before a page could end.

Revision ID: 0052_mentor_pages
Revises: 0051_enrollment_names
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0052_mentor_pages'
down_revision: str | None = '0051_enrollment_names'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_lms_submissions_status_submitted_at', table_name='lms_submissions')
    op.create_index('ix_lms_submissions_status_submitted_at', 'lms_submissions',
                    ['status', 'submitted_at', 'id', 'enrollment_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_lms_submissions_status_submitted_at', table_name='lms_submissions')
    op.create_index('ix_lms_submissions_status_submitted_at', 'lms_submissions',
                    ['status', 'submitted_at', 'enrollment_id'], unique=False)
