"""The audit trail: who did what to which object, with what it was before and after.

Services call :func:`record` in the same transaction as the change itself, so an event exists
exactly when its change was committed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from lms.accounts.models import User
from lms.clock import utcnow
from lms.db import Base
from lms.i18n import _l, lazy_pgettext


class AuditEvent(Base):
    __tablename__ = "lms_audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    address: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()


def record(
    db_session: Session,
    actor: User | None,
    action: str,
    target: Any = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    address: str | None = None,
) -> AuditEvent:
    """Add an audit event for ``action`` on ``target`` (a mapped object with an ``id``)."""
    event = AuditEvent(
        actor=actor,
        action=action,
        object_type=type(target).__name__ if target is not None else None,
        object_id=str(target.id) if target is not None and target.id is not None else None,
        before=before,
        after=after,
        address=address,
    )
    db_session.add(event)
    return event


#: What people read for each action in an object's history.
ACTION_LABELS = {
    "login": _l("Signed in"),
    "login_failed": _l("Failed sign-in"),
    "logout": _l("Signed out"),
    "password_changed": _l("Changed the password"),
    "password_reset_requested": _l("Asked for a password reset"),
    "password_reset": _l("Reset the password"),
    "invitation_accepted": _l("Accepted the invitation"),
    # "Registered" alone is also a seminar's count of registrations: Japanese needs two words.
    "user_registered": lazy_pgettext("audit", "Registered"),
    "registration_renewed": _l("Registered again before confirming the email address"),
    "registration_attempted": _l("Someone tried to register with this email address"),
    "email_confirmation_resent": _l("Asked for a new confirmation link"),
    "email_confirmed": _l("Confirmed the email address"),
    "login_unconfirmed": _l("Sign-in refused: email address not confirmed yet"),
    "user_created": _l("Account created"),
    "user_invited": _l("Invited"),
    "user_deactivated": _l("Account deactivated"),
    "user_reactivated": _l("Account reactivated"),
    "roles_changed": _l("Roles changed"),
    "grade_saved": _l("Grade saved"),
    "submission_submitted": _l("Work handed in"),
    "extension_granted": _l("Extension granted"),
    "deadline_moved": _l("Deadline moved"),
    "outcome_overridden": _l("Completion outcome decided by staff"),
    "outcome_override_cleared": _l("Completion outcome left to the rule"),
    "outcome_decided": _l("Completion outcome recorded"),
    "cohort_completed": _l("Cohort completed"),
    "certificate_issued": _l("Certificate issued"),
    "certificate_revoked": _l("Certificate revoked"),
    "alumni_profile_saved": _l("Alumni profile saved"),
    "alumni_report_created": _l("Report from home started"),
    "alumni_report_edited": _l("Report from home edited"),
    "alumni_report_submitted": _l("Report from home sent to staff"),
    "alumni_report_approved": _l("Report from home published"),
    "alumni_report_returned": _l("Report from home returned"),
    "alumni_report_picture_added": _l("Picture added to a report"),
    "alumni_report_picture_removed": _l("Picture removed from a report"),
    "follow_up_call_opened": _l("Follow-up call opened"),
    "follow_up_call_closed": _l("Follow-up call closed"),
    "follow_up_call_changed": _l("Follow-up call changed"),
    "follow_up_applied": _l("Applied to a follow-up training"),
    "follow_up_applicant_selected": _l("Selected for a follow-up training"),
    "follow_up_applicant_waitlisted": _l("Waitlisted for a follow-up training"),
    "follow_up_application_withdrawn": _l("Follow-up application withdrawn"),
    "seminar_details_saved": _l("Event details saved"),
    "seminar_session_added": _l("Event session added"),
    "seminar_session_changed": _l("Event session changed"),
    "seminar_session_removed": _l("Event session removed"),
    "seminar_registered": _l("Registered for an event"),
    "seminar_registration_cancelled": _l("Event registration cancelled"),
    "event_reflection_saved": _l("Reflection on an event saved"),
    "event_reflection_selected": _l("Reflection selected for the event report"),
    "event_reflection_unselected": _l("Reflection taken out of the event report"),
    "event_report_summary_saved": _l("Event report summary saved"),
    "event_report_published": _l("Event report published"),
    "event_report_unpublished": _l("Event report unpublished"),
    "event_invited": _l("Invited to an event"),
    "event_uninvited": _l("Invitation to an event taken back"),
    "event_registered_from_call": _l("Registered for an event through its call"),
    "program_created": _l("Program created"),
    "review_scheme_created": _l("Review criteria set"),
    "reviewer_assigned": _l("Reviewer assigned"),
    "review_due_date_changed": _l("Review due date changed"),
    "conflict_declared": _l("Conflict of interest declared"),
    "review_submitted": _l("Review submitted"),
    "grant_round_created": _l("Grant round created"),
    "grant_round_changed": _l("Grant round changed"),
    "grant_application_started": _l("Grant application started"),
    "grant_application_submitted": _l("Grant application submitted"),
    "grant_application_withdrawn": _l("Grant application withdrawn"),
    "grant_application_screening": _l("Grant application screening begun"),
    "grant_application_eligible": _l("Grant application found eligible"),
    "grant_application_ineligible": _l("Grant application found not eligible"),
    "grant_decision_recorded": _l("Grant decision recorded"),
    "grant_terms_accepted": _l("Grant terms accepted"),
    "grant_disbursement_recorded": _l("Grant payment recorded"),
    "grant_report_submitted": _l("Grant report submitted"),
    "grant_report_reviewed": _l("Grant report reviewed"),
    "grant_report_attachment_added": _l("Attachment added to a grant report"),
    "grant_report_attachment_removed": _l("Attachment removed from a grant report"),
    "grant_closed": _l("Grant closed"),
    "admission_call_created": _l("Call for applications created"),
    "admission_call_changed": _l("Call for applications changed"),
    "admission_application_started": _l("Admission application started"),
    "admission_application_submitted": _l("Admission application sent"),
    "admission_application_withdrawn": _l("Admission application withdrawn"),
    "admission_document_added": _l("Document added to an admission application"),
    "admission_document_removed": _l("Document removed from an admission application"),
    "nominator_invited": _l("Nominator asked to confirm the nomination"),
    "nomination_answered": _l("Nominator answered"),
    "admission_screened_eligible": _l("Admission application found eligible"),
    "admission_screened_ineligible": _l("Admission application found not eligible"),
    "admission_interview_scheduled": _l("Interview set"),
    "admission_selected": _l("Applicant selected"),
    "admission_waitlisted": _l("Applicant put on the waiting list"),
    "admission_not_selected": _l("Applicant not selected"),
    "admission_moved_up": _l("Applicant moved up from the waiting list and offered a place"),
    "admission_place_confirmed": _l("Place confirmed"),
    "admission_place_declined": _l("Place declined"),
    "admission_place_lapsed": _l("Place released: not confirmed in time"),
    "admission_arrival_given": _l("Arrival date given"),
    "admission_checklist_ticked": _l("Pre-arrival checklist updated"),
    "admission_application_anonymized": _l("Admission application anonymized"),
    "conversation_assigned": _l("Office conversation assigned"),
    "conversation_closed": _l("Office conversation closed"),
    "conversation_reopened": _l("Office conversation reopened"),
    "announcement_created": _l("Announcement written"),
    "announcement_changed": _l("Announcement corrected"),
    "announcement_withdrawn": _l("Announcement withdrawn"),
    "safety_check_started": _l("Safety check started"),
    "safety_answered": _l("Answered the safety check"),
    "safety_answer_changed": _l("Changed the answer to the safety check"),
    "safety_check_reminded": _l("Reminded those who had not answered the safety check"),
    "safety_check_closed": _l("Safety check closed"),
    "concern_raised": _l("Confidential concern raised"),
    "concern_status_changed": _l("Confidential concern's status changed"),
    "concern_note_added": _l("Note added to a confidential concern"),
    "concern_handler_named": _l("Named to handle confidential concerns"),
    "concern_handler_removed": _l("No longer handles confidential concerns"),
    # Programs, cohorts and the curriculum.
    "cohort_created": _l("Cohort created"),
    "cohort_updated": _l("Cohort details changed"),
    "cohort_status_changed": _l("Cohort status changed"),
    "cohort_replaced": _l("Cohort marked as replaced by another"),
    "enrolled": _l("Enrolled in a cohort"),
    "enrollment_withdrawn": _l("Withdrawn from a cohort"),
    "enrollment_country_changed": _l("Country of the enrollment changed"),
    "mentor_assigned": _l("Mentor assigned"),
    "mentor_unassigned": _l("Mentor no longer assigned"),
    "japanese_level_recorded": _l("Japanese level recorded"),
    "roster_imported": _l("Roster imported"),
    "courses_synced": _l("Courses updated from their files"),
    "lesson_done": _l("Lesson marked as done"),
    "lesson_undone": _l("Lesson no longer marked as done"),
    "attachment_added": _l("File attached to a submission"),
    "attachment_removed": _l("File removed from a submission"),
    "calendar_feed_created": _l("Calendar feed link made"),
    "calendar_feed_revoked": _l("Calendar feed link revoked"),
    # Placements at host facilities.
    "placements.facility_created": _l("Host facility added to the register"),
    "placements.facility_updated": _l("Host facility changed"),
    "placements.placed": _l("Practicum placement made"),
    "placements.changed": _l("Practicum placement changed"),
    "placements.readiness_recorded": _l("Facility's checks before the practicum recorded"),
    "placements.supervisor_invited": _l("On-site supervisor invited"),
    "placements.journal_commented": _l("Comment on a practicum journal"),
    "placements.evaluation_saved": _l("Practicum evaluation saved as a draft"),
    "placements.evaluation_submitted": _l("Practicum evaluation submitted"),
    "placements.evaluation_acknowledged": _l("Practicum evaluation acknowledged"),
    # Events: attendance, retention and delegations.
    "seminar_attendance_saved": _l("Attendance at a session recorded"),
    "seminar_registration_anonymized": _l("Registration's personal data blanked after the "
                                          "retention time"),
    "delegation_created": _l("Delegation created"),
    "delegation_changed": _l("Delegation changed"),
    "delegation_member_added": _l("Delegation member added"),
    "delegation_member_changed": _l("Delegation member changed"),
    "delegation_member_removed": _l("Delegation member removed"),
    "delegation_visit_added": _l("Visit added to a delegation"),
    "delegation_visit_changed": _l("Delegation visit changed"),
    "delegation_visit_removed": _l("Delegation visit removed"),
}


def describe(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
