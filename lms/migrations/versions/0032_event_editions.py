"""Events as one domain: the kinds of event, an edition's host, partner, audience,
registration window and retention time, caps for named countries, and what a participant who
is not an alumna declares.

Revision ID: 0032_event_editions
Revises: 0031_final_evaluation_rule
Create Date: 2026-12-04 20:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0032_event_editions'
down_revision: str | None = '0031_final_evaluation_rule'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind IN ('year_long', 'follow_up', 'seminar')"
NEW_KINDS = ("kind IN ('year_long', 'follow_up', 'seminar', 'exchange', 'study_tour', 'forum', "
             "'online_session', 'site_visits', 'lecture')")


def upgrade() -> None:
    with op.batch_alter_table('lms_programs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_lms_programs_program_kind'), type_='check')
        batch_op.create_check_constraint('program_kind', NEW_KINDS)

    with op.batch_alter_table('lms_seminars', schema=None) as batch_op:
        batch_op.add_column(sa.Column('host_organization', sa.String(length=200),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('host_country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('organizing_partner', sa.String(length=200),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('online', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('direction', sa.Enum(
            'inbound', 'outbound', name='event_tour_direction', native_enum=False,
            create_constraint=True, length=32), nullable=True))
        batch_op.add_column(sa.Column('open_to_alumni', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
        batch_op.add_column(sa.Column('open_to_trainees', sa.Boolean(),
                                      server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('open_to_public', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('registration_opens_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), server_default='365',
                                      nullable=False))
        batch_op.create_check_constraint('retention_days_not_negative', 'retention_days >= 0')

    with op.batch_alter_table('lms_seminar_registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organization', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('anonymized_at', lms.db.UTCDateTime(), nullable=True))

    op.create_table('lms_event_country_caps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('cap', sa.Integer(), nullable=False),
    sa.CheckConstraint('cap > 0', name=op.f('ck_lms_event_country_caps_cap_positive')),
    sa.ForeignKeyConstraint(['cohort_id'], ['lms_cohorts.id'],
                            name=op.f('fk_lms_event_country_caps_cohort_id_lms_cohorts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_event_country_caps')),
    sa.UniqueConstraint('cohort_id', 'country',
                        name=op.f('uq_lms_event_country_caps_cohort_id_country'))
    )


def downgrade() -> None:
    op.drop_table('lms_event_country_caps')
    with op.batch_alter_table('lms_seminar_registrations', schema=None) as batch_op:
        batch_op.drop_column('anonymized_at')
        batch_op.drop_column('organization')
    with op.batch_alter_table('lms_seminars', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_lms_seminars_retention_days_not_negative'),
                                 type_='check')
        batch_op.drop_constraint(op.f('ck_lms_seminars_event_tour_direction'), type_='check')
        for column in ('retention_days', 'registration_opens_on', 'open_to_public',
                       'open_to_trainees', 'open_to_alumni', 'direction', 'online',
                       'organizing_partner', 'host_country', 'host_organization'):
            batch_op.drop_column(column)
    # A program of a new kind fails the old check: the downgrade stops rather than delete
    # its cohorts and everything that hangs from them.
    with op.batch_alter_table('lms_programs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_lms_programs_program_kind'), type_='check')
        batch_op.create_check_constraint('program_kind', OLD_KINDS)
