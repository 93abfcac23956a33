"""Each trainee's lessons done and latest attempts kept on a row of her own
(lms_work_summaries), filled from the rows already there.

Revision ID: 0046_work_summaries
Revises: 0045_directory_count
Create Date: 2026-12-05 00:00:00.000000
"""
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = '0046_work_summaries'
down_revision: str | None = '0045_directory_count'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PACKED = {"separators": (",", ":")}


def upgrade() -> None:
    summaries = op.create_table(
        'lms_work_summaries',
        sa.Column('enrollment_id', sa.Integer(), nullable=False),
        sa.Column('lessons_done', sa.Text(), nullable=False),
        sa.Column('work', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['enrollment_id'], ['lms_enrollments.id'],
                                name=op.f('fk_lms_work_summaries_enrollment_id_lms_enrollments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('enrollment_id', name=op.f('pk_lms_work_summaries')))
    connection = op.get_bind()
    lessons: dict[int, list[int]] = defaultdict(list)
    for enrollment_id, item_id in connection.execute(sa.text(
            "SELECT enrollment_id, item_id FROM lms_lesson_progress "
            "ORDER BY enrollment_id, item_id")):
        lessons[enrollment_id].append(item_id)
    # Each trainee's latest handed-in attempt per assignment: none handed in after it.
    handed_in: dict[int, list[list[Any]]] = defaultdict(list)
    for enrollment_id, item_id, attempt_id, status, late, points, returned in connection.execute(
            sa.text(
                "SELECT s.enrollment_id, s.item_id, s.id, s.status, s.is_late, g.total,"
                " coalesce(g.returned, false)"
                " FROM lms_submissions s LEFT OUTER JOIN lms_grades g ON g.submission_id = s.id"
                " WHERE s.status != 'draft' AND NOT EXISTS (SELECT 1 FROM lms_submissions l"
                "  WHERE l.enrollment_id = s.enrollment_id AND l.item_id = s.item_id"
                "  AND l.attempt > s.attempt AND l.status != 'draft')"
                " ORDER BY s.enrollment_id, s.item_id")):
        handed_in[enrollment_id].append([item_id, attempt_id, status, bool(late), points,
                                         bool(returned)])
    drafts: dict[int, list[int]] = defaultdict(list)
    for enrollment_id, item_id in connection.execute(sa.text(
            "SELECT DISTINCT enrollment_id, item_id FROM lms_submissions WHERE status = 'draft' "
            "ORDER BY enrollment_id, item_id")):
        drafts[enrollment_id].append(item_id)
    rows = []
    for enrollment_id in sorted(set(lessons) | set(handed_in) | set(drafts)):
        work = [handed_in.get(enrollment_id, []), drafts.get(enrollment_id, [])]
        rows.append({"enrollment_id": enrollment_id,
                     "lessons_done": json.dumps(lessons.get(enrollment_id, []), **_PACKED),
                     "work": json.dumps(work, **_PACKED) if any(work) else "[]"})
    if rows:
        op.bulk_insert(summaries, rows)


def downgrade() -> None:
    op.drop_table('lms_work_summaries')
