"""The evaluation forms a facility supervisor fills in, and the items shared with her.

Revision ID: 0028_evaluation_forms
Revises: 0027_readiness
Create Date: 2026-12-04 17:12:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0028_evaluation_forms'
down_revision: str | None = '0027_readiness'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lms_evaluation_forms',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.Enum('mid_placement', 'final', name='evaluation_kind',
                                  native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column('definitions', sa.JSON(), nullable=False),
        sa.Column('archived_at', lms.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['lms_courses.id'],
                                name=op.f('fk_lms_evaluation_forms_course_id_lms_courses')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_evaluation_forms')),
        sa.UniqueConstraint('course_id', 'slug',
                            name=op.f('uq_lms_evaluation_forms_course_id_slug')),
    )
    with op.batch_alter_table('lms_evaluation_forms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_evaluation_forms_course_id'), ['course_id'])
    # Items synced before are not shared; the next sync shares those whose files say so.
    with op.batch_alter_table('lms_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_with_supervisor', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('lms_items', schema=None) as batch_op:
        batch_op.drop_column('share_with_supervisor')
    op.drop_table('lms_evaluation_forms')
