"""The program of an edition: sessions of more kinds (meeting, travel), site visits linked to
a facility of the register, online sessions with their links and materials, and who attended
each session.

Revision ID: 0033_event_program
Revises: 0032_event_editions
Create Date: 2026-12-04 19:50:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0033_event_program'
down_revision: str | None = '0032_event_editions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KINDS = ('opening', 'lecture', 'country_report', 'discussion', 'site_visit', 'summary',
              'closing')
_NEW_KINDS = (*_OLD_KINDS, 'meeting', 'travel')


def _kinds(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def upgrade() -> None:
    with op.batch_alter_table('lms_seminar_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_lms_seminar_sessions_seminar_session_kind'),
                                 type_='check')
        batch_op.create_check_constraint('seminar_session_kind', _kinds(_NEW_KINDS))
        batch_op.add_column(sa.Column('facility_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('online', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('meeting_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('recording_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('materials', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.create_index(batch_op.f('ix_lms_seminar_sessions_facility_id'),
                              ['facility_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_lms_seminar_sessions_facility_id_lms_host_facilities'),
            'lms_host_facilities', ['facility_id'], ['id'])

    op.create_table(
        'lms_seminar_session_attendance',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', lms.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['session_id'], ['lms_seminar_sessions.id'],
            name=op.f('fk_lms_seminar_session_attendance_session_id_lms_seminar_sessions'),
            ondelete='CASCADE'),
        sa.ForeignKeyConstraint(
            ['user_id'], ['lms_users.id'],
            name=op.f('fk_lms_seminar_session_attendance_user_id_lms_users')),
        sa.ForeignKeyConstraint(
            ['recorded_by_id'], ['lms_users.id'],
            name=op.f('fk_lms_seminar_session_attendance_recorded_by_id_lms_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_seminar_session_attendance')),
        sa.UniqueConstraint('session_id', 'user_id',
                            name=op.f('uq_lms_seminar_session_attendance_session_id_user_id')),
    )
    with op.batch_alter_table('lms_seminar_session_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_seminar_session_attendance_user_id'),
                              ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('lms_seminar_session_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_seminar_session_attendance_user_id'))
    op.drop_table('lms_seminar_session_attendance')
    # Sessions of the kinds this revision added have no earlier kind to become: the nearest.
    op.execute("UPDATE lms_seminar_sessions SET kind = 'discussion' WHERE kind = 'meeting'")
    op.execute("UPDATE lms_seminar_sessions SET kind = 'site_visit' WHERE kind = 'travel'")
    with op.batch_alter_table('lms_seminar_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_lms_seminar_sessions_facility_id_lms_host_facilities'),
            type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_lms_seminar_sessions_facility_id'))
        batch_op.drop_column('materials')
        batch_op.drop_column('recording_url')
        batch_op.drop_column('meeting_url')
        batch_op.drop_column('online')
        batch_op.drop_column('facility_id')
        batch_op.drop_constraint(op.f('ck_lms_seminar_sessions_seminar_session_kind'),
                                 type_='check')
        batch_op.create_check_constraint('seminar_session_kind', _kinds(_OLD_KINDS))
