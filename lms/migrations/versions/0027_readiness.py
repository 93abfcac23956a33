"""What each trainee must have done before a placement: health checks, insurance, orientation.

Revision ID: 0027_readiness
Revises: 0026_concerns
Create Date: 2026-12-04 17:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0027_readiness'
down_revision: str | None = '0026_concerns'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ('stool_test', 'vaccinations', 'tb_screening', 'liability_insurance', 'orientation')


def upgrade() -> None:
    op.create_table(
        'lms_readiness_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('placement_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum(*KINDS, name='readiness_kind', native_enum=False,
                                  create_constraint=True, length=32), nullable=False),
        sa.Column('needed', sa.Boolean(), nullable=False),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('note', sa.String(length=500), nullable=False),
        sa.Column('updated_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['placement_id'], ['lms_placements.id'],
                                name=op.f('fk_lms_readiness_items_placement_id_lms_placements'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_readiness_items')),
        sa.UniqueConstraint('placement_id', 'kind',
                            name=op.f('uq_lms_readiness_items_placement_id_kind')),
    )
    with op.batch_alter_table('lms_readiness_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_readiness_items_placement_id'),
                              ['placement_id'])
    # Placements made before: every check needed and not done yet, as for a new placement.
    for kind in KINDS:
        op.execute(sa.text(
            "INSERT INTO lms_readiness_items (placement_id, kind, needed, note, updated_at) "
            "SELECT id, :kind, :needed, '', updated_at FROM lms_placements"
        ).bindparams(kind=kind, needed=True))


def downgrade() -> None:
    op.drop_table('lms_readiness_items')
