"""Indexes for the long lists of staff and committee members (issue 18): a round's and a
call's applications, the first sent first, read a page at a time, and their figures, places
by country and statistics read from the index alone; a committee member's assignments, active
or declared conflicts, each reaching its application from its subject.

Revision ID: 0020_list_indexes
Revises: 0019_home_indexes
Create Date: 2026-12-06 12:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0020_list_indexes'
down_revision: str | None = '0019_home_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (index, table, columns)
INDEXES = (
    ('ix_lms_grant_applications_round_submitted_at', 'lms_grant_applications',
     ['round_id', 'submitted_at', 'status', 'country', 'requested_amount', 'awarded_amount']),
    ('ix_lms_grant_applications_review_subject_id', 'lms_grant_applications',
     ['review_subject_id', 'status', 'round_id']),
    ('ix_lms_admission_applications_call_submitted_at', 'lms_admission_applications',
     ['call_id', 'submitted_at', 'status', 'country', 'gender', 'found_eligible_at',
      'applicant_id']),
    ('ix_lms_admission_applications_call_status', 'lms_admission_applications',
     ['call_id', 'status', 'submitted_at']),
    ('ix_lms_admission_applications_review_subject_id', 'lms_admission_applications',
     ['review_subject_id', 'status', 'call_id']),
    ('ix_lms_review_assignments_reviewer_status', 'lms_review_assignments',
     ['reviewer_id', 'status']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
