"""Indexes for a round's and a call's statistics (issue 18): their figures by country (and
gender) and state, read from the index in its own order, with no sorting of the groups.

Revision ID: 0023_statistics_indexes
Revises: 0022_review_desk_index
Create Date: 2026-12-04 14:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0023_statistics_indexes'
down_revision: str | None = '0022_review_desk_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (index, table, columns)
INDEXES = (
    ('ix_lms_grant_applications_round_country', 'lms_grant_applications',
     ['round_id', 'country', 'status', 'submitted_at', 'requested_amount', 'awarded_amount']),
    ('ix_lms_admission_applications_call_country', 'lms_admission_applications',
     ['call_id', 'country', 'gender', 'status', 'submitted_at', 'found_eligible_at']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
