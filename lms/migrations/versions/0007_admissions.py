"""Admissions: calls, applications, nominations, documents, interviews and the pre-arrival
checklist; self-registration with a confirmed email address.

Revision ID: 0007_admissions
Revises: 0006_grants
Create Date: 2026-11-24 02:20:26.147173
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lms.db

revision: str = '0007_admissions'
down_revision: str | None = '0006_grants'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('lms_admission_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('opens_at', lms.db.UTCDateTime(), nullable=False),
    sa.Column('closes_at', lms.db.UTCDateTime(), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('eligibility', sa.Text(), nullable=False),
    sa.Column('min_years_in_welfare', sa.Integer(), nullable=False),
    sa.Column('required_language', sa.String(length=8), nullable=True),
    sa.Column('required_language_level', sa.Integer(), nullable=True),
    sa.Column('required_documents', sa.JSON(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('country_quota', sa.Integer(), nullable=True),
    sa.Column('reply_days', sa.Integer(), nullable=False),
    sa.Column('keep_unsuccessful_days', sa.Integer(), nullable=False),
    sa.Column('review_scheme_id', sa.Integer(), nullable=False),
    sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_lms_admission_calls_capacity_positive')),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_lms_admission_calls_times_in_order')),
    sa.CheckConstraint('country_quota IS NULL OR country_quota > 0', name=op.f('ck_lms_admission_calls_quota_positive')),
    sa.ForeignKeyConstraint(['cohort_id'], ['lms_cohorts.id'], name=op.f('fk_lms_admission_calls_cohort_id_lms_cohorts')),
    sa.ForeignKeyConstraint(['created_by_id'], ['lms_users.id'], name=op.f('fk_lms_admission_calls_created_by_id_lms_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_scheme_id'], ['lms_review_schemes.id'], name=op.f('fk_lms_admission_calls_review_scheme_id_lms_review_schemes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_admission_calls')),
    sa.UniqueConstraint('cohort_id', name=op.f('uq_lms_admission_calls_cohort_id'))
    )
    op.create_table('lms_admission_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'submitted', 'eligible', 'ineligible', 'selected', 'waitlisted', 'not_selected', 'confirmed', 'declined', 'withdrawn', name='admission_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('gender', sa.Enum('female', 'male', 'another', name='admission_gender', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('organization', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('profession', sa.String(length=200), nullable=False),
    sa.Column('years_in_welfare', sa.Integer(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('nomination_method', sa.Enum('letter', 'nominator', name='nomination_method', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('created_at', lms.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', lms.db.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', lms.db.UTCDateTime(), nullable=True),
    sa.Column('screening_reason', sa.Text(), nullable=False),
    sa.Column('found_eligible_at', lms.db.UTCDateTime(), nullable=True),
    sa.Column('decision_message', sa.Text(), nullable=False),
    sa.Column('decided_at', lms.db.UTCDateTime(), nullable=True),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('reply_by', lms.db.UTCDateTime(), nullable=True),
    sa.Column('replied_at', lms.db.UTCDateTime(), nullable=True),
    sa.Column('ended_at', lms.db.UTCDateTime(), nullable=True),
    sa.Column('anonymized_at', lms.db.UTCDateTime(), nullable=True),
    sa.Column('review_subject_id', sa.Integer(), nullable=True),
    sa.Column('enrollment_id', sa.Integer(), nullable=True),
    sa.Column('arrival_on', sa.Date(), nullable=True),
    sa.Column('arrival_details', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['applicant_id'], ['lms_users.id'], name=op.f('fk_lms_admission_applications_applicant_id_lms_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['call_id'], ['lms_admission_calls.id'], name=op.f('fk_lms_admission_applications_call_id_lms_admission_calls')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['lms_enrollments.id'], name=op.f('fk_lms_admission_applications_enrollment_id_lms_enrollments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_subject_id'], ['lms_review_subjects.id'], name=op.f('fk_lms_admission_applications_review_subject_id_lms_review_subjects'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_admission_applications')),
    sa.UniqueConstraint('call_id', 'applicant_id', name=op.f('uq_lms_admission_applications_call_id_applicant_id'))
    )
    with op.batch_alter_table('lms_admission_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_admission_applications_applicant_id'), ['applicant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lms_admission_applications_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lms_admission_applications_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_lms_admission_applications_status'), ['status'], unique=False)

    op.create_table('lms_admission_checklist_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('travel_documents', 'health_certificate', 'arrival_date', name='checklist_item_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('done_at', lms.db.UTCDateTime(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['lms_admission_applications.id'], name=op.f('fk_lms_admission_checklist_items_application_id_lms_admission_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['done_by_id'], ['lms_users.id'], name=op.f('fk_lms_admission_checklist_items_done_by_id_lms_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_admission_checklist_items')),
    sa.UniqueConstraint('application_id', 'kind', name=op.f('uq_lms_admission_checklist_items_application_id_kind'))
    )
    with op.batch_alter_table('lms_admission_checklist_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_admission_checklist_items_application_id'), ['application_id'], unique=False)

    op.create_table('lms_admission_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('cv', 'passport', 'diploma', 'employment_certificate', 'language_certificate', 'photo', 'nomination_letter', 'health_certificate', name='admission_document', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('stored_name', sa.String(length=100), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', lms.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['lms_admission_applications.id'], name=op.f('fk_lms_admission_documents_application_id_lms_admission_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_admission_documents')),
    sa.UniqueConstraint('application_id', 'kind', name=op.f('uq_lms_admission_documents_application_id_kind'))
    )
    with op.batch_alter_table('lms_admission_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_admission_documents_application_id'), ['application_id'], unique=False)

    op.create_table('lms_admission_interviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', lms.db.UTCDateTime(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=500), nullable=False),
    sa.Column('interviewer_id', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('scheduled_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', lms.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['lms_admission_applications.id'], name=op.f('fk_lms_admission_interviews_application_id_lms_admission_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interviewer_id'], ['lms_users.id'], name=op.f('fk_lms_admission_interviews_interviewer_id_lms_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['scheduled_by_id'], ['lms_users.id'], name=op.f('fk_lms_admission_interviews_scheduled_by_id_lms_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_admission_interviews')),
    sa.UniqueConstraint('application_id', name=op.f('uq_lms_admission_interviews_application_id'))
    )
    op.create_table('lms_admission_nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('organization', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('sent_at', lms.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', lms.db.UTCDateTime(), nullable=False),
    sa.Column('answered_at', lms.db.UTCDateTime(), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=True),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('replaced_at', lms.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['lms_admission_applications.id'], name=op.f('fk_lms_admission_nominations_application_id_lms_admission_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_admission_nominations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_lms_admission_nominations_token_hash'))
    )
    with op.batch_alter_table('lms_admission_nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_admission_nominations_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('lms_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', lms.db.UTCDateTime(), nullable=True))
    # Every account so far was made by staff or at the console, or took its password from a
    # mailed link: its address counts as confirmed.
    op.execute("UPDATE lms_users SET email_confirmed_at = created_at")

    with op.batch_alter_table('lms_account_tokens', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_lms_account_tokens_token_purpose'), type_='check')
        batch_op.create_check_constraint(
            'token_purpose', "purpose IN ('password_reset', 'invitation', 'email_confirmation')")


def downgrade() -> None:
    op.execute("DELETE FROM lms_account_tokens WHERE purpose = 'email_confirmation'")
    with op.batch_alter_table('lms_account_tokens', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_lms_account_tokens_token_purpose'), type_='check')
        batch_op.create_check_constraint('token_purpose',
                                         "purpose IN ('password_reset', 'invitation')")
    with op.batch_alter_table('lms_users', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')

    with op.batch_alter_table('lms_admission_nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_admission_nominations_application_id'))

    op.drop_table('lms_admission_nominations')
    op.drop_table('lms_admission_interviews')
    with op.batch_alter_table('lms_admission_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_admission_documents_application_id'))

    op.drop_table('lms_admission_documents')
    with op.batch_alter_table('lms_admission_checklist_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_admission_checklist_items_application_id'))

    op.drop_table('lms_admission_checklist_items')
    with op.batch_alter_table('lms_admission_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_admission_applications_status'))
        batch_op.drop_index(batch_op.f('ix_lms_admission_applications_country'))
        batch_op.drop_index(batch_op.f('ix_lms_admission_applications_call_id'))
        batch_op.drop_index(batch_op.f('ix_lms_admission_applications_applicant_id'))

    op.drop_table('lms_admission_applications')
    op.drop_table('lms_admission_calls')
