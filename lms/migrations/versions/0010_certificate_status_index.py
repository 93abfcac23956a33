"""Certificates get their place in the published revocation list (W3C Bitstring Status List):
each certificate's index, given once and never reused; existing certificates get theirs from
their id, as new ones do.

Revision ID: 0010_certificate_status_index
Revises: 0009_outbox_claims
Create Date: 2026-12-03 09:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010_certificate_status_index'
down_revision: str | None = '0009_outbox_claims'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lms_certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_list_index', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_lms_certificates_status_list_index'), ['status_list_index'])
    op.execute("UPDATE lms_certificates SET status_list_index = id")


def downgrade() -> None:
    with op.batch_alter_table('lms_certificates', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_lms_certificates_status_list_index'), type_='unique')
        batch_op.drop_column('status_list_index')
