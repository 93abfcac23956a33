"""Imports every model so that ``Base.metadata`` knows every table (Alembic, tests)."""

# Domains whose models nothing else imports by name are imported whole.
import lms.admissions.models
import lms.alumni.models
import lms.announcements.models
import lms.concerns.models
import lms.events.models
import lms.followup.models
import lms.grants.models
import lms.language.models
import lms.placements.models
import lms.safety.models  # noqa: F401 - the ten lines bind one name, `lms`
from lms.accounts.models import AccountToken, LoginSession, RoleGrant, User
from lms.assignments.models import (
    Attachment,
    DeadlineChange,
    Extension,
    Grade,
    ReminderSent,
    Submission,
)
from lms.audit import AuditEvent
from lms.calendar.models import CalendarFeed
from lms.certificates.models import Certificate, OutcomeOverride
from lms.curriculum.models import Course, EvaluationForm, Item, LessonProgress, Module
from lms.db import Base
from lms.mail import OutboxMessage
from lms.messages.models import Conversation, Message, MessageAttachment, ReadMarker
from lms.notifications.models import Notification, NotificationPreference
from lms.programs.models import Cohort, Enrollment, Mentorship, Program
from lms.reviews.models import Review, ReviewAssignment, ReviewScheme, ReviewSubject

__all__ = [
    "AccountToken",
    "Attachment",
    "AuditEvent",
    "Base",
    "CalendarFeed",
    "Certificate",
    "Cohort",
    "Conversation",
    "Course",
    "DeadlineChange",
    "Enrollment",
    "EvaluationForm",
    "Extension",
    "Grade",
    "Item",
    "LessonProgress",
    "LoginSession",
    "Mentorship",
    "Message",
    "MessageAttachment",
    "Module",
    "Notification",
    "NotificationPreference",
    "OutboxMessage",
    "OutcomeOverride",
    "Program",
    "ReadMarker",
    "ReminderSent",
    "Review",
    "ReviewAssignment",
    "ReviewScheme",
    "ReviewSubject",
    "RoleGrant",
    "Submission",
    "User",
]
