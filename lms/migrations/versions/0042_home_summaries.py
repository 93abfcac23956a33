"""The reviews outstanding per round and call, kept on their review scheme (lms.reviews.tally)
for the staff's home, counted here for the rows there are.

Revision ID: 0042_home_summaries
Revises: 0041_language_track
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0042_home_summaries'
down_revision: str | None = '0041_language_track'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


#: The reviews outstanding: active assignments without a submitted review, on a subject whose
#: application is still under review (grants.queries and admissions.queries'
#: reviewed_applications).
OUTSTANDING = """
    FROM lms_review_assignments a
    JOIN lms_review_subjects s ON s.id = a.subject_id
    LEFT JOIN lms_reviews r ON r.assignment_id = a.id
    WHERE s.scheme_id = lms_review_schemes.id AND a.status = 'active'
      AND r.submitted_at IS NULL
      AND (EXISTS (SELECT 1 FROM lms_grant_applications g WHERE g.review_subject_id = s.id
                   AND g.status IN ('in_review', 'more_information'))
           OR EXISTS (SELECT 1 FROM lms_admission_applications m
                      WHERE m.review_subject_id = s.id
                      AND m.status IN ('submitted', 'eligible', 'waitlisted')))
"""


def upgrade() -> None:
    with op.batch_alter_table('lms_review_schemes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outstanding', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('oldest_outstanding_at', lms.db.UTCDateTime(),
                                      nullable=True))
    op.execute(f"UPDATE lms_review_schemes SET outstanding = (SELECT count(*) {OUTSTANDING}), "
               f"oldest_outstanding_at = (SELECT min(a.assigned_at) {OUTSTANDING})")


def downgrade() -> None:
    with op.batch_alter_table('lms_review_schemes', schema=None) as batch_op:
        batch_op.drop_column('oldest_outstanding_at')
        batch_op.drop_column('outstanding')
