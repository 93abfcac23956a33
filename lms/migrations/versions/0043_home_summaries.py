"""Indexes for the homes' review counts: whether a review is finished, and an application's
subject and group, each read from an index alone instead of rows whose long texts come first.

Revision ID: 0043_home_summaries
Revises: 0041_language_track
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0043_home_summaries'
down_revision: str | None = '0041_language_track'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_grant_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_grant_applications_status')
        batch_op.create_index('ix_lms_grant_applications_status',
                              ['status', 'review_subject_id', 'round_id'], unique=False)
    with op.batch_alter_table('lms_admission_applications', schema=None) as batch_op:
        batch_op.create_index('ix_lms_admission_applications_status_subject',
                              ['status', 'review_subject_id', 'call_id'], unique=False)
    with op.batch_alter_table('lms_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_lms_reviews_assignment_submitted',
                              ['assignment_id', 'submitted_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('lms_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_reviews_assignment_submitted')
    with op.batch_alter_table('lms_admission_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_admission_applications_status_subject')
    with op.batch_alter_table('lms_grant_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_grant_applications_status')
        batch_op.create_index('ix_lms_grant_applications_status', ['status'], unique=False)
