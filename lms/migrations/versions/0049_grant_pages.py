"""A round's applications counted by state, country and whether sent, with what they ask for
and were awarded (lms_round_tallies), and each review subject's summary of what its
reviewers said (lms.reviews.tally keeps both), counted from the rows already there.

Revision ID: 0049_grant_pages
Revises: 0048_directory_pages
Create Date: 2026-12-05 00:00:00.000000
"""
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = '0049_grant_pages'
down_revision: str | None = '0048_directory_pages'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("('draft', 'submitted', 'screening', 'ineligible', 'in_review', "
            "'more_information', 'approved', 'rejected', 'in_progress', 'closed', 'withdrawn')")


def upgrade() -> None:
    op.create_table(
        'lms_round_tallies',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('sent', sa.Boolean(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('requested', sa.Integer(), nullable=False),
        sa.Column('awarded', sa.Integer(), nullable=False),
        sa.CheckConstraint(f"status IN {STATUSES}",
                           name=op.f('ck_lms_round_tallies_grant_application_status')),
        sa.ForeignKeyConstraint(
            ['round_id'], ['lms_grant_rounds.id'], ondelete='CASCADE',
            name=op.f('fk_lms_round_tallies_round_id_lms_grant_rounds')),
        sa.PrimaryKeyConstraint('round_id', 'country', 'status', 'sent',
                                name=op.f('pk_lms_round_tallies')))
    op.execute(
        "INSERT INTO lms_round_tallies "
        "(round_id, country, status, sent, count, requested, awarded) "
        "SELECT round_id, coalesce(country, ''), status, submitted_at IS NOT NULL, count(*), "
        "coalesce(sum(requested_amount), 0), coalesce(sum(awarded_amount), 0) "
        "FROM lms_grant_applications "
        "GROUP BY round_id, coalesce(country, ''), status, submitted_at IS NOT NULL")


    with op.batch_alter_table('lms_review_subjects', schema=None) as batch_op:
        for name in SUMMARY:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default='0',
                                          nullable=False))
    _summarize_reviews()


#: The summary's columns (lms.reviews.tally.SUMMARY).
SUMMARY = ("reviews_asked", "reviews_counted", "points", "squared_points", "highest_points",
           "lowest_points", "recommended_yes", "recommended_maybe", "recommended_no")


def _summarize_reviews() -> None:
    """Each subject's summary, worked out here as lms.reviews.services.weighted_points does:
    each criterion's score (0 if not given) times its weight, over the reviews submitted by a
    member still actively asked."""
    connection = op.get_bind()
    weights = {scheme_id: [(criterion["key"], criterion["weight"]) for criterion in
                           (json.loads(criteria) if isinstance(criteria, str) else criteria)]
               for scheme_id, criteria in connection.execute(sa.text(
                   "SELECT id, criteria FROM lms_review_schemes"))}
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"points_each": [],
                                                            "reviews_asked": 0,
                                                            "recommended": []})
    for subject_id, scheme_id, scores, recommendation, submitted_at in connection.execute(
            sa.text("SELECT a.subject_id, s.scheme_id, r.scores, r.recommendation, "
                    "r.submitted_at FROM lms_review_assignments a "
                    "JOIN lms_review_subjects s ON s.id = a.subject_id "
                    "LEFT OUTER JOIN lms_reviews r ON r.assignment_id = a.id "
                    "WHERE a.status = 'active'")):
        subject = found[subject_id]
        subject["reviews_asked"] += 1
        if submitted_at is None:
            continue
        given = json.loads(scores) if isinstance(scores, str) else (scores or {})
        subject["points_each"].append(sum((given.get(key) or 0) * weight
                                          for key, weight in weights[scheme_id]))
        subject["recommended"].append(recommendation)
    subjects = sa.table("lms_review_subjects", sa.column("id"),
                        *(sa.column(name) for name in SUMMARY))
    for subject_id, subject in found.items():
        points = subject["points_each"]
        recommended = subject["recommended"]
        connection.execute(subjects.update().where(subjects.c.id == subject_id).values(
            reviews_asked=subject["reviews_asked"], reviews_counted=len(points),
            points=sum(points), squared_points=sum(value * value for value in points),
            highest_points=max(points, default=0), lowest_points=min(points, default=0),
            recommended_yes=recommended.count("yes"),
            recommended_maybe=recommended.count("maybe"),
            recommended_no=recommended.count("no")))


def downgrade() -> None:
    with op.batch_alter_table('lms_review_subjects', schema=None) as batch_op:
        for name in reversed(SUMMARY):
            batch_op.drop_column(name)
    op.drop_table('lms_round_tallies')
