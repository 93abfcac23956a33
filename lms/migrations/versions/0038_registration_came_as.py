"""What a participant came as when she registered for an event (alumna, trainee, public), so
that the event's report counts her as she was then.

Revision ID: 0038_registration_came_as
Revises: 0037_event_description_ja
Create Date: 2026-12-04 23:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0038_registration_came_as'
down_revision: str | None = '0037_event_description_ja'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Registrations made before stay without it: the report reads their standing today, as it
    # did before.
    with op.batch_alter_table('lms_seminar_registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('came_as', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lms_seminar_registrations', schema=None) as batch_op:
        batch_op.drop_column('came_as')
