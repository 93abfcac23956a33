"""Each review assignment's committee desk, whether its review is still to do and when it was
submitted (lms.reviews.tally keeps them), with the index a member's lists and home read them
from, filled in for the assignments already there.

Revision ID: 0044_reviewer_desks
Revises: 0043_list_summaries
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0044_reviewer_desks'
down_revision: str | None = '0043_list_summaries'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The desks (their blueprints' endpoints, lms.grants.review_views and
#: lms.admissions.review_views) and their applications still under review, as
#: grants.queries and admissions.queries' reviewed_applications say.
GRANTS = ("lms_grant_applications", "'in_review', 'more_information'", "lms.grants_review")
ADMISSIONS = ("lms_admission_applications", "'submitted', 'eligible', 'waitlisted'",
              "lms.admissions_review")


def _holding(table: str, statuses: str | None = None) -> str:
    where = f" AND x.status IN ({statuses})" if statuses else ""
    return (f"EXISTS (SELECT 1 FROM {table} x WHERE x.review_subject_id = "
            f"lms_review_assignments.subject_id{where})")


def upgrade() -> None:
    with op.batch_alter_table('lms_review_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('desk', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('waiting', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('review_submitted_at', lms.db.UTCDateTime(),
                                      nullable=True))
        batch_op.create_index('ix_lms_review_assignments_reviewer_desk',
                              ['reviewer_id', 'desk', 'status', 'waiting', 'due_on',
                               'assigned_at', 'review_submitted_at'], unique=False)
    desk = " ".join(f"WHEN {_holding(table)} THEN '{key}'" for table, _, key in (GRANTS, ADMISSIONS))
    under_review = " OR ".join(_holding(table, statuses)
                               for table, statuses, _ in (GRANTS, ADMISSIONS))
    op.execute(
        f"UPDATE lms_review_assignments SET desk = CASE {desk} END, "
        "review_submitted_at = (SELECT r.submitted_at FROM lms_reviews r "
        "WHERE r.assignment_id = lms_review_assignments.id)")
    op.execute(
        "UPDATE lms_review_assignments SET waiting = (status = 'active' "
        f"AND review_submitted_at IS NULL AND ({under_review}))")


def downgrade() -> None:
    with op.batch_alter_table('lms_review_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_review_assignments_reviewer_desk')
        batch_op.drop_column('review_submitted_at')
        batch_op.drop_column('waiting')
        batch_op.drop_column('desk')
