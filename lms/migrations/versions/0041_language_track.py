"""The Japanese-language track: a teacher role in a cohort, an item's track, a course's required
Japanese level, and trainees' recorded levels (lms_language_levels).

Revision ID: 0041_language_track
Revises: 0040_course_variants
Create Date: 2026-12-05 00:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0041_language_track'
down_revision: str | None = '0040_course_variants'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS = "('N5', 'N4', 'N3', 'N2', 'N1')"
CHECKPOINTS = "('entry', 'language_months_end', 'mid_year', 'completion', 'other')"


def _roles(roles: str) -> None:
    with op.batch_alter_table('lms_enrollments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_lms_enrollments_enrollment_role'), type_='check')
        batch_op.create_check_constraint('enrollment_role', f"role IN {roles}")


def upgrade() -> None:
    _roles("('trainee', 'mentor', 'teacher')")
    with op.batch_alter_table('lms_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('track', sa.String(length=32), nullable=True))
    with op.batch_alter_table('lms_courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('required_japanese_level', sa.String(length=32),
                                      nullable=True))
        batch_op.create_check_constraint(
            'required_japanese_level', f"required_japanese_level IN {LEVELS}")
    op.create_table(
        'lms_language_levels',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enrollment_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.String(length=32), nullable=False),
        sa.Column('checkpoint', sa.String(length=32), nullable=False),
        sa.Column('assessed_on', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', lms.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(f"level IN {LEVELS}", name=op.f('ck_lms_language_levels_japanese_level')),
        sa.CheckConstraint(f"checkpoint IN {CHECKPOINTS}",
                           name=op.f('ck_lms_language_levels_level_checkpoint')),
        sa.ForeignKeyConstraint(['enrollment_id'], ['lms_enrollments.id'],
                                name=op.f('fk_lms_language_levels_enrollment_id_lms_enrollments')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['lms_users.id'],
                                name=op.f('fk_lms_language_levels_recorded_by_id_lms_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_language_levels')))
    op.create_index('ix_lms_language_levels_enrollment_latest', 'lms_language_levels',
                    ['enrollment_id', 'assessed_on', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_lms_language_levels_enrollment_latest', table_name='lms_language_levels')
    op.drop_table('lms_language_levels')
    with op.batch_alter_table('lms_courses', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_lms_courses_required_japanese_level'), type_='check')
        batch_op.drop_column('required_japanese_level')
    with op.batch_alter_table('lms_items', schema=None) as batch_op:
        batch_op.drop_column('track')
    # A teacher's enrollment has no place among the older roles.
    op.execute("DELETE FROM lms_enrollments WHERE role = 'teacher'")
    _roles("('trainee', 'mentor')")
